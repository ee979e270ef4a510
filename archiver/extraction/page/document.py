"""Page bytes -> one parsed lxml tree, shared by every other extraction step."""

from __future__ import annotations

import re

import attrs
import lxml.etree
import lxml.html
from trafilatura.settings import DEFAULT_CONFIG
from w3lib.encoding import html_to_unicode, http_content_type_encoding

from archiver.extraction.result import Skipped
from archiver.extraction.textnorm import absolute_url

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
# trafilatura's own input limit; a larger page is not worth parsing.
MAX_BYTES = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
# Leading bytes of common binary formats served where a page was expected.
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
CONTROL_PREFIX = 2048  # characters read for control characters (binary data)
UTF8_BOM = "\ufeff".encode()
# Characters XML forbids: lxml parses them into text but refuses them when the text is
# set again (as drop_tree() does with tails), so they go before parsing. The C0 controls
# are single bytes in UTF-8, never part of a multi-byte sequence, so deleting them from
# the encoded page is exact, and 5x faster than a regular expression over the text.
NOT_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
NOT_XML_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF
NONCHARACTER_PREFIX = b"\xef\xbf"  # (the first two bytes of both)

PARSER = lxml.html.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False
)


def _html_class_lookup() -> lxml.etree.ElementNamespaceClassLookup:
    """The element classes of lxml.html's own lookup, found in C.

    lxml.html.HtmlElementClassLookup calls a Python method for every element that
    Python touches, here and in trafilatura's copies of the tree (about 1,400 calls a
    page). Tag-name classes (FormElement, InputElement, ...) from lxml's namespace
    registry, everything else HtmlElement, give the same classes without the callback.
    """
    lookup = lxml.etree.ElementNamespaceClassLookup(lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
    ))
    # (The HTML parser lower-cases tag names, as the Python lookup does before its look-up.)
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    return lookup


PARSER.set_element_class_lookup(_html_class_lookup())


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
    encoding: str = "utf-8"
    """The encoding the page was decoded from (a link's query is percent-encoded in it)."""


def load_page(body: bytes, url: str, content_type: str | None = None, *,
              any_type: bool = False) -> Page | Skipped:
    """The parsed page; with `any_type`, whatever its Content-Type says (a page the crawl
    recognised as HTML still gives its links: see not_html_type)."""
    skipped = (None if any_type else not_html_type(content_type)) or _check_bytes(body)
    if skipped:
        return skipped
    utf8 = _utf8_body(body, content_type)
    if utf8 is None:
        encoding, text = _decode_legacy(body, content_type)
        utf8 = text.encode("utf-8", "replace")
    else:
        encoding = "utf-8"
        # Its first 2,048 characters lie within its first 8,192 bytes; a character cut
        # at the end of those only drops what follows them.
        text = utf8[:4 * CONTROL_PREFIX].decode("utf-8", "ignore")
    if len(CONTROL_CHARS.findall(text[:CONTROL_PREFIX])) > 8:
        return Skipped(reason="not_html", detail="the body looks like binary data")
    markup = _xml_safe(utf8)
    tree = _parse(markup)
    if tree is None:
        return Skipped(reason="unparseable", detail="lxml found no HTML document in the body")
    return Page(url=url, base_url=_base_url(tree, url), tree=tree, markup=markup,
                encoding=encoding)


def _utf8_body(body: bytes, content_type: str | None) -> bytes | None:
    """The body without its byte order mark when it is read as UTF-8, else None.

    Without an encoding in the header, valid multi-byte UTF-8 is read as UTF-8: it is
    next to impossible in a legacy encoding, so a <meta> that says otherwise is stale
    (pages re-saved as UTF-8 keep it). The bytes are those that decoding and encoding
    the page again would give (valid UTF-8 holds no lone surrogates), without either.
    """
    if http_content_type_encoding(content_type) is None and _is_utf8(body):
        return body.removeprefix(UTF8_BOM)
    return None


def _xml_safe(markup: bytes) -> bytes:
    markup = markup.translate(None, NOT_XML_BYTES)
    if NONCHARACTER_PREFIX in markup:  # one search of the page instead of one for each
        for noncharacter in NOT_XML_NONCHARACTERS:
            markup = markup.replace(noncharacter, b"")
    return markup


def not_html_type(content_type: str | None) -> Skipped | None:
    """Why a page served as `content_type` is not extracted, if it is not."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return Skipped(reason="not_html", detail=f"content type {mime} is not HTML")
    return None


def _check_bytes(body: bytes) -> Skipped | None:
    if not body.strip():
        return Skipped(reason="empty_body", detail="the response body is empty")
    if len(body) > MAX_BYTES:
        return Skipped(reason="too_large", detail=f"{len(body)} bytes, above {MAX_BYTES}")
    if body.lstrip().startswith(BINARY_MAGIC):
        return Skipped(reason="not_html", detail="the body starts like a binary file")
    return None


def _decode_legacy(body: bytes, content_type: str | None) -> tuple[str, str]:
    """A body `_utf8_body` does not read, by its header's, BOM's or <meta>'s encoding:
    the encoding and the text."""
    return html_to_unicode(content_type, body, auto_detect_fun=_sniff_encoding)


def _is_utf8(body: bytes) -> bool:
    """Valid UTF-8 with multi-byte characters (not ASCII alone)."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sniff_encoding(body: bytes) -> str:
    """The encoding when neither header nor markup declares one."""
    # Browsers read undeclared, non-UTF-8 pages as windows-1252 (the HTML spec's
    # fallback); w3lib's default would turn every accented letter into U+FFFD.
    return "utf-8" if _is_utf8(body) or body.isascii() else "cp1252"


def _parse(markup: bytes) -> lxml.html.HtmlElement | None:
    # Bytes, not str: lxml refuses a str that carries an XML encoding declaration.
    # lxml's own limits apply: nesting deeper than 256 levels is cut off.
    try:
        root = lxml.html.document_fromstring(markup, parser=PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None
    _adopt_stray_roots(root)
    return root


def _adopt_stray_roots(root: lxml.html.HtmlElement) -> None:
    """Move what follows </html> back into the page.

    libxml2 puts content after </html> into further root-level <html> elements,
    where a search from the root finds it but the root's subtree does not hold it.
    """
    for stray in root.itersiblings():
        for child in list(stray):
            home = root.find(child.tag) if child.tag in ("head", "body") else None
            if child.tag in ("head", "body") and home is None:
                root.append(child)
            else:
                _body(root).extend(list(child) if home is not None else [child])


def _body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    body = root.find("body")
    return body if body is not None else root


def _base_url(tree: lxml.html.HtmlElement, url: str) -> str:
    for href in tree.xpath("//head/base/@href")[:1]:
        return absolute_url(href, url) or url
    return url
