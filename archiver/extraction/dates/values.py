"""Date values as ISO 8601: a date-time keeps the offset the page gives; a date-time
without an offset is cut to its date (an offset is never invented)."""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable
from datetime import date, datetime

ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)


def normalize_date(value: str | None, *, keep_clock: bool = False) -> str | None:
    """`value` as ISO 8601 ("2025-08-30" or "2025-08-30T18:42:00+05:30"), or None.

    With `keep_clock`, a date-time without an offset keeps its clock time (read as local
    time by dates.local, never given as a value of its own)."""
    value = (value or "").strip()
    match = ISO.match(value)
    if match:
        return _from_iso(*match.groups(), keep_clock=keep_clock)
    try:
        parsed = email.utils.parsedate_to_datetime(value)  # RFC 2822, as in feeds
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def _from_iso(
    year: str, month: str, day: str, hour: str | None, minute: str | None,
    second: str | None, offset: str | None, *, keep_clock: bool = False,
) -> str | None:
    try:
        day_value = date(int(year), int(month), int(day))
        if hour is not None:
            datetime(day_value.year, day_value.month, day_value.day, int(hour), int(minute or 0),
                     int(second or 0))
    except ValueError:
        return None
    if not 1900 <= day_value.year <= 2100:
        return None
    if hour is None or (offset is None and not keep_clock):
        return day_value.isoformat()
    if offset is None:
        return f"{day_value.isoformat()}T{hour}:{minute}:{second or '00'}"
    if offset != "Z" and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    return f"{day_value.isoformat()}T{hour}:{minute}:{second or '00'}{offset}"


def first_date(values: Iterable[str | None]) -> str | None:
    for value in values:
        normalized = normalize_date(value)
        if normalized:
            return normalized
    return None
