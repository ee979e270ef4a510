"""The article's language as a BCP 47 tag ("en", "de", "pt-BR")."""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.utils import LANGID_FLAG, language_classifier

from archiver.extraction.structured import Structured, first_text

TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z0-9]{2,8}))*$")


def read_language(tree: HtmlElement, data: Structured, text: str) -> str | None:
    """The language the markup declares, else the one detected in `text`."""
    candidates = (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        first_text(data.article.get("inLanguage")),
        data.first_meta("og:locale", "content-language", "language", "dc.language"),
    )
    for value in candidates:
        tag = normalize_language(value)
        if tag:
            return tag
    return _detected(text)


def _detected(text: str) -> str | None:
    # trafilatura detects languages only when py3langid is installed, which is no
    # dependency of ours: without it, a page that declares no language has none.
    if not LANGID_FLAG:
        return None
    return normalize_language(language_classifier(text, ""))


def normalize_language(value: str | None) -> str | None:
    """"en_US" -> "en-US", "DE" -> "de"; None for anything that is no language tag."""
    value = (value or "").strip().split(",")[0].strip()
    if not TAG.match(value):
        return None
    primary, *rest = re.split(r"[-_]", value)
    subtags = [_subtag(part) for part in rest]
    return "-".join([primary.lower(), *subtags])


def _subtag(part: str) -> str:
    if len(part) == 2:
        return part.upper()  # region: "BR"
    if len(part) == 4:
        return part.title()  # script: "Latn"
    return part.lower()
