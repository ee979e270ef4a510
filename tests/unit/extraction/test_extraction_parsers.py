"""The small parsers: bylines, credit lines, dates, language tags, titles."""

from __future__ import annotations

import pytest

from archiver.extraction import extractor_versions
from archiver.extraction.dates.printed import date_in_text
from archiver.extraction.dates.published import normalize_date
from archiver.extraction.headline.title import strip_site_name
from archiver.extraction.images.captions import split_caption
from archiver.extraction.images.credits import parse_credit
from archiver.extraction.images.sources import parse_srcset
from archiver.extraction.language.identify import normalize_language
from archiver.extraction.page.document import Page, load_page
from archiver.extraction.page.structured import read_structured
from archiver.extraction.people.authors import authors_of
from archiver.extraction.people.bylines import make_author, parse_byline
from archiver.items import License


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Dana Whitfield, Senior Autos Reporter", ["Dana Whitfield"]),
        ("By Maya Lin, Omar Haddad & Priya Natarajan",
         ["Maya Lin", "Omar Haddad", "Priya Natarajan"]),
        ("Von Anna Schmidt und Jörg Weber", ["Anna Schmidt", "Jörg Weber"]),
        ("Par Sébastien Farcis", ["Sébastien Farcis"]),
        ("Por Carla Menezes e João Silva", ["Carla Menezes", "João Silva"]),
        ("Martin Untersinger (avec Damien Leloup et Morgane Tual)",
         ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]),
        ("By Tom Pryce and Ana Ruiz | The Harbour Gazette", ["Tom Pryce", "Ana Ruiz"]),
        ("By Brenda Goodman, MA", ["Brenda Goodman"]),
        ("Jane Doe in Washington", ["Jane Doe"]),
        ("By Jane Doe jane.doe@example.com @janedoe", ["Jane Doe"]),
        ("By Maya Lin Updated Sept. 2, 2024", ["Maya Lin"]),
        ("Joe Wee Monday, February 29, 2016", ["Joe Wee"]),
        ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"]),
        ("Richard (R.J.) Eskow", ["Richard (R.J.) Eskow"]),
        ("Reuters", ["Reuters"]),
        ("updated 3 hours ago", []),
        ("", []),
    ],
)
def test_parse_byline(byline: str, names: list[str]) -> None:
    assert parse_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ('<p class="byline">By <a href="/by/jane">Jane Doe</a>, ACLU Speech, Privacy, and'
         " Technology Project</p>", [("Jane Doe", "https://news.example/by/jane")]),
        ('<p class="byline">By Stella Kim and <a href="/by/jj">Jennifer Jett</a></p>',
         [("Stella Kim", None), ("Jennifer Jett", "https://news.example/by/jj")]),
        ('<div class="author"><h4>Pat Allan</h4><a class="button" href="/p">Profile</a>'
         '<a href="#">Follow</a></div>', [("Pat Allan", None)]),
        ('<div class="byline-block"><span class="byline-name">Ewan MacLeod</span>'
         '<span class="byline-date">26 August 2025</span></div>', [("Ewan MacLeod", None)]),
    ],
)
def test_visible_bylines(byline: str, authors: list[tuple[str, str | None]]) -> None:
    html = f"<html><body><article><h1>Headline</h1>{byline}<p>Text.</p></article></body></html>"
    page = load_page(html.encode(), "https://news.example/world/story.html")
    assert isinstance(page, Page)
    found = authors_of(read_structured(page), page.tree, None, page.base_url, None)
    assert [(author.name, author.url) for author in found] == authors


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Reuters", "organization"), ("The Associated Press", "organization"), ("dpa", "organization"),
     ("Reuters Staff", "organization"), ("Dana Whitfield", "person")],
)
def test_agencies_and_desks_sign_as_organizations(name: str, kind: str) -> None:
    assert make_author(name).type == kind


SEED_CREDIT = (
    "Photo by Office of the President of the Russian Federation / Kremlin.ru, via Wikimedia "
    "Commons. Licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.en)"
)


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (f"Crowds on the square, January 2024. [{SEED_CREDIT}]",
         "Crowds on the square, January 2024.", SEED_CREDIT),
        ("Das Heizkraftwerk Nord. (Foto: Peter Krämer/dpa)", "Das Heizkraftwerk Nord.",
         "Foto: Peter Krämer/dpa"),
        ("The harbour at dawn. Photo: Jane Roe", "The harbour at dawn.", "Photo: Jane Roe"),
        ("The harbour at dawn. © 2024 Jane Roe", "The harbour at dawn.", "© 2024 Jane Roe"),
        ("Delegates at the summit [left to right]",
         "Delegates at the summit [left to right]", None),
        ("A photo by the river", "A photo by the river", None),
    ],
)
def test_split_caption(text: str, caption: str, credit: str | None) -> None:
    assert split_caption(text) == (caption, credit)


def test_parse_the_seed_credit() -> None:
    credit = parse_credit(SEED_CREDIT)
    assert credit.creator == "Office of the President of the Russian Federation / Kremlin.ru"
    assert credit.source == "Wikimedia Commons"
    assert credit.license == License(
        name="CC BY 4.0", url="https://creativecommons.org/licenses/by/4.0/deed.en")


@pytest.mark.parametrize(
    ("text", "creator", "source"),
    [
        ("Foto: Peter Krämer/dpa", "Peter Krämer", "dpa"),
        ("JIM WATSON/AFP/Getty Images", "JIM WATSON", "AFP/Getty Images"),
        ("Credit Credit Jeon Heon-Kyun/EPA, via Shutterstock",
         "Jeon Heon-Kyun/EPA", "Shutterstock"),
        ("Kirsten Luce for The New York Times", "Kirsten Luce", "The New York Times"),
        ("Institute for Mountain Hydrology", "Institute for Mountain Hydrology", None),
        ("Photo: Reuters", None, "Reuters"),
        ("Image: Vjeran Pavic / The Verge", "Vjeran Pavic", "The Verge"),
    ],
)
def test_parse_credit_creator_and_source(
    text: str, creator: str | None, source: str | None
) -> None:
    credit = parse_credit(text)
    assert (credit.creator, credit.source) == (creator, source)


def test_license_from_a_link_in_the_credit() -> None:
    links = [("Rory MacLeod", "https://photos.example/rm"),
             ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/")]
    credit = parse_credit("Photo: Rory MacLeod / CC BY-SA 4.0", links)
    assert credit.creator == "Rory MacLeod"
    assert credit.license == License(
        name="CC BY-SA 4.0", url="https://creativecommons.org/licenses/by-sa/4.0/")


def test_license_name_from_a_bare_url() -> None:
    credit = parse_credit("Jane Roe (https://creativecommons.org/publicdomain/zero/1.0/)")
    assert credit.license == License(
        name="CC0 1.0", url="https://creativecommons.org/publicdomain/zero/1.0/")


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("2025-08-30T18:42:00+05:30", "2025-08-30T18:42:00+05:30"),
        ("2025-08-30T18:42:00.123Z", "2025-08-30T18:42:00Z"),
        ("2025-08-30T18:42+0200", "2025-08-30T18:42:00+02:00"),
        ("2025-08-30 18:42:00 -0400", "2025-08-30T18:42:00-04:00"),
        ("2025-08-30T18:42:00", "2025-08-30"),  # no offset given: none invented
        ("2025-08-30", "2025-08-30"),
        ("Sat, 30 Aug 2025 18:42:00 +0100", "2025-08-30T18:42:00+01:00"),
        ("2025-02-30", None),
        ("30 Aug 2025, 6:42 pm", "2025-08-30"),  # email.utils reads it; no offset, so a date
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: str | None, normalized: str | None) -> None:
    assert normalize_date(value) == normalized


@pytest.mark.parametrize(
    ("value", "tag"),
    [("en", "en"), ("EN", "en"), ("en_US", "en-US"), ("pt-br", "pt-BR"), ("de-DE", "de-DE"),
     ("zh-hant-tw", "zh-Hant-TW"), ("en-US,en;q=0.9", "en-US"), ("x-default", None),
     ("english", None), ("", None), (None, None)],
)
def test_normalize_language(value: str | None, tag: str | None) -> None:
    assert normalize_language(value) == tag


@pytest.mark.parametrize(
    ("title", "site", "stripped"),
    [
        ("Copper hits two-year high | Daily Ledger", "Daily Ledger", "Copper hits two-year high"),
        ("Ferry fares rise - The Harbour Gazette", "The Harbour Gazette", "Ferry fares rise"),
        ("Daily Ledger – Copper hits high", "Daily Ledger", "Copper hits high"),
        ("About us | The Harbour Courier", None, "About us"),
        ("Spider-Man - a review", None, "Spider-Man - a review"),
        ("Breaking: storm hits coast", "Daily Ledger", "Breaking: storm hits coast"),
    ],
)
def test_strip_site_name(title: str, site: str | None, stripped: str) -> None:
    assert strip_site_name(title, site) == stripped


def test_extractor_versions() -> None:
    versions = extractor_versions()
    assert set(versions) == {"archiver", "trafilatura", "extruct", "htmldate"}
    assert all(versions.values())


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("Smoke over the town. (AP Photo/Nati Harnik)", "Smoke over the town.",
         "AP Photo/Nati Harnik"),
        ("Passengers at the station. Photograph: Liesa Johannssen/Reuters",
         "Passengers at the station.", "Photograph: Liesa Johannssen/Reuters"),
        ("Vendangeurs près de Brignoles. Crédit photo : Nicolas Tucat / AFP",
         "Vendangeurs près de Brignoles.", "Crédit photo : Nicolas Tucat / AFP"),
        ("Sede do Banco Central, em Brasília - Adriano Machado/Reuters",
         "Sede do Banco Central, em Brasília", "Adriano Machado/Reuters"),
        ("The quay at dusk. Jane Roe/Getty Images", "The quay at dusk.",
         "Jane Roe/Getty Images"),
        ("Containers on the quay. (Harbour Courier file photo)", "Containers on the quay.",
         "Harbour Courier file photo"),
        ("Rua alagada nesta segunda-feira (4)", "Rua alagada nesta segunda-feira (4)", None),
    ],
)
def test_split_caption_in_several_languages(text: str, caption: str, credit: str | None) -> None:
    assert split_caption(text) == (caption, credit)


@pytest.mark.parametrize(
    ("text", "creator", "source"),
    [
        ("AP Photo/Nati Harnik", "Nati Harnik", "AP"),
        ("REUTERS/Rodrigo Garrido", "Rodrigo Garrido", "REUTERS"),
        ("Foto: APA/Barbara Gindl", "Barbara Gindl", "APA"),
        ("Foto: Salas (EFE)", "Salas", "EFE"),
        ("Crédit photo : Nicolas Tucat / AFP", "Nicolas Tucat", "AFP"),
        ("Photograph: Matt Cardy for Fenland Gazette", "Matt Cardy", "Fenland Gazette"),
        ("Photo Prakash Mathema. AFP", "Prakash Mathema", "AFP"),
        ("Bild: Andreas Wodrich", "Andreas Wodrich", None),
        ("© Hans Gruber", "Hans Gruber", None),
        ("Harbour Courier file photo", None, "Harbour Courier"),
    ],
)
def test_credits_in_several_languages(text: str, creator: str | None, source: str | None) -> None:
    credit = parse_credit(text)
    assert (credit.creator, credit.source) == (creator, source)


@pytest.mark.parametrize(
    ("text", "license"),
    [
        ("Image: Peter Lindholm, CC BY-SA 4.0",
         License(name="CC BY-SA 4.0", url="https://creativecommons.org/licenses/by-sa/4.0/")),
        ("Photo by Anne Corwin via Flickr. Licensed under CC BY-SA 2.0 "
         "(https://creativecommons.org/licenses/by-sa/2.0/)",
         License(name="CC BY-SA 2.0", url="https://creativecommons.org/licenses/by-sa/2.0/")),
        ("Foto: Jan Roth, CC0", License(name="CC0",
                                        url="https://creativecommons.org/publicdomain/zero/1.0/")),
        ("Bild: Archiv, gemeinfrei", License(name="gemeinfrei", url=None)),
    ],
)
def test_licenses_by_name_and_url(text: str, license: License) -> None:
    assert parse_credit(text).license == license


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Text and photos: Bill Hartley", ["Bill Hartley"]),
        ("Texte : Hélène Dufresne", ["Hélène Dufresne"]),
        ("Gilles Rof (Marseille, correspondant)", ["Gilles Rof"]),
        ("Amy Walker and Samuel Okoro (earlier)", ["Amy Walker", "Samuel Okoro"]),
        ("By Eleanor Marsh, Courts Correspondent | Thursday 14 March 2024", ["Eleanor Marsh"]),
        ("Kate Connelly in Berlin", ["Kate Connelly"]),
    ],
)
def test_more_bylines(byline: str, names: list[str]) -> None:
    assert parse_byline(byline) == names


@pytest.mark.parametrize(
    ("srcset", "largest"),
    [
        ("a-480.jpg 480w, a-1024.jpg 1024w, a-800.jpg 800w", "a-1024.jpg"),
        ("https://cdn.example/w_400,h_300/a.jpg 400w, https://cdn.example/w_800,h_600/a.jpg 800w",
         "https://cdn.example/w_800,h_600/a.jpg"),
        ("a.jpg, a@2x.jpg 2x", "a@2x.jpg"),
    ],
)
def test_largest_srcset_candidate(srcset: str, largest: str) -> None:
    candidates = parse_srcset(srcset)
    assert max(candidates, key=lambda c: c[1])[0] == largest


@pytest.mark.parametrize(
    ("text", "day"),
    [("Posted on 8 July 2024", "2024-07-08"), ("17. Juni 2024", "2024-06-17"),
     ("Publié le 13 mai 2024", "2024-05-13"), ("4 de octubre de 2024", "2024-10-04"),
     ("March 16, 2024", "2024-03-16"), ("Copyright 2024", None)],
)
def test_dates_printed_in_words(text: str, day: str | None) -> None:
    assert date_in_text(text) == day
