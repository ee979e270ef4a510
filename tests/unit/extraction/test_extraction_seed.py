"""The seed article: the acceptance test of extraction, on our page and the demo site's."""

from __future__ import annotations

import pytest

from archiver.extraction import ExtractedArticle, extract_article
from archiver.items import Author
from tests.support.paths import REPO
from tests.support.regenerate_expected import BASE_URL, PAGES, page_body

SEED_PATH = "/russia-ukraine-war/kim-jong-un-pledges-support-for-families-of-fallen-soldiers.html"
SEED_PAGES = {
    "test-page": PAGES / "seed_kim_jong_un.html",
    "demo-site": REPO / "archiver/demo/site" / SEED_PATH.lstrip("/"),
}
PARAGRAPHS = (
    'North Korean leader Kim Jong Un has vowed to ensure "a beautiful life" for the families of '
    "soldiers who died fighting for Russia in the ongoing conflict with Ukraine.",
    "State media reported that Kim hosted a gathering on Friday for the bereaved families, where "
    "he expressed deep sorrow for the loss of soldiers who sacrificed their lives to uphold "
    "national honor.",
    "The event highlighted the growing military ties between North Korea and Russia, following a "
    "mutual defense pact signed by Kim and Russian President Vladimir Putin.",
    "Kim's pledge underscores his commitment to supporting the families of those he described as "
    '"martyrs," emphasizing their role in defending the nation\'s dignity.',
    "During the emotional ceremony, Kim addressed the parents, wives, and children of the "
    "deceased, praising their resilience and patriotism.",
    "He acknowledged the heavy casualties suffered by North Korean troops in Russia's Kursk "
    "region, a deployment publicly confirmed by Kim and Putin in April.",
    "The leader's gestures, including bowing deeply to the families and placing medals beside "
    "portraits of the fallen, were broadcast on state television, reflecting the significance of "
    "the event in North Korea's narrative of sacrifice and loyalty.",
    "Kim's promise to provide for the families comes as North Korea deepens its military alliance "
    "with Russia.",
    "A documentary aired on state television detailed the soldiers' involvement in \"Operation "
    'Kursk Liberation," aimed at repelling Ukrainian forces from Russian territory.',
    "The film revealed that Kim decided to deploy troops last August, two months after signing "
    "the security treaty with Putin.",
    "The North Korean leader is set to attend a military parade in China next week alongside "
    "Putin, marking their third meeting in two years and signaling a robust partnership amid "
    "global tensions.",
)
SUBTITLE = "North Korean Leader Honors Martyrs' Families with Promises of a Better Future"
CAPTION = (
    "North Korea people are welcoming Kim Jong-un and Vladimir Putin at Kim Il-sung square, "
    "January 2024."
)
# What the page shows besides the article: none of it belongs in the body.
NOT_BODY = ("SCROLL FOR NEXT", "Share", "Related", "More stories", "Most Read", "Subscribe",
            "Copyright", "Privacy", "Photo by", "Kremlin.ru", "Russia Ukraine War")


@pytest.fixture(params=sorted(SEED_PAGES), scope="module")
def seed(request: pytest.FixtureRequest) -> ExtractedArticle:
    path = SEED_PAGES[request.param]
    if not path.exists():
        pytest.skip(f"{path} does not exist yet")
    result = extract_article(page_body(path), BASE_URL + SEED_PATH, content_type="text/html")
    assert isinstance(result, ExtractedArticle), result
    return result


def test_headline_fields(seed: ExtractedArticle) -> None:
    assert seed.title == "Kim Jong Un Pledges Support for Families of Fallen North Korean Soldiers"
    assert seed.subtitle == SUBTITLE
    assert seed.section == "Russia Ukraine War"
    assert seed.canonical_url == BASE_URL + SEED_PATH
    assert seed.language == "en"


def test_author_is_the_byline(seed: ExtractedArticle) -> None:
    assert [author.name for author in seed.authors] == ["Naffah"]
    assert all(isinstance(a, Author) and a.type == "person" for a in seed.authors)


def test_text_is_the_body_in_paragraphs(seed: ExtractedArticle) -> None:
    # The standfirst displayed under the headline opens the text (issue #18: it is part of
    # the article); the headline is not.
    paragraphs = seed.text.split("\n\n")
    assert paragraphs[0] == SUBTITLE
    assert [p for p in paragraphs if p in PARAGRAPHS] == list(PARAGRAPHS)
    assert set(paragraphs) - set(PARAGRAPHS) == {SUBTITLE, "Honoring the Fallen",
                                                 "Strengthening Alliances"}
    assert seed.title not in seed.text
    for boilerplate in NOT_BODY:
        assert boilerplate not in seed.text


def test_markdown_has_the_subheadings(seed: ExtractedArticle) -> None:
    lines = seed.markdown.splitlines()
    assert "## Honoring the Fallen" in lines
    assert "## Strengthening Alliances" in lines
    assert "SCROLL FOR NEXT" not in seed.markdown


def test_the_one_image_and_its_credit(seed: ExtractedArticle) -> None:
    [image] = seed.images
    assert image.url == BASE_URL + image.url.removeprefix(BASE_URL)
    assert image.caption == CAPTION
    assert image.creator == "Office of the President of the Russian Federation / Kremlin.ru"
    assert image.source == "Wikimedia Commons"
    assert image.license is not None
    assert image.license.name == "CC BY 4.0"
    assert image.license.url == "https://creativecommons.org/licenses/by/4.0/deed.en"
    assert image.credit and image.credit.startswith("Photo by Office of the President")
    assert image.alt
