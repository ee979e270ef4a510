"""One merged export of an output folder's records, for downstream tools (`archiver export`).

Every run appends records to its own `records/*.jsonl` file, and a changed
article gets a new record (`version` 2, 3, ... with `previous_id`) in a later
run. The export keeps one record per article: the latest fetch of each
canonical URL (the final `url` when the page names no canonical URL).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import attrs

from archiver.dates import parse_iso
from archiver.items import json_schema
from archiver.run.atomic import write_atomically
from archiver.run.printable import printable, printable_json

FORMATS = ("jsonl", "csv")
LIST_SEPARATOR = "; "
# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportError(Exception):
    """Bad export input (no records, unknown field): reported as one line."""


@attrs.define
class RecordSet:
    records: list[dict[str, Any]] = attrs.field(factory=list)
    """Records read, in file order."""
    bad_lines: list[str] = attrs.field(factory=list)
    """FILE:LINE of each line that was not a JSON object."""


def record_fields() -> list[str]:
    """Top-level record fields, in the schema's order."""
    return list(json_schema()["properties"])


def records_files(output_dir: Path, records_subdir: str = "records") -> list[Path]:
    """The closed JSONL files of an output folder (`.open` files are runs still writing)."""
    folder = output_dir / records_subdir
    if not folder.is_dir():
        raise ExportError(f"no records folder in {output_dir} (is it a crawl's output folder?)")
    return sorted(folder.glob("*.jsonl"))


def read_records(paths: Iterable[Path], *,
                 keep: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> RecordSet:
    """The records of `paths`, each passed through `keep` when given."""
    found = RecordSet()
    for path in paths:
        for number, record in numbered_records(path):
            if record is None:
                found.bad_lines.append(f"{path}:{number}")
            else:
                found.records.append(keep(record) if keep else record)
    return found


def numbered_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, record) for each line of a JSONL file; None for a line that is no record."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            yield number, _parsed_line(line)


def _parsed_line(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    ok = isinstance(record, dict) and isinstance(record.get("url"), str)
    return record if ok else None


def article_key(record: dict[str, Any]) -> str:
    return record.get("canonical_url") or record["url"]


def _recency(record: dict[str, Any]) -> tuple[str, int]:
    return (str(record.get("fetched_at") or ""), int(record.get("version") or 1))


def latest_versions(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per article, the latest fetched (then highest version); sorted by URL."""
    latest: dict[str, dict[str, Any]] = {}
    for record in records:
        key = article_key(record)
        if key not in latest or _recency(record) >= _recency(latest[key]):
            latest[key] = record
    return [latest[key] for key in sorted(latest)]


def fetched_since(records: list[dict[str, Any]], since: datetime) -> list[dict[str, Any]]:
    def fetched(record: dict[str, Any]) -> datetime | None:
        return parse_iso(str(record.get("fetched_at") or ""))

    return [r for r in records if (moment := fetched(r)) is not None and moment >= since]


def check_fields(fields: list[str]) -> list[str]:
    known = record_fields()
    for field in fields:
        if field not in known:
            raise ExportError(f"unknown field {field!r} (known: {', '.join(known)})")
    return fields


def csv_value(value: Any) -> str:
    """Scalars as text; lists of scalars joined with "; "; objects (and lists of them) as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value):
        return LIST_SEPARATOR.join(csv_value(v) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_cell(value: Any) -> str:
    """The cell of a value: printable, and text a spreadsheet would run as a formula
    prefixed with a single quote, as OWASP advises (numbers stay numbers)."""
    text = printable(csv_value(value))
    if isinstance(value, (int, float)) or not text.startswith(FORMULA_STARTS):
        return text
    return "'" + text


def write_csv(records: list[dict[str, Any]], fields: list[str], stream: IO[str]) -> None:
    writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([csv_cell(record.get(field)) for field in fields])


def write_jsonl(records: list[dict[str, Any]], fields: list[str], stream: IO[str]) -> None:
    for record in records:
        row = {field: record.get(field) for field in fields if field in record}
        stream.write(printable_json(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                     + "\n")


WRITERS = {"csv": write_csv, "jsonl": write_jsonl}


def render(records: list[dict[str, Any]], fmt: str, fields: list[str]) -> Iterator[str]:
    buffer = io.StringIO(newline="")
    WRITERS[fmt](records, fields, buffer)
    yield buffer.getvalue()


@attrs.frozen
class ExportResult:
    read: int
    exported: int
    bad_lines: list[str]

    def describe(self, target: str) -> str:
        line = f"Exported {self.exported} article(s) from {self.read} record(s) to {target}"
        if self.bad_lines:
            line += f"; skipped {len(self.bad_lines)} bad line(s), first {self.bad_lines[0]}"
        return line


def export(output_dir: Path, fmt: str, *, fields: list[str] | None = None,
           since: datetime | None = None, out: Path | None = None,
           stdout: IO[str] | None = None) -> ExportResult:
    """Export the latest version of each article of OUTPUT_DIR to OUT (or to stdout)."""
    fields = check_fields(fields) if fields else record_fields()
    found = read_records(records_files(output_dir))
    records = latest_versions(found.records)
    if since is not None:
        records = fetched_since(records, since)
    chunks = render(records, fmt, fields)
    if out is None:
        for chunk in chunks:
            (stdout or io.StringIO()).write(chunk)
    else:
        write_atomically(out, chunks)
    return ExportResult(len(found.records), len(records), found.bad_lines)
