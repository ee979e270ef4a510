"""Caption text -> (caption, credit line): the credit newsrooms print at the end of a caption.

Recognised endings, in several languages: "(Photo: X/AP)", "[Photo by X via Y]",
"Photograph: X/Reuters", "Foto: X/dpa", "Crédit photo : X / AFP", "© X",
"(AP Photo/X)", " - X/Reuters" and a bare "X/Getty Images" after a full stop.
The credit is returned as printed, without the brackets around it.
"""

from __future__ import annotations

import re

from archiver.extraction.people.agencies import is_agency
from archiver.extraction.textnorm import clean

# Words that open a credit line, in title case (the same words in lower case are prose:
# "a photo by the river"); upper case versions are added below.
_KEYWORDS = (
    "Photo", "Photos", "Photograph", "Photographs", "Photography", "Picture", "Pictures",
    "Image", "Images", "Credit", "Credits", "Source", "Foto", "Fotos", "Bild", "Bilder",
    "Quelle", "Fotografie", "Crédit photo", "Crédits photo", "Crédit", "Crédits", "Crédito",
    "Créditos", "Imagen", "Imágenes", "Fuente", "Fotografía", "Illustration", "Grafik",
    "Graphic", "Video", "Vídeo", "Reprodução", "Divulgação", "Image Credit", "Image Credits",
    "Photo Credit", "Photo Credits", "Picture Credit", "Bildquelle", "Fotoquelle",
)
KEYWORD = "(?:" + "|".join(
    re.escape(word) for word in sorted({*_KEYWORDS, *(w.upper() for w in _KEYWORDS)},
                                       key=len, reverse=True)
) + ")"
# After a keyword: a colon (French puts a space before it), or "by", "von", "de", "par".
OPENER = rf"{KEYWORD}\s*(?::|\s(?:by|von|de|par|por)\s)"
AGENCY_PHOTO = r"(?:AP|AFP|EPA|Reuters|REUTERS|UPI|Xinhua)\s+Photos?\s*/"
COPYRIGHT = r"(?:©|\([cC]\)|Copyright\b|COPYRIGHT\b)"
# What makes a bracketed note at the end of a caption a credit and not part of it.
CREDIT_HINT = re.compile(
    rf"{OPENER}|{AGENCY_PHOTO}|{COPYRIGHT}|\bvia\b|licen[cs]ed|\bfile (?:photo|image)\b"
    rf"|\b(?:photo|foto|bild|image|credit|crédit)s?\b",
    re.IGNORECASE,
)
BOUNDARY = r"(?:^|(?<=[.!?\"”»)\]:])\s+|\s+(?=[A-ZÀ-Ý]))"
TRAILING = (
    re.compile(r"\s*\[([^\[\]]+)\]\s*$"),  # "Caption. [Photo by X, via Y]"
    re.compile(r"\s*\(((?:[^()]|\([^()]*\))+)\)\s*$"),  # "(Photo: X/AP)", "(Foto: X (EFE))"
    re.compile(rf"{BOUNDARY}((?:{OPENER}|{AGENCY_PHOTO})\s*\S.*)$"),  # "Photograph: X"
    re.compile(rf"(?:^|(?<=[.!?\"”»)])\s*|\s+)({COPYRIGHT}\s*\S.*)$"),  # "© X"
    re.compile(r"\s+[-–—|]\s+([^-–—|]{3,80})$"),  # "Caption - X/Reuters"
    re.compile(r"(?<=[.!?\"”»])\s+([^.!?]{3,80}\s?/\s?[^./!?]{2,40})$"),  # ". X/Getty Images"
)
# A caption that ends with its credit span taken out keeps the separator: "Caption -".
TRAILING_SEPARATOR = re.compile(r"\s*[-–—|/·•]\s*$")
MAX_CREDIT_WORDS = 25


def split_caption(text: str | None) -> tuple[str | None, str | None]:
    """(caption, credit line) of a caption that may end with its credit."""
    text = clean(text)
    if not text:
        return None, None
    for pattern in TRAILING:
        match = pattern.search(text)
        if match and _is_credit(match.group(1), pattern):
            return caption_only(text[: match.start()]), clean(match.group(1))
    return text, None


def caption_only(text: str | None) -> str | None:
    """A caption without the separator its removed credit leaves behind."""
    return clean(TRAILING_SEPARATOR.sub("", clean(text) or ""))


def _is_credit(text: str, pattern: re.Pattern[str]) -> bool:
    if len(text.split()) > MAX_CREDIT_WORDS:
        return False
    if pattern in (TRAILING[0], TRAILING[1]):
        return CREDIT_HINT.search(text) is not None or _names_agency(text)
    if pattern in (TRAILING[4], TRAILING[5]):
        return _names_agency(text) or CREDIT_HINT.match(text) is not None
    return True


def _names_agency(text: str) -> bool:
    """"X/Reuters", "REUTERS/X", "X (EFE)", "X / AFP": a credit that names an agency."""
    parts = [part.strip() for part in re.split(r"/|\(|\)", text) if part.strip()]
    return len(parts) >= 2 and any(is_agency(part) for part in parts)


def unwrap(text: str | None) -> str | None:
    """A credit without the brackets around it: "[Photo: X]" -> "Photo: X"."""
    text = clean(text)
    if text and text[0] + text[-1] in ("[]", "()"):
        return clean(text[1:-1])
    return text


LABEL = re.compile(rf"^(?:{KEYWORD})\s*(?:\.\.\.|…|:)?$")


def is_label(text: str | None) -> bool:
    """A credit label printed in its own element ("Credit...", "Foto:"), not the credit."""
    return bool(text) and LABEL.match(clean(text) or "") is not None
