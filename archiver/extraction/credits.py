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
    rf"^(?:(?:{KEYWORD}\s*(?:by|von|:)|Credit\b|©|\(c\)|Copyright\s*©?)\s*(?:\d{{4}}\s+)?)+",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 4
# "X, via Y" and "X for The Times": the source behind a photographer (not "Institute for Y").
VIA = re.compile(r",?\s+(?:(?:via|über)\s+|for\s+(?=The\s))(?P<source>.+)$")


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
    creator, source = _creator_and_source(_trim(LEADING.sub("", text)) or "")
    return Credit(creator=_trim(creator), source=_trim(source), license=terms)


def _creator_and_source(text: str) -> tuple[str | None, str | None]:
    """"X, via Y", "Name/Agency" (a short name before one slash), or "Agency"."""
    via = VIA.search(text)
    if via:
        return text[: via.start()], via.group("source")
    name, slash, rest = text.partition("/")
    agencies = all(is_agency(part) for part in rest.split("/"))
    if slash and rest.strip() and _looks_like_name(name) and ("/" not in rest or agencies):
        return name, rest
    if is_agency(text):
        return None, text
    return text or None, None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= MAX_NAME_WORDS and all(w[0].isupper() for w in words)


def unwrap(text: str | None) -> str | None:
    """A credit without the brackets around it: "[Photo: X]" -> "Photo: X"."""
    text = clean(text)
    if text and text[0] + text[-1] in ("[]", "()"):
        return clean(text[1:-1])
    return text


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
    return clean((value or "").strip(" .,;:/|·–—-"))
