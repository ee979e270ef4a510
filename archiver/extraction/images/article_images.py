"""Article images: the lead image and every image in the body, in page order.

Figure markup gives the caption and credit (archiver.extraction.images.figure);
schema.org ImageObjects with the same URL fill in what the markup leaves out
(archiver.extraction.images.objects). A page without figures gets its structured
lead image.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import TYPE_CHECKING

import attrs
import lxml.etree
from lxml.html import HtmlElement

from archiver.extraction.images.figure import figure_image, first_caption
from archiver.extraction.images.objects import ImageObjects, completed, from_object, image_objects
from archiver.extraction.images.sources import IMAGE_TAGS, SOURCE_ATTRS, image_url
from archiver.extraction.page.region import REGEXP_NS, is_furniture
from archiver.extraction.page.structured import Structured
from archiver.extraction.textnorm import absolute_url, clean
from archiver.items import Image

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

# How far above an image outside any <figure> its captioned wrapper may be.
WRAPPER_LEVELS = 2
# Images that are page furniture even inside the article: avatars, logos, icons (by the
# class of the image or of an ancestor).
NOT_CONTENT_CLASS = re.compile(
    "avatar|logo|icon|headshot|author|byline|profile|badge|emoji|sprite|spinner|pixel",
    re.IGNORECASE,
)
# A bare image smaller than this (by its width or height attribute) is an icon or a spacer.
MIN_BARE_SIZE = 100
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)", re.IGNORECASE)
# (A word in the file name: the word, then no "/" to the end. Written "[^/]*(?:logo|...)"
# it meant the same, but searched from every position its "[^/]*" ran to the end of the
# name and back: 85 microseconds an image of a real page, 2 ms a page.)
NOT_CONTENT_FILE = re.compile(
    r"(?:^|/)(?:icons?|logos?|sprites?|avatars?|badges?)/|(?:logo|icon|sprite|avatar|pixel"
    r"|spacer|blank|badge|button|share)[^/]*$",
    re.IGNORECASE,
)
# Paragraphs around a bare image that make it part of the text.
MIN_TEXT_NEIGHBOURS = 2
# Wrappers that present a bare image as the article's picture ("article__image", "hero").
PICTURE_WRAPPER = lxml.etree.XPath(
    "ancestor::*[position() <= 2][@class"
    " and re:test(@class, '(^|[ _-])(image|photo|picture|media|hero"
    "|lead|featured|post-thumbnail|visual)([ _-]|$)', 'i')]",
    namespaces=REGEXP_NS,
)


@attrs.frozen
class Figures:
    images: list[Image]
    caption_elements: list[HtmlElement]
    """Captions and credits, kept out of the body text."""


def read_images(context: PageContext) -> Figures:
    region, data, base_url = context.region, context.data, context.base_url
    objects = image_objects(data, base_url)
    images: list[Image] = []
    captions: list[HtmlElement] = []
    for holder in _holders(region) or _holders(_container(region)):
        image, elements = figure_image(holder, base_url)
        if image and not any(_same_image(image, seen) for seen in images):
            images.append(completed(image, objects.find(image.url)))
            captions.extend(elements)
    if not images:
        images = [_with_alt(image, region, base_url) for image in _lead_image(data, objects,
                                                                               base_url)]
    return Figures(images=images, caption_elements=captions)


def _same_image(image: Image, seen: Image) -> bool:
    """The same file, or the same picture in another crop (same caption and credit)."""
    if image.url == seen.url:
        return True
    return bool(image.caption) and (image.caption, image.credit) == (seen.caption, seen.credit)


def _holders(region: HtmlElement) -> list[HtmlElement]:
    """Figures, captioned image wrappers and bare content images, in page order."""
    holders = dict.fromkeys(_holder_of(img) for img in region.iter(*IMAGE_TAGS))
    return [h for h in holders
            if h is not None and not is_furniture(h, region) and not _is_teaser(h)]


def _is_teaser(holder: HtmlElement) -> bool:
    """An image that links to another page: a teaser of another article."""
    link = next(holder.iterancestors("a"), None)
    return link is not None and not IMAGE_FILE.search(link.get("href") or "")


def _container(region: HtmlElement) -> HtmlElement:
    """Where to look for a lead figure that stands outside the article region."""
    containers = region.xpath("ancestor::article | ancestor::main")
    return containers[-1] if containers else region


def _holder_of(img: HtmlElement) -> HtmlElement | None:
    for level, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "figure":
            return ancestor
        if level < WRAPPER_LEVELS and first_caption(ancestor) is not None:
            return None if ancestor.xpath("ancestor::figure") else ancestor
    return img if _is_bare_content(img) else None


def _is_bare_content(img: HtmlElement) -> bool:
    """An image in the text itself, not an icon, avatar, logo or teaser thumbnail."""
    if img.xpath("ancestor::noscript") or _not_content(img) or _is_small(img):
        return False
    source = next((value for attr in SOURCE_ATTRS if (value := img.get(attr) or "")
                   and not value.startswith("data:")), "")
    if not IMAGE_FILE.search(source) or NOT_CONTENT_FILE.search(source.split("?")[0]):
        return False
    return _among_text(img) or bool(PICTURE_WRAPPER(img))


def _not_content(img: HtmlElement) -> bool:
    """The image or an ancestor has a furniture class. (What the XPath
    `ancestor-or-self::*[@class and re:test(@class, NOT_CONTENT_CLASS, 'i')]` finds, which
    lxml tests with this same pattern, but without a call from libxml2 into Python for
    every ancestor: 40 % faster.)"""
    return any(NOT_CONTENT_CLASS.search(classes) for element in chain([img], img.iterancestors())
               if (classes := element.get("class")) is not None)


def _is_small(img: HtmlElement) -> bool:
    sizes = [(img.get(attr) or "").removesuffix("px") for attr in ("width", "height")]
    return any(size.isdigit() and int(size) < MIN_BARE_SIZE for size in sizes)


def _among_text(img: HtmlElement) -> bool:
    """In a paragraph, or next to paragraphs of text."""
    for level, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "p":
            return True
        paragraphs = [p for p in ancestor.iterchildren("p") if p.text_content().strip()]
        if len(paragraphs) >= MIN_TEXT_NEIGHBOURS:
            return True
        if level >= WRAPPER_LEVELS:
            return False
    return False


def _lead_image(data: Structured, objects: ImageObjects, base_url: str) -> list[Image]:
    lead = objects.lead()
    if lead:
        return [from_object(lead)]
    url = absolute_url(data.first_meta("og:image", "og:image:url", "twitter:image"), base_url)
    sizes = [data.first_meta("og:image:width"), data.first_meta("og:image:height")]
    if any(size and size.isdigit() and int(size) < MIN_BARE_SIZE for size in sizes):
        return []  # a tracking pixel, not a picture
    return [Image(url=url, alt=data.first_meta("og:image:alt"))] if url else []


def _with_alt(image: Image, region: HtmlElement, base_url: str) -> Image:
    """The lead image with the alt text of the page's <img> showing it."""
    if image.alt:
        return image
    for img in region.iter(*IMAGE_TAGS):
        if (image_url(img, base_url) or "").split("?")[0] == image.url.split("?")[0]:
            return attrs.evolve(image, alt=clean(img.get("alt")))
    return image
