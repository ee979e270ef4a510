"""Page bytes -> one parsed lxml tree, shared by every other extraction step."""

from __future__ import annotations

import re

import attrs
import lxml.etree
import lxml.html
from trafilatura.settings import DEFAULT_CONFIG
from w3lib.encoding import html_to_unicode

from archiver.extraction.result import Skipped
from archiver.extraction.textnorm import absolute_url

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
# trafilatura's own input limit; a larger page is not worth parsing.
MAX_BYTES = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
# Leading bytes of common binary formats served where a page was expected.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")

PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False
)


@attrs.frozen
class Page:
    url: str
    """The URL the page was fetched from."""
    base_url: str
    """URL that relative links resolve against (the <base href> if any)."""
    tree: lxml.html.HtmlElement
    """The parsed document; extraction steps read it and never change it."""
    markup: bytes
    """The decoded page re-encoded as UTF-8 (what `tree` was parsed from)."""


def load_page(body: bytes, url: str, content_type: str | None = None) -> Page | Skipped:
    skipped = _check_bytes(body, content_type)
    if skipped:
        return skipped
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_sniff_encoding)
    if len(CONTROL_CHARS.findall(text[:2048])) > 8:
        return Skipped(reason="not_html", detail="the body looks like binary data")
    markup = text.encode("utf-8", "surrogatepass")
    tree = _parse(markup)
    if tree is None:
        return Skipped(reason="unparseable", detail="lxml found no HTML document in the body")
    return Page(url=url, base_url=_base_url(tree, url), tree=tree, markup=markup)


def _check_bytes(body: bytes, content_type: str | None) -> Skipped | None:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return Skipped(reason="not_html", detail=f"content type {mime} is not HTML")
    if not body.strip():
        return Skipped(reason="empty_body", detail="the response body is empty")
    if len(body) > MAX_BYTES:
        return Skipped(reason="too_large", detail=f"{len(body)} bytes, above {MAX_BYTES}")
    if body.lstrip().startswith(BINARY_MAGIC):
        return Skipped(reason="not_html", detail="the body starts like a binary file")
    return None


def _sniff_encoding(body: bytes) -> str:
    """The encoding when neither header nor markup declares one."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        # Browsers read undeclared, non-UTF-8 pages as windows-1252 (the HTML spec's
        # fallback); w3lib's default would turn every accented letter into U+FFFD.
        return "cp1252"
    return "utf-8"


def _parse(markup: bytes) -> lxml.html.HtmlElement | None:
    # Bytes, not str: lxml refuses a str that carries an XML encoding declaration.
    # lxml's own limits apply: nesting deeper than 256 levels is cut off.
    try:
        return lxml.html.document_fromstring(markup, parser=PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None


def _base_url(tree: lxml.html.HtmlElement, url: str) -> str:
    for href in tree.xpath("//head/base/@href")[:1]:
        return absolute_url(href, url) or url
    return url
