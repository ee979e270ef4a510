"""Where real pages put their byline and what their structured data names (pages written
here): an article's own footer, an author box beside the article, an outlet that signs,
a pen name in JSON-LD, a role label beside a name."""

from __future__ import annotations

import json

from archiver.extraction import ExtractedArticle, extract_article

URL = "https://lakeshore-notes.example/2024/03/02/ice-fishing-season-ends-early/"
BODY = (
    "<p>The ice on the northern bay broke up a fortnight earlier than usual this year, and"
    " the county closed the fishing huts on Friday after two trucks went through the ice.</p>"
    "<p>Warden Ellis said the thaw had come with three days of rain, and that the channel"
    " near the old ferry landing was open water by Thursday evening, far earlier than usual.</p>"
    "<p>Hut owners have until the end of the month to take their shelters off the lake; the"
    " county will fine those left on the ice once it can no longer carry a snowmobile.</p>"
)
SITE = "<meta property='og:site_name' content='Lakeshore Notes'>"


def extract(page: str) -> ExtractedArticle:
    result = extract_article(page.encode(), URL)
    assert isinstance(result, ExtractedArticle), result
    return result


def page(inside: str = "", beside: str = "", head: str = "") -> str:
    """A page whose <article> holds `inside` after the body; `beside` follows the article."""
    return (f"<html lang='en'><head><title>Ice fishing season ends early</title>{head}</head>"
            f"<body><main><div class='content-area'><article class='post hentry'>"
            f"<h1>Ice fishing season ends early</h1>"
            f"<time datetime='2024-03-02'>2 March 2024</time>{BODY}{inside}</article>"
            f"{beside}</div></main></body></html>")


def authors(result: ExtractedArticle) -> list[tuple[str, str]]:
    return [(author.name, author.type) for author in result.authors]


def test_a_byline_in_the_articles_own_footer() -> None:
    # WordPress themes: <footer class="entry-meta"> inside the post holds the byline.
    footer = ("<footer class='entry-meta'><span class='byline'>by <span class='author vcard'>"
              "<a class='url fn n' href='/author/mara/'>Mara Lindqvist</a></span></span>"
              "</footer>")
    assert authors(extract(page(inside=footer))) == [("Mara Lindqvist", "person")]


def test_a_byline_in_an_aside_of_metadata() -> None:
    aside = "<aside class='meta'><p class='authors'>Von: Jonas Wehrli</p></aside>"
    assert authors(extract(page(inside=aside))) == [("Jonas Wehrli", "person")]


def test_the_site_footer_is_still_no_byline() -> None:
    footer = "<footer><p class='author'>Webdesign: Pixelhaus Studio</p></footer>"
    html = page().replace("</main>", f"</main>{footer}")
    assert authors(extract(html)) == []


def test_an_author_and_date_line_marked_as_both() -> None:
    line = "<p class='date-author'>Mara Lindqvist, 02.03.2024</p>"
    assert authors(extract(page(inside=line))) == [("Mara Lindqvist", "person")]


def test_an_author_box_beside_the_article() -> None:
    box = ("<div class='author-bio'><p class='bio-name'>"
           "<a rel='author' href='/author/mara/'>Mara Lindqvist</a></p>"
           "<p>Mara writes about the lake, its fish and the people who live from it.</p></div>")
    result = extract(page(beside=box))
    assert [(a.name, a.url) for a in result.authors] == [
        ("Mara Lindqvist", "https://lakeshore-notes.example/author/mara/")]


def test_teasers_beside_the_article_that_name_several_people_give_no_author() -> None:
    cards = "".join(
        f"<div class='card'><a href='/2024/03/0{i}/'>Story {i}</a>"
        f"<span class='post-author'>{name}</span></div>"
        for i, name in enumerate(["Pete Sandoval", "Ruth Okafor", "Lena Brandt"], start=1))
    assert authors(extract(page(beside=f"<div class='more'>{cards}</div>"))) == []


def test_reader_comments_beside_the_article_give_no_author() -> None:
    comments = ("<div id='comments'><div class='comment-body'><span class='author'>"
                "Pete Sandoval</span><p>We lost a hut in 2019 the same way.</p></div></div>")
    assert authors(extract(page(beside=comments))) == []


def test_the_outlet_that_signs_is_an_organization() -> None:
    byline = "<p class='byline'>Lakeshore Notes</p>"
    assert authors(extract(page(inside=byline, head=SITE))) == [
        ("Lakeshore Notes", "organization")]


def test_the_site_name_only_in_the_metadata_is_no_author() -> None:
    head = SITE + "<meta name='author' content='Lakeshore Notes'>"
    assert authors(extract(page(head=head))) == []


def jsonld(*names: str) -> str:
    data = {"@context": "https://schema.org", "@type": "BlogPosting",
            "headline": "Ice fishing season ends early",
            "author": [{"@type": "Person", "name": name} for name in names]}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def test_a_declared_pen_name_is_kept_whole() -> None:
    # "Reporter" is a role word in a byline, but the data declares the whole as a name.
    result = extract(page(head=jsonld("Roving Reporter")))
    assert authors(result) == [("Roving Reporter", "person")]


def test_a_declared_user_name_is_kept() -> None:
    assert authors(extract(page(head=jsonld("lakewalker")))) == [("lakewalker", "person")]


def test_the_byline_names_the_person_behind_a_login_name() -> None:
    byline = "<p class='byline'>By Mara Lindqvist</p>"
    result = extract(page(inside=byline, head=jsonld("mara.lindqvist")))
    assert authors(result) == [("Mara Lindqvist", "person")]


def test_a_role_label_in_an_author_box_is_no_name() -> None:
    box = ("<div class='author-box'><div class='author-job'>Autor</div>"
           "<p class='author-bio'>Schreibt seit 2010 über den See und seine Fischer, über"
           " Stürme, Eis und die Fähre, die nicht mehr fährt, und über alles dazwischen.</p>"
           "</div>")
    assert authors(extract(page(inside=box))) == []


def test_a_user_name_in_an_author_element() -> None:
    byline = "<p class='meta'>Posted on 2 March by <span class='author vcard'>lakewalker</span></p>"
    assert authors(extract(page(inside=byline))) == [("lakewalker", "person")]
