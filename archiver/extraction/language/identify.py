"""The article's language as a BCP 47 tag ("en", "de", "pt-BR")."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from lxml.html import HtmlElement
from py3langid.langid import LanguageIdentifier

from archiver.extraction.language.langid_walk import load_identifier
from archiver.extraction.page.structured import Structured, first_text

if TYPE_CHECKING:
    from archiver.extraction.context import PageContext

TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z0-9]{2,8}))*$")


# Detection reads this much of the body, and overrides the markup only when it is this sure
# on at least MIN_OVERRIDE_CHARS of text: site templates often declare the site's language
# for every page, also for the odd article in another one.
# (py3langid's time grows with the text: 1,500 characters take 1 ms, 5,000 took 4.)
MAX_DETECTION_CHARS = 1500
MIN_OVERRIDE_CHARS = 400
MIN_OVERRIDE_CONFIDENCE = 0.999


def read_language(context: PageContext, text: str) -> str | None:
    """The language the markup declares, unless the text is clearly in another one."""
    declared = _declared(context.tree, context.data)
    if declared is not None and len(text) < MIN_OVERRIDE_CHARS:
        return declared  # too short a text to override it: no detection needed
    detected, confidence = _detected(text)
    if declared is None:
        return detected
    if detected and detected != declared.split("-")[0] and confidence >= MIN_OVERRIDE_CONFIDENCE:
        return detected
    return declared


def _declared(tree: HtmlElement, data: Structured) -> str | None:
    candidates = (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        first_text(data.article.get("inLanguage")),
        data.first_meta("og:locale", "content-language", "language", "dc.language"),
    )
    return next((tag for tag in map(normalize_language, candidates) if tag), None)


def _detected(text: str) -> tuple[str | None, float]:
    if not text.strip():
        return None, 0.0
    language, confidence = _identifier().classify(text[:MAX_DETECTION_CHARS])
    return normalize_language(language), float(confidence)


def warm_up() -> None:
    """Load the language model now (about a second) rather than on the first page."""
    _identifier()


@cache
def _identifier() -> LanguageIdentifier:
    # py3langid's own classify() gives unnormalised scores; with norm_probs the
    # confidence is a probability, which the override threshold needs.
    return load_identifier()


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
