"""Publication and update dates on small realistic pages, one pattern each (issue #18, part 6)."""

from __future__ import annotations

import json

from archiver.extraction.context import read_context
from archiver.extraction.dates.printed import PUBLISHED_LABEL, published_labels
from archiver.extraction.dates.published import Dates, read_dates
from archiver.extraction.page.document import load_page

BODY = " ".join(["The council met on Tuesday evening to discuss the budget for next year."] * 6)


def page(*, head: str = "", header: str = "", body: str = f"<p>{BODY}</p>",
         ld: dict | None = None, kicker: str = "") -> bytes:
    """A news page; `kicker` stands before the headline, `header` under it (in the
    <header> with the standfirst), `body` in the article's text."""
    script = (f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else "")
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves the budget | The Valley Courier</title>{head}{script}</head>
<body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>
<main><article><header>{kicker}<h1>Council approves the budget</h1>
<p class="standfirst">The vote ends a month of talks.</p>{header}</header>
<div class="article-body">{body}<p>{BODY}</p></div></article></main>
<footer><p>© 2024 The Valley Courier</p></footer></body></html>""".encode()


def dates(markup: bytes, url: str = "https://courier.example/news/council-budget") -> Dates:
    loaded = load_page(markup, url)
    return read_dates(read_context(loaded))


def news_article(**fields: str) -> dict:
    return {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "Council approves the budget", **fields}


def test_a_dateline_labelled_as_an_update_is_not_the_publication() -> None:
    markup = page(header='<p class="meta">Zuletzt geändert am 07.01.2020</p>',
                  ld=news_article(datePublished="2019-12-22T18:33:43+01:00",
                                  dateModified="2020-01-07T09:00:00+01:00"))
    found = dates(markup)
    assert found.published == "2019-12-22T18:33:43+01:00"
    assert found.modified == "2020-01-07T09:00:00+01:00"


def test_the_publication_labelled_after_the_update_in_one_line() -> None:
    markup = page(header="<p>Last updated 04 Jun 2020, originally created 17 Jun 2019</p>")
    assert dates(markup).published == "2019-06-17"


def test_the_date_of_an_embedded_post_under_the_headline_is_not_the_article_s() -> None:
    tweet = ('<blockquote class="twitter-tweet"><p lang="en">The vote is in.</p>'
             '— Jane Roe (@janeroe) <a href="https://x.example/janeroe/status/1">'
             "November 3, 2023</a></blockquote>")
    markup = page(header=tweet, ld=news_article(datePublished="2023-11-06T10:15:00+01:00"))
    assert dates(markup).published == "2023-11-06T10:15:00+01:00"


def test_a_utc_publication_time_is_read_in_the_local_time_the_page_shows() -> None:
    # Stored in UTC (the next day), shown in the newsroom's time the evening before.
    markup = page(
        header='<time datetime="2023-11-08 17:49:09">November 8, 2023 at 5:49 p.m.</time>',
        ld=news_article(datePublished="2023-11-09T01:49:09Z"),
    )
    assert dates(markup).published == "2023-11-08T17:49:09-08:00"


def test_the_same_instant_with_its_local_offset_gives_the_day() -> None:
    markup = page(
        head='<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">',
        header='<time class="entry-date updated" datetime="2022-05-03T23:37:37-04:00">'
               "3 May, 2022, 11:37 pm</time>",
    )
    assert dates(markup).published == "2022-05-03T23:37:37-04:00"


def test_a_utc_time_on_the_next_day_gives_the_day_of_the_url() -> None:
    markup = page(head='<meta property="article:published_time" content="2023-11-09T05:30:59Z">')
    url = "https://courier.example/2023/11/08/council-budget/"
    assert dates(markup, url).published == "2023-11-08"


def test_a_utc_time_whose_day_the_page_shows_is_kept() -> None:
    # The byline prints the UTC day: the URL's earlier day is the story's first filing.
    markup = page(header='<div class="byline">By Ann Lee | July 9, 2020</div>',
                  ld=news_article(datePublished="2020-07-09T10:04:04Z"))
    url = "https://courier.example/politics/council-budget/2020/07/08/c3d22ec8_story.html"
    assert dates(markup, url).published == "2020-07-09T10:04:04Z"


def test_a_line_labelled_as_the_publication_below_the_article() -> None:
    body = (f"<p>{BODY}</p><p>{BODY}</p>"
            '<p class="info">Erstellt am: 01.11.2023</p>')
    markup = page(body=body, head='<meta name="date" content="2023-01-11">')
    assert dates(markup).published == "2023-11-01"


def test_the_date_classed_element_beside_the_headline() -> None:
    kicker = '<div class="single-post--header_date">21.12.2022</div>'
    markup = page(kicker=kicker, ld=news_article(datePublished="2022-12-20T16:55:21+00:00"))
    assert dates(markup).published == "2022-12-21"


def test_a_list_of_other_stories_dates_far_from_the_headline_is_not_the_article_s() -> None:
    others = "".join(f'<li><a href="/news/{n}">Another story number {n}</a>'
                     f'<span class="date">0{n}.03.2016</span></li>' for n in range(1, 6))
    body = f"<p>{BODY}</p><p>{BODY}</p><p>{BODY}</p><ul class='stories'>{others}</ul>"
    markup = page(body=body, head='<meta property="article:published_time" '
                                  'content="2022-01-26T12:00:00+01:00">')
    assert dates(markup).published == "2022-01-26T12:00:00+01:00"


def test_the_date_the_reader_sees_wins_over_a_hidden_machine_time() -> None:
    header = ('<time itemprop="datePublished" class="rs_skip" '
              'datetime="2021-10-27T20:35:36+01:00"></time>'
              '<p class="c-article__meta">Berlin, 28.10.2021, 058/21</p>')
    markup = page(header=header)
    assert dates(markup).published == "2021-10-28"


def test_a_hidden_date_under_the_headline_is_not_shown() -> None:
    header = ('<time class="hidden">2018-08-29 14:15:57</time>'
              '<time itemprop="datePublished" datetime="2018-06-22T10:00:00+02:00">'
              "22. Juni 2018</time>")
    markup = page(header=header)
    assert dates(markup).published == "2018-06-22T10:00:00+02:00"


def test_in_a_dateline_with_the_update_the_part_marked_as_the_publication() -> None:
    header = ('<p class="entry-meta">Arne Berg | <time class="updated">29. Dezember 2022</time> '
              '<time class="entry-date published">30. Dezember 2022</time> | HR-Welt</p>')
    assert dates(page(header=header)).published == "2022-12-30"


def test_a_date_far_down_the_text_under_a_bare_headline_is_no_dateline() -> None:
    # No <header>: the blocks after the headline are the article's text, then a list.
    others = "".join(f'<li><a href="/news/{n}">Another story number {n}</a> '
                     f"<span>0{n}.03.2016</span></li>" for n in range(1, 4))
    markup = f"""<html><head><title>Council approves the budget</title>
<meta property="article:published_time" content="2022-01-26T12:00:00+01:00"></head>
<body><article><h1>Council approves the budget</h1><p>{BODY}</p><p>{BODY}</p>
<ul>{others}</ul></article></body></html>""".encode()
    assert dates(markup).published == "2022-01-26T12:00:00+01:00"


def test_the_dateline_a_press_release_opens_its_first_paragraph_with() -> None:
    body = f"<p>29.11.2022 – The council voted to cut the subsidy. {BODY}</p>"
    markup = page(body=body, head='<meta name="date" content="2022-12-02">')
    assert dates(markup).published == "2022-11-29"


def test_a_sentence_opening_with_a_date_is_no_dateline() -> None:
    body = f"<p>Am 15.01.2022 tritt die neue Verordnung in Kraft. {BODY}</p>"
    markup = page(body=body, head='<meta name="date" content="2022-01-26">')
    assert dates(markup).published == "2022-01-26"


def test_a_publication_line_among_the_parts_of_a_meta_line_or_after_a_break() -> None:
    footer = ('<p class="rez-footer">Letzte Änderung: 31.10.2023 - 14:49:39<br>'
              "Erschienen am: 01.11.2023<br>Lesungen: 61</p>")
    markup = page(body=f"<p>{BODY}</p>{footer}", head='<meta name="date" content="2023-10-31">')
    assert dates(markup).published == "2023-11-01"
    meta = ('<p class="entry-meta">Autor: <a href="/a/kinra">kinra</a> | Artikel veröffentlicht '
            "am 16.12.2012 Kategorien: <a href='/c/1'>Überwachung</a>, <a href='/c/2'>CCTV</a>"
            ", <a href='/c/3'>Hintergrund</a></p>")
    markup = page(body=f"<p>{BODY}</p>{meta}", head='<meta name="date" content="2016-03-09">')
    assert dates(markup).published == "2012-12-16"


def test_a_guess_that_is_the_update_day_is_not_the_publication() -> None:
    # htmldate reads the analytics <meta> first: here it is the update's time.
    markup = page(head='<meta name="sailthru.date" content="2020-01-20T09:49:32Z">',
                  ld=news_article(datePublished="2020-01-19T12:25:36Z",
                                  dateModified="2020-01-20T09:49:32Z"))
    found = dates(markup)
    assert (found.published, found.modified) == ("2020-01-19T12:25:36Z", "2020-01-20T09:49:32Z")


def test_the_meta_publication_time_before_a_json_ld_of_the_first_version() -> None:
    # A re-published evergreen story: the CMS's JSON-LD keeps the first version's date.
    meta = '<meta property="article:published_time" content="2022-12-15T09:13:00+01:00">'
    markup = page(head=meta, ld=news_article(datePublished="2021-12-06T10:00:00+01:00"))
    assert dates(markup).published == "2022-12-15T09:13:00+01:00"


def test_a_date_labelled_in_an_element_of_its_own() -> None:
    info = ('<div class="docData news"><span class="label">Datum:</span> '
            '<span class="value">18.10.2021</span></div>')
    markup = page(body=f"<p>{BODY}</p><p>{BODY}</p>{info}",
                  head='<meta name="date" content="2021-08-17">')
    assert dates(markup).published == "2021-10-18"


def test_publication_labels_are_those_the_whole_pattern_finds() -> None:
    # published_labels tries PUBLISHED_LABEL only where one of its words stands: the same
    # matches as finditer, whatever the case, the letters re.IGNORECASE folds that
    # str.lower() does not (ſ, ı), and a character that lower-cases to two (İ).
    texts = [
        "Published: 3 May 2024\nPOSTED on 4 May\nOriginally\n  created 2019",
        "Veröffentlicht am 16.08.2019 | Erschienen am: 1.11.2023 | DATUM : 18.10.2021",
        "Poſted 3 May · publıshed 4 May · Fecha: hoy · Data :x · dates: no · xposted",
        "İstanbul, Published 3 May — gepubliceerd, Pubblicato, publicada, PUBLIÉ",
        'var date = {"datePublished": "2024"}; data-posted="1" created on Monday',
    ]
    for text in texts:
        expected = [(m.span(), m.group()) for m in PUBLISHED_LABEL.finditer(text)]
        assert [(m.span(), m.group()) for m in published_labels(text)] == expected
        assert expected
