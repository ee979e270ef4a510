"""Byline text -> names: "By A, Senior Reporter" -> ["A"]; "Von A und B" -> ["A", "B"].

Bylines are split into people ("A, B & C", "A und B", "A y B") and cleaned of
"By", roles, e-mail addresses, dates, places ("in Berlin") and "| Site" tails.
"""

from __future__ import annotations

import re

from archiver.extraction.people.agencies import is_agency, is_desk
from archiver.extraction.textnorm import clean, fold
from archiver.items import Author

# Where a byline turns into its date line: "By A Updated Sept. 2"; not "Posted by A".
DATE_LINE = re.compile(
    r"(?:^|\s)(?:Updated|Published|Posted|Last updated|Aktualisiert|Veröffentlicht|Stand|Mis à jour"
    r"|Publié|Actualizado|Publicado|Atualizado|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday)\b(?!\s+(?:by|von|par|por)\b).*$",
    re.IGNORECASE,
)
# A date after the name: "von lupa am 26/10/13", "By Jane Doe on 3/12/2021", "By Nathan
# Willis March 25, 2015", "Von Anna Berg 3. März 2021"; a credit of someone else after the
# authors: "Written by A Edited by B".
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni"
          r"|juli|oktober|dezember)[a-zä]*\.?")
DATED = re.compile(
    rf"\s(?:(?:am|on|le|el|il)\s+\d|{_MONTH}\s+\d{{1,2}}\b|\d{{1,2}}\.?\s+{_MONTH}(?:\s|$)).*$",
    re.IGNORECASE,
)
# (Only after a byline's prefix: "Revised Edition Edited by B" names no author.)
CREDIT_TAIL = re.compile(
    r"\s(?:edited|photos?|photographs?|illustrations?|graphics?|translated|produced)\s+by\b.*$",
    re.IGNORECASE,
)
# Degrees and suffixes that follow a name after a comma ("Jane Doe, MD").
CREDENTIALS = frozenset({"ma", "md", "phd", "ms", "msc", "rn", "mph", "mba", "dds", "jr", "sr"})
PREFIX = re.compile(
    r"^(?:(?:written|reported|text|words|story|posted|published|photos?|erstellt|geschrieben"
    r"|verfasst|artikel|beitrag|gastbeitrag|ein beitrag|pressemitteilung|publié|écrit"
    r"|veröffentlicht|eingestellt|gepostet|publicado|publicada|escrito|escrita)\s+)?"
    r"(?:by|von|par|por|door|av|af|przez)\b[:\s]*"
    r"|^(?:autor(?:in|en)?|authors?|auteurs?|text|texte|textos?|words|reportage|interview"
    r"|redaktion|verfasser(?:in)?)"
    r"(?:\s+(?:and|und|&|et|y|e)\s+(?:photos?|fotos?|bilder|photographs?))?\s*:\s*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\S+@\S+\.\w+|@\w+")
# Separators between names; the one-letter ones only in lower case (not initials).
# ("Im Gespräch mit", "in conversation with": an interview's two names.)
SPLIT = re.compile(r"\s*(?:[,;&/+]|\s(?i:im gespräch |in conversation |en conversation )?"
                   r"(?:and|und|y|et|e|og|i|sowie|with|avec|mit|con|com)\s)\s*")
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
    reporterin autor autorin author auteur autore kontributor verfasser mitarbeiter
    chefredakteur journaliste correspondant correspondante
    envoyé envoyée spécial spéciale corresponsal redactor redactora repórter editora
""".split())
# German gender-neutral forms of role words: "Autor*in", "Redakteur:innen".
GENDER_SUFFIX = re.compile(r"[*:_/]inn?e?n?$")
MAX_NAME_WORDS = 5
# Labels and calls to action that bylines and author boxes print beside names: never a name.
NOT_A_NAME = re.compile(
    r"^(?:follow|subscribe|share|leave|view|see|read|more|edit|contact|e-?mail|send|write"
    r"|hinterlasse|alle|weitere|mehr|folgen|abonnieren|suivez|suivre|voir|seguir|ver)\b"
    r"|\b(?:posts?|comments?|kommentare?|beitr[äa]ge?|archiv(?:e|es)?|uncategori[sz]ed"
    r"|sponsored|gesponserte?|anzeige|advertorial|illustrations?|newsletter|twitter|facebook"
    r"|instagram|linkedin|youtube|no author|unknown|anonymous|admin|administrator"
    r"|webmaster)\b"
    r"|\s(?:by|von|par|por)$|^(?:by|von|par|por|door|przez|posted|written|reported|erstellt"
    r"|geschrieben|verfasst|eingestellt|gepostet|publié|écrit|publicado)$"
    r"|^(?:text|texte|words|fotos?|photos?|bild|bilder)$|^(?:fotos?|photos?|bild|bilder|images?)\s*:"
    r"|^(?:photograph|photography|illustration|image|graphic|grafik)s?"
    r"\s+(?:by|von)\b|©",
    re.IGNORECASE,
)
# Scripts written without spaces between words (Chinese, Japanese) or with names of one
# word (Korean): a byline there is names between separators, around role words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af·・]{2,5}$")
# (One-character roles, "文" or "图", only before a separator: they are surnames too.)
CJK_ROLE = re.compile(
    r"(?:特约记者|记者|記者|通讯员|通訊員|责任编辑|責任編輯|编辑|編輯|作者|撰文|文字|摄影|攝影|报道"
    r"|報道|기자|특파원|통신원|에디터|사진)\s*[:：/／|｜]?\s*|(?:文|图|圖|글)\s*[:：/／|｜]\s*"
)
# An agency before the role word: "新华社记者 X" is X, Xinhua's reporter.
# "本报记者 X" is X, this paper's reporter.
CJK_AGENCY = re.compile(r"(?:新华社|新華社|中新社|中新网|中央社|共同通信|時事通信|연합뉴스|뉴시스"
                        r"|뉴스1|本报|本報|本刊|本台|本网|本網)(?=\s*(?:特约记者|记者|記者|通讯员|기자|특파원))")
# A note in brackets after the names: a place "（東京）", an agency "（共同）", a Korean
# dateline "(서울=연합뉴스)" (place=agency); text after "기자 =" is the article's.
CJK_NOTE = re.compile(r"[（(]([^（()）]*)[）)]")
CJK_DATELINE_TAIL = re.compile(r"(기자|특파원)\s*=.*$")
CJK_SEPARATOR = re.compile(r"[\s、，,;；/／|｜()（）\[\]【】]+")
# Trailing honorifics and suffixes that keep their full stop.
SUFFIX_WITH_STOP = re.compile(r"\b(?:Jr|Sr|Hon|[A-Z])$")
# Buttons printed after a name in author boxes: "Jane Doe Seite teilen".
TRAILING_ACTION = re.compile(r"\s+(?:(?:seite|artikel|page)\s+)?(?:teilen|drucken|share|print"
                             r"|folgen|follow)$", re.IGNORECASE)


def parse_byline(text: str) -> list[str]:
    """Names in a byline, in order; [] when it names nobody."""
    if CJK.search(text):
        return _cjk_names(text)
    text = WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text.split(" | ")[0]))
    text = clean(MORE_NAMES.sub(", ", DATED.sub("", DATE_LINE.sub("", text)))) or ""
    prefixed = PREFIX.match(text) is not None
    text = NOTE.sub("", PREFIX.sub("", CREDIT_TAIL.sub("", text) if prefixed else text))
    names = []
    for index, segment in enumerate(SPLIT.split(text)):
        name = _name(PREFIX.sub("", segment))
        if not name and prefixed and index == 0:
            name = parse_handle(segment)  # "von lupa": a user name after the prefix
        if name:
            names.append(name)
    return names


def whole_name(text: str) -> str | None:
    """A name the page's structured data declares, kept whole where `parse_byline` finds
    none in it: a user name ("telebasel"), a pen name ("Rasender Reporter"); never a label."""
    text = clean(text) or ""
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS or is_label(text) or EMAIL.search(text):
        return None
    return text if any(c.isalpha() for c in text) and not WEB_ADDRESS.search(text) else None


def starts_like_byline(text: str) -> bool:
    """"By A", "Von A", "Texte : A": text that opens with a byline's prefix."""
    return PREFIX.match(clean(text) or "") is not None


def parse_handle(text: str) -> str | None:
    """A user name as an author link prints it ("gnaddrig", "c1ph4"): one word, no label."""
    text = clean(text) or ""
    if not text or " " in text or len(text) > MAX_HANDLE_CHARS or NOT_A_NAME.search(text):
        return None
    if _is_role(text):
        return None  # "Autor" in an author box
    return text if any(c.isalpha() for c in text) else None


MAX_HANDLE_CHARS = 30


def is_label(name: str) -> bool:
    """A label or call to action ("Follow us on Twitter", "Illustration by"), not a name."""
    return NOT_A_NAME.search(name) is not None


def make_author(name: str, url: str | None = None, organization: bool = False,
                declared: str | None = None) -> Author:
    """An author; `declared` is the type the page's structured data gives.

    A declared organization is one. A declared person is one unless the name is a news
    agency or a desk: CMSs type every user account a Person, "The Associated Press" too.
    """
    if declared != "organization":
        organization = organization or is_agency(name) or is_desk(name)
        declared = "organization" if organization else "person"
    return Author(name=name, url=url, type=declared)


def _cjk_names(text: str) -> list[str]:
    """"记者 张三 李四", "文／山田太郎", "홍길동 기자": the names between roles and separators.

    Notes in brackets count only when nothing outside them names anyone ("（記者：鈴木一郎）"),
    and then as agencies, never as places.
    """
    text = CJK_DATELINE_TAIL.sub(r"\1", WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text)))
    names = _cjk_parts(CJK_NOTE.sub(" ", text))
    if not names:
        return _cjk_parts(text)
    notes = [note.split("=")[-1].strip() for note in CJK_NOTE.findall(text)]
    return names + [note for note in notes if is_agency(note)]


def _cjk_parts(text: str) -> list[str]:
    text = CJK_ROLE.sub(" ", CJK_AGENCY.sub(" ", text))
    names = []
    for part in CJK_SEPARATOR.split(text):
        part = part.strip(" .:：-–—")
        if CJK_NAME.match(part) or (part and _name(part)):
            names.append(part)
    return names


def _is_role(word: str) -> bool:
    return GENDER_SUFFIX.sub("in", word.casefold()) in ROLE_WORDS


def _name(segment: str) -> str | None:
    stripped = TRAILING_ACTION.sub("", PLACE.sub("", segment).strip(" .:-–—()[]·•|"))
    if SUFFIX_WITH_STOP.search(stripped) and segment.rstrip().startswith(f"{stripped}."):
        stripped += "."
    segment = CONNECTOR.sub("", clean(stripped) or "")
    words = segment.split()
    if not words or len(words) > MAX_NAME_WORDS or any(c.isdigit() for c in segment):
        return None
    if is_label(segment):
        return None
    if fold(segment) in CREDENTIALS:
        return None
    if is_agency(segment) or is_agency(" ".join(w for w in words if not is_desk(w))):
        return segment
    if not segment[0].isupper() or any(_is_role(word) for word in words):
        return None
    return segment
