"""The truth about each corpus page, as written by hand in tests/quality/articles/*.toml.

A page's TOML file says what a careful reader sees on the page: its headline,
byline and who signed it, dates, figures with caption and credit, and the body.
The family templates render the page from it and `expected()` turns the same
data into the page's expected record, so page and annotation cannot drift apart.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import attrs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parent
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@attrs.frozen
class Site:
    key: str
    family: str
    name: str
    origin: str
    """Scheme and host, e.g. "https://harbourledger.example"."""
    lang: str
    """The <html lang> the templates print ("" for none)."""
    title_format: str = "{title} | {site}"
    site_name: str | None = None
    """The site name a reader sees; None where the page names no site."""
    extra: dict[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Person:
    name: str
    url: str | None = None
    type: str = "person"


@attrs.frozen
class Figure:
    file: str
    """Path of the image file without its size suffix, e.g. "/uploads/2024/03/quay.jpg"."""
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    """The credit line as printed, without the brackets around it."""
    printed: str = "{credit}"
    """How the credit is printed: "({credit})", "[{credit}]", "{credit}"."""
    creator: str | None = None
    source: str | None = None
    license: dict[str, str | None] | None = None
    widths: tuple[int, ...] = (640, 1024, 1600)
    after: int = 0
    """Where it stands: 0 = lead image above the body, N = after body block N."""
    lazy: bool = False
    credit_markup: str = "span"
    """"span" (its own element), "inline" (text inside the caption), "hidden" (structured
    data only), "none" (no credit anywhere)."""
    structured: bool = True
    """Whether the structured data (JSON-LD/microdata) describes this image."""
    bare: bool = False
    """An <img> in a body paragraph, with no figure or caption around it."""


@attrs.frozen
class Entry:
    """One update of a live blog."""

    time: str
    text: str
    title: str | None = None
    author: str | None = None


@attrs.frozen
class Article:
    name: str
    site: Site
    path: str
    kind: str
    """"article", or the kind of non-article: section_front, tag_page, search, video,
    error, paywall."""
    title: str
    patterns: tuple[str, ...]
    subtitle: str | None = None
    description: str | None = None
    seo_title: str | None = None
    structured_headline: str | None = None
    authors: tuple[Person, ...] = ()
    byline: str | None = None
    """The byline as printed (HTML); None: the family prints one from `authors`."""
    structured_authors: tuple[Any, ...] | None = None
    """Author values as the CMS writes them into structured data, when they differ."""
    meta_author: str | None = None
    published: str | None = None
    modified: str | None = None
    published_shown: str | None = None
    """The date as printed on the page, when the family prints no <time datetime>."""
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    figures: tuple[Figure, ...] = ()
    body: str = ""
    entries: tuple[Entry, ...] = ()
    options: dict[str, Any] = attrs.field(factory=dict)
    """Per-page template switches (e.g. "related": true, "comments": 3)."""

    @property
    def url(self) -> str:
        return self.site.origin + self.path

    def option(self, key: str, default: Any = None) -> Any:
        return self.options.get(key, self.site.extra.get(key, default))


def load_sites() -> dict[str, Site]:
    data = tomllib.loads((HERE / "sites.toml").read_text("utf-8"))
    sites = {}
    for key, values in data.items():
        known = {f.name for f in attrs.fields(Site)} - {"key", "extra"}
        extra = {k: v for k, v in values.items() if k not in known}
        fields = {k: v for k, v in values.items() if k in known}
        sites[key] = Site(key=key, extra=extra, **fields)
    return sites


def load_articles() -> list[Article]:
    sites = load_sites()
    return [load_article(path, sites) for path in sorted((HERE / "articles").glob("*.toml"))]


def load_article(path: Path, sites: dict[str, Site]) -> Article:
    data = tomllib.loads(path.read_text("utf-8"))
    site = sites[data.pop("site")]
    return Article(
        name=path.stem,
        site=site,
        kind=data.pop("kind", "article"),
        patterns=tuple(data.pop("patterns", ())),
        authors=tuple(Person(**a) for a in data.pop("authors", ())),
        figures=tuple(_figure(f) for f in data.pop("figures", ())),
        entries=tuple(Entry(**e) for e in data.pop("entries", ())),
        tags=tuple(data.pop("tags", ())),
        structured_authors=_tuple_or_none(data.pop("structured_authors", None)),
        **data,
    )


def _figure(values: dict[str, Any]) -> Figure:
    if "widths" in values:
        values = {**values, "widths": tuple(values["widths"])}
    return Figure(**values)


def _tuple_or_none(value: Any) -> tuple[Any, ...] | None:
    return None if value is None else tuple(value)


# --- the body: a small Markdown subset --------------------------------------------


@attrs.frozen
class Block:
    kind: str
    """"p", "h2", "h3", "ul", "ol", "quote", "table"."""
    items: tuple[str, ...]
    """One item for p/h2/h3/quote; list items; table rows with cells split by " | "."""


def parse_body(body: str) -> list[Block]:
    """Paragraphs separated by blank lines; "## ", "- ", "1. ", "> ", "| " start other blocks."""
    blocks = []
    if not body.strip():
        return blocks
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        blocks.append(_block(lines))
    return blocks


def _block(lines: list[str]) -> Block:
    first = lines[0]
    if first.startswith("### "):
        return Block("h3", (first[4:],))
    if first.startswith("## "):
        return Block("h2", (first[3:],))
    if first.startswith("- "):
        return Block("ul", tuple(line[2:] for line in lines))
    if re.match(r"^\d+\. ", first):
        return Block("ol", tuple(line.split(". ", 1)[1] for line in lines))
    if first.startswith("> "):
        return Block("quote", (" ".join(line[2:] for line in lines),))
    if first.startswith("|"):
        return Block("table", tuple(line.strip("| ") for line in lines))
    return Block("p", (" ".join(lines),))


def plain(text: str) -> str:
    """Text as read: "[words](url)" -> "words"."""
    return LINK.sub(r"\1", text)


def body_text(blocks: list[Block]) -> str:
    """What a reader reads as the body: one paragraph per block, list item or table row."""
    lines = []
    for block in blocks:
        for item in block.items:
            lines.append(plain(item))
    return "\n\n".join(lines)


def body_markdown(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        items = [plain(item) for item in block.items]
        if block.kind in ("h2", "h3"):
            parts.append("#" * int(block.kind[1]) + " " + items[0])
        elif block.kind == "ul":
            parts.append("\n".join(f"- {item}" for item in items))
        elif block.kind == "ol":
            parts.append("\n".join(f"{i}. {item}" for i, item in enumerate(items, 1)))
        elif block.kind == "quote":
            parts.append(f"> {items[0]}")
        elif block.kind == "table":
            rows = [f"| {row} |" for row in items]
            separator = "|" + "---|" * (items[0].count(" | ") + 1)
            parts.append("\n".join([rows[0], separator, *rows[1:]]))
        else:
            parts.append(items[0])
    return "\n\n".join(parts)
