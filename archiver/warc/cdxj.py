"""CDXJ indexes: one sorted `NAME.cdxj` beside each closed `NAME.warc.gz`.

Lines come from cdxj-indexer (the indexer pywb and the WACZ tools use), so
replay tools read them as they read their own: `SURT TIMESTAMP {json}` with
url, mime, status, digest, length, offset and filename (the WARC's base name).
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from archiver.run.atomic import write_atomically
from archiver.warc.not_modified import EXTRA_FIELDS, resolved_lines

WARC_SUFFIXES = (".warc.gz", ".warc")
CDXJ_SUFFIX = ".cdxj"
TEMP_SUFFIX = ".tmp"


def is_warc(path: Path) -> bool:
    return path.name.endswith(WARC_SUFFIXES)


def cdxj_path(warc: Path) -> Path:
    name = warc.name
    for suffix in WARC_SUFFIXES:
        if name.endswith(suffix):
            return warc.with_name(name[: -len(suffix)] + CDXJ_SUFFIX)
    return warc.with_name(name + CDXJ_SUFFIX)


def load_cdxj_indexer() -> None:
    # Imported on first use: cdxj-indexer pulls in pyamf, bs4 and tldextract (about
    # 0.4 s), which the crawl process never needs (see archiver.warc.background_cdxj).
    import cdxj_indexer.main  # noqa: F401


def write_cdxj(warc: Path) -> Path:
    """Index one WARC file into its sorted CDXJ (temp name, then rename), its
    server-not-modified revisits resolved to their originals (archiver.warc.not_modified)."""
    target = cdxj_path(warc)
    # The process's own temporary names: the indexing process of a killed run may
    # still be finishing the same index when the next run writes it again.
    raw = target.with_name(f"{target.name}.{os.getpid()}.raw{TEMP_SUFFIX}")
    temp = target.with_name(f"{target.name}.{os.getpid()}{TEMP_SUFFIX}")
    from cdxj_indexer.main import CDXJIndexer  # on first use (see load_cdxj_indexer)

    siblings = [path for path in sorted(warc.parent.glob("*" + CDXJ_SUFFIX)) if path != target]
    try:
        CDXJIndexer(str(raw), [str(warc)], sort=True, fields=EXTRA_FIELDS).process_all()
        with open(temp, "w", encoding="utf-8") as stream:
            stream.writelines(resolved_lines(raw, siblings))
        os.replace(temp, target)
    finally:  # what was written before a failure (a full disk)
        raw.unlink(missing_ok=True)
        temp.unlink(missing_ok=True)
    return target


def unindexed_warcs(warc_dir: Path) -> list[Path]:
    """The closed WARC files in `warc_dir` that have no CDXJ index beside them."""
    if not warc_dir.is_dir():
        return []
    return [warc for warc in warc_files([warc_dir])
            if warc.is_file() and not _has_content(cdxj_path(warc))]


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def warc_files(paths: Iterable[Path]) -> list[Path]:
    """The closed WARC files among `paths`, folders searched (not recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if is_warc(p))
        elif is_warc(path):
            found.append(path)
    return found


def merged_lines(indexes: Iterable[Path]) -> Iterator[str]:
    """The lines of several sorted CDXJ files as one sorted stream."""
    with ExitStack() as stack:
        files = [stack.enter_context(open(path, encoding="utf-8")) for path in indexes]
        yield from heapq.merge(*files)


def write_merged(indexes: Iterable[Path], target: Path) -> Path:
    """One sorted CDXJ of several (temp name, then rename): one index for many folders."""
    write_atomically(target, merged_lines(indexes))
    return target
