"""`archiver pack`: crawl output folders into one WACZ 1.1.1 package.

Layout (https://specs.webrecorder.net/wacz/1.1.1/):
  archive/NAME.warc.gz     the closed WARC files, ZIP "stored" so replay tools can seek
  indexes/index.cdx        one sorted CDXJ index merged from the per-file NAME.cdxj
  pages/pages.jsonl        the seeds and every archived HTML page, articles marked
                           (archiver.warc.pages)
  datapackage.json         every file above with its size and sha256
  datapackage-digest.json  the sha256 of datapackage.json

Everything is streamed: WARCs are copied in chunks, indexes merged line by
line, and the package is written as FILE.open and renamed when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

import attrs

from archiver import __version__
from archiver.dates import now_iso
from archiver.warc.cdxj import cdxj_path, merged_lines, write_cdxj
from archiver.warc.pages import page_lines

WACZ_VERSION = "1.1.1"
CHUNK = 1 << 20


@attrs.frozen(kw_only=True)
class Resource:
    path: str
    bytes: int
    hash: str


@attrs.define
class HashingWriter:
    """A writable that hashes and counts what goes through it."""

    target: IO[bytes]
    sha256: Any = attrs.Factory(hashlib.sha256)
    size: int = 0

    def write(self, data: bytes) -> None:
        self.sha256.update(data)
        self.size += len(data)
        self.target.write(data)

    def resource(self, path: str) -> Resource:
        return Resource(path=path, bytes=self.size, hash="sha256:" + self.sha256.hexdigest())


def _add(package: zipfile.ZipFile, path: str, chunks: Iterable[bytes], *,
         stored: bool = False) -> Resource:
    info = zipfile.ZipInfo(path, datetime.now(timezone.utc).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with package.open(info, "w", force_zip64=True) as member:
        writer = HashingWriter(member)
        for chunk in chunks:
            writer.write(chunk)
    return writer.resource(path)


def _file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as stream:
        yield from iter(lambda: stream.read(CHUNK), b"")


def _datapackage(resources: list[Resource], title: str, description: str) -> bytes:
    package = {
        "profile": "data-package", "wacz_version": WACZ_VERSION, "title": title,
        **({"description": description} if description else {}),
        "created": now_iso(),
        "software": f"archiver {__version__}",
        "resources": [{"name": Path(r.path).name.replace(".", "-").lower(), **attrs.asdict(r)}
                      for r in resources],
    }
    return json.dumps(package, indent=2).encode()


def pack(warcs: list[Path], records_files: list[Path], target: Path, title: str,
         description: str = "", seeds: Iterable[str] = ()) -> list[Resource]:
    """Write the WACZ package; return its resources."""
    names = [w.name for w in warcs]
    if len(set(names)) != len(names):
        raise ValueError("two WARC files share a name; they cannot sit in one archive/ folder")
    indexes = [p if (p := cdxj_path(w)).is_file() else write_cdxj(w) for w in warcs]
    temp = target.with_name(target.name + ".open")
    with zipfile.ZipFile(temp, "w", allowZip64=True) as package:
        resources = [_add(package, f"archive/{w.name}", _file_chunks(w), stored=True)
                     for w in warcs]
        lines = (line.encode("utf-8") for line in merged_lines(indexes))
        resources.append(_add(package, "indexes/index.cdx", lines))
        pages = page_lines(merged_lines(indexes), warcs, records_files, seeds)
        resources.append(_add(package, "pages/pages.jsonl", pages))
        datapackage = _datapackage(resources, title, description)
        package.writestr("datapackage.json", datapackage, zipfile.ZIP_DEFLATED)
        digest = {"path": "datapackage.json",
                  "hash": "sha256:" + hashlib.sha256(datapackage).hexdigest()}
        package.writestr("datapackage-digest.json", json.dumps(digest), zipfile.ZIP_DEFLATED)
    os.replace(temp, target)
    return resources
