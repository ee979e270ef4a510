"""`archiver recover OUTDIR`: finish what a killed run left behind, without crawling.

The next `archiver crawl` into the folder does the same by itself; this is for
an archivist who wants the folder whole now (before packing or replaying it).
Under the folder's lock: each `.open` WARC is cut after its last whole record
(only an unfinished tail is cut; a file damaged elsewhere is salvaged and its
original kept as NAME.damaged, see archiver.run.leftovers) and each `.open` records
file after its last whole line, both are renamed to
their final names, and the records are taken into the crawl state, so the
next run neither loses nor repeats an article. Closed WARC files without their
CDXJ index get it. Leftover report temporaries (`*.json.open`) are removed.
"""

from __future__ import annotations

from pathlib import Path

from archiver.run.leftovers import Recovered, finish_leftovers
from archiver.run.lock import output_lock
from archiver.run.paths import output_paths
from archiver.state.backends import open_state


def recover_output(outdir: Path, overrides: dict[str, object] | None = None) -> Recovered:
    from archiver.commands.crawl import project_settings

    settings = project_settings({"ARCHIVER_OUTPUT_DIR": str(outdir), **(overrides or {})})
    paths = output_paths(settings)
    with output_lock(paths.lock_file):
        state = open_state(settings)
        try:
            recovered = finish_leftovers(
                paths.records_dir, paths.warc_dir, state,
                index=settings.getbool("ARCHIVER_WARC_CDXJ_ENABLED"), logs_dir=paths.logs_dir)
        finally:
            state.close()
        for leftover in [*outdir.glob("*.json.open"), *outdir.glob("reports/*.json.open")]:
            leftover.unlink()
    return recovered


def describe(recovered: Recovered) -> str:
    files = recovered.records_files + recovered.warc_files + recovered.log_files
    indexed = recovered.indexed_warc_files
    indexes = f"; wrote the missing CDXJ index of {', '.join(indexed)}" if indexed else ""
    if not files:
        return f"Nothing to recover{indexes}"
    return (f"Recovered {len(recovered.warc_files)} WARC and {len(recovered.records_files)} "
            f"records files ({recovered.records} records, {recovered.taken_in} new to the "
            f"state): {', '.join(files)}{indexes}")
