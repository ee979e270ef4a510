"""jusText's stoplist set is built once per stoplist object, equal to jusText's own, from
the stoplist's own strings."""

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


def test_the_same_stoplist_gives_the_same_set() -> None:
    define, asked = counting()
    words = ("The", "und", "LES")
    first = define(words)
    assert first == frozenset({"the", "und", "les"})
    assert define(words) is first
    assert define(("other",)) == frozenset({"other"})
    define.cache_clear()
    again = define(words)
    assert again == first and again is not first
    assert asked == []  # an immutable stoplist never needs jusText's cache


def test_lower_case_words_are_not_copied() -> None:
    define, _ = counting()
    words = tuple("".join(letters) for letters in (["u", "n", "d"], ["L", "E", "S"]))
    found = define(words)
    assert found == {"und", "les"}
    assert next(word for word in found if word == "und") is words[0]


def test_a_mutable_stoplist_is_asked_for_every_time() -> None:
    define, asked = counting()
    words = ["a"]
    assert define(words) == frozenset({"a"})
    words.append("B")
    assert define(words) == frozenset({"a", "b"}) and len(asked) == 2


def test_trafilaturas_fallback_gets_the_set_justext_would_build() -> None:
    if justext.__version__ != CHECKED_JUSTEXT:
        return  # another jusText keeps its own function
    define = justext.core.define_stoplist
    assert isinstance(define, LastStoplist)
    union = trafilatura.external.JT_STOPLIST or trafilatura.external.jt_stoplist_init()
    found = define(union)
    assert found == justext.core.define_stoplist._define(union)
    assert define(union) is found
    shared = {id(word) for word in found}
    assert all(id(word) in shared for word in union if word.lower() == word)
    page = lxml.html.fromstring("<html><body>" + "<p>Die Stadt und der Fluss sind alt, "
                                "und die Leute kommen gern wieder.</p>" * 5 + "</body></html>")
    assert trafilatura.external.try_justext(page, None, None).tag == "body"
    define.cache_clear()
    trafilatura.meta.reset_caches()
    assert define(union) == frozenset(word.lower() for word in union)
