"""Dates and durations: `--since`, `--refresh-after`, and the dates feeds and sitemaps give.

No Scrapy here. Every datetime that leaves this module is timezone-aware;
a date or date-time without an offset is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NEVER = "never"


def parse_duration(text: str) -> timedelta:
    """"90s", "30m", "6h", "2d", "1w" -> timedelta; ValueError otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration (like 30m, 6h, 2d): {text!r}")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2).lower()])


def parse_since(text: str, now: datetime) -> datetime:
    """A DATE (2026-11-01), a date-time (2026-11-01T06:00Z) or a DURATION back from `now`."""
    if _DURATION.match(text):
        return now - parse_duration(text)
    moment = parse_iso(text.strip())
    if moment is None:
        raise ValueError(f"not a date (YYYY-MM-DD[Thh:mm[:ss]][Z|+hh:mm]) or duration: {text!r}")
    return moment


def parse_refresh_after(text: str) -> float:
    """Seconds after which a known article is fetched again; -1 for "never".

    Takes a DURATION (6h, 2d), "never", or a number of seconds (-1: never).
    """
    text = str(text).strip()
    if text.lower() == NEVER:
        return -1.0
    try:
        seconds = float(text)
    except ValueError:
        return parse_duration(text).total_seconds()
    return -1.0 if seconds < 0 else seconds


def parse_iso(text: str) -> datetime | None:
    """An ISO 8601 date or date-time as an aware datetime, or None."""
    try:
        if _DATE_ONLY.match(text):
            return datetime.combine(date.fromisoformat(text), time(), timezone.utc)
        # Python 3.10's fromisoformat does not read a "Z" suffix.
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_listing_date(text: str | None) -> datetime | None:
    """A feed or sitemap date: W3C/ISO 8601 (Atom, sitemaps) or RFC 822 (RSS)."""
    if not text or not text.strip():
        return None
    text = text.strip()
    moment = parse_iso(text)
    if moment is not None:
        return moment
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def listing_date_text(text: str | None) -> str | None:
    """A listing date rewritten as ISO 8601 keeping its own offset (dates stay dates)."""
    if text and _DATE_ONLY.match(text.strip()):
        return text.strip()
    moment = parse_listing_date(text)
    return moment.isoformat() if moment else None


def iso_utc(moment: datetime) -> str:
    """UTC, ISO 8601 to the second with "Z": the records' and the state's timestamps."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso_utc(datetime.now(timezone.utc))


def file_stamp(moment: datetime) -> str:
    """The moment in output file names: 14 digits and milliseconds (as in WARC names)."""
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"
