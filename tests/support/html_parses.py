"""Counting the HTML parses of a child process: every entry point of the HTML parsers.

`PRELUDE` runs in tests.support.cli's child before archiver is imported. It wraps
the entry points that parse HTML (lxml.etree's and lxml.html's parse functions when
given an HTML parser, lxml's HTML parsers' construction and `feed`, parsel's and so
Scrapy's Selector, the standard library's html.parser, BeautifulSoup and html5lib
where installed) and appends one JSON line per call to the file named by
ARCHIVER_TEST_PARSE_LOG: the entry point, whether it happened while a module was
being imported (a module-level parser, built once, parses no page), and the last
frames of the stack. A call made inside another counted call is not counted again
(lxml.html.fromstring calls document_fromstring, which calls etree.fromstring).

Processes the child starts (the extraction workers, from a forkserver that is a new
interpreter) are not counted: the point is what the crawl process itself does.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

PRELUDE = r'''
import functools, json, os, threading, traceback
import lxml.etree

_parse_log = open(os.environ["ARCHIVER_TEST_PARSE_LOG"], "a")
_inside = threading.local()
_HTML_PARSER = lxml.etree.HTMLParser  # lxml's own class, before it is replaced below


def _note(entry):
    stack = traceback.extract_stack()[:-2]
    importing = any(frame.filename.startswith("<frozen importlib") for frame in stack)
    where = [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in stack[-8:]]
    _parse_log.write(json.dumps({"entry": entry, "import": importing, "where": where}) + "\n")
    _parse_log.flush()


def _counting(entry, function, is_html=lambda args, kwargs: True):
    @functools.wraps(function)
    def counted(*args, **kwargs):
        depth = getattr(_inside, "depth", 0)
        if depth == 0 and is_html(args, kwargs):
            _note(entry)
        _inside.depth = depth + 1
        try:
            return function(*args, **kwargs)
        finally:
            _inside.depth = depth
    return counted


def _wrap(module, name, is_html=lambda args, kwargs: True):
    setattr(module, name, _counting(f"{module.__name__}.{name}", getattr(module, name), is_html))


def _html_parser_given(position):
    def is_html(args, kwargs):
        parser = kwargs.get("parser", args[position] if len(args) > position else None)
        return isinstance(parser, _HTML_PARSER)
    return is_html


class _CountedHTMLParser(_HTML_PARSER):
    def __init__(self, *args, **kwargs):
        if getattr(_inside, "depth", 0) == 0:
            _note("lxml.etree.HTMLParser()")
        super().__init__(*args, **kwargs)

    def feed(self, data):
        if getattr(_inside, "depth", 0) == 0:
            _note("lxml.etree.HTMLParser.feed")
        return super().feed(data)


lxml.etree.HTMLParser = _CountedHTMLParser
_wrap(lxml.etree, "HTML")
_wrap(lxml.etree, "HTMLPullParser")
for _name in ("fromstring", "fromstringlist", "parse"):
    _wrap(lxml.etree, _name, _html_parser_given(1))
_wrap(lxml.etree, "iterparse", lambda args, kwargs: bool(kwargs.get("html")))

import lxml.html  # its HTMLParser and module-level parsers now derive from the counted class

for _name in ("fromstring", "document_fromstring", "fragment_fromstring",
              "fragments_fromstring", "parse"):
    _wrap(lxml.html, _name)

import html.parser
import parsel.selector

_wrap(parsel.selector, "create_root_node")
parsel.selector.Selector.__init__ = _counting("parsel.Selector()",
                                              parsel.selector.Selector.__init__)
html.parser.HTMLParser.feed = _counting("html.parser.HTMLParser.feed",
                                        html.parser.HTMLParser.feed)
try:
    import bs4
    bs4.BeautifulSoup.__init__ = _counting("bs4.BeautifulSoup()", bs4.BeautifulSoup.__init__)
except ImportError:
    pass
try:
    import html5lib
    for _name in ("parse", "parseFragment"):
        _wrap(html5lib, _name)
except ImportError:
    pass
'''


@attrs.frozen
class Parse:
    entry: str
    importing: bool
    where: list[str]


def read_parses(path: Path) -> list[Parse]:
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    return [Parse(row["entry"], row["import"], row["where"]) for row in rows]


def page_parses(parses: list[Parse]) -> list[Parse]:
    """The parses outside imports (a module-level parser built on import parses nothing)."""
    return [parse for parse in parses if not parse.importing]
