"""Authors on patterns seen on real pages (written here): labels and calls to action are no
names, CJK bylines, agency combinations, types and URLs from the page's structured data."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.extraction import ExtractedArticle, extract_article
from archiver.extraction.people.bylines import parse_byline
from archiver.extraction.people.visible_authors import (
    AUTHOR_CLASS,
    BYLINE_CAMEL_CLASS,
    BYLINE_CLASS,
    BYLINE_CLASS_WORDS,
)

URL = "https://tidewater.example/2024/06/12/harbour-dredging-resumes/"
BODY = (
    "<p>Dredging of the inner harbour resumed on Wednesday after a two-month pause, as the"
    " port authority settled its dispute with the contractor over the disposal of silt.</p>"
    "<p>The channel must be deepened by a metre before the autumn, when larger container"
    " ships are due to call, the authority's chief engineer told the council on Tuesday.</p>"
    "<p>Fishermen had objected to the dumping site, which lies close to the mussel beds off"
    " the northern breakwater, and the new plan moves it three miles further out.</p>"
)


def article(byline: str, head: str = "") -> ExtractedArticle:
    page = (f"<html lang='en'><head><title>Harbour dredging resumes</title>{head}</head><body>"
            f"<article><h1>Harbour dredging resumes</h1>{byline}"
            f"<time datetime='2024-06-12'>12 June 2024</time>{BODY}</article></body></html>")
    result = extract_article(page.encode(), URL)
    assert isinstance(result, ExtractedArticle), result
    return result


def names(result: ExtractedArticle) -> list[str]:
    return [author.name for author in result.authors]


@pytest.mark.parametrize("byline", [
    "<div class='author-box'><span class='author-name'>Illustration by</span></div>",
    "<div class='author-box'><a class='author' href='https://x.com/tidewater'>Follow us on"
    " Twitter</a></div>",
    "<p class='byline'><a href='/author/admin/'>More posts</a></p>",
    "<p class='author'>Hinterlasse einen Kommentar</p>",
    "<p class='meta'><span class='author'>Posted</span> on 12 June</p>",
    "<p class='meta'><span class='author'>by</span> <span class='date'>12 June</span></p>",
])
def test_labels_and_calls_to_action_are_no_authors(byline: str) -> None:
    assert names(article(byline)) == []


def test_a_label_beside_a_name_leaves_the_name() -> None:
    byline = ("<div class='byline'><a rel='author' href='/author/nora-quist/'>Nora Quist</a>"
              " · <a class='share' href='/author/nora-quist/feed/'>Follow</a></div>")
    assert names(article(byline)) == ["Nora Quist"]


@pytest.mark.parametrize(("text", "expected"), [
    ("记者 王海燕 李明", ["王海燕", "李明"]),
    ("文／山田太郎", ["山田太郎"]),
    ("（記者：鈴木一郎）", ["鈴木一郎"]),
    ("김민수 기자", ["김민수"]),
    ("文在寅", ["文在寅"]),
    ("本报记者 王小明 通讯员 李华", ["王小明", "李华"]),
    ("記者 山田太郎（東京）", ["山田太郎"]),
    ("山田太郎（共同）", ["山田太郎", "共同"]),
    ("(서울=연합뉴스) 김철수 기자 = 서울의 한 병원에서", ["김철수", "연합뉴스"]),
])
def test_cjk_bylines(text: str, expected: list[str]) -> None:
    assert parse_byline(text) == expected


def test_a_cjk_byline_on_a_page() -> None:
    byline = "<p class='byline'>新华社记者 王海燕</p>"
    assert names(article(byline)) == ["王海燕"]


def test_a_cjk_byline_with_an_agency_in_brackets() -> None:
    result = article("<p class='byline'>記者 山田太郎（共同）</p>")
    assert [(a.name, a.type) for a in result.authors] == [("山田太郎", "person"),
                                                          ("共同", "organization")]


def test_a_person_and_an_agency() -> None:
    result = article("<p class='byline'>Par Claire Mounier et AFP</p>")
    assert [(a.name, a.type) for a in result.authors] == [("Claire Mounier", "person"),
                                                          ("AFP", "organization")]


def test_types_and_urls_come_from_the_structured_data() -> None:
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": "Harbour dredging resumes",
        "author": [
            {"@type": "Person", "name": "Nora Quist",
             "sameAs": ["https://social.example/@noraquist"]},
            {"@type": "NewsMediaOrganization", "name": "Tidewater Courier Data Desk Weekly"},
            {"@type": "GovernmentOrganization", "name": "Port of Tidewater"},
        ],
    }
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    result = article("<p class='byline'>By Nora Quist and the Port of Tidewater</p>", head)
    assert [(a.name, a.type, a.url) for a in result.authors] == [
        ("Nora Quist", "person", "https://social.example/@noraquist"),
        ("Tidewater Courier Data Desk Weekly", "organization", None),
        ("Port of Tidewater", "organization", None),
    ]


def test_a_user_name_linked_to_its_author_page() -> None:
    byline = "<span class='posted-by'>Posted by <a href='/author/gnadlib/'>gnadlib</a></span>"
    result = article(f"<div class='entry-meta'>{byline}</div>")
    assert [(a.name, a.url) for a in result.authors] == [
        ("gnadlib", "https://tidewater.example/author/gnadlib/")]


def test_the_sites_own_name_beside_a_person_is_their_outlet() -> None:
    head = "<meta property='og:site_name' content='Tidewater Courier'>"
    result = article("<p class='byline'>By Nora Quist, Tidewater Courier</p>", head)
    assert names(result) == ["Nora Quist"]


def test_a_byline_class_in_camel_case_with_its_date() -> None:
    byline = "<div class='FeatureByline'> By <b>Nora Quist</b><br/>June 12, 2024 </div>"
    assert names(article(byline)) == ["Nora Quist"]


def test_topic_links_beside_the_author_are_no_names() -> None:
    byline = ("<div class='post-author'>12.06.2024 / <a href='/author/tidewater/'><img"
              " src='/logo.svg' alt='Tidewater'></a> / <a rel='tag' href='/topic/harbour/'>"
              "Harbour</a> / <a rel='category tag' href='/topic/ports/'>Ports</a></div>")
    assert names(article(byline)) == []


def test_a_suffix_keeps_its_full_stop() -> None:
    assert parse_byline("By Perry Bacon Jr.") == ["Perry Bacon Jr."]


@pytest.mark.parametrize(("text", "expected"), [
    ("Erstellt von Andri Keller", ["Andri Keller"]),
    ("Artikel von: Hausblatt", ["Hausblatt"]),
    ("Interview: Julia Lauterbach", ["Julia Lauterbach"]),
    ("Pressemitteilung von Katja Kessler", ["Katja Kessler"]),
    ("Alexander Rosen Seite teilen", ["Alexander Rosen"]),
    ("Joe S.", ["Joe S."]),
    ("Posted by Jane Doe", ["Jane Doe"]),
    ("posted by jdoe", ["jdoe"]),
    ("von lupa am 26/10/13, 03:48 pm", ["lupa"]),
    ("Veröffentlicht von Anna Berg", ["Anna Berg"]),
    ("Escrito por Juan Pérez el 3 de mayo", ["Juan Pérez"]),
    ("Von einem Gastautor", []),
    ("Richard Albers im Gespräch mit Karin Vogt", ["Richard Albers", "Karin Vogt"]),
    ("Von Lisa Petersen, Foto: Ingo Schrader", ["Lisa Petersen"]),
    ("Text", []),
    ("By Nathan Wallis March 25, 2015", ["Nathan Wallis"]),
    ("Von Anna Berg 3. März 2021", ["Anna Berg"]),
    ("Written by Rob Evanschuk Edited by Betty Bayer", ["Rob Evanschuk"]),
    ("By Theresa Mayhew", ["Theresa Mayhew"]),
    ("Revised Edition Edited by Adriana Parris", []),
    ("Photograph by Ed Marsh", []),
    ("© Picture Desk", []),
])
def test_byline_labels_around_names(text: str, expected: list[str]) -> None:
    assert parse_byline(text) == expected


def test_a_name_escaped_twice_in_the_json_ld() -> None:
    data = {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "Harbour dredging resumes",
            "author": {"@type": "Person", "name": "Redacci&oacute;n Diario del Puerto"}}
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    assert [(a.name, a.type) for a in article("", head).authors] == [
        ("Redacción Diario del Puerto", "organization")]


def test_a_picture_credit_is_no_byline() -> None:
    credit = "<div class='article-header-image-author'>Peter Holm</div>"
    head = "<meta name='author' content='Nora Quist'>"
    assert names(article(credit, head)) == ["Nora Quist"]


def test_author_meta_tags_that_trafilatura_reads() -> None:
    head = "<meta name='shareaholic:article_author_name' content='Nora Quist'>"
    assert names(article("", head)) == ["Nora Quist"]


# Class values near the byline and author patterns: cases, separators, non-ASCII letters
# that re.IGNORECASE takes for ASCII ones (the dotless ı, the long ſ, the Kelvin sign).
CLASS_PIECES = st.sampled_from(
    ["by", "By", "BY", "line", "Line", "-", "_", " ", "author", "AUTOR", "auteur", "autore",
     "writer", "wrıter", "contributor", "verfaſſer", "creator", "s", "en", "innen", "name",
     "__names", "block", "feature", "x", "ı", "ſ", "\u212a", "İ", "aut", "hor"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(CLASS_PIECES, max_size=8).map("".join))
def test_a_class_without_the_prefilter_words_matches_no_class_pattern(classes: str) -> None:
    if BYLINE_CLASS_WORDS.search(classes) is None:
        assert BYLINE_CLASS.search(classes) is None
        assert BYLINE_CAMEL_CLASS.search(classes) is None
        assert AUTHOR_CLASS.search(classes) is None
