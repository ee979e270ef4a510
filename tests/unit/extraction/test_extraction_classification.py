"""Page classification as its own step: article, listing, other or unclassified, with the reason.

Pages are written here, modelled on real newsroom and shop markup (never copied).
"""

from __future__ import annotations

from archiver.extraction import ExtractedArticle, Skipped, extract_article

URL = "https://harbourtimes.example/news/2024/05/ferry-strike-ends.html"
PROSE = (
    "<p>The ferry strike that stranded thousands of island commuters for nine days ended on"
    " Thursday night, after the operator and the crew's union agreed on a new pay scale.</p>"
    "<p>Under the deal, deckhands and engineers will receive a rise of 6 per cent this year and"
    " a further 4 per cent next spring, with overtime rules to be reviewed by an arbiter.</p>"
    "<p>Services resume on Friday morning with the 6.10 crossing, the operator said, although"
    " the evening timetable will be thinned out until the weekend to let crews rest.</p>"
)
RELATED = """<section class="more-on-this">
<h2>More on this story</h2>
<div class="card"><h3><a href="/news/2024/05/union-ballot.html">Union ballot backs walkout
by a wide margin</a></h3><p>Ninety per cent of members voted for action.</p></div>
<div class="card"><h3><a href="/news/2024/05/island-shops.html">Island shops run short of
fresh milk</a></h3><p>Deliveries have come by air since Monday.</p></div>
<div class="card"><h3><a href="/news/2024/04/fares.html">Fares to rise in the autumn</a></h3>
<p>The operator blamed fuel costs.</p></div>
<div class="card"><h3><a href="/news/2024/04/new-vessel.html">A new vessel is ordered for the
northern route</a></h3><p>It will enter service in 2026.</p></div>
</section>"""


def page(head: str, body: str) -> bytes:
    return f"<html lang='en'><head>{head}</head><body>{body}</body></html>".encode()


def test_related_story_teasers_do_not_make_an_article_a_listing() -> None:
    # No JSON-LD, no og:type: headline, byline, printed date, body, then four teasers
    # inside the story's own container.
    body = (
        "<main><div class='story'><h1>Ferry strike ends after nine days</h1>"
        "<div class='story-meta'>By Ines Carvalho, transport reporter · 16 May 2024</div>"
        f"{PROSE}{RELATED}</div></main>"
    )
    result = extract_article(page("<title>Ferry strike ends after nine days</title>", body), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.page_type == "article"
    assert "Union ballot" not in result.text


def test_a_section_front_of_teasers_is_a_listing() -> None:
    cards = "".join(
        f"<article class='teaser'><h2><a href='/news/{i}.html'>Harbour story number {i} is"
        f" told here</a></h2><p>A standfirst of the story number {i}, long enough to read as a"
        f" summary of what happened at the harbour this week.</p><time datetime='2024-05-1{i}'>"
        f"1{i} May</time></article>"
        for i in range(6)
    )
    result = extract_article(page("<title>News | Harbour Times</title>",
                                  f"<main><h1>News</h1>{cards}</main>"), URL)
    assert isinstance(result, Skipped)
    assert result.reason == "listing_page"
    assert "teaser headlines" in result.detail


def test_a_short_news_item_with_byline_and_date_is_kept() -> None:
    body = (
        "<article><h1>Harbour bridge closed tonight</h1><p class='byline'>By Tom Reeve</p>"
        "<time datetime='2024-05-16T09:00:00+01:00'>16 May 2024</time>"
        "<p>The harbour bridge will close to traffic from 10pm tonight until 5am for"
        " inspection works, the council said. Diversions are signed.</p></article>"
    )
    result = extract_article(page("<title>Harbour bridge closed tonight</title>", body), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.page_type == "article"


def test_a_product_page_is_other_with_its_reason() -> None:
    head = ('<title>Deck shoes, navy | Quayside Outfitters</title>'
            '<script type="application/ld+json">'
            '{"@context": "https://schema.org", "@type": "Product", "name": "Deck shoes",'
            ' "offers": {"@type": "Offer", "price": "89.00", "priceCurrency": "EUR"}}</script>')
    body = f"<main><h1>Deck shoes, navy</h1>{PROSE}</main>"
    result = extract_article(page(head, body), "https://quayside.example/shoes/deck-navy")
    assert isinstance(result, Skipped)
    assert (result.reason, result.detail) == ("not_an_article",
                                              "the page declares itself a Product (schema.org)")


def test_a_page_without_signs_either_way_is_kept_unclassified() -> None:
    body = f"<main><h1>History of the choir</h1>{PROSE}</main>"
    result = extract_article(page("<title>History of the choir</title>", body), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.page_type == "unclassified"


def test_every_skip_names_its_reason_and_detail() -> None:
    for body in (b"", b"%PDF-1.7", page("", "<p>Tiny.</p>")):
        result = extract_article(body, URL)
        assert isinstance(result, Skipped)
        assert result.reason and result.reason.replace("_", "").isalpha()
        assert result.detail
