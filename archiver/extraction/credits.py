"""Image credits: a caption's trailing credit line, and who made, supplied and licensed it."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from archiver.extraction.agencies import is_agency
from archiver.extraction.textnorm import clean
from archiver.items import License

KEYWORD = r"(?:Photo(?:graph)?|Foto|Bild|Image|Picture|Credit|Source|Quelle)s?"
# Signs that a bracketed trailing note is a credit and not part of the caption.
CREDIT_HINT = re.compile(
    rf"{KEYWORD}|©|copyright|\bvia\b|licen[cs]e|getty|reuters|\bafp\b|\bap\b|\bepa\b|dpa",
    re.IGNORECASE,
)
TRAILING_CREDITS = (
    re.compile(r"\s*\[([^\[\]]+)\]\s*$"),  # "Caption. [Photo by X, via Y]"
    re.compile(rf"\s*\(({KEYWORD}\s*(?:by|von|:)[^()]*)\)\s*$", re.IGNORECASE),  # "(Foto: dpa)"
    re.compile(rf"(?:^|(?<=[.!?\"”]))\s*({KEYWORD}\s*(?:by|von|:)\s.+)$", re.IGNORECASE),
    re.compile(r"(?:^|(?<=[.!?\"”]))\s*((?:©|\(c\)|Copyright)\s*.+)$", re.IGNORECASE),
)
LICENSED = re.compile(
    r"[\s.,;]*(?:Licen[sc]ed\s+(?:under|as)|Licen[sc]e:|Lizenz:)\s+(?:the\s+)?(?P<name>[^()]+?)"
    r"(?:\s*\((?P<url>https?://[^)\s]+)\))?[\s.]*$",
    re.IGNORECASE,
)
LICENSE_NAME = re.compile(
    r"\b(?:CC0(?:\s1\.0)?|CC[\s-]BY(?:[\s-](?:SA|NC|ND))*(?:[\s-]\d\.\d)?|Public\s+Domain)\b",
    re.IGNORECASE,
)
LICENSE_URL = re.compile(r"\(?(https?://creativecommons\.org/\S+?)\)?(?=\s|$)")
CC_PATH = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)")
LEADING = re.compile(
    rf"^(?:{KEYWORD}\s*(?:by|von|:)\s*|©\s*|\(c\)\s*|Copyright\s*©?\s*)(?:\d{{4}}\s+)?",
    re.IGNORECASE,
)
VIA = re.compile(r",?\s+(?:via|über)\s+(?P<source>.+)$", re.IGNORECASE)


@attrs.frozen
class Credit:
    creator: str | None = None
    source: str | None = None
    license: License | None = None


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """(caption, credit line) of a caption that may end with its credit."""
    text = clean(text)
    if not text:
        return None, None
    for pattern in TRAILING_CREDITS:
        match = pattern.search(text)
        if match and CREDIT_HINT.search(match.group(1)):
            return clean(text[: match.start()]), clean(match.group(1))
    return text, None


def parse_credit(text: str | None, license_links: Sequence[tuple[str, str]] = ()) -> Credit:
    """Creator, source and license of a credit line; `license_links` are its (text, href)."""
    text = clean(text) or ""
    terms, text = _license(text, license_links)
    text = LEADING.sub("", text).strip(" .,;")
    creator, source = text, None
    via = VIA.search(text)
    if via:
        creator, source = text[: via.start()], via.group("source")
    elif "/" in text and is_agency(text.rsplit("/", 1)[1]):
        creator, source = text.rsplit("/", 1)
    if creator and not source and is_agency(creator):
        creator, source = None, creator
    return Credit(creator=_trim(creator), source=_trim(source), license=terms)


def license_from_url(url: str | None, name: str | None = None) -> License | None:
    if not url and not name:
        return None
    return License(name=name or _name_from_url(url), url=url)


def _license(text: str, links: Sequence[tuple[str, str]]) -> tuple[License | None, str]:
    name = url = None
    match = LICENSED.search(text)
    if match:
        name, url, text = clean(match.group("name")), match.group("url"), text[: match.start()]
    elif LICENSE_NAME.search(text):
        name = LICENSE_NAME.search(text).group(0)
        text = LICENSE_NAME.sub("", text)
    if not url and LICENSE_URL.search(text):
        url = LICENSE_URL.search(text).group(1)
        text = LICENSE_URL.sub("", text)
    for link_text, href in links:
        if "creativecommons.org" in href or "publicdomain" in href:
            url = url or href
            name = name or (link_text if LICENSE_NAME.fullmatch(link_text or "") else None)
    return license_from_url(url, name), text


def _name_from_url(url: str | None) -> str | None:
    match = CC_PATH.search(url or "")
    if not match:
        return None
    kind, code, version = match.groups()
    if kind == "publicdomain":
        return f"CC0 {version}" if code == "zero" else f"Public Domain Mark {version}"
    return f"CC {code.upper()} {version}"


def _trim(value: str | None) -> str | None:
    return clean((value or "").strip(" .,;:"))
