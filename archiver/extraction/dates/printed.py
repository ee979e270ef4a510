"""Dates printed as words under the headline: "Posted on 8 July 2024", "17. Juni 2024",
"Publié le 13 mai 2024", "4 de octubre de 2024", "March 16, 2024", "08.07.2024".

Only the day is read: a clock time without its zone would need an invented offset.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {}
for _names in (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jänner feber maerz",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
    " dicembre",
    "januari februari maart april mei juni juli augustus september oktober november december",
):
    for _number, _name in enumerate(_names.split(), 1):
        MONTHS.setdefault(_name, _number)
MONTHS.update({"sept": 9, "jänner": 1, "feber": 2, "maerz": 3, "setiembre": 9})

MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
PATTERNS = (
    # "8 July 2024", "17. Juni 2024", "4 de octubre de 2024", "13 mai 2024"
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:\.|º|er)?\s+(?:de\s+)?{MONTH}\s+(?:de\s+)?(?P<year>\d{{4}})\b",
               re.IGNORECASE),
    # "July 8, 2024", "Sept. 2, 2024"
    re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
               re.IGNORECASE),
    # "08.07.2024" (day first, as in Europe), "2024-07-08"
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)


def date_in_text(text: str) -> str | None:
    """The first calendar date the text prints, as "YYYY-MM-DD"."""
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            day = _date(match.group("year"), match.group("month"), match.group("day"))
            if day:
                found.append((match.start(), day))
    return min(found)[1].isoformat() if found else None


def _date(year: str, month: str, day: str) -> date | None:
    number = int(month) if month.isdigit() else MONTHS.get(month.casefold())
    if not number:
        return None
    try:
        value = date(int(year), number, int(day))
    except ValueError:
        return None
    return value if 1900 <= value.year <= 2100 else None
