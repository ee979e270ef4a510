"""Marks of pages that are no articles: forum threads, shop pages, documentation, and a
site's service pages (about, contact, staff, search, tag and category pages).

They are read from what the software that makes such pages leaves in its markup (forum
engines, shop systems, documentation generators) and from the kind of page the URL path
names, never from one site's layout. A forum thread and a product page with reviews have
dates and names on them: their markup says what they are before those are read as a
dateline and a byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.page.elements import document_elements

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

# Post containers of forum engines: phpBB (postbody, postprofile), vBulletin (postbit,
# postcontainer), SMF (post_wrapper), XenForo (message--post, bbWrapper), Discourse
# (topic-post), Invision (cPost), MyBB (post_body). A class holding one of the words
# FORUM_WORDS (case as written) and matching FORUM_CLASS.
FORUM_WORDS = ("post", "Post", "message", "bbWrapper", "thread")
FORUM_CLASS = re.compile(
    r"(^|\s)(postbody|postbit|postprofile|postcontainer|post_wrapper|post_body|message--post"
    r"|bbwrapper|topic-post|cpost|forumpost|forum-post|threadbit|messagetext)(\s|$)",
    re.IGNORECASE,
)
# Two posts make a thread; one such container alone may be a comment widget's.
MIN_FORUM_POSTS = 2
# A shop's buy control: a button, input or form (a link to the cart sits in every shop
# page's header, and in some news sites' too), by its class, id, name and action.
BUY_CONTROL_TAGS = ("button", "input", "form")
BUY_CONTROL = re.compile(
    r"add-?to-?(cart|basket|bag)|addtocart|add_to_cart|buy-?now|in-den-warenkorb"
    r"|ajouter-au-panier|/cart/add|/basket/add|/checkout",
    re.IGNORECASE,
)
PRICE = lxml.etree.XPath("//*[@itemprop='price' or @property='product:price:amount']")
# Documentation generators (<meta name="generator">) and their page containers.
DOCS_GENERATOR = re.compile(
    r"sphinx|mkdocs|docusaurus|gitbook|vuepress|vitepress|antora|doxygen|javadoc|docfx"
    r"|read the docs|jsdoc|mdbook|nextra|starlight",
    re.IGNORECASE,
)
DOCS_WORDS = ("content", "sidebar", "bd-", "markdown")
DOCS_CLASS = re.compile(
    r"(^|\s)(rst-content|sphinxsidebar|wy-nav-content|md-content|theme-doc-markdown"
    r"|docs-content|bd-article|markdown-section)(\s|$)",
    re.IGNORECASE,
)
# (These marks were XPaths over the whole page, `//*[contains(@class, 'post') or ...]
# [re:test(@class, FORUM_CLASS, 'i')]` and the like: tested in Python, element by element,
# with the same patterns (lxml's re:test is re.search, re.IGNORECASE for "i"), they stop
# at what is asked (two posts, one buy control, one docs container) and spare a call from
# libxml2 into Python for each class: 0.9 ms a real page.)
# URL path segments (extension dropped) that name a kind of page other than an article.
SITE_KIND_SEGMENTS = {
    "forum": frozenset({"forum", "forums", "threads", "thread", "showthread", "viewtopic"}),
    "shop": frozenset({"shop", "product", "products", "produkt", "produkte",
                       "cart", "checkout", "warenkorb", "basket"}),
    "documentation": frozenset({"docs", "documentation", "manual", "apidocs"}),
}
SERVICE_SEGMENTS = frozenset({
    "about", "about-us", "aboutus", "ueber-uns", "uber-uns", "a-propos", "quienes-somos",
    "contact", "contact-us", "kontakt", "contacto", "impressum", "imprint", "legal",
    "privacy", "privacy-policy", "datenschutz", "terms", "terms-of-service", "agb",
    "team", "staff", "our-team", "careers", "jobs", "karriere", "services", "leistungen",
    "pricing", "preise", "faq", "faqs", "help", "support", "login", "signin", "register",
    "account", "search", "suche", "recherche", "category", "categories", "kategorie", "tag",
    "tags", "sitemap",
})


def non_article_markup(context: PageContext) -> str | None:
    """What the markup shows the page to be ("a forum thread"), if not an article."""
    tree = context.tree
    if _count(_page_classes(tree, FORUM_WORDS, FORUM_CLASS), MIN_FORUM_POSTS) >= MIN_FORUM_POSTS:
        return "a forum thread (forum post markup)"
    if _count(_buy_controls(tree), 1) and PRICE(tree):
        return "a product page (a price and a buy button)"
    generator = context.data.first_meta("generator") or ""
    if DOCS_GENERATOR.search(generator) or _count(_page_classes(tree, DOCS_WORDS, DOCS_CLASS), 1):
        return "a documentation page (documentation generator markup)"
    kind = _url_kind(context.url, SITE_KIND_SEGMENTS)
    return f"a {kind} page (its URL path)" if kind else None


def _page_classes(tree: HtmlElement, words: tuple[str, ...],
                  pattern: re.Pattern[str]) -> Iterator[HtmlElement]:
    """The elements whose class holds one of `words` and matches `pattern`."""
    for element in document_elements(tree):
        classes = element.get("class")
        if classes is not None and any(word in classes for word in words) and pattern.search(
                classes):
            yield element


def _buy_controls(tree: HtmlElement) -> Iterator[HtmlElement]:
    for element in document_elements(tree, *BUY_CONTROL_TAGS):
        marks = " ".join(element.get(name) or "" for name in ("class", "id", "name", "action"))
        if BUY_CONTROL.search(marks):
            yield element


def _count(elements: Iterator[HtmlElement], enough: int) -> int:
    """How many `elements` there are, counted up to `enough`."""
    return sum(1 for _ in islice(elements, enough))


def service_url(url: str) -> str | None:
    """The service page the URL path names ("about"), if any."""
    for segment in _segments(url):
        if segment in SERVICE_SEGMENTS:
            return segment
    return None


def _url_kind(url: str, kinds: dict[str, frozenset[str]]) -> str | None:
    segments = set(_segments(url))
    return next((kind for kind, names in kinds.items() if segments & names), None)


def _segments(url: str) -> list[str]:
    path = unquote(urlsplit(url).path).lower()
    return [segment.rsplit(".", 1)[0] for segment in path.split("/") if segment]
