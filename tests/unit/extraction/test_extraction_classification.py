"""Page classification as its own step: article, listing, other or unclassified, with the reason.

Pages are written here, modelled on real newsroom and shop markup (never copied).
"""

from __future__ import annotations

import json

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
    result = extract_article(page("<title>History of the choir</title>", body),
                             "https://harbourtimes.example/choir/history.html")
    assert isinstance(result, ExtractedArticle), result
    assert result.page_type == "unclassified"


def test_every_skip_names_its_reason_and_detail() -> None:
    for body in (b"", b"%PDF-1.7", page("", "<p>Tiny.</p>")):
        result = extract_article(body, URL)
        assert isinstance(result, Skipped)
        assert result.reason and result.reason.replace("_", "").isalpha()
        assert result.detail


# Non-article pages without structured data saying so: what their markup or URL shows.
SHOP = "https://quayside.example"
LONG_PARAGRAPH = (
    "The strike taught the island how much it leans on two boats: shops ran short of milk by"
    " the third day, the school moved its exams, and the doctor's surgery flew in supplies."
    " Nobody had planned for a crossing that did not run for more than a day or two, and the"
    " council has now promised a plan for the next time the boats stop for any reason at all."
    " Until then, the islanders say, they will keep a week of everything in the cupboard."
)


def skipped_as(result: object, reason: str) -> str:
    assert isinstance(result, Skipped), result
    assert result.reason == reason, result
    return result.detail


def test_a_product_page_without_structured_data_is_other() -> None:
    # A shop's product page: a price and a buy button (reviews have names and dates).
    body = (
        "<main><div class='product-detail'><h1>Oilskin jacket, olive</h1>"
        "<p class='price'><span itemprop='price' content='149.00'>149,00 €</span></p>"
        "<form action='/cart/add' method='post'><input type='hidden' name='id' value='812'>"
        "<button class='btn add-to-cart' type='submit'>Add to cart</button></form>"
        f"<div class='description'>{PROSE}</div>"
        "<section class='reviews'><h2>Reviews</h2><div class='review'><p class='byline'>By"
        " Ines Carvalho</p><time datetime='2024-03-02'>2 March 2024</time><p>Kept me dry on"
        " the crossing in a gale, and the pockets are deep enough for a chart.</p></div>"
        "</section></div></main>"
    )
    result = extract_article(page("<title>Oilskin jacket, olive</title>", body),
                             f"{SHOP}/oilskin-jacket-olive-812")
    assert "a price and a buy button" in skipped_as(result, "not_an_article")


def test_a_forum_thread_is_other() -> None:
    # phpBB-like markup: posts by users, each with a date, under the thread's title.
    posts = "".join(
        f"<div class='post bg{i % 2 + 1}'><div class='postbody'><h3><a href='#p{i}'>Re: Ferry"
        f" timetable for the winter</a></h3><p class='author'>by <a href='/memberlist.php?u={i}'>"
        f"sailor{i}</a> » <time datetime='2024-11-0{i + 1}'>{i + 1} Nov 2024</time></p>"
        f"<div class='content'>{PROSE}</div></div></div>"
        for i in range(3)
    )
    body = f"<div id='page-body'><h1>Ferry timetable for the winter</h1>{posts}</div>"
    result = extract_article(page("<title>Ferry timetable for the winter</title>", body),
                             "https://harbourforum.example/viewtopic.php?t=4471")
    assert "forum thread" in skipped_as(result, "not_an_article")


def test_a_documentation_page_is_other() -> None:
    head = ("<title>Configuring the tide gauge — Tidal 2.3 documentation</title>"
            "<meta name='generator' content='Sphinx 7.2.6'>")
    body = ("<div class='document'><div class='body' role='main'><section id='configuring'>"
            f"<h1>Configuring the tide gauge</h1>{PROSE}<pre>gauge.interval = 60</pre>"
            "</section></div></div>")
    result = extract_article(page(head, body), "https://tidal.example/en/latest/configure.html")
    assert "documentation page" in skipped_as(result, "not_an_article")


def test_a_search_result_page_is_a_listing() -> None:
    hits = "".join(
        f"<li class='result'><h3><a href='/news/2024/0{i + 1}/story-{i}.html'>Harbour dues"
        f" story number {i} found by the search</a></h3><p>…the harbour dues rose again this"
        f" spring, the council said in its report number {i}…</p></li>"
        for i in range(6)
    )
    body = f"<main><h1>Search results for “harbour dues”</h1><ol>{hits}</ol></main>"
    result = extract_article(page("<title>Search: harbour dues</title>", body),
                             "https://harbourtimes.example/search?q=harbour+dues")
    assert "teaser headlines" in skipped_as(result, "listing_page")


def test_a_service_page_is_other() -> None:
    # No byline, no date, no article metadata, and the URL names a service page.
    body = f"<main><h1>Contact the newsroom</h1>{PROSE}</main>"
    result = extract_article(page("<title>Contact | Harbour Times</title>", body),
                             "https://harbourtimes.example/contact/")
    assert "'contact'" in skipped_as(result, "not_an_article")


def test_a_blog_front_page_of_full_posts_is_a_listing() -> None:
    posts = "".join(
        f"<div class='post'><h2><a href='/2024/0{i + 1}/post-{i}/'>Notes from the quay, part"
        f" {i}</a></h2><p class='date'>{i + 1} May 2024</p><p>{LONG_PARAGRAPH}</p>"
        f"<p>{LONG_PARAGRAPH}</p></div>"
        for i in range(4)
    )
    body = f"<main><h1>Quayside notes</h1>{posts}</main>"
    result = extract_article(page("<title>Quayside notes</title>", body),
                             "https://quaysidenotes.example/")
    assert "printed in full" in skipped_as(result, "listing_page")


def test_a_blog_post_whose_title_links_to_itself_is_an_article() -> None:
    # The post's own title links to its permalink; two related posts follow.
    url = "https://quaysidenotes.example/2024/05/ferry-strike-ends/"
    related = "".join(
        f"<div class='related-post'><h3><a href='/2024/04/post-{i}/'>An older post number"
        f" {i}</a></h3></div>" for i in range(2))
    body = (f"<main><div class='post'><h2><a href='{url}'>Ferry strike ends</a></h2>"
            f"{PROSE}{related}</div></main>")
    result = extract_article(page("<title>Ferry strike ends</title>", body), url)
    assert isinstance(result, ExtractedArticle), result


def test_a_column_with_an_author_box_linking_to_its_series_is_an_article() -> None:
    # The author box's link to the series sits next to the column's long paragraphs: its
    # "card" is the link, not the column around it; two more columns are linked below.
    body = (
        "<main><div class='column'><h1>What the strike taught us</h1>"
        "<a class='series' href='/columns/harbour-diary/'><h3>Harbour diary</h3>"
        "Ines Carvalho, born in 1979, writes this column every month.</a>"
        f"<p>{LONG_PARAGRAPH}</p><p>{LONG_PARAGRAPH}</p></div>"
        "<div class='column-list'><h2>Columns</h2><a href='/columns/a/'><h3>Another column"
        "</h3></a><a href='/columns/b/'><h3>A third column</h3></a></div></main>"
    )
    result = extract_article(page("<title>What the strike taught us</title>", body),
                             "https://harbourtimes.example/columns/harbour-diary/strike")
    assert isinstance(result, ExtractedArticle), result


def test_a_date_in_the_url_is_a_sign_of_an_article() -> None:
    body = f"<main><h1>Harbour dues rise again</h1>{PROSE}</main>"
    result = extract_article(page("<title>Harbour dues rise again</title>", body),
                             "https://harbourtimes.example/2024/05/16/harbour-dues-rise")
    assert isinstance(result, ExtractedArticle), result
    assert result.page_type == "article"


VIDEO_HEAD = ('<title>Ferry trials the new ramp | Harbour News</title>'
              '<script type="application/ld+json">'
              '{"@context": "https://schema.org", "@type": "VideoObject",'
              ' "name": "Ferry trials the new ramp", "uploadDate": "2024-05-14T09:00:00Z",'
              ' "contentUrl": "https://harbour.example/media/ramp.mp4"}</script>')


def test_a_video_page_with_a_caption_alone_is_other() -> None:
    body = ("<main><h1>Ferry trials the new ramp</h1><video src='/media/ramp.mp4'></video>"
            "<p>The ramp was lowered for the first time on Tuesday.</p></main>")
    result = extract_article(page(VIDEO_HEAD, body), "https://harbour.example/video/ramp")
    assert "VideoObject" in skipped_as(result, "not_an_article")


def test_a_video_story_with_its_own_text_is_kept() -> None:
    body = (f"<main><h1>Ferry trials the new ramp</h1><video src='/media/ramp.mp4'></video>"
            f"{PROSE}</main>")
    result = extract_article(page(VIDEO_HEAD, body), "https://harbour.example/video/ramp")
    assert isinstance(result, ExtractedArticle), result


def test_a_script_built_article_gives_its_declared_body() -> None:
    story = ("The harbour board voted on Tuesday to close the old ferry ramp for good. "
             "Repairs would have cost more than the new ramp, the chair said.\n"
             "Crossings move to the new ramp from Monday; timetables stay the same.")
    head = ('<title>Old ferry ramp to close | Harbour News</title>'
            '<script type="application/ld+json">'
            '{"@context": "https://schema.org", "@type": "NewsArticle",'
            ' "headline": "Old ferry ramp to close", "datePublished": "2024-05-14T09:00:00Z",'
            f' "articleBody": {json.dumps(story)}}}</script>')
    body = '<div id="app"></div><script src="/app.js"></script>'
    result = extract_article(page(head, body), "https://harbour.example/news/ramp")
    assert isinstance(result, ExtractedArticle), result
    assert result.text.split() == story.split()
