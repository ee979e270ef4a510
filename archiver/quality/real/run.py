"""Load the real-page sets present, measure them, print the table; False when below a floor."""

from __future__ import annotations

import json
from pathlib import Path

from archiver.quality.real.measure import Measured, measure_all
from archiver.quality.real.report import real_rows, real_table, timing, timing_line
from archiver.quality.real.sets import SET_FOLDERS, RealPage, load_set


def run_real_pages(root: Path, processes: int, dump: Path | None = None,
                   only: list[str] | None = None) -> bool:
    pages: list[RealPage] = []
    for set_name in only or SET_FOLDERS:
        loaded = load_set(root, set_name)
        if isinstance(loaded, str):
            print(f"real pages: {loaded}")
        else:
            pages.extend(loaded)
    if not pages:
        return True
    measured = measure_all(pages, processes)
    rows = real_rows(measured)
    print(f"Real pages from {root} (ours beside the plain library, same run):\n")
    print(real_table(rows))
    result = timing(measured)
    print()
    print(timing_line(result))
    if dump:
        _dump(measured, dump)
    failed = [f"{row.set_name}: {row.field}" for row in rows if row.failed]
    if result.failed:
        failed.append("extraction time ratio")
    if failed:
        print("below floor (real pages): " + "; ".join(failed))
    return not failed


def _dump(measured: list[Measured], path: Path) -> None:
    """Every page's predictions, for reading the misses (never committed: corpus text)."""
    rows = [{"set": m.page.set_name, "url": m.page.url, "file": str(m.page.path),
             "truth": {k: v for k, v in m.page.truth.items() if k not in ("with", "without")},
             "ours": _short(m.ours), "plain": _short(m.plain)} for m in measured]
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


def _short(prediction: dict) -> dict:
    return {k: v for k, v in prediction.items() if k != "text"}
