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


def test_boilerplate_lines_in_the_body_are_left_out() -> None:
    paragraphs = [PROSE[0], LINES[0], PROSE[1], LINES[1], PROSE[2], LINES[2], LINES[3]]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    page = (f"<html lang='en'><head><title>Grain prices fall</title></head><body><article>"
            f"<h1>Grain prices fall</h1><p class='byline'>By Lena Park</p>"
            f"<time datetime='2024-09-02'>2 September 2024</time>{body}</article></body></html>")
    result = extract_article(page.encode(), "https://riverside.example/markets/grain.html")
    assert isinstance(result, ExtractedArticle), result
    assert result.text.split("\n\n") == PROSE
