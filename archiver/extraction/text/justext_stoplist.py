"""jusText's stoplist set found without hashing the stoplist again on every page.

trafilatura's jusText fallback (when its own text is short or unclean), with no
target language, hands jusText the union of all its stoplists: one tuple of 154,484
words, the same object every time (`trafilatura.external.jt_stoplist_init`).
jusText turns it into a set through `define_stoplist`, cached with `lru_cache`, whose
lookup hashes the whole tuple: 6 ms of CPU on each page that falls back on jusText
(11 % of real pages). Here the set is kept for the last immutable stoplist given, by
identity, in front of jusText's own cache, which answers everything else.
`cache_clear` clears both (trafilatura's `reset_caches` calls it).

That set is jusText's (its words lower-cased), built from the stoplist's own strings
where lower-casing changes nothing: jusText's `w.lower()` makes a new string of every
word, already lower-case in trafilatura's union, which held 15 MB more in the
forkserver and so in every extraction worker (their RSS counts what they share).

Checked on jusText 3.0.2; any other version keeps its own function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import justext
import justext.core

CHECKED_JUSTEXT = "3.0.2"


class LastStoplist:
    """`define_stoplist` with the last immutable stoplist's set kept by identity."""

    def __init__(self, define: Callable[[Iterable[str]], frozenset[str]]) -> None:
        self._define = define
        self._last: tuple[Iterable[str], frozenset[str]] | None = None

    def __call__(self, stoplist: Iterable[str]) -> frozenset[str]:
        last = self._last
        if last is not None and last[0] is stoplist:
            return last[1]
        if not isinstance(stoplist, (tuple, frozenset)):  # what can change between calls
            return self._define(stoplist)
        found = frozenset(word if (lower := word.lower()) == word else lower
                          for word in stoplist)
        self._last = (stoplist, found)
        return found

    def cache_clear(self) -> None:
        self._last = None
        clear: Any = getattr(self._define, "cache_clear", None)
        if clear is not None:
            clear()


def install() -> None:
    """Put LastStoplist in front of jusText's define_stoplist (see the module); idempotent."""
    if justext.__version__ == CHECKED_JUSTEXT and not isinstance(
            justext.core.define_stoplist, LastStoplist):
        justext.core.define_stoplist = LastStoplist(justext.core.define_stoplist)
