"""Scores of the real-page sets, by the maintainers' rules.

Body (trafilatura's benchmark, tests/eval_common.py there): each `with` snippet found in
the whitespace-normalised text is a true positive, each missing one a false negative;
each `without` snippet found is a false positive. A page without a record finds nothing.
Title, author and date are compared on the pages whose annotation gives one (845 titles,
538 author lists, 728 dates of the 851 annotated pages), after decoding HTML entities,
collapsing whitespace and ignoring case; authors as a set of names. These rules give the
issue's own figures (title 0.691, date 0.765 and 0.865 before this work). A page without a
record is scored as a record without fields.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import attrs

from archiver.extraction.textnorm import fold
from archiver.quality.real.measure import Measured, Prediction
from archiver.quality.real.sets import HTMLDATE, READABILITY, TRAFILATURA
from archiver.quality.scoring import Score

FieldMetric = Callable[[list[Measured], str], Score]


@attrs.frozen
class Snippets:
    """trafilatura's confusion counts; `value` is F1 so that a Row can floor it."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def value(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _key(text: str | None) -> str:
    return _norm(html.unescape(text or "")).casefold()


def body_snippets(measured: list[Measured], side: str) -> Snippets:
    tp = fp = fn = 0
    for item in measured:
        text = _norm(_prediction(item, side).get("text"))
        found = sum(1 for snippet in item.page.truth["with"] if text and _norm(snippet) in text)
        tp += found
        fn += len(item.page.truth["with"]) - found
        fp += sum(1 for snippet in item.page.truth["without"] if text and _norm(snippet) in text)
    return Snippets(tp, fp, fn)


def records(measured: list[Measured], side: str) -> Score:
    hits = [bool(_prediction(item, side).get("record")) for item in measured]
    return Score(sum(hits), len(hits))


def records_with_truth(measured: list[Measured], side: str) -> Score:
    return records([item for item in measured if item.page.has_metadata_truth], side)


def _annotated(field: str, metric: Callable[[Any, Prediction], bool]) -> FieldMetric:
    def score(measured: list[Measured], side: str) -> Score:
        hits = [metric(item.page.truth, _fields(item, side))
                for item in measured if item.page.truth.get(field)]
        return Score(sum(hits), len(hits))
    return score


def _fields(item: Measured, side: str) -> Prediction:
    prediction = _prediction(item, side)
    return prediction if prediction.get("record") else {}


def _prediction(item: Measured, side: str) -> Prediction:
    return item.ours if side == "ours" else item.plain


def title_exact(truth: dict, pred: Prediction) -> bool:
    return _key(pred.get("title")) == _key(truth["title"])


def author_set_exact(truth: dict, pred: Prediction) -> bool:
    names = truth["author"] if isinstance(truth["author"], list) else truth["author"].split(";")
    expected = {_key(name) for name in names if _key(name)}
    return {_key(name) for name in pred.get("authors") or []} == expected


def date_exact(truth: dict, pred: Prediction) -> bool:
    return (pred.get("date") or "")[:10] == (truth["date"] or "")


def htmldate_date(measured: list[Measured], side: str) -> Score:
    hits = [(_fields(item, side).get("date") or "")[:10] == item.page.truth["date"]
            for item in measured]
    return Score(sum(hits), len(hits))


def readability_title(measured: list[Measured], side: str) -> Score:
    hits = [_key(_fields(item, side).get("title")) == _key(item.page.truth.get("title"))
            for item in measured]
    return Score(sum(hits), len(hits))


def readability_byline(measured: list[Measured], side: str) -> Score:
    """Every name we give is in Readability's byline, and we give one where it has one.

    Readability's byline is one string ("By Jane Doe, Staff Writer"), not a list of names.
    """
    hits = []
    for item in measured:
        byline = fold(item.page.truth.get("byline"))
        names = [fold(name) for name in _fields(item, side).get("authors") or []]
        hits.append(all(name in byline for name in names) and bool(names) == bool(byline))
    return Score(sum(hits), len(hits))


# (set, field) -> metric, in table order.
METRICS: dict[tuple[str, str], Callable[[list[Measured], str], Score | Snippets]] = {
    (TRAFILATURA, "pages with a record"): records,
    (TRAFILATURA, "records of the 851 annotated"): records_with_truth,
    (TRAFILATURA, "body F1 (with/without snippets)"): body_snippets,
    (TRAFILATURA, "title exact"): _annotated("title", title_exact),
    (TRAFILATURA, "author set exact"): _annotated("author", author_set_exact),
    (TRAFILATURA, "date"): _annotated("date", date_exact),
    (HTMLDATE, "pages with a record"): records,
    (HTMLDATE, "date"): htmldate_date,
    (READABILITY, "pages with a record"): records,
    (READABILITY, "title exact (their expected title)"): readability_title,
    (READABILITY, "byline (their expected byline)"): readability_byline,
}
