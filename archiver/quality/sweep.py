"""Measure trafilatura's modes inside our extractor: which options give the best body.

Each mode is run over the whole corpus; the table shows body F1, Markdown
structure, how many articles survive, and the time per page. The modes are
trafilatura's own switches: fast (no fallback extractors), favor_precision,
favor_recall, and the balanced default.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from archiver.extraction.text import body
from archiver.quality.corpus import Case
from archiver.quality.floors import FIELDS
from archiver.quality.runners import ours, run

MODES = {
    "balanced + fallbacks": {},
    "balanced, fast (no fallbacks)": {"fast": True},
    "favor_precision + fallbacks": {"favor_precision": True},
    "favor_precision, fast": {"favor_precision": True, "fast": True},
    "favor_recall + fallbacks": {"favor_recall": True},
    "favor_recall, fast": {"favor_recall": True, "fast": True},
}
COLUMNS = ("body F1 (4-word shingles)", "markdown structure", "articles kept",
           "non-articles skipped")


@contextmanager
def trafilatura_mode(options: dict[str, bool]) -> Iterator[None]:
    """Run the extractor with other trafilatura options (for this measurement only)."""
    saved = dict(body.TRAFILATURA_OPTIONS)
    body.TRAFILATURA_OPTIONS.update(
        {"fast": False, "favor_precision": False, "favor_recall": False, **options})
    try:
        yield
    finally:
        body.TRAFILATURA_OPTIONS.clear()
        body.TRAFILATURA_OPTIONS.update(saved)


def sweep(cases: list[Case]) -> str:
    lines = ["| trafilatura mode | " + " | ".join(COLUMNS) + " | ms per page |",
             "|---|" + "---:|" * (len(COLUMNS) + 1)]
    for name, options in MODES.items():
        with trafilatura_mode(options):
            result = run(ours, cases)
        pairs = [(case, result.predictions[case.name]) for case in cases]
        scores = [FIELDS[column](pairs).value for column in COLUMNS]
        cells = " | ".join(f"{score:.3f}" for score in scores)
        lines.append(f"| {name} | {cells} | {result.seconds_per_page * 1000:.0f} |")
    return "\n".join(lines)
