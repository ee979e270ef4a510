"""The extractors under comparison, each turning a case into a record-shaped dict."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import attrs
from trafilatura import bare_extraction

from archiver.extraction import ExtractedArticle, extract_article
from archiver.quality.corpus import Case

Prediction = dict[str, Any]
Runner = Callable[[Case], Prediction]


def ours(case: Case) -> Prediction:
    result = extract_article(case.body, case.url, content_type=case.content_type)
    if not isinstance(result, ExtractedArticle):
        return {"article": False, "reason": result.reason}
    return {"article": True, **attrs.asdict(result)}


def plain_trafilatura(case: Case) -> Prediction:
    """trafilatura on its own, with its defaults and its own metadata.

    It has no captions or credits; its authors are one string joined by "; ".
    """
    document = bare_extraction(case.body, url=case.url, with_metadata=True)
    if document is None or not document.text:
        return {"article": False}
    authors = [name.strip() for name in (document.author or "").split(";") if name.strip()]
    return {
        "article": True,
        "title": document.title,
        "subtitle": None,
        "description": document.description,
        "authors": [{"name": name, "url": None, "type": "person"} for name in authors],
        "date_published": document.date,
        "date_modified": None,
        "section": (document.categories or [None])[0],
        "tags": [t.strip() for tag in document.tags or [] for t in tag.split(",") if t.strip()],
        "language": document.language,
        "site_name": document.sitename,
        "canonical_url": document.url,
        "text": document.text,
        "markdown": document.text,
        "images": [],
    }


@attrs.frozen
class Run:
    predictions: dict[str, Prediction]
    seconds_per_page: float


def run(runner: Runner, cases: list[Case]) -> Run:
    if cases:
        runner(cases[0])  # warm up: first imports, language model, caches
    started = time.perf_counter()
    predictions = {case.name: runner(case) for case in cases}
    elapsed = time.perf_counter() - started
    return Run(predictions=predictions, seconds_per_page=elapsed / max(len(cases), 1))
