"""Page requisites: what a browser would fetch to show an HTML page or apply a stylesheet.

From a page: `img` `src`, `srcset` and `<picture><source srcset>` (of a
srcset, the candidate a browser picks at a default viewport and the largest),
lazy-loading `data-src` / `data-srcset` / `data-lazy-src`, images in
`<noscript>` fallbacks (lxml parses their content as elements), stylesheets,
icons and `rel=preload` links, `script src`, `video` / `audio` posters and
sources, `og:image`, and `url(...)` in `<style>` elements and `style`
attributes. From a stylesheet (tinycss2's tokenizer): `@import` (a stylesheet),
`url(...)` in `@font-face` (a font) and elsewhere (images, unless the URL's
extension says font or stylesheet), and the strings of `image-set()`.

Only http(s) URLs are kept (`data:`, `javascript:`, `blob:` and the like are
not fetched); each URL once, first type wins. What cannot be read (a malformed
srcset candidate, a CSS parse error) is skipped with a reason in `skipped`.
No Scrapy here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import attrs
import tinycss2
from w3lib.encoding import http_content_type_encoding

from archiver import meta

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from scrapy.http import Response

IMAGE, CSS, FONT, SCRIPT, MEDIA = "image", "css", "font", "script", "media"
TYPES = (IMAGE, CSS, FONT, SCRIPT, MEDIA)
# The viewport a browser picks srcset candidates for (CSS pixels, device pixel ratio 1).
DEFAULT_VIEWPORT_WIDTH = 1280
_FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf", ".eot")
_ICON_RELS = frozenset({"icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
                        "mask-icon"})
_PRELOAD_AS = {"image": IMAGE, "style": CSS, "font": FONT, "script": SCRIPT}
_DESCRIPTOR = re.compile(r"^(\d+)w$|^(\d+(?:\.\d+)?|\.\d+)x$|^(\d+)h$")
_IMAGE_SET = frozenset({"image-set", "-webkit-image-set"})


@attrs.frozen
class Requisite:
    url: str
    type: str
    """"image", "css", "font", "script" or "media"."""


@attrs.define
class Found:
    """Requisites in document order, and what was skipped, as (reason, detail)."""

    requisites: list[Requisite] = attrs.Factory(list)
    skipped: list[tuple[str, str]] = attrs.Factory(list)
    _seen: set[str] = attrs.Factory(set)

    def add(self, base: str, raw: str | None, kind: str) -> None:
        url = _absolute(base, raw)
        if url is not None and url not in self._seen:
            self._seen.add(url)
            self.requisites.append(Requisite(url, kind))

    def skip(self, reason: str, detail: str) -> None:
        self.skipped.append((reason, detail[:200]))

    def counted(self, skip: Callable[[str, str], None]) -> list[Requisite]:
        """The requisites, each skip handed to `skip(reason, detail)` (to count and log)."""
        for reason, detail in self.skipped:
            skip(reason, detail)
        return list(self.requisites)


def _absolute(base: str, raw: str | None) -> str | None:
    """The http(s) URL `raw` names from `base`, fragment dropped; None for data: and the like."""
    raw = (raw or "").strip()
    if not raw or raw.startswith("#"):
        return None
    try:
        url = urljoin(base, raw)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url.split("#", 1)[0]


# --- HTML -----------------------------------------------------------------------


def page_requisites(root: HtmlElement, url: str) -> Found:
    """The requisites of the page parsed as `root` (lxml.html), fetched from `url`: the
    extraction worker reads them from the tree it parsed for the article
    (archiver.extraction.analysis)."""
    base = _base(root, url)
    found = Found()
    for link in root.iter("link"):
        _link(found, base, link)
    for element in root.iter("img", "source", "video", "audio", "track", "input", "script",
                             "embed", "object", "iframe"):
        _element(found, base, element)
    for tag in root.iter("meta"):
        if (tag.get("property") or tag.get("name") or "").lower() in (
                "og:image", "og:image:url", "og:image:secure_url"):
            found.add(base, tag.get("content"), IMAGE)
    for style in root.iter("style"):
        _stylesheet_text(found, base, style.text or "", f"<style> of {url}")
    for element in root.xpath("//*[@style]"):
        _declarations(found, base, element.get("style") or "")
    return found


def _base(root: HtmlElement, url: str) -> str:
    for base in root.iter("base"):
        href = _absolute(url, base.get("href"))
        if href is not None:
            return href
    return url


def _link(found: Found, base: str, link: HtmlElement) -> None:
    rels = set((link.get("rel") or "").lower().split())
    href = link.get("href")
    if "stylesheet" in rels:
        found.add(base, href, CSS)
    elif rels & _ICON_RELS:
        found.add(base, href, IMAGE)
    elif "preload" in rels and (link.get("as") or "").lower() in _PRELOAD_AS:
        found.add(base, href, _PRELOAD_AS[(link.get("as") or "").lower()])
        if link.get("imagesrcset"):
            _srcset(found, base, link.get("imagesrcset"))


def _element(found: Found, base: str, element: HtmlElement) -> None:
    tag = element.tag
    if tag == "script":
        found.add(base, element.get("src"), SCRIPT)
        return
    if tag in ("video", "audio"):
        found.add(base, element.get("poster"), IMAGE)
    parent = element.getparent()
    media = tag in ("video", "audio", "track") or (
        tag == "source" and parent is not None and parent.tag in ("video", "audio"))
    if media:
        found.add(base, element.get("src"), MEDIA)
        return
    if tag == "input" and (element.get("type") or "").lower() != "image":
        return
    if tag in ("embed", "object", "iframe"):
        return  # documents of their own, not requisites here
    for name in ("src", "data-src", "data-lazy-src", "data-original"):
        found.add(base, element.get(name), IMAGE)
    for name in ("srcset", "data-srcset", "data-lazy-srcset"):
        if element.get(name):
            _srcset(found, base, element.get(name))


# --- srcset -----------------------------------------------------------------------


@attrs.frozen
class Candidate:
    url: str
    width: int | None = None
    density: float | None = None


def parse_srcset(value: str) -> tuple[list[Candidate], list[str]]:
    """The candidates of a srcset attribute (the HTML standard's parsing, simplified:
    descriptors end at a comma), and the candidates that could not be read."""
    candidates, bad = [], []
    for url, descriptors in _srcset_parts(value):
        width = density = None
        ok = True
        for descriptor in descriptors:
            match = _DESCRIPTOR.match(descriptor)
            if match is None or (match.group(1) and width is not None) or (
                    match.group(2) and density is not None):
                ok = False
                break
            if match.group(1):
                width = int(match.group(1))
            elif match.group(2):
                density = float(match.group(2))
        if not ok or (width is not None and density is not None) or width == 0:
            bad.append(f"{url} {' '.join(descriptors)}".strip())
            continue
        candidates.append(Candidate(url, width, density))
    return candidates, bad


def _srcset_parts(value: str) -> Iterator[tuple[str, list[str]]]:
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if not url:
            return
        if url.endswith(","):
            yield url.rstrip(","), []
            continue
        start = position
        depth = 0
        while position < length and (value[position] != "," or depth):
            depth += {"(": 1, ")": -1}.get(value[position], 0)
            position += 1
        yield url, value[start:position].split()


def chosen(candidates: list[Candidate], width: int = DEFAULT_VIEWPORT_WIDTH) -> list[str]:
    """The candidate a browser picks for a full-width image at `width` CSS pixels and
    density 1 (the smallest that covers it, else the largest), and the largest."""
    if not candidates:
        return []
    def size(c: Candidate) -> float:
        return c.width if c.width is not None else (c.density or 1.0) * width
    by_size = sorted(candidates, key=size)
    pick = next((c for c in by_size if size(c) >= width), by_size[-1])
    return list(dict.fromkeys([pick.url, by_size[-1].url]))


def _srcset(found: Found, base: str, value: str) -> None:
    candidates, bad = parse_srcset(value)
    for detail in bad:
        found.skip("bad_srcset", detail)
    for url in chosen(candidates):
        found.add(base, url, IMAGE)


# --- CSS --------------------------------------------------------------------------


def stylesheet_of(response: Response, depth: int, max_depth: int) -> Found:
    """The requisites of a requisite's response if it is a stylesheet (by its Content-Type,
    or by how it was linked when it has none), found `depth` stylesheets deep: none past
    `max_depth` (a chain of generated @import URLs ends there; a loop ends sooner, as
    each URL is fetched once a run)."""
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    linked_as = response.meta.get(meta.EMBED, "")
    if response.status != 200 or "css" not in (content_type or linked_as).lower():
        return Found()
    if depth > max_depth:
        return Found(skipped=[("css_too_deep", f"{response.url} ({depth} stylesheets deep)")])
    return stylesheet_requisites(response.body, response.url,
                                 http_content_type_encoding(content_type))


def stylesheet_requisites(body: bytes, url: str, encoding: str | None = None) -> Found:
    """The requisites of a stylesheet fetched from `url` (`encoding`: its Content-Type's
    charset; @charset and a BOM are honoured as browsers do)."""
    found = Found()
    try:
        rules, _encoding = tinycss2.parse_stylesheet_bytes(
            body, protocol_encoding=encoding, skip_comments=True, skip_whitespace=True)
    except (LookupError, ValueError) as error:
        found.skip("bad_css", f"{url}: {error}")
        return found
    _rules(found, url, rules, url)
    return found


def _stylesheet_text(found: Found, base: str, text: str, where: str) -> None:
    if not _may_name_urls(text):
        return
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    _rules(found, base, rules, where)


def _declarations(found: Found, base: str, text: str) -> None:
    if not _may_name_urls(text):
        return
    for token in _urls(tinycss2.parse_blocks_contents(text, skip_comments=True)):
        found.add(base, token, _by_extension(token, IMAGE))


def _may_name_urls(css: str) -> bool:
    """Whether a page's inline CSS (a <style> element, a style attribute) may name a URL: a
    url(), an @import or an image-set(). Most inline CSS names none, and tokenizing it
    (tinycss2 is pure Python) was most of the cost of a page's requisites (72 % on real
    news pages); such CSS is not tokenized, and its syntax errors go unreported. A function
    name spelt with CSS escapes (u\\72l()) is not looked for."""
    lowered = css.lower()
    return "url(" in lowered or "@import" in lowered or "image-set(" in lowered


def _rules(found: Found, base: str, rules: Iterable[object], where: str) -> None:
    for rule in rules:
        kind = getattr(rule, "type", "")
        if kind == "error":
            found.skip("bad_css", f"{where}: {rule.message}")  # type: ignore[attr-defined]
            continue
        if kind == "at-rule" and rule.lower_at_keyword == "import":  # type: ignore[attr-defined]
            for url in _import_url(rule.prelude):  # type: ignore[attr-defined]
                found.add(base, url, CSS)
            continue
        font = kind == "at-rule" and rule.lower_at_keyword == "font-face"  # type: ignore
        nodes = [*(getattr(rule, "prelude", None) or []), *(getattr(rule, "content", None) or [])]
        for url in _urls(nodes):
            found.add(base, url, FONT if font else _by_extension(url, IMAGE))


def _import_url(prelude: list[object]) -> Iterator[str]:
    for token in prelude:
        kind = getattr(token, "type", "")
        if kind in ("url", "string"):
            yield token.value  # type: ignore[attr-defined]
            return
        if kind == "function" and token.lower_name == "url":  # type: ignore[attr-defined]
            yield from _strings(token.arguments)  # type: ignore[attr-defined]
            return
        if kind != "whitespace":
            return


def _urls(nodes: Iterable[object]) -> Iterator[str]:
    """url(...) tokens, url("...") functions and image-set() strings, at any depth."""
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "url":
            yield node.value  # type: ignore[attr-defined]
        elif kind == "function":
            name = node.lower_name  # type: ignore[attr-defined]
            if name == "url" or name in _IMAGE_SET:
                yield from _strings(node.arguments)  # type: ignore[attr-defined]
            yield from _urls(node.arguments)  # type: ignore[attr-defined]
        elif kind in ("() block", "[] block", "{} block", "declaration", "qualified-rule",
                      "at-rule"):
            for part in ("content", "value", "prelude"):
                yield from _urls(getattr(node, part, None) or [])


def _strings(arguments: Iterable[object]) -> Iterator[str]:
    for token in arguments:
        if getattr(token, "type", "") == "string":
            yield token.value  # type: ignore[attr-defined]


def _by_extension(url: str, default: str) -> str:
    path = urlsplit(url).path.lower()
    if path.endswith(_FONT_EXTENSIONS):
        return FONT
    if path.endswith(".css"):
        return CSS
    return default
