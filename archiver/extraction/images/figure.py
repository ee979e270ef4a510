"""One figure -> an Image: its file, alt text, caption and the credit printed with it.

A figure is a <figure>, an image wrapper that holds a caption (CMS image fields are
often plain <div>s), or a bare <img> in the body with neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.images.captions import caption_only, is_label, split_caption, unwrap
from archiver.extraction.images.credits import Credit, parse_credit
from archiver.extraction.images.sources import IMAGE_TAGS, SOURCE_ATTRS, image_url, is_image
from archiver.extraction.page.region import REGEXP_NS
from archiver.extraction.textnorm import clean, element_text
from archiver.items import Image

# Caption elements: <figcaption>, a "caption" or "legend" class but no "credit" one, an
# itemprop="caption". (Tested in Python, element by element, they are what the XPath
# `.//figcaption | .//*[@class and re:test(@class, 'caption|legend', 'i') and not(@class
# and re:test(@class, 'credit', 'i'))] | .//*[@itemprop='caption']` finds, in the same
# order; lxml's re:test is re.search, re.IGNORECASE for "i". Without a call from libxml2
# into Python for each class, and stopping at the first: measured on 300 real pages,
# finding image holders took 0.4 ms a page instead of 1.3.)
CAPTION_CLASS = re.compile("caption|legend", re.IGNORECASE)
CREDIT_CLASS = re.compile("credit", re.IGNORECASE)
# Caption text blocks: a "credit" element holding one is a wrapper of the whole caption.
CAPTION_TEXT = lxml.etree.XPath(
    ".//figcaption"
    " | .//*[@class"
    " and re:test(@class, '(^|\\s)(caption|caption-text|caption__text)(\\s|$)', 'i')]",
    namespaces=REGEXP_NS,
)
CREDIT_ELEMENT = lxml.etree.XPath(
    ".//*[@class and re:test(@class, 'credit|copyright|photographer|attribution|bildnachweis"
    "|(^|[ _-])source', 'i')"
    " or @itemprop and re:test(@itemprop, 'copyrightHolder|creditText|creator|author')]"
    " | .//small",
    namespaces=REGEXP_NS,
)
MAX_CREDIT_CHARS = 300


def figure_image(holder: HtmlElement, base_url: str) -> tuple[Image | None, list[HtmlElement]]:
    """The figure's image and the caption and credit elements to keep out of the body."""
    img = holder if is_image(holder) else _main_img(holder)
    url = image_url(img, base_url)
    if img is None or not url:
        return None, []
    if img is holder:
        return Image(url=url, alt=clean(img.get("alt"))), []
    caption_element = first_caption(holder)
    credits = (el for el in CREDIT_ELEMENT(holder) if _is_credit(el, caption_element))
    credit_element = next(credits, None)
    caption, credit = _caption_and_credit(caption_element, credit_element)
    facts = parse_credit(credit, _links(credit_element, caption_element)) if credit else Credit()
    image = Image(url=url, caption=caption, credit=credit, alt=clean(img.get("alt")),
                  creator=facts.creator, source=facts.source, license=facts.license)
    return image, [el for el in (caption_element, credit_element) if el is not None]


def first_caption(holder: HtmlElement) -> HtmlElement | None:
    """The first caption element inside `holder`, in page order."""
    return next(filter(_is_caption, holder.iterdescendants(lxml.etree.Element)), None)


def _is_caption(element: HtmlElement) -> bool:
    if element.tag == "figcaption" or element.get("itemprop") == "caption":
        return True
    classes = element.get("class")
    return (classes is not None and CAPTION_CLASS.search(classes) is not None
            and CREDIT_CLASS.search(classes) is None)


def _main_img(figure: HtmlElement) -> HtmlElement | None:
    """The figure's image: a lazily loaded one over the placeholder before it."""
    imgs = [el for el in figure.iter(*IMAGE_TAGS)]
    lazy = [img for img in imgs if any(img.get(attr) for attr in SOURCE_ATTRS[:-1])]
    fallback = [img for img in imgs if img.xpath("ancestor::noscript")]
    return (lazy or fallback or imgs or [None])[0]


def _is_credit(element: HtmlElement, caption_element: HtmlElement | None) -> bool:
    """A credit element, not a wrapper whose utility classes mention "attribution"."""
    text = element_text(element)
    if element is caption_element or not text or len(text) > MAX_CREDIT_CHARS:
        return False
    return not CAPTION_TEXT(element)


def _caption_and_credit(
    caption_element: HtmlElement | None, credit_element: HtmlElement | None
) -> tuple[str | None, str | None]:
    if credit_element is None:
        return split_caption(element_text(caption_element))
    credit = unwrap(credit_text(credit_element))
    if caption_element is None:
        return None, credit
    return caption_only(_text_without(caption_element, credit_element)), credit


def credit_text(element: HtmlElement) -> str | None:
    """The credit's text without labels printed in elements of their own ("Credit...")."""
    labels = [el for el in element.iterdescendants() if isinstance(el.tag, str)
              and not len(el) and is_label(element_text(el))]
    return clean(" ".join(_texts_except(element, labels)))


def _text_without(element: HtmlElement, left_out: HtmlElement) -> str | None:
    return clean(" ".join(_texts_except(element, [left_out])))


def _texts_except(element: HtmlElement, left_out: list[HtmlElement]) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and not any(child is el for el in left_out):
            yield from _texts_except(child, left_out)
        yield child.tail or ""


def _links(*elements: HtmlElement | None) -> list[tuple[str, str]]:
    holder = next((el for el in elements if el is not None), None)
    if holder is None:
        return []
    return [(element_text(a) or "", a.get("href") or "") for a in holder.iter("a")]
