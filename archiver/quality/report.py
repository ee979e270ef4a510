"""The score table (Markdown) and the floor check."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from archiver.quality.corpus import Case
from archiver.quality.floors import FIELDS, FLOORS
from archiver.quality.runners import Run
from archiver.quality.scoring import Score


@attrs.frozen
class Row:
    field: str
    ours: Score
    baseline: Score
    floor: float | None

    @property
    def failed(self) -> bool:
        return self.floor is not None and self.ours.value < self.floor - 1e-9


def rows(cases: list[Case], ours: Run, baseline: Run) -> list[Row]:
    result = []
    for field, metric in FIELDS.items():
        mine = metric([(c, ours.predictions[c.name]) for c in cases])
        theirs = metric([(c, baseline.predictions[c.name]) for c in cases])
        floor = FLOORS.get(field)
        result.append(Row(field, mine, theirs, theirs.value if floor == "baseline" else floor))
    return result


def table(rows: Iterable[Row]) -> str:
    lines = ["| field | ours | plain trafilatura | floor |", "|---|---:|---:|---:|"]
    for row in rows:
        floor = "" if row.floor is None else f"{row.floor:.2f}"
        mark = " **below floor**" if row.failed else ""
        lines.append(f"| {row.field} | {_cell(row.ours)}{mark} | {_cell(row.baseline)} | {floor} |")
    return "\n".join(lines)


def _cell(score: Score) -> str:
    if not score.total:
        return "n/a"
    return f"{score.value:.2f} ({_count(score.hits)}/{score.total})"


def _count(hits: float) -> str:
    return str(int(hits)) if float(hits).is_integer() else f"{hits:.1f}"


def summary(cases: list[Case], ours: Run, baseline: Run) -> str:
    articles = sum(case.is_article for case in cases)
    families = len({case.family for case in cases})
    languages = len({case.language for case in cases if case.is_article})
    return (f"{len(cases)} pages ({articles} articles, {len(cases) - articles} non-articles),"
            f" {families} markup families, {languages} languages;"
            f" {ours.seconds_per_page * 1000:.0f} ms per page (ours),"
            f" {baseline.seconds_per_page * 1000:.0f} ms (plain trafilatura)")
