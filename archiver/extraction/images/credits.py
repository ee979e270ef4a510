"""Credit lines -> who made the image (creator), who supplied it (source), its license.

"Photo by X via Y. Licensed under CC BY 4.0 (URL)", "X/Getty Images", "REUTERS/X",
"AP Photo/X", "X for The Times", "Foto: X (EFE)", "Image: X, CC BY-SA 4.0", "© X".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from archiver.extraction.images.captions import AGENCY_PHOTO, COPYRIGHT, KEYWORD
from archiver.extraction.people.agencies import is_agency
from archiver.extraction.textnorm import clean
from archiver.items import License

LICENSED = re.compile(
    r"[\s.,;]*(?:Licen[sc]ed\s+(?:under|as)|Licen[sc]e:|Lizenz:|Licence\s*:|Licencia:)\s+"
    r"(?:the\s+)?(?P<name>[^()]+?)(?:\s*\((?P<url>https?://[^)\s]+)\))?[\s.]*$",
    re.IGNORECASE,
)
LICENSE_NAME = re.compile(
    r"\b(?:CC0(?:\s1\.0)?|CC[\s-]BY(?:[\s-](?:SA|NC|ND))*(?:[\s-]\d\.\d)?"
    r"|Public\s+Domain|Gemeinfrei|domaine\s+public|dominio\s+público)(?![\w-])",
    re.IGNORECASE,
)
LICENSE_URL = re.compile(r"\(?(https?://creativecommons\.org/\S+?)\)?(?=[\s,;.]*$|\s)")
CC_PATH = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)")
CC_NAME = re.compile(r"^CC[\s-]BY((?:[\s-](?:SA|NC|ND))*)[\s-](\d\.\d)$", re.IGNORECASE)
LEADING = re.compile(
    rf"^(?:(?:{KEYWORD})\s*(?::|\s(?:by|von|de|par|por)\s)\s*|Credit\b\s*|{COPYRIGHT}\s*"
    r"|(?:Photo|Foto)s?\s+(?=[A-ZÀ-Ý]))+"
    r"(?:\d{4}\s+)?",
)
# "X, via Y" and "X for The Times": the source behind a photographer.
VIA = re.compile(r",?\s+(?:via|über|vía)\s+(?P<source>.+)$")
FOR = re.compile(r"\s+for\s+(?P<source>[A-Z].+)$")
AGENCY_IN_BRACKETS = re.compile(r"^(?P<creator>.+?)\s*\((?P<source>[^()]+)\)$")
# "Harbour Courier file photo": from the outlet's own archive.
FILE_PHOTO = re.compile(r"^(?P<source>.+?)\s+file\s+(?:photo|image|picture)s?$", re.IGNORECASE)
# "Prakash Mathema. AFP" (Libération), "Jane Roe, Reuters".
AGENCY_AFTER_STOP = re.compile(r"^(?P<creator>.+?)[.,]\s+(?P<source>[^.,]+)$")
# Words that make "X for Y" an organization's name ("Institute for Mountain Hydrology").
ORGANIZATION_WORDS = frozenset({
    "institute", "institut", "centre", "center", "museum", "agency", "association", "office",
    "society", "council", "department", "ministry", "foundation", "university", "school",
    "committee", "service", "trust", "fund", "organization", "organisation", "commission",
})
NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "van", "von", "der", "den",
                            "la", "le", "di", "bin", "al", "y", "e"})
MAX_NAME_WORDS = 4


@attrs.frozen
class Credit:
    creator: str | None = None
    source: str | None = None
    license: License | None = None


def parse_credit(text: str | None, license_links: Sequence[tuple[str, str]] = ()) -> Credit:
    """Creator, source and license of a credit line; `license_links` are its (text, href)."""
    text = clean(text) or ""
    terms, text = _license(text, license_links)
    creator, source = creator_and_source(_trim(LEADING.sub("", text)) or "")
    return Credit(creator=_trim(creator), source=_trim(source), license=terms)


def creator_and_source(text: str) -> tuple[str | None, str | None]:
    archive = FILE_PHOTO.match(text)
    if archive:
        return None, archive.group("source")
    for pattern in (VIA, FOR):
        match = pattern.search(text)
        before = text[: match.start()] if match else ""
        if match and (pattern is VIA or looks_like_person(before)):
            return before, match.group("source")
    for pattern in (AGENCY_IN_BRACKETS, AGENCY_AFTER_STOP):
        match = pattern.match(text)
        if match and is_agency(match.group("source")):
            return match.group("creator"), match.group("source")
    if "/" in text:
        return _slashed(text)
    if is_agency(text):
        return None, text
    return text or None, None


def _slashed(text: str) -> tuple[str | None, str | None]:
    """"Name/Agency", "AGENCY/Name", "AP Photo/Name", "Name/AFP/Getty Images", "Name/Outlet"."""
    parts = [part.strip() for part in text.split("/")]
    agencies = [_agency(part) for part in parts]
    if agencies[0] and len(parts) == 2 and looks_like_name(parts[1]):
        return parts[1], agencies[0]  # "REUTERS/Jane Roe", "AP Photo/Jane Roe"
    name, rest = parts[0], parts[1:]
    if looks_like_name(name) and rest and (len(rest) == 1 or all(agencies[1:])):
        return name, "/".join(agencies[1:]) if all(agencies[1:]) else rest[0]
    if all(agencies):
        return None, "/".join(a for a in agencies if a)
    return text, None


def _agency(part: str) -> str | None:
    """The agency a slash part names: "AP Photo" -> "AP"; None for anything else."""
    if re.fullmatch(AGENCY_PHOTO.removesuffix(r"\s*/"), part):
        return part.split()[0]
    return part if is_agency(part) else None


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS or any(ch.isdigit() for ch in text):
        return False
    return all(w[0].isupper() or w in NAME_PARTICLES for w in words)


def looks_like_person(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and looks_like_name(text) and not any(
        w.casefold() in ORGANIZATION_WORDS for w in words)


def license_from_url(url: str | None, name: str | None = None) -> License | None:
    if not url and not name:
        return None
    return License(name=name or _name_from_url(url), url=url or _url_from_name(name))


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


def _url_from_name(name: str | None) -> str | None:
    """The deed of a Creative Commons license named "CC BY-SA 4.0" or "CC0"."""
    name = clean(name) or ""
    if re.fullmatch(r"CC0(?:\s1\.0)?", name, re.IGNORECASE):
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    match = CC_NAME.match(name)
    if not match:
        return None
    modifiers = [m.lower() for m in re.split(r"[\s-]", match.group(1)) if m]
    return f"https://creativecommons.org/licenses/{'-'.join(['by', *modifiers])}/{match.group(2)}/"


def _trim(value: str | None) -> str | None:
    return clean((value or "").strip(" .,;:/|·–—-"))
