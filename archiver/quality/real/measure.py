"""Each real page through our extractor and through the plain library, timed alike.

Both run on the same page in the same worker process, one after the other, so the
time ratio holds on a busy machine. The pages are shared out over a process pool.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from archiver.quality.real.sets import HTMLDATE, RealPage

Prediction = dict[str, Any]
# Pages a worker takes at a time: small enough to share the tail of a set evenly.
CHUNK = 4


@attrs.frozen
class Measured:
    page: RealPage
    ours: Prediction
    plain: Prediction
    ours_seconds: float
    plain_seconds: float


def measure_all(pages: list[RealPage], processes: int) -> list[Measured]:
    if processes <= 1:
        _quiet_libraries()
        return [measure(page) for page in pages]
    context = multiprocessing.get_context("forkserver")
    with context.Pool(processes, initializer=_start_worker) as pool:
        return list(pool.imap(measure, pages, chunksize=CHUNK))


def _start_worker() -> None:
    _quiet_libraries()
    # The language model and jusText's stoplist, loaded before any page is timed.
    import archiver.extraction.preload  # noqa: F401


def _quiet_libraries() -> None:
    # The libraries' warnings on odd pages would bury the table: the scores say it all.
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger().setLevel(logging.ERROR)


def measure(page: RealPage) -> Measured:
    body = page.body()
    plain_runner = plain_htmldate if page.set_name == HTMLDATE else plain_trafilatura
    ours_prediction, ours_seconds = _timed(ours, body, page.url)
    plain_prediction, plain_seconds = _timed(plain_runner, body, page.url)
    return Measured(page, ours_prediction, plain_prediction, ours_seconds, plain_seconds)


def _timed(runner: Callable[[bytes, str], Prediction], body: bytes,
           url: str) -> tuple[Prediction, float]:
    started = time.perf_counter()
    prediction = runner(body, url)
    return prediction, time.perf_counter() - started


def ours(body: bytes, url: str) -> Prediction:
    from archiver.extraction import ExtractedArticle, extract_article

    result = extract_article(body, url)
    if not isinstance(result, ExtractedArticle):
        return {"record": False, "reason": result.reason}
    return {
        "record": True,
        "text": result.text,
        "title": result.title,
        "authors": [author.name for author in result.authors],
        "date": result.date_published,
        "date_modified": result.date_modified,
    }


def plain_trafilatura(body: bytes, url: str) -> Prediction:
    """trafilatura as its maintainers benchmark it (no comments, tables, no formatting)."""
    from trafilatura import bare_extraction

    try:
        document = bare_extraction(body, url=url, with_metadata=True, include_comments=False,
                                   include_tables=True, include_formatting=False)
    except Exception:  # a library failure counts as a miss, as in trafilatura's own benchmark
        document = None
    if document is None or not document.text:
        return {"record": False}
    return {
        "record": True,
        "text": document.text,
        "title": document.title,
        "authors": _split_authors(document.author),
        "date": document.date,
    }


def plain_htmldate(body: bytes, url: str) -> Prediction:
    """htmldate's own `find_date`, as the issue's baseline: original_date=True."""
    from htmldate import find_date

    try:
        found = find_date(body, original_date=True, url=url)
    except Exception:
        found = None
    return {"record": found is not None, "date": found}


def _split_authors(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(";") if name.strip()]


def by_set(measured: Iterable[Measured]) -> dict[str, list[Measured]]:
    groups: dict[str, list[Measured]] = {}
    for item in measured:
        groups.setdefault(item.page.set_name, []).append(item)
    return groups
