"""schema.org ImageObjects (JSON-LD, microdata, RDFa): caption, creditText, creator,
copyrightHolder, copyrightNotice and license of the images the page shows."""

from __future__ import annotations

from typing import Any

import attrs

from archiver.extraction.images.captions import caption_only, is_label
from archiver.extraction.images.credits import Credit, license_from_url, parse_credit
from archiver.extraction.page.structured import Structured, as_list, first_text, types_of
from archiver.extraction.textnorm import absolute_url, clean, fold
from archiver.items import Image, License

CREDIT_FIELDS = ("credit", "creator", "source", "license")


@attrs.frozen
class ImageObjects:
    by_url: dict[str, dict[str, Any]]
    """Nodes by absolute URL, the article's own images first."""

    def find(self, url: str) -> dict[str, Any] | None:
        """The node of `url`; or of the same path when only one node has that path.

        Image CDNs put the size in the query ("?width=1200"), but some put the file
        itself there ("/_next/image?url=..."): a path match must be unambiguous.
        """
        if url in self.by_url:
            return self.by_url[url]
        same_path = [node for key, node in self.by_url.items() if _path(key) == _path(url)]
        return same_path[0] if len(same_path) == 1 else None

    def lead(self) -> dict[str, Any] | None:
        return next(iter(self.by_url.values()), None)


def image_objects(data: Structured, base_url: str) -> ImageObjects:
    values = as_list(data.article.get("image")) + as_list(data.article.get("associatedMedia"))
    by_url: dict[str, dict[str, Any]] = {}
    for value in values + data.of_type("ImageObject"):
        node = value if isinstance(value, dict) else {"url": value}
        url = first_text(node.get("contentUrl")) or first_text(node.get("url"))
        url = absolute_url(url, base_url)
        if url and (not isinstance(value, dict) or not types_of(value) - {"ImageObject"}):
            by_url.setdefault(url, {**node, "url": url})
    return ImageObjects(by_url=by_url)


def completed(image: Image, node: dict[str, Any] | None) -> Image:
    """`image` with what its ImageObject says and the page does not print."""
    if not node:
        return image
    found = from_object(node)
    if found.caption and image.credit:
        found = attrs.evolve(found, caption=_without_credit(found.caption, image.credit))
    # The credit line printed on the page wins over the structured one; the license it
    # does not print the ImageObject may still add.
    fields = ("caption", "alt", "license") if image.credit else ("caption", "alt", *CREDIT_FIELDS)
    filled = {field: getattr(found, field) for field in fields if getattr(image, field) is None}
    image = attrs.evolve(image, **filled)
    if image.source and fold(image.source) == fold(image.creator or ""):
        image = attrs.evolve(image, source=None)
    return image


def _without_credit(caption: str, credit: str) -> str | None:
    """A structured caption read from a figcaption that also held the credit (microdata)."""
    text = caption.replace(credit, " ")
    return None if is_label(text) or not clean(text) else caption_only(text)


def from_object(node: dict[str, Any]) -> Image:
    creator = first_text(node.get("creator")) or first_text(node.get("author"))
    holder = first_text(node.get("copyrightHolder"))
    credit = first_text(node.get("creditText")) or _notice(node, holder)
    facts = parse_credit(credit) if credit else Credit()
    return Image(
        url=node["url"],
        caption=first_text(node.get("caption")) or first_text(node.get("description")),
        credit=credit,
        creator=creator or facts.creator,
        source=holder if holder and fold(holder) != fold(creator) else facts.source,
        license=_license(node.get("license")) or facts.license,
    )


def _notice(node: dict[str, Any], holder: str | None) -> str | None:
    """copyrightNotice as the credit, unless it only repeats the holder ("© Holder")."""
    notice = first_text(node.get("copyrightNotice"))
    if notice and holder and fold(notice.lstrip("©(c) ")) == fold(holder):
        return None
    return notice


def _license(value: object) -> License | None:
    if isinstance(value, dict):
        return license_from_url(first_text(value.get("url")), first_text(value.get("name")))
    text = first_text(value)
    if text and text.startswith("http"):
        return license_from_url(text)
    return license_from_url(None, clean(text)) if text else None


def _path(url: str) -> str:
    return url.split("?")[0].split("#")[0]
