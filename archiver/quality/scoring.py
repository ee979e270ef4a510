"""Per-field scores of predictions against the annotation.

Every score is hits / total over the cases (or images) where the field is
defined; a skipped article scores nothing. Images are matched by URL, then by
alt text, so that a caption is scored even when the chosen file differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from archiver.quality.corpus import Case
from archiver.quality.runners import Prediction

SHINGLE = 4
WORD = re.compile(r"\w+")
STRUCTURE = re.compile(r"^(#{1,6} |- |\d+\. |> |\| )")


@attrs.frozen
class Score:
    hits: float
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 1.0


Pairs = list[tuple[Case, Prediction]]
Metric = Callable[[Pairs], Score]


def exact(field: str) -> Metric:
    def metric(pairs: Pairs) -> Score:
        hits = [_get(pred, field) == _norm(case.expected[field]) for case, pred in _articles(pairs)]
        return Score(sum(hits), len(hits))
    return metric


def author_names(pairs: Pairs) -> Score:
    hits = [_names(pred.get("authors")) == _names(case.expected["authors"])
            for case, pred in _articles(pairs)]
    return Score(sum(hits), len(hits))


def _names(authors: list[dict] | None) -> set[str]:
    return {author["name"] for author in authors or []}


def author_records(pairs: Pairs) -> Score:
    """Names, order, author page URLs and person/organization types all right."""
    hits = [pred.get("authors") == case.expected["authors"] for case, pred in _articles(pairs)]
    return Score(sum(hits), len(hits))


def dates(pairs: Pairs) -> Score:
    hits = [
        _get(pred, field) == case.expected[field]
        for case, pred in _articles(pairs)
        for field in ("date_published", "date_modified")
    ]
    return Score(sum(hits), len(hits))


def published_day(pairs: Pairs) -> Score:
    hits = [
        (_get(pred, "date_published") or "")[:10] == (case.expected["date_published"] or "")[:10]
        for case, pred in _articles(pairs)
    ]
    return Score(sum(hits), len(hits))


def image_field(field: str) -> Metric:
    """Recall of one image field: expected images that have it, found with the same value."""
    def metric(pairs: Pairs) -> Score:
        hits = [
            found is not None and found.get(field) == image[field]
            for image, found in _matched_images(pairs)
            if image[field] is not None
        ]
        return Score(sum(hits), len(hits))
    return metric


def credit_precision(pairs: Pairs) -> Score:
    """Of the credits we give, the share that is the image's credit as printed."""
    hits = []
    for case, pred in _articles(pairs):
        expected = case.expected["images"]
        for image in pred.get("images") or []:
            if image.get("credit") is not None:
                match = _match(image, expected)
                hits.append(match is not None and match["credit"] == image["credit"])
    return Score(sum(hits), len(hits))


def image_recall(pairs: Pairs) -> Score:
    hits = [found is not None for _, found in _matched_images(pairs)]
    return Score(sum(hits), len(hits))


def image_precision(pairs: Pairs) -> Score:
    hits = [
        _match(image, case.expected["images"]) is not None
        for case, pred in _articles(pairs)
        for image in pred.get("images") or []
    ]
    return Score(sum(hits), len(hits))


def body_f1(pairs: Pairs) -> Score:
    scores = [_f1(pred.get("text") or "", case.expected["text"]) for case, pred in _articles(pairs)]
    return Score(sum(scores), len(scores))


def markdown_structure(pairs: Pairs) -> Score:
    """Headings, list items, quotes and table rows of the body found in the Markdown."""
    hits = []
    for case, pred in _articles(pairs):
        lines = {line.strip() for line in (pred.get("markdown") or "").splitlines()}
        for line in case.expected["markdown"].splitlines():
            if STRUCTURE.match(line) and not line.startswith("|-"):
                hits.append(line.strip() in lines)
    return Score(sum(hits), len(hits))


def articles_kept(pairs: Pairs) -> Score:
    hits = [bool(pred["article"]) for case, pred in pairs if case.is_article]
    return Score(sum(hits), len(hits))


def non_articles_skipped(pairs: Pairs) -> Score:
    hits = [not pred["article"] for case, pred in pairs if not case.is_article]
    return Score(sum(hits), len(hits))


def _articles(pairs: Pairs) -> Iterator[tuple[Case, Prediction]]:
    """Article cases; a skipped article is scored as an empty prediction."""
    for case, pred in pairs:
        if case.is_article:
            yield case, pred if pred["article"] else {}


def _get(pred: Prediction, field: str) -> Any:
    return _norm(pred.get(field))


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if value == []:
        return []
    return value


def _matched_images(pairs: Pairs) -> Iterator[tuple[dict, dict | None]]:
    for case, pred in _articles(pairs):
        for image in case.expected["images"]:
            yield image, _match(image, pred.get("images") or [])


def _match(image: dict, candidates: list[dict]) -> dict | None:
    for key in ("url", "alt"):
        for candidate in candidates:
            if image.get(key) and candidate.get(key) == image[key]:
                return candidate
    return None


def _shingles(text: str) -> dict[tuple[str, ...], int]:
    words = WORD.findall(text.casefold())
    counts: dict[tuple[str, ...], int] = {}
    for i in range(max(len(words) - SHINGLE + 1, 1 if words else 0)):
        key = tuple(words[i:i + SHINGLE])
        counts[key] = counts.get(key, 0) + 1
    return counts


def _f1(predicted: str, expected: str) -> float:
    got, want = _shingles(predicted), _shingles(expected)
    common = sum(min(n, want.get(key, 0)) for key, n in got.items())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)
