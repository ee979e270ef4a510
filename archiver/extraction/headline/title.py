"""The headline as the page displays it, and the standfirst under it.

The rule:
1. The headline is the page's heading that the metadata names (JSON-LD headline, og:title,
   twitter:title, Dublin Core or Parse.ly title, or <title>, maybe with a site name around
   it): an <h1>, else an <h2> (blogs whose <h1> is the blog's name). Headings that are
   the site's logo or name (a link home, "branding", "site-title", "logo") never are.
2. Its text is what it displays as the headline: a kicker set in an element of its own
   inside the heading ("Klimaschutz", a "dachzeile"), and text hidden from view, are the
   section label, not part of the headline, and are left out.
3. A page with one content <h1> that the metadata does not name displays that <h1>.
4. Without such a heading, the metadata title, with a site name removed from its start or
   end: the part that is the declared site name, or that names the site's domain
   ("| ZEIT ONLINE" on zeit.de, "- La Stampa" on lastampa.it). Other parts stay.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import attrs
import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.headline.standfirst import standfirst_element
from archiver.extraction.page.structured import Structured, first_text
from archiver.extraction.textnorm import clean, element_text, fold

# " | Site", " - Site", " – Site" ...: separators between a title and a site name.
SEPARATOR = re.compile(r"\s+[|\-–—·•»:~]\s+")
OUTSIDE = lxml.etree.XPath("ancestor::*[self::header or self::nav or self::footer or self::aside]")
# The site's logo or name set as a heading.
BRANDING = re.compile(r"logo|brand|site-?title|site-?name|masthead|blog-?title|site-?header",
                      re.IGNORECASE)
# Children of a heading that are not its headline: kickers, and text hidden from view.
NOT_HEADLINE = re.compile(
    r"kicker|dachzeile|overline|topline|roofline|eyebrow|supertitle|visually-?hidden"
    r"|sr-only|screen-reader|assistive|hidden", re.IGNORECASE)
INLINE_TAGS = frozenset({"a", "span", "em", "i", "b", "strong", "small", "mark", "q", "abbr",
                         "cite", "code", "sup", "sub", "u", "s", "time", "font"})
# A domain label shorter than this says too little to recognise a site name by.
MIN_DOMAIN_LABEL = 3
# Paragraph text an article <header> holds at most; more and it is wrapping the body.
MAX_HEADER_CHARS = 800


@attrs.frozen
class Headline:
    title: str | None
    subtitle: str | None
    h1: HtmlElement | None
    """The headline element, if the page has one that is the article's."""
    h1_matches: bool
    """True when the h1 is the headline that og:title or the structured data name."""
    standfirst: HtmlElement | None
    """The standfirst displayed under the headline, if the page has one."""
    elements: list[HtmlElement]
    """The headline (or the <header> around it: kicker, byline, dateline), kept out of the
    body. A standfirst displayed under the headline is part of the article's text and stays
    in the body, where it is also the `subtitle`."""


def read_headline(tree: HtmlElement, data: Structured, site_name: str | None,
                  url: str = "") -> Headline:
    named = _named_titles(tree, data)
    h1 = _headline_element(tree, named + [strip_site_name(t, site_name, url) or t for t in named])
    h1_text = headline_text(h1)
    if not _matches(h1_text, named) and not _templated(tree, site_name, url):
        title = _metadata_title(tree, data, site_name, url) or h1_text
    else:
        title = h1_text or _metadata_title(tree, data, site_name, url)
    subtitle_element = standfirst_element(h1, title) if h1 is not None else None
    # <title> repeats the h1 on every page of most sites: only article metadata counts here.
    declared = [t for t in named if t != element_text(tree.find(".//title"))]
    return Headline(
        title=title,
        subtitle=first_text(data.article.get("alternativeHeadline"))
        or element_text(subtitle_element),
        h1=h1,
        h1_matches=_matches(h1_text, declared),
        standfirst=subtitle_element,
        elements=_left_out(h1, subtitle_element),
    )


def headline_text(heading: HtmlElement | None) -> str | None:
    """The heading's text without kickers and hidden text (rule 2), or all of it."""
    if heading is None:
        return None
    left_out = [child for child in heading.iterdescendants() if isinstance(child.tag, str)
                and NOT_HEADLINE.search(f"{child.get('class') or ''} {child.get('id') or ''}")]
    # Joined as displayed: inline elements add no space ("Metroid</a>, One"), breaks do.
    text = clean("".join(_text_except(heading, left_out)))
    return text or element_text(heading)


def _text_except(element: HtmlElement, left_out: list[HtmlElement]) -> list[str]:
    texts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not any(child is el for el in left_out):
            spaced = child.tag not in INLINE_TAGS
            texts.extend([" " if spaced else "", *_text_except(child, left_out),
                          " " if spaced else ""])
        texts.append(child.tail or "")
    return texts


def strip_site_name(title: str | None, site_name: str | None, url: str = "") -> str | None:
    """`title` without a leading or trailing site name ("Title | Site")."""
    title = clean(title)
    if not title:
        return None
    parts = SEPARATOR.split(title)
    if len(parts) == 1:
        return title
    domain = _domain_label(url)
    kept = [part for index, part in enumerate(parts)
            if not (_is_site_name(part, site_name)
                    or (index in (0, len(parts) - 1) and _names_domain(part, domain)))]
    if len(kept) == len(parts) and " | " in title:
        # What follows a pipe is not the headline even when the site name is unknown.
        return clean(title.split(" | ")[0])
    return _rejoin(title, kept) if kept else title


def _rejoin(title: str, kept: list[str]) -> str:
    start = title.index(kept[0])
    end = title.rindex(kept[-1]) + len(kept[-1])
    return title[start:end]


def _is_site_name(part: str, site_name: str | None) -> bool:
    return bool(site_name) and fold(part) == fold(site_name or "")


def _domain_label(url: str) -> str:
    """"lastampa" of www.lastampa.it: the label before the public suffix, roughly."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    return fold(labels[-2]) if len(labels) >= 2 else ""


def _names_domain(part: str, domain: str) -> bool:
    """"MDR.DE", "ZEIT ONLINE", "La Stampa": a short part that names the site's domain."""
    return len(domain) >= MIN_DOMAIN_LABEL and len(part.split()) <= 4 and (
        domain in fold(part) or (len(fold(part)) >= MIN_DOMAIN_LABEL and fold(part) in domain))


def _named_titles(tree: HtmlElement, data: Structured) -> list[str]:
    values = [
        first_text(data.article.get("headline")),
        data.first_meta("og:title", "twitter:title"),
        data.first_meta("dc:title", "dc.title", "dcterms.title", "parsely-title"),
        element_text(tree.find(".//title")),
    ]
    return [value for value in values if value]


def _metadata_title(tree: HtmlElement, data: Structured, site_name: str | None,
                    url: str) -> str | None:
    for value in _named_titles(tree, data):
        title = strip_site_name(value, site_name, url)
        if title:
            return title
    return None


def _headline_element(tree: HtmlElement, named: list[str]) -> HtmlElement | None:
    h1s = [h1 for h1 in tree.iter("h1") if element_text(h1) and not _is_branding(h1)]
    for h1 in h1s:
        if _matches(headline_text(h1), named):
            return h1
    # An <h2> only when it is the whole title named, not a part of it ("Project:").
    for h2 in tree.iter("h2"):
        if not OUTSIDE(h2) and not _is_branding(h2) and _names_whole(headline_text(h2), named):
            return h2
    inside = [h1 for h1 in h1s if not OUTSIDE(h1)]
    return inside[0] if len(inside) == 1 else None


def _templated(tree: HtmlElement, site_name: str | None, url: str) -> bool:
    """The <title> is a template's "Page - Site" (one end names the site), not a headline."""
    parts = SEPARATOR.split(element_text(tree.find(".//title")) or "")
    domain = _domain_label(url)
    return len(parts) > 1 and any(_is_site_name(part, site_name) or _names_domain(part, domain)
                                  for part in (parts[0], parts[-1]))


def _is_branding(heading: HtmlElement) -> bool:
    """The site's logo or name set as a heading: by its class or id, or a link home."""
    for element in (heading, *heading.iterchildren()):
        if BRANDING.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return True
    return bool(heading.xpath(".//a[contains(concat(' ', normalize-space(@rel), ' '), ' home ')]"))


def _matches(h1: str | None, titles: list[str]) -> bool:
    return h1 is not None and any(_same_title(h1, title) for title in titles)


def _left_out(h1: HtmlElement | None, subtitle: HtmlElement | None) -> list[HtmlElement]:
    header = _article_header(h1) if h1 is not None else None
    if header is None:
        return [h1] if h1 is not None else []
    if subtitle is None or header not in subtitle.iterancestors():
        return [header]
    return _around(header, subtitle)


def _around(container: HtmlElement, kept: HtmlElement) -> list[HtmlElement]:
    """Everything inside `container` but `kept` (and the wrappers that lead to it)."""
    left_out: list[HtmlElement] = []
    node = kept
    while node is not container:
        parent = node.getparent()
        left_out += [el for el in parent if el is not node and isinstance(el.tag, str)]
        node = parent
    return left_out


def _names_whole(heading: str | None, titles: list[str]) -> bool:
    """The heading is one of `titles`, or holds all of one."""
    key = fold(heading)
    return bool(key) and any(fold(title) and fold(title) in key for title in titles)


def _same_title(h1: str, title: str) -> bool:
    """True when `title` is the headline, maybe with a site name or cut short."""
    a, b = fold(h1), fold(title)
    if not a or not b:
        return False
    return a == b or (a in b and len(a) >= 10) or (b in a and len(b) >= 0.6 * len(a))


def _article_header(h1: HtmlElement) -> HtmlElement | None:
    """The <header> of the article around the headline: kicker, standfirst, byline, dateline."""
    for header in h1.iterancestors("header"):
        text = sum(len(p.text_content()) for p in header.iter("p"))
        return header if text <= MAX_HEADER_CHARS else None
    return None
