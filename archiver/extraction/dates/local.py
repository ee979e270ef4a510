"""The publication day in the site's own time, where a UTC value would shift it.

Many CMSs store the publication time in UTC ("2023-11-09T01:49:09Z") while the page
shows the local time ("November 8, 2023 at 5:49 p.m.") and the URL the local day
(/2023/11/08/): the evening before in the Americas, the morning after in Asia. The day
of the UTC value is then not the day the article was published where it was written.

A UTC value is read in local time only on the page's own evidence, never with a guessed
zone: another value of the page naming the same instant with its local offset, or a
local clock time of that instant (its offset is then their difference: an exact offset,
not an invented one); else the URL's day, when the UTC instant falls on it in some zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

# The offsets time zones use: UTC-12:00 to UTC+14:00, in quarter hours.
WEST, EAST = timedelta(hours=-12), timedelta(hours=14)
QUARTER_HOUR = timedelta(minutes=15)
UTC_OFFSET = re.compile(r"(?:Z|[+-]00:?00)$")
# A full date in a URL path: /2023/11/08/, -2023-11-08-, _2023_11_08_.
URL_DATE = re.compile(r"/(?:[^/]*\D)?(\d{4})[/_-](\d{1,2})[/_-](\d{1,2})(?:\D|$)")


def local_published(published: str, others: Iterable[str], url: str) -> str:
    """`published` (normalized ISO 8601) in the site's local time where the page says it.

    `others`: the page's other normalized date-times (its <time>s, meta and JSON-LD values).
    """
    instant = _utc_instant(published)
    if instant is None:
        return published
    for other in others:
        local = _same_instant(instant, other)
        if local:
            return local
    url_day = _url_day(url)
    if url_day and url_day != instant.date() and _can_fall_on(instant, url_day):
        return url_day.isoformat()
    return published


def _utc_instant(value: str) -> datetime | None:
    """The instant of a date-time given in UTC, or None for a day or a local time."""
    if len(value) <= 10 or not UTC_OFFSET.search(value):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _same_instant(instant: datetime, other: str) -> str | None:
    """`other` as the local form of `instant`, with its offset, or None."""
    if len(other) <= 10 or UTC_OFFSET.search(other):
        return None
    value = datetime.fromisoformat(other)
    if value.tzinfo is not None:
        return other if value == instant else None
    # A clock time without its zone: the instant's local time if they differ by an offset.
    offset = value - instant.replace(tzinfo=None)
    if not offset or not WEST <= offset <= EAST or offset % QUARTER_HOUR:
        return None
    return value.replace(tzinfo=timezone(offset)).isoformat(timespec="seconds")


def _url_day(url: str) -> date | None:
    match = URL_DATE.search(url.split("?", 1)[0])
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _can_fall_on(instant: datetime, day: date) -> bool:
    return (instant + WEST).date() <= day <= (instant + EAST).date()
