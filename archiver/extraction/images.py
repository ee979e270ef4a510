"""Article images: the figures of the article with caption, credit and license.

Figure markup gives the caption and credit; schema.org ImageObjects (JSON-LD,
microdata) with the same URL fill in what the markup leaves out. A page
without figures gets its structured lead image.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.credits import (
    Credit,
    license_from_url,
    parse_credit,
    split_caption,
    unwrap,
)
from archiver.extraction.region import REGEXP_NS, is_furniture
from archiver.extraction.structured import Structured, as_list, first_text, types_of
from archiver.extraction.textnorm import absolute_url, clean, element_text, fold
from archiver.items import Image, License

# Lazy-loading attributes first: `src` is often a placeholder while they hold the image.
SOURCE_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-url", "src")
CAPTION_ELEMENT = lxml.etree.XPath(
    ".//figcaption | .//*[re:test(@class, 'caption', 'i') and not(re:test(@class, 'credit', 'i'))]",
    namespaces=REGEXP_NS,
)
# Caption text blocks: a "credit" element holding one is a wrapper of the whole caption.
CAPTION_TEXT = lxml.etree.XPath(
    ".//figcaption"
    " | .//*[re:test(@class, '(^|\\s)(caption|caption-text|caption__text)(\\s|$)', 'i')]",
    namespaces=REGEXP_NS,
)
MAX_CREDIT_CHARS = 300
CREDIT_FIELDS = ("credit", "creator", "source", "license")
# How far above an <img> outside any <figure> its captioned wrapper may be.
WRAPPER_LEVELS = 2
CREDIT_ELEMENT = lxml.etree.XPath(
    ".//*[re:test(@class, 'credit|copyright|photographer|attribution|(^|[ _-])source', 'i')"
    " or re:test(@itemprop, 'copyrightHolder|creditText|creator|author')] | .//small",
    namespaces=REGEXP_NS,
)


@attrs.frozen
class Figures:
    images: list[Image]
    caption_elements: list[HtmlElement]
    """Captions and credits, kept out of the body text."""


def read_images(region: HtmlElement, data: Structured, base_url: str) -> Figures:
    objects = _image_objects(data, base_url)
    images, captions = [], []
    for figure in _figures(region) or _figures(_container(region)):
        image, elements = _figure_image(figure, base_url)
        if image and not any(_same_image(image, seen) for seen in images):
            images.append(_completed(image, objects.get(_url_key(image.url))))
            captions.extend(elements)
    if not images:
        lead = _lead_image(data, objects, base_url)
        images = [_with_alt(image, region, base_url) for image in lead]
    return Figures(images=images, caption_elements=captions)


def _same_image(image: Image, seen: Image) -> bool:
    """The same file, or the same picture in another crop (same caption and credit)."""
    if image.url == seen.url:
        return True
    return bool(image.caption) and (image.caption, image.credit) == (seen.caption, seen.credit)


def _figures(region: HtmlElement) -> list[HtmlElement]:
    """<figure>s with an image, and image wrappers with a caption that are not <figure>s."""
    figures = dict.fromkeys(_figure_of(img) for img in region.iter("img"))
    return [f for f in figures if f is not None and not is_furniture(f, region)]


def _container(region: HtmlElement) -> HtmlElement:
    """Where to look for a lead figure that stands outside the article region."""
    containers = region.xpath("ancestor::article | ancestor::main")
    return containers[-1] if containers else region


def _figure_of(img: HtmlElement) -> HtmlElement | None:
    for level, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "figure":
            return ancestor
        if level < WRAPPER_LEVELS and CAPTION_ELEMENT(ancestor):
            return None if ancestor.xpath("ancestor::figure") else ancestor
    return None


def _figure_image(figure: HtmlElement, base_url: str) -> tuple[Image | None, list[HtmlElement]]:
    img = _main_img(figure)
    url = _image_url(img, base_url)
    if not url:
        return None, []
    caption_element = next(iter(CAPTION_ELEMENT(figure)), None)
    credits = (el for el in CREDIT_ELEMENT(figure) if _is_credit(el, caption_element))
    credit_element = next(credits, None)
    caption, credit = _caption_and_credit(caption_element, credit_element)
    holder = credit_element if credit_element is not None else caption_element
    links = [(element_text(a) or "", a.get("href") or "") for a in _links(holder)]
    facts = parse_credit(credit, links) if credit or links else Credit()
    image = Image(
        url=url, caption=caption, credit=credit, alt=clean(img.get("alt")),
        creator=facts.creator, source=facts.source, license=facts.license,
    )
    return image, [el for el in (caption_element, credit_element) if el is not None]


def _main_img(figure: HtmlElement) -> HtmlElement | None:
    """The figure's image: a lazily loaded one over the placeholder before it."""
    imgs = list(figure.iter("img"))
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
    credit = unwrap(element_text(credit_element))
    if caption_element is None:
        return None, credit
    return _text_without(caption_element, credit_element), credit


def _text_without(element: HtmlElement, left_out: HtmlElement) -> str | None:
    return clean(" ".join(_texts_except(element, left_out)))


def _texts_except(element: HtmlElement, left_out: HtmlElement) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if child is not left_out and isinstance(child.tag, str):
            yield from _texts_except(child, left_out)
        yield child.tail or ""


def _links(element: HtmlElement | None) -> list[HtmlElement]:
    return [] if element is None else list(element.iter("a"))


def _image_url(img: HtmlElement | None, base_url: str) -> str | None:
    if img is None:
        return None
    for attr in SOURCE_ATTRS:
        url = absolute_url(img.get(attr), base_url)
        if url:
            return url
    # A srcset URL ends at whitespace, not at a comma: image CDNs put commas in URLs.
    srcset = (img.get("srcset") or img.get("data-srcset") or "").split()
    return absolute_url(srcset[0].rstrip(","), base_url) if srcset else None


def _url_key(url: str) -> str:
    return url.split("?")[0].split("#")[0]


def _image_objects(data: Structured, base_url: str) -> dict[str, dict[str, Any]]:
    """ImageObjects and image URLs of the structured data by URL, lead image first."""
    values = as_list(data.article.get("image")) + as_list(data.article.get("associatedMedia"))
    objects: dict[str, dict[str, Any]] = {}
    for value in values + data.of_type("ImageObject"):
        node = value if isinstance(value, dict) else {"url": value}
        url = first_text(node.get("contentUrl")) or first_text(node.get("url"))
        url = absolute_url(url, base_url)
        if url and (not isinstance(value, dict) or not types_of(value) - {"ImageObject"}):
            objects.setdefault(_url_key(url), {**node, "url": url})
    return objects


def _completed(image: Image, node: dict[str, Any] | None) -> Image:
    if not node:
        return image
    found = _from_object(node)
    # A credit printed on the page wins as a whole over the structured one.
    fields = ("caption", "alt") if image.credit else ("caption", "alt", *CREDIT_FIELDS)
    filled = {field: getattr(found, field) for field in fields if getattr(image, field) is None}
    image = attrs.evolve(image, **filled)
    if image.source and fold(image.source) == fold(image.creator or ""):
        image = attrs.evolve(image, source=None)
    return image


def _lead_image(
    data: Structured, objects: dict[str, dict[str, Any]], base_url: str
) -> list[Image]:
    if objects:
        return [_from_object(next(iter(objects.values())))]
    url = absolute_url(data.first_meta("og:image", "og:image:url", "twitter:image"), base_url)
    return [Image(url=url, alt=data.first_meta("og:image:alt"))] if url else []


def _with_alt(image: Image, region: HtmlElement, base_url: str) -> Image:
    """The lead image with the alt text of the page's <img> showing it."""
    if image.alt:
        return image
    for img in region.iter("img"):
        if _url_key(_image_url(img, base_url) or "") == _url_key(image.url):
            return attrs.evolve(image, alt=clean(img.get("alt")))
    return image


def _from_object(node: dict[str, Any]) -> Image:
    creator = first_text(node.get("creator")) or first_text(node.get("author"))
    holder = first_text(node.get("copyrightHolder"))
    credit = first_text(node.get("creditText")) or first_text(node.get("copyrightNotice"))
    facts = parse_credit(credit) if credit else Credit()
    return Image(
        url=node["url"],
        caption=first_text(node.get("caption")) or first_text(node.get("description")),
        credit=credit,
        creator=creator or facts.creator,
        source=holder if holder and fold(holder) != fold(creator) else facts.source,
        license=_object_license(node.get("license")) or facts.license,
    )


def _object_license(value: object) -> License | None:
    if isinstance(value, dict):
        return license_from_url(first_text(value.get("url")), first_text(value.get("name")))
    url = first_text(value)
    if url and url.startswith("http"):
        return license_from_url(url)
    return License(name=url) if url else None
