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
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import lxml.etree

from archiver.extraction.page.region import REGEXP_NS

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

# Post containers of forum engines: phpBB (postbody, postprofile), vBulletin (postbit,
# postcontainer), SMF (post_wrapper), XenForo (message--post, bbWrapper), Discourse
# (topic-post), Invision (cPost), MyBB (post_body).
# (The contains() predicates run in C and leave re:test, a Python callback, few elements.)
FORUM_POSTS = lxml.etree.XPath(
    "//*[contains(@class, 'post') or contains(@class, 'Post') or contains(@class, 'message')"
    " or contains(@class, 'bbWrapper') or contains(@class, 'thread')]"
    "[re:test(@class, '(^|\\s)(postbody|postbit|postprofile|postcontainer"
    "|post_wrapper|post_body|message--post|bbwrapper|topic-post|cpost|forumpost|forum-post"
    "|threadbit|messagetext)(\\s|$)', 'i')]",
    namespaces=REGEXP_NS,
)
# Two posts make a thread; one such container alone may be a comment widget's.
MIN_FORUM_POSTS = 2
# A shop's buy control: a button, input or form (a link to the cart sits in every shop
# page's header, and in some news sites' too).
BUY_CONTROLS = lxml.etree.XPath(
    "//*[(self::button or self::input or self::form)"
    " and re:test(concat(@class, ' ', @id, ' ', @name, ' ', @action),"
    " 'add-?to-?(cart|basket|bag)|addtocart|add_to_cart|buy-?now|in-den-warenkorb"
    "|ajouter-au-panier|/cart/add|/basket/add|/checkout', 'i')]",
    namespaces=REGEXP_NS,
)
PRICE = lxml.etree.XPath("//*[@itemprop='price' or @property='product:price:amount']")
# Documentation generators (<meta name="generator">) and their page containers.
DOCS_GENERATOR = re.compile(
    r"sphinx|mkdocs|docusaurus|gitbook|vuepress|vitepress|antora|doxygen|javadoc|docfx"
    r"|read the docs|jsdoc|mdbook|nextra|starlight",
    re.IGNORECASE,
)
DOCS_CONTAINER = lxml.etree.XPath(
    "//*[contains(@class, 'content') or contains(@class, 'sidebar') or contains(@class, 'bd-')"
    " or contains(@class, 'markdown')]"
    "[re:test(@class, '(^|\\s)(rst-content|sphinxsidebar|wy-nav-content|md-content"
    "|theme-doc-markdown|docs-content|bd-article|markdown-section)(\\s|$)', 'i')]",
    namespaces=REGEXP_NS,
)
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
    if len(FORUM_POSTS(tree)) >= MIN_FORUM_POSTS:
        return "a forum thread (forum post markup)"
    if BUY_CONTROLS(tree) and PRICE(tree):
        return "a product page (a price and a buy button)"
    generator = context.data.first_meta("generator") or ""
    if DOCS_GENERATOR.search(generator) or DOCS_CONTAINER(tree):
        return "a documentation page (documentation generator markup)"
    kind = _url_kind(context.url, SITE_KIND_SEGMENTS)
    return f"a {kind} page (its URL path)" if kind else None


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
