"""Structured data -> one normalized view: schema.org nodes and <meta> values.

JSON-LD, microdata and RDFa come through extruct and are normalized to JSON-LD
shaped dicts with short type and property names ("NewsArticle", "headline").
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import attrs
import lxml.etree
from extruct import JsonLdExtractor, MicrodataExtractor, RDFaExtractor

from archiver.extraction.page.document import Page
from archiver.extraction.page.rdfa_tree import rdfa_tree
from archiver.extraction.textnorm import clean

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle",
    "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "Report", "TechArticle",
    "ScholarlyArticle", "SatiricalArticle", "AdvertiserContentArticle",
})
SCHEMA_IRI = re.compile(r"^https?://schema\.org/", re.IGNORECASE)
JSONLD_SCRIPTS = lxml.etree.XPath('//script[@type="application/ld+json"]')
# RDFa needs a second parse (pyRdfa wants extruct's DOM-like tree): only where
# the page declares schema.org RDFa at all.
SCHEMA_RDFA = lxml.etree.XPath(
    # ("/descendant::*", the nodes of "//*": libxml2 evaluates it faster.)
    '/descendant::*[@typeof'
    ' and (contains(@vocab, "schema.org") or starts-with(@typeof, "schema:"))]'
)
MAX_DEPTH = 4
MICRODATA_ATTRIBUTE = b"itemscope"

Node = dict[str, Any]


@attrs.frozen
class Structured:
    nodes: list[Node]
    """Every schema.org node of the page, @graph flattened, in page order."""
    article: Node
    """The Article-family node with @id references resolved, or {}."""
    meta: dict[str, list[str]]
    """<meta> contents by lower-cased name or property, in page order."""

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if clean(value):
                    return clean(value)
        return None

    def of_type(self, *types: str) -> list[Node]:
        return [node for node in self.nodes if types_of(node) & set(types)]


def read_structured(page: Page) -> Structured:
    nodes = list(_flatten(_json_ld(page) + _microdata(page) + _rdfa(page)))
    index = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    return Structured(nodes=nodes, article=_article(nodes, index), meta=_meta(page))


def types_of(node: object) -> set[str]:
    if not isinstance(node, dict):
        return set()
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {SCHEMA_IRI.sub("", v) for v in values if isinstance(v, str)}


def texts(value: object) -> list[str]:
    """The strings a property holds: plain, in a list, or as a node's name."""
    if isinstance(value, list):
        return [text for item in value for text in texts(item)]
    if isinstance(value, dict):
        for key in ("name", "@value", "text"):
            if key in value:
                return texts(value[key])
        return []
    text = clean(value if isinstance(value, str) else None)
    return [text] if text else []


def first_text(value: object) -> str | None:
    return next(iter(texts(value)), None)


def as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _json_ld(page: Page) -> list[Any]:
    extractor = JsonLdExtractor()
    items: list[Any] = []
    for script in JSONLD_SCRIPTS(page.tree):
        # One script at a time: extruct fails the whole syntax on one broken script.
        try:
            items.extend(extractor.extract_items(script))
        except (ValueError, RecursionError):
            logger.debug("Invalid JSON-LD script on %s", page.url)
    return items


def _microdata(page: Page) -> list[Any]:
    # extruct reads items only from elements with an itemscope attribute, which it finds
    # by two walks over the whole tree: 0.7 ms a real page, and two pages in three have
    # none. Searching the markup for the attribute's name (case-insensitive in HTML) costs
    # a seventh of that.
    if MICRODATA_ATTRIBUTE not in page.markup.lower():
        return []
    try:
        items = MicrodataExtractor().extract_items(page.tree, base_url=page.base_url)
    except ValueError:  # urljoin on a malformed itemprop URL ("http://[x")
        logger.debug("Invalid microdata on %s", page.url, exc_info=True)
        return []
    return [_from_microdata(item) for item in items]


def _from_microdata(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_microdata(item) for item in value]
    if not isinstance(value, dict) or "properties" not in value:
        return value
    node = {key: _from_microdata(item) for key, item in value["properties"].items()}
    node["@type"] = value.get("type")
    return node


def _rdfa(page: Page) -> list[Any]:
    if not SCHEMA_RDFA(page.tree):
        return []
    # pyRdfa and rdflib raise a wide range of errors on odd markup; RDFa is a
    # minor source, so any failure of theirs only drops it.
    try:
        tree = rdfa_tree(page.markup)  # extruct's DOM-like tree, without what has no RDFa
        items = RDFaExtractor().extract_items(tree, base_url=page.base_url)
    except Exception:
        logger.debug("RDFa extraction failed on %s", page.url, exc_info=True)
        return []
    return _in_stable_order([_from_rdfa(item) for item in items])


def _from_rdfa(value: Any) -> Any:
    """Expanded JSON-LD (full IRIs, @value wrappers, lists) -> compact values."""
    if isinstance(value, list):
        items = _in_stable_order([_from_rdfa(item) for item in value])
        return items[0] if len(items) == 1 else items
    if not isinstance(value, dict):
        return value
    if "@value" in value:
        return value["@value"]
    return {SCHEMA_IRI.sub("", key): _from_rdfa(item) for key, item in value.items()}


def _in_stable_order(values: list[Any]) -> list[Any]:
    """RDFa's items and a property's values in an order of their own.

    rdflib's graph keeps no page order, and the order extruct serializes it in
    follows Python's string hashing, which changes from process to process: a page
    with two RDFa publication dates gave either, run to run (so its record changed
    between crawls of an unchanged page). Sorted by their JSON text, they come the
    same every time.
    """
    return sorted(values, key=lambda value: json.dumps(value, sort_keys=True, default=str))


def _flatten(items: list[Any]) -> Iterator[Node]:
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        elif isinstance(item, dict):
            if "@type" in item:
                yield item
            yield from _flatten(as_list(item.get("@graph")))


def _article(nodes: list[Node], index: dict[str, Node]) -> Node:
    for node in nodes:
        if types_of(node) & ARTICLE_TYPES:
            return _resolve(node, index, MAX_DEPTH)
        main = node.get("mainEntity")
        if isinstance(main, dict) and types_of(index.get(main.get("@id"), main)) & ARTICLE_TYPES:
            return _resolve(main, index, MAX_DEPTH)
    return {}


def _resolve(value: Any, index: dict[str, Node], depth: int) -> Any:
    """`value` with {"@id": ...} references replaced by the nodes they name."""
    if depth == 0:
        return value
    if isinstance(value, list):
        return [_resolve(item, index, depth - 1) for item in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"@id"} and value["@id"] in index:
        value = index[value["@id"]]
    return {key: _resolve(item, index, depth - 1) for key, item in value.items()}


def _meta(page: Page) -> dict[str, list[str]]:
    # All <meta> elements, not only those in <head> as extruct's OpenGraph
    # extractor reads: lxml moves metas that follow stray body content into <body>.
    meta: dict[str, list[str]] = {}
    for element in page.tree.iter("meta"):
        keys = element.get("property") or element.get("name")
        content = element.get("content")
        if keys and content is not None:
            # RDFa's property holds a list: property="og:title twitter:title".
            for key in keys.lower().split():
                meta.setdefault(key, []).append(content)
    return meta
