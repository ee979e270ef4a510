"""jusText's stoplist set is found once per stoplist object: the set jusText builds."""

from __future__ import annotations

import justext.core
import lxml.html
import trafilatura.external
import trafilatura.meta

import archiver.extraction.text.body  # noqa: F401 (installs LastStoplist)
from archiver.extraction.text.justext_stoplist import CHECKED_JUSTEXT, LastStoplist


def counting() -> tuple[LastStoplist, list[object]]:
    asked: list[object] = []

    def define(stoplist):
        asked.append(stoplist)
        return frozenset(word.lower() for word in stoplist)

    return LastStoplist(define), asked


def test_the_same_stoplist_is_asked_for_once() -> None:
    define, asked = counting()
    words = ("The", "und", "LES")
    first = define(words)
    assert first == frozenset({"the", "und", "les"})
    assert define(words) is first and len(asked) == 1
    assert define(("other",)) == frozenset({"other"}) and len(asked) == 2
    define.cache_clear()
    assert define(words) == first and len(asked) == 3


def test_a_mutable_stoplist_is_asked_for_every_time() -> None:
    define, asked = counting()
    words = ["a"]
    assert define(words) == frozenset({"a"})
    words.append("B")
    assert define(words) == frozenset({"a", "b"}) and len(asked) == 2


def test_trafilaturas_fallback_gets_the_set_justext_builds() -> None:
    if justext.__version__ != CHECKED_JUSTEXT:
        return  # another jusText keeps its own function
    define = justext.core.define_stoplist
    assert isinstance(define, LastStoplist)
    union = trafilatura.external.JT_STOPLIST or trafilatura.external.jt_stoplist_init()
    assert define(union) == frozenset(word.lower() for word in union)
    assert define(union) is define(union)
    page = lxml.html.fromstring("<html><body>" + "<p>Die Stadt und der Fluss sind alt, "
                                "und die Leute kommen gern wieder.</p>" * 5 + "</body></html>")
    assert trafilatura.external.try_justext(page, None, None).tag == "body"
    define.cache_clear()
    trafilatura.meta.reset_caches()
    assert define(union) == frozenset(word.lower() for word in union)
