"""The real-page sets on disk -> pages with their truth, or the line saying they are absent."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import attrs

TRAFILATURA = "trafilatura"
HTMLDATE = "htmldate"
READABILITY = "readability"
SET_FOLDERS = {
    TRAFILATURA: "real-pages/trafilatura",
    HTMLDATE: "real-pages/htmldate",
    READABILITY: "readability-pages",
}
# Readability's test pages give no URL; relative links resolve against this one.
READABILITY_URL = "http://fakehost/test/page.html"


@attrs.frozen
class RealPage:
    set_name: str
    url: str
    path: Path
    truth: dict[str, Any]
    """The maintainers' annotation (trafilatura, htmldate) or Readability's output."""

    def body(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.path.suffix == ".gz" else data

    @property
    def has_metadata_truth(self) -> bool:
        """trafilatura's set annotates title, author and date on 851 of its 990 pages."""
        return all(key in self.truth for key in ("title", "author", "date"))


def load_set(root: Path, set_name: str) -> list[RealPage] | str:
    """The set's pages, or a one-line reason why it cannot be scored."""
    folder = root / SET_FOLDERS[set_name]
    if not folder.is_dir():
        return f"{set_name}: skipped, {folder} is absent"
    if set_name == READABILITY:
        return _readability_pages(folder)
    annotation = folder / "evaldata.json"
    if not annotation.is_file():
        return f"{set_name}: skipped, {annotation} is absent"
    entries = json.loads(annotation.read_text("utf-8"))
    pages = [RealPage(set_name, url, folder / entry["file"], entry)
             for url, entry in entries.items()]
    return [page for page in pages if page.path.is_file()]


def _readability_pages(folder: Path) -> list[RealPage]:
    pages = []
    for expected in sorted(folder.glob("*/expected-metadata.json")):
        truth = json.loads(expected.read_text("utf-8"))
        source = expected.parent / "source.html"
        if truth.get("readerable") and source.is_file():
            pages.append(RealPage(READABILITY, READABILITY_URL, source, truth))
    return pages
