"""Where our extractor and the annotation disagree, page by page (for `--failures`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from archiver.quality.corpus import Case
from archiver.quality.runners import Prediction
from archiver.quality.scoring import _f1

SCALAR_FIELDS = ("title", "subtitle", "description", "authors", "date_published",
                 "date_modified", "section", "tags", "language", "site_name", "canonical_url")
IMAGE_FIELDS = ("url", "caption", "credit", "creator", "source", "license", "alt")
# Body F1 under this is reported as a difference.
MIN_BODY_F1 = 0.95


def differences(case: Case, pred: Prediction) -> Iterator[str]:
    if case.is_article != bool(pred["article"]):
        yield f"article: expected {case.is_article}, got {pred.get('reason', pred['article'])}"
        return
    if not case.is_article:
        return
    for field in SCALAR_FIELDS:
        if pred.get(field) != case.expected[field]:
            yield f"{field}: expected {_show(case.expected[field])}, got {_show(pred.get(field))}"
    yield from _image_differences(case.expected["images"], pred.get("images") or [])
    f1 = _f1(pred.get("text") or "", case.expected["text"])
    if f1 < MIN_BODY_F1:
        yield f"body F1 {f1:.2f}"


def _image_differences(expected: list[dict], got: list[dict]) -> Iterator[str]:
    if len(expected) != len(got):
        yield f"images: expected {len(expected)}, got {len(got)}: {[g['url'] for g in got]}"
    for index, (want, have) in enumerate(zip(expected, got, strict=False)):
        for field in IMAGE_FIELDS:
            if want[field] != have.get(field):
                yield (f"image {index} {field}: expected {_show(want[field])},"
                       f" got {_show(have.get(field))}")


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
