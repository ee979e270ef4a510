"""Byline text -> names: "By A, Senior Reporter" -> ["A"]; "Von A und B" -> ["A", "B"].

Bylines are split into people ("A, B & C", "A und B", "A y B") and cleaned of
"By", roles, e-mail addresses, dates, places ("in Berlin") and "| Site" tails.
"""

from __future__ import annotations

import re

from archiver.extraction.people.agencies import is_agency, is_desk
from archiver.extraction.textnorm import clean, fold
from archiver.items import Author

# Where a byline turns into its date line: "By A Updated Sept. 2".
DATE_LINE = re.compile(
    r"(?:^|\s)(?:Updated|Published|Posted|Last updated|Aktualisiert|Veröffentlicht|Stand|Mis à jour"
    r"|Publié|Actualizado|Publicado|Atualizado|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday)\b.*$",
    re.IGNORECASE,
)
# Degrees and suffixes that follow a name after a comma ("Jane Doe, MD").
CREDENTIALS = frozenset({"ma", "md", "phd", "ms", "msc", "rn", "mph", "mba", "dds", "jr", "sr"})
PREFIX = re.compile(
    r"^(?:(?:written|reported|text|words|story|posted|published|photos?)\s+)?"
    r"(?:by|von|par|por|door|av|af|przez)\b[:\s]*"
    r"|^(?:autor(?:in|en)?|authors?|auteurs?|text|texte|textos?|words|reportage)"
    r"(?:\s+(?:and|und|&|et|y|e)\s+(?:photos?|fotos?|bilder|photographs?))?\s*:\s*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\S+@\S+\.\w+|@\w+")
# Separators between names; the one-letter ones only in lower case (not initials).
SPLIT = re.compile(r"\s*(?:[,;&/+]|\s(?:and|und|y|et|e|og|i|sowie|with|avec|mit|con|com)\s)\s*")
# "A (avec B et C)": the parenthesis opens more names.
MORE_NAMES = re.compile(r"\s*\((?=(?:avec|with|mit|and|und|et|con|com)\s)", re.IGNORECASE)
# Notes in brackets that are no names: "(earlier)", "(Marseille, correspondant)"; not
# initials ("Richard (R.J.) Eskow") and not "(avec B et C)".
NOTE = re.compile(
    r"\s*\((?!(?:avec|with|mit|and|und|et|con|com)\s)(?:[a-zà-ÿ][^()]*|[^()]*,[^()]*)\)"
)
WEB_ADDRESS = re.compile(r"\(?https?://\S+\)?")
CONNECTOR = re.compile(r"^(?:and|und|et|with|avec|mit|con|com)\s+", re.IGNORECASE)
PLACE = re.compile(r"\s+(?:in|aus|from|en|em|à|desde)\s+[A-Z].*$")
ROLE_WORDS = frozenset("""
    reporter reporters correspondent correspondents editor editors writer writers columnist
    contributor contributors producer analyst journalist journalists photographer photographers
    senior chief deputy associate bureau special contributing reporting staff news editorial
    correspondence updated published redakteur redakteurin korrespondent korrespondentin
    reporterin autorin mitarbeiter chefredakteur journaliste correspondant correspondante
    envoyé envoyée spécial spéciale corresponsal redactor redactora repórter editora
""".split())
MAX_NAME_WORDS = 5


def parse_byline(text: str) -> list[str]:
    """Names in a byline, in order; [] when it names nobody."""
    text = WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text.split(" | ")[0]))
    text = MORE_NAMES.sub(", ", DATE_LINE.sub("", text))
    text = NOTE.sub("", PREFIX.sub("", clean(text) or ""))
    names = []
    for segment in SPLIT.split(text):
        name = _name(PREFIX.sub("", segment))
        if name:
            names.append(name)
    return names


def starts_like_byline(text: str) -> bool:
    """"By A", "Von A", "Texte : A": text that opens with a byline's prefix."""
    return PREFIX.match(clean(text) or "") is not None


def make_author(name: str, url: str | None = None, organization: bool = False) -> Author:
    organization = organization or is_agency(name) or is_desk(name)
    return Author(name=name, url=url, type="organization" if organization else "person")


def _name(segment: str) -> str | None:
    segment = CONNECTOR.sub("", clean(PLACE.sub("", segment).strip(" .:-–—()[]")) or "")
    words = segment.split()
    if not words or len(words) > MAX_NAME_WORDS or any(c.isdigit() for c in segment):
        return None
    if fold(segment) in CREDENTIALS:
        return None
    if is_agency(segment) or is_agency(" ".join(w for w in words if not is_desk(w))):
        return segment
    if not segment[0].isupper() or any(w.casefold() in ROLE_WORDS for w in words):
        return None
    return segment
