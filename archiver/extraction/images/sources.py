"""Which file an image element shows: the largest srcset candidate, else its (lazy) src."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archiver.extraction.textnorm import absolute_url

# <amp-img> is AMP's <img>; both carry src/srcset.
IMAGE_TAGS = ("img", "amp-img")
# Lazy-loading attributes first: `src` is often a placeholder while they hold the image.
SOURCE_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src",
                "data-full-src", "data-lazy", "src")
SRCSET_ATTRS = ("srcset", "data-srcset", "data-lazy-srcset")
DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$")
# Files that lazy-loading scripts show until the picture loads: never the image itself.
_PLACEHOLDER_WORDS = (r"placeholder|blank|spacer|transparent|lazy|lazyload|loading|loader"
                      r"|dummy|pixel|1x1|grey|gray|empty|clear")
PLACEHOLDER_FILE = re.compile(
    rf"(?:^|[/_.-])(?:{_PLACEHOLDER_WORDS})"
    rf"(?:[_.-]?(?:{_PLACEHOLDER_WORDS}|image|img|bg|\d+(?:x\d+)?))*\.(?:gif|png|svg|jpe?g|webp)$",
    re.IGNORECASE,
)


def is_image(element: HtmlElement) -> bool:
    return element.tag in IMAGE_TAGS


def image_url(img: HtmlElement | None, base_url: str) -> str | None:
    """Absolute URL of the largest candidate the element (or its <picture>) offers."""
    if img is None:
        return None
    candidates = [c for element in _sources(img) for c in _srcset_candidates(element)]
    for url, _ in sorted(candidates, key=lambda c: c[1], reverse=True):
        absolute = _real_file(url, base_url)
        if absolute:
            return absolute
    for attr in SOURCE_ATTRS:
        url = _real_file(img.get(attr), base_url)
        if url:
            return url
    return None


def _real_file(value: str | None, base_url: str) -> str | None:
    """The absolute URL of a picture; None for data: URIs and placeholder files."""
    url = absolute_url(value, base_url)
    if url and PLACEHOLDER_FILE.search(url.split("?")[0].split("#")[0]):
        return None
    return url


def _sources(img: HtmlElement) -> list[HtmlElement]:
    """The element itself and the size <source>s of the <picture> around it.

    A <source> with a type (image/webp, image/avif) offers the same picture in
    another format: the <img>'s own file is the one to keep.
    """
    # libxml2's HTML parser does not know <source> as an empty element: it nests the
    # following <source>s and the <img> inside it, so look for the <picture> ancestor.
    picture = next(img.iterancestors("picture"), None)
    if picture is None:
        return [img]
    return [img, *(source for source in picture.iter("source") if not source.get("type"))]


def _srcset_candidates(element: HtmlElement) -> list[tuple[str, float]]:
    for attr in SRCSET_ATTRS:
        if element.get(attr):
            return parse_srcset(element.get(attr) or "")
    return []


def parse_srcset(value: str) -> list[tuple[str, float]]:
    """(URL, size) pairs of a srcset, following the HTML parsing rules.

    A URL runs to the next whitespace, so commas inside CDN URLs ("w_400,h_300")
    stay in it. Widths ("800w") and densities ("2x") are not comparable with each
    other; densities are scaled down so that any width descriptor wins over them.
    """
    candidates, pos, size = [], 0, len(value)
    while pos < size:
        while pos < size and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < size and not value[pos].isspace():
            pos += 1
        url, descriptor = value[start:pos], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = value.find(",", pos)
            end = size if end == -1 else end
            descriptor, pos = value[pos:end].strip(), end
        if url:
            candidates.append((url, _size(descriptor)))
    return candidates


def _size(descriptor: str) -> float:
    match = DESCRIPTOR.match(descriptor.split()[0] if descriptor else "1x")
    if not match:
        return 0.0
    number, unit = float(match.group(1)), match.group(2)
    return number if unit == "w" else number / 1000
