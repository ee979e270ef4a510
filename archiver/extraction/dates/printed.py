"""Dates printed as words under the headline: "Posted on 8 July 2024", "17. Juni 2024",
"Publié le 13 mai 2024", "4 de octubre de 2024", "March 16, 2024", "08.07.2024".

Only the day is read: a clock time without its zone would need an invented offset.
A dateline may print the update beside the publication ("Last updated 4 Jun 2020,
originally created 17 Jun 2019"): the label before each date says which one it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


# A dateline's date: after nothing or a place name and a comma, before a dash, a closing
# bracket or a colon, a clock time between ("Berlin, 28.10.2021 –", "(21. November 2022)",
# "02.02.2022 10:16 Uhr - Bundesliga"), never a sentence's "Am 15.01.2022 ...".
DATELINE_OPENING = re.compile(r"^\W*(?:(?:[^\W\d_]+[\s-]?){1,3},\s*)?\(?\s*$")
DATELINE_CLOSING = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}(?:\s*Uhr)?)?\s*[)–—:|•·-]")
# Labels of an update, and of the publication, in the languages of MONTHS. A date
# belongs to the last label before it ("Posted 3 May, updated 5 May").
UPDATE_LABEL = re.compile(
    r"\b(?:updated?|last\s+(?:modified|edited)|modified|revised|aktualisiert|zuletzt\s+geändert"
    r"|geändert|mis\s+à\s+jour|modifié|actualizado|actualización|aggiornat[oa]|atualizado"
    r"|bijgewerkt|gewijzigd)\b",
    re.IGNORECASE,
)
PUBLISHED_LABEL = re.compile(
    # (The lookahead on the first letters makes the search over a whole page 3x faster.)
    r"(?=[cdefgopvCDEFGOPV])"
    r"(?:\b(?:published|posted|originally\s+(?:published|created)|created\s+on|veröffentlicht"
    r"|erstellt\s+am|erschienen|publié|publicado|publicada|pubblicato|gepubliceerd)\b"
    r"|\b(?:datum|date|fecha|data)\s*:)",  # a meta line's "Datum: 18.10.2021"
    re.IGNORECASE,
)
# The first word of each PUBLISHED_LABEL, lower-cased: where one can start (published_labels).
LABEL_STARTS = re.compile(
    "p(?:ublished|osted|ublié|ublicado|ublicada|ubblicato)|originally|created|veröffentlicht"
    "|erstellt|erschienen|gepubliceerd|dat(?:um|e|a)|fecha"
)
# The letters re.IGNORECASE takes for an ASCII letter of those words that str.lower() keeps
# apart: the dotless ı for i, the long ſ for s. (The Kelvin sign lower-cases to k; İ to
# two characters, and a text holding one is searched as it is.)
CASE_FIXES = (("ı", "i"), ("ſ", "s"))


def published_labels(text: str) -> Iterator[re.Match[str]]:
    """PUBLISHED_LABEL's matches in `text`, those of `PUBLISHED_LABEL.finditer(text)`,
    tried only where one of its words stands: on a page's whole text, 0.9 ms instead of
    1.4 (the search of PUBLISHED_LABEL itself stops at every character).

    A label matches its words whatever their case, so each stands in the lower-cased text
    (CASE_FIXES) at the same place, where one character lower-cases to one. The label is
    then matched there on the text itself, as finditer would (its `\\b` sees the character
    before), and the search goes on after it, or after that place when none matches.
    """
    folded = text.lower()
    for letter, fixed in CASE_FIXES:
        if letter in folded:
            folded = folded.replace(letter, fixed)
    if len(folded) != len(text):
        yield from PUBLISHED_LABEL.finditer(text)
        return
    at = 0
    while (word := LABEL_STARTS.search(folded, at)) is not None:
        label = PUBLISHED_LABEL.match(text, word.start())
        if label is None:
            at = word.start() + 1
        else:
            yield label
            at = label.end()


def date_in_text(text: str) -> str | None:
    """The first calendar date the text prints, as "YYYY-MM-DD"."""
    found = _dates(text)
    return found[0][2].isoformat() if found else None


def date_at_start(text: str) -> str | None:
    """The date a text opens with, after at most a place name ("Berlin, 28.10.2021 –")."""
    found = _dates(text)
    if not found:
        return None
    start, end, day = found[0]
    if DATELINE_OPENING.match(text[:start]) and DATELINE_CLOSING.match(text[end:]):
        return day.isoformat()
    return None


def published_in_text(text: str, *, labelled: bool = False) -> str | None:
    """The publication day a dateline prints: a date labelled as the publication
    ("Veröffentlicht am 16.08.2019"), else (unless `labelled` is required) the first
    date not labelled as an update."""
    labels = sorted([(m.end(), True) for m in UPDATE_LABEL.finditer(text)]
                    + [(m.end(), False) for m in PUBLISHED_LABEL.finditer(text)])
    unlabelled = None
    previous_end = 0
    for start, end, day in _dates(text):
        label = [update for at, update in labels if previous_end <= at <= start]
        previous_end = end
        if label and not label[-1]:
            return day.isoformat()
        if not label and unlabelled is None:
            unlabelled = day.isoformat()
    return None if labelled else unlabelled


def _dates(text: str) -> list[tuple[int, int, date]]:
    """(start, end, day) of every calendar date in the text, in reading order."""
    found = []
    for pattern in PATTERNS:
        for match in pattern.finditer(text):
            day = _date(match.group("year"), match.group("month"), match.group("day"))
            if day:
                found.append((match.start(), match.end(), day))
    return sorted(found)


def _date(year: str, month: str, day: str) -> date | None:
    number = int(month) if month.isdigit() else MONTHS.get(month.casefold())
    if not number:
        return None
    try:
        value = date(int(year), number, int(day))
    except ValueError:
        return None
    return value if 1900 <= value.year <= 2100 else None
