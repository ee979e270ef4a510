"""The body: trafilatura finds the main text; we render it as plain text and Markdown.

The headline and figure captions are taken out of the page before trafilatura
sees it (they are fields of their own), and page-furniture labels that
trafilatura keeps as paragraphs ("SCROLL FOR NEXT") are dropped after. A
standfirst displayed under the headline is part of the article's text (and the
record's `subtitle` too): where trafilatura leaves it out (it often takes the
main text to start at the first body paragraph), it is the body's first paragraph.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs
import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.external import try_justext
from trafilatura.xml import xmltotxt

from archiver.extraction.page.document import Page
from archiver.extraction.quiet import library_chatter
from archiver.extraction.result import Skipped
from archiver.extraction.text import justext_stoplist
from archiver.extraction.text.escalation_gate import escalation_gated
from archiver.extraction.text.readability_gate import readability_gated
from archiver.extraction.text.tree_loan import lent
from archiver.extraction.text.xpath_guards import xpaths_guarded
from archiver.extraction.textnorm import clean, element_text, fold

if TYPE_CHECKING:
    from trafilatura.settings import Document

logger = logging.getLogger(__name__)
justext_stoplist.install()

# Balanced mode with the fallback extractors, measured on 130 real pages: it
# finds 92% of each page's five longest paragraphs against 89% with
# favor_precision or fast (precision lost most of three Yahoo and Engadget
# articles), for 0.4% instead of 0.2% of output lines that are link texts.
TRAFILATURA_OPTIONS = {
    "favor_precision": False,
    "fast": False,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": True,
    "with_metadata": False,
    # Any format but "python" leaves the document's body unrendered: we render its
    # blocks ourselves, so trafilatura's own text of it (0.4 ms a page) would be unused.
    "output_format": "txt",
}
# Marks the elements trafilatura is to leave out; the random part keeps pages from having it.
LEFT_OUT_MARK = f"data-archiver-left-out-{secrets.token_hex(8)}"
LEFT_OUT_XPATH = f"descendant::*[@{LEFT_OUT_MARK}]"
# Interface labels that trafilatura keeps when they are marked up as paragraphs.
FURNITURE_LABELS = frozenset(
    fold(label)
    for label in (
        "Scroll for next", "Advertisement", "Anzeige", "Werbung", "Publicité", "Publicidad",
        "Story continues below advertisement", "Continue reading", "Read more", "Also read",
        "Read also", "Lesen Sie auch", "Share", "Share this article", "Share this",
        "Follow us", "Subscribe", "Sign up", "Sponsored", "Related", "Related articles",
        "Recommended", "Most read", "Comments", "Show comments", "Copy link",
        "Click here to read more", "Loading", "Wird geladen", "Chargement", "Beitragsbild",
        "Titelbild", "Keine Kommentare", "No comments", "Inhaltsverzeichnis",
        "Table of contents", "Meistgelesen", "Meist diskutiert", "Most popular",
    )
)
# "Read more: <headline>" links set into the body as paragraphs of their own.
READ_ALSO = re.compile(
    r"^(?:read (?:more|also)|also read|related|see also|lire aussi|à lire aussi|voir aussi"
    r"|lesen sie auch|auch lesen|schon gelesen|mehr zum thema|lea también|leer más|lea más|lea"
    r"|vea también|puedes ver|leia (?:mais|também)|veja também)"
    r"\s*[:|–—-]",
    re.IGNORECASE,
)
MAX_READ_ALSO_CHARS = 200
# Promo, sign-up, standards and paywall lines set into the body as paragraphs of their own.
BOILERPLATE_LINE = re.compile(
    r"^(?:our standards\s*:|sign up (?:for|to)\b.{0,80}\bnewsletters?\b"
    r"|subscribe to (?:our|the)\b.{0,60}\bnewsletters?\b|get (?:our|the)\b.{0,40}\bnewsletter"
    r"|this (?:article|story|content) is (?:for|only available to) (?:subscribers|members)"
    r"|already a (?:subscriber|member)\b|support (?:our|independent) journalism\b"
    r"|jetzt (?:abonnieren|weiterlesen)\b|abonnez-vous\b|il vous reste \d+% de cet article"
    r"|pour (?:lire la suite|accéder en illimité)\b|never miss the latest news\b"
    r"|if you enjoyed reading this\b|we want to hear what you think\b"
    r"|zapraszamy (?:też )?do subskrypcji\b|sie sind (?:aktuell )?nicht eingeloggt\b"
    r"|zum newsletter anmelden\b|s[ií]guenos en\b|subscribe now\b|to view the full story\b"
    r"|if you.re seeing this message\b|this article is the copyrighted property\b"
    r"|written permission must be obtained\b)",
    re.IGNORECASE,
)
# A heading or label that opens a run of links to other stories after the article ("Auch
# interessant", "Czytaj też"): it and the short lines under it that do not end like a
# sentence (linked headlines) are left out, up to the next line of prose.
RELATED_LABEL = re.compile(
    r"^(?:auch interessant|(?:das )?(?:thema )?könnte (?:dich|sie) auch interessieren"
    r"|weitere (?:themen|artikel|beiträge|nachrichten|meldungen|informationen|tipps"
    r"|tourentipps|aktuelle themen)\b.*|empfohlene (?:beiträge|artikel)|mehr zum thema\b.*"
    r"|entdecke weitere\b.*|(?:à |a )?lire aussi|czytaj (?:też|także|również)"
    r"|zobacz (?:też|także|również)|dowiedz się więcej|related (?:articles|stories|posts)"
    r"|more (?:on|from) this\b.*|you (?:may|might) also like|recommended for you|read next"
    r"|(?:también )?(?:te|le) puede interesar|leia também|veja também|schon gelesen"
    r"|auch lesen|mehr themen|zum weiterlesen|lesen sie auch\b.*|más sobre\b.*"
    r"|(?:notas|artículos|noticias|contenido) relacionad[oa]s?|kommentierte artikel"
    r"|beiträge aus dem forum|temas)\s*[:?]?$",
    re.IGNORECASE,
)
MAX_RELATED_LABEL_CHARS = 80
MAX_RELATED_LINK_CHARS = 150
# Linked headlines end without a full stop; a line that ends like a sentence is prose again.
SENTENCE_ENDS = (".", "!", "…", '."', ".”", ".«", ".»")
QUOTE_TAGS = frozenset({"quote"})
# A standfirst added to the body is a sentence of prose: this many words at least, and
# not a link (a "More on this" link or a tagline set where detection looked for one).
MIN_STANDFIRST_WORDS = 6
MAX_STANDFIRST_LINK_SHARE = 0.5
# List items this short before the first paragraph are a metadata line, not content.
MAX_META_ITEM_CHARS = 40


@attrs.frozen
class Body:
    text: str
    markdown: str


def extract_body(
    page: Page, left_out: Iterable[HtmlElement], known: Iterable[str | None],
    standfirst: str | None = None,
) -> Body | Skipped:
    """The body, without `left_out` elements and without blocks repeating `known` texts,
    starting with the `standfirst` when trafilatura's main text does not hold it."""
    with library_chatter() as chatter:
        document = _run_trafilatura(page, left_out)
    if document is None or document.body is None:
        said = f" (trafilatura: {'; '.join(chatter)})" if chatter else ""
        return Skipped(reason="no_body_text", detail=f"trafilatura found no main text{said}")
    repeated = {fold(text) for text in known if text}
    # trafilatura's plain text of each block, read twice: to filter and for the text.
    # (The dict holds the blocks, so lxml hands out the same objects for them again.)
    plain = {block: xmltotxt(block, False) for block in document.body}
    blocks = _without_meta_lists([b for b in document.body if _is_content(plain[b], repeated)])
    blocks = _without_related_runs(blocks, plain)
    text = "\n\n".join(line for block in blocks for line in _text_lines(block, plain[block]))
    markdown = "\n\n".join(filter(None, (_markdown(block) for block in blocks)))
    if not text:
        return Skipped(reason="no_body_text", detail="no main text beside headline and captions")
    if standfirst and fold(standfirst) not in fold(text):
        text, markdown = f"{standfirst}\n\n{text}", f"{standfirst}\n\n{markdown}"
    return Body(text=text, markdown=markdown)


def standfirst_text(element: HtmlElement | None) -> str | None:
    """The standfirst's text when it reads as the article's first paragraph."""
    text = element_text(element)
    if element is None or not text or len(text.split()) < MIN_STANDFIRST_WORDS:
        return None
    linked = sum(len(link.text_content().strip()) for link in element.iter("a"))
    return text if linked <= MAX_STANDFIRST_LINK_SHARE * len(text) else None


def warm_up() -> None:
    """Build the jusText stoplist now (about 0.2 s) rather than on a process's first page.

    trafilatura's jusText fallback, without a target language, uses the union of all
    jusText's stoplists, which it builds (and jusText lower-cases into a set) the
    first time it is needed in a process. Run once on a one-paragraph page, it is
    built where the workers fork from instead of again in each worker.
    """
    try_justext(lxml.html.fromstring("<html><body><p>Warm-up.</p></body></html>"), None, None)


def _run_trafilatura(page: Page, left_out: Iterable[HtmlElement]) -> Document | None:
    """trafilatura's result for the page without the `left_out` elements (their tails stay)."""
    # bare_extraction applies prune_xpath to the tree (removing each match, its tail kept):
    # marking the elements to leave out and letting it prune them spares a copy of our
    # own. It works on page.tree itself, which it leaves as it found it (tree_loan); the
    # marks leave page.tree right after.
    # (libxml2 can leave elements of broken pages outside the root element: skip those.)
    marked = [element for element in left_out if page.tree in element.iterancestors()]
    for element in marked:
        element.set(LEFT_OUT_MARK, "")
    # trafilatura turns its own ValueErrors into None, but lets lxml errors and
    # recursion on pathological trees through; those pages simply have no body.
    try:
        with readability_gated(), escalation_gated(), xpaths_guarded(), lent(page.tree) as tree:
            return bare_extraction(tree, url=page.url, prune_xpath=LEFT_OUT_XPATH,
                                   **TRAFILATURA_OPTIONS)
    except (lxml.etree.LxmlError, ValueError, TypeError, RecursionError):
        logger.debug("trafilatura failed on %s", page.url, exc_info=True)
        return None
    finally:
        for element in marked:
            element.attrib.pop(LEFT_OUT_MARK, None)


def _is_content(plain_text: str, repeated: set[str]) -> bool:
    text = plain_text.strip()
    if len(text) <= MAX_READ_ALSO_CHARS and (READ_ALSO.match(text)
                                             or BOILERPLATE_LINE.match(text)):
        return False
    key = fold(text)
    # All digits: a date or time line ("08.04.2015 12:46") that escaped the byline.
    return bool(key) and not key.isdigit() and key not in FURNITURE_LABELS and key not in repeated


def _without_related_runs(blocks: list[lxml.etree._Element],
                          plain: dict[lxml.etree._Element, str]) -> list[lxml.etree._Element]:
    """Blocks without related-story labels and the short headline lines under them."""
    kept: list[lxml.etree._Element] = []
    in_run = False
    for block in blocks:
        text = plain[block].strip()
        if len(text) <= MAX_RELATED_LABEL_CHARS and RELATED_LABEL.match(text):
            in_run = True
        elif not (in_run and len(text) <= MAX_RELATED_LINK_CHARS
                  and not text.endswith(SENTENCE_ENDS)):
            in_run = False
            kept.append(block)
    return kept


def _without_meta_lists(blocks: list[lxml.etree._Element]) -> list[lxml.etree._Element]:
    """Blocks without the short lists before the first paragraph (date, section, comments)."""
    for index, block in enumerate(blocks):
        if block.tag != "list" or not _is_meta_list(block):
            return blocks[index:]
    return []


def _is_meta_list(block: lxml.etree._Element) -> bool:
    items = [clean(" ".join(item.itertext())) or "" for item in block.iter("item")]
    return all(len(item) <= MAX_META_ITEM_CHARS for item in items)


def _text_lines(block: lxml.etree._Element, plain_text: str) -> list[str]:
    lines = [line for line in map(clean, plain_text.splitlines()) if line]
    return [row for row in map(_table_row, lines) if row] if block.tag == "table" else lines


def _table_row(line: str) -> str | None:
    """A table row as plain text: "Category | 41,200 | +3.1%", without Markdown rules.

    trafilatura renders tables in Markdown even for plain text (pipes and |---| rules).
    """
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    cells = [cell for cell in cells if cell]
    if not cells or all(set(cell) <= {"-", ":"} for cell in cells):
        return None
    return " | ".join(cells)


def _markdown(block: lxml.etree._Element) -> str:
    markdown = re.sub(r"\n{3,}", "\n\n", xmltotxt(block, True)).strip()
    if block.tag in QUOTE_TAGS:
        # trafilatura's Markdown renders quotes as plain paragraphs.
        markdown = "\n".join(f"> {line}".rstrip() for line in markdown.splitlines())
    return markdown
