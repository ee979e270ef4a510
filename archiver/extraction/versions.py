"""Names and versions of the software that makes a record (ArticleRecord.extractor)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

from archiver import __version__

LIBRARIES = ("trafilatura", "extruct", "htmldate")


@cache
def extractor_versions() -> dict[str, str]:
    versions = {"archiver": __version__}
    for name in LIBRARIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = "unknown"
    return versions
