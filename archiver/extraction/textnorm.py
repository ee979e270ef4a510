"""Small string helpers shared by the extraction modules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# \w is what str.isalnum() accepts, plus the underscore (re's documentation).
_NOT_ALNUM = re.compile(r"[\W_]+")


def clean(value: object) -> str | None:
    """Collapse whitespace and trim; None for anything empty or not a string."""
    if not isinstance(value, str):
        return None
    # str.split() splits on exactly what \s matches (str.isspace()), and faster.
    value = " ".join(unicodedata.normalize("NFC", value).split())
    return value or None


def element_text(element: HtmlElement | None) -> str | None:
    if element is None:
        return None
    return clean(" ".join(element.itertext()))


def fold(value: str | None) -> str:
    """A comparison key: case-folded, punctuation and spacing ignored."""
    return _NOT_ALNUM.sub("", (value or "").casefold())


def unique(values: Iterable[str | None]) -> list[str]:
    """Cleaned values without empties and case-insensitive duplicates, in order."""
    seen: set[str] = set()
    result = []
    for value in values:
        value = clean(value)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            result.append(value)
    return result


def absolute_url(value: object, base: str) -> str | None:
    """`value` resolved against `base`, or None unless it is an http(s) URL."""
    value = clean(value)
    if not value or value.startswith("data:"):
        return None
    try:
        url = urljoin(base, value)
        scheme = urlsplit(url).scheme
    except ValueError:  # urllib rejects malformed hosts such as "http://[x"
        return None
    return url if scheme in ("http", "https") else None
