"""The article boundary: promo, sign-up, standards and paywall lines are no body text."""

from __future__ import annotations

from archiver.extraction import ExtractedArticle, extract_article

PROSE = [
    "Grain prices at the inland port fell for a third week as barges queued for the locks,"
    " which have run at half capacity since a gate failed in the spring.",
    "Traders said the backlog would clear by the end of the month if the repair crews kept"
    " to the schedule the waterways agency published on Monday.",
    "Farmers upstream have stored more of the harvest on their own land, betting that prices"
    " recover once the barges move freely again before the winter.",
]
LINES = [
    "Sign up for our Morning Harbour newsletter and get the day's news first.",
    "Our Standards: The Riverside Trust Principles.",
    "Support our journalism: become a member today.",
    "Already a subscriber? Log in to keep reading.",
]


def dated_article(body: str) -> bytes:
    """An article page with headline, byline and date around the `body` paragraphs."""
    return (f"<html lang='en'><head><title>Grain prices fall</title></head><body><article>"
            f"<h1>Grain prices fall</h1><p class='byline'>By Lena Park</p>"
            f"<time datetime='2024-09-02'>2 September 2024</time>{body}</article></body>"
            "</html>").encode()


def test_boilerplate_lines_in_the_body_are_left_out() -> None:
    paragraphs = [PROSE[0], LINES[0], PROSE[1], LINES[1], PROSE[2], LINES[2], LINES[3]]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    result = extract_article(dated_article(body), "https://riverside.example/markets/grain.html")
    assert isinstance(result, ExtractedArticle), result
    assert result.text.split("\n\n") == PROSE


STANDFIRST = "Barges have queued at the locks for a month, and the harvest is waiting upstream."
URL = "https://riverside.example/markets/grain.html"


def article_page(header: str) -> bytes:
    body = "".join(f"<p>{text}</p>" for text in PROSE)
    return (f"<html lang='en'><head><title>Grain prices fall</title></head><body><article>"
            f"{header}<div class='article-body'>{body}</div></article></body></html>").encode()


def test_a_standfirst_in_the_article_header_opens_the_text() -> None:
    # The standfirst is displayed as part of the article: it is text (and the subtitle);
    # the headline, kicker and byline around it in the <header> are not.
    header = ("<header><p class='kicker'>Markets</p><h1>Grain prices fall</h1>"
              f"<p class='standfirst'>{STANDFIRST}</p><p class='byline'>By Lena Park</p>"
              "<time datetime='2024-09-02'>2 September 2024</time></header>")
    result = extract_article(article_page(header), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.subtitle == STANDFIRST
    assert result.text.split("\n\n") == [STANDFIRST, *PROSE]
    assert result.markdown.split("\n\n")[0] == STANDFIRST


def test_a_standfirst_outside_the_main_text_still_opens_it() -> None:
    # Set apart from the body's container, where trafilatura's main text does not reach.
    header = ("<div class='head'><h1>Grain prices fall</h1>"
              f"<div class='article__dek'><span>{STANDFIRST}</span></div>"
              "<p class='byline'>By Lena Park</p></div>")
    result = extract_article(article_page(header), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.text.split("\n\n")[0] == STANDFIRST
    assert result.text.count(STANDFIRST) == 1


def test_a_linked_tagline_under_the_headline_is_no_text() -> None:
    header = ("<header><h1>Grain prices fall</h1><p class='subtitle'><a href='/series/grain'>"
              "All the stories of our series on the grain trade</a></p>"
              "<p class='byline'>By Lena Park</p></header>")
    result = extract_article(article_page(header), URL)
    assert isinstance(result, ExtractedArticle), result
    assert "All the stories" not in result.text
    assert result.text.split("\n\n") == PROSE


def test_a_related_stories_label_and_its_links_are_no_text() -> None:
    # A label, then short linked headlines set as paragraphs, inside the story's container;
    # the article's last paragraph after them is text again.
    related = ("<p><strong>Auch interessant:</strong></p>"
               "<p><a href='/markets/coal.html'>Coal barges wait at the northern locks</a></p>"
               "<p><a href='/markets/fuel.html'>Diesel prices climb for a fourth week</a></p>")
    body = f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p>{related}<p>{PROSE[2]}</p>"
    result = extract_article(dated_article(body), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.text.split("\n\n") == PROSE


def test_paywall_prompts_in_several_languages_are_no_text() -> None:
    prompts = ["Pour lire la suite, abonnez-vous à notre offre numérique.",
               "To view the full story, please subscribe to The Riverside Courier.",
               "Síguenos en Telegram, Instagram, Facebook y Twitter."]
    body = "".join(f"<p>{text}</p>" for text in [*PROSE, *prompts])
    result = extract_article(dated_article(body), URL)
    assert isinstance(result, ExtractedArticle), result
    assert result.text.split("\n\n") == PROSE
