"""trafilatura's pruning XPaths with their regular-expression tests guarded: the same nodes.

trafilatura prunes boilerplate with XPath expressions such as
`.//*[self::div or ...][re:test(@id|@class, '...') or re:test(@class, '...')]`. lxml
runs each `re:test` as a call from libxml2 into Python, also for an element without the
attribute, which it tests as an empty string; on real pages these expressions took
about 3 ms a page. Each test of attributes whose pattern cannot match an empty string
is false without them, so `re:test(@id|@class, P)` is the same as
`((@id or @class) and re:test(@id|@class, P))`, where XPath's `and` leaves the call
out for the elements that have neither. Tests of anything but attributes, and
patterns that match an empty string, are kept as they are.

The expressions are rewritten from trafilatura's own (its lists in trafilatura.xpaths,
read at first use), and put in place of them, in the same lists, only within
`xpaths_guarded()`. Checked on trafilatura 2.3.1 (readability_gate.CHECKED_TRAFILATURA);
any other version keeps its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import trafilatura
import trafilatura.xpaths
from lxml.etree import XPath

from archiver.extraction.text.readability_gate import CHECKED_TRAFILATURA

# trafilatura's lists of pruning expressions that test attributes with re:test.
PRUNING_LISTS = ("OVERALL_DISCARD_XPATH", "RAW_TREE_PRUNE_XPATH",
                 "REMOVE_COMMENTS_AND_LISTS_XPATH", "REMOVE_COMMENTS_XPATH",
                 "PRECISION_DISCARD_XPATH")
CALL = "re:test("
ATTRIBUTES = re.compile(r"@[\w-]+(?:\s*\|\s*@[\w-]+)*")
# The arguments after the first: a quoted pattern and, optionally, quoted flags.
PATTERN_AND_FLAGS = re.compile(r"""\s*(['"])(.*?)\1\s*(?:,\s*(['"])(.*?)\3)?\s*""", re.DOTALL)


@contextmanager
def xpaths_guarded() -> Iterator[None]:
    """trafilatura calls within prune with the guarded expressions."""
    if trafilatura.__version__ != CHECKED_TRAFILATURA:
        yield
        return
    swapped = [(getattr(trafilatura.xpaths, name), guarded) for name, guarded in _guarded()]
    originals = [list(expressions) for expressions, _ in swapped]
    for expressions, guarded in swapped:
        expressions[:] = guarded
    try:
        yield
    finally:
        for (expressions, _), original in zip(swapped, originals, strict=True):
            expressions[:] = original


@cache
def _guarded() -> list[tuple[str, list[XPath]]]:
    """Each pruning list's expressions, guarded (compiled once a process)."""
    namespaces = {"re": trafilatura.xpaths.REGEXP_NS}
    return [(name, [XPath(guarded_path(expression.path), namespaces=namespaces)
                    for expression in getattr(trafilatura.xpaths, name)])
            for name in PRUNING_LISTS]


def guarded_path(path: str) -> str:
    """`path` with each re:test of attributes guarded by their presence (see the module)."""
    pieces, done = [], 0
    while (start := path.find(CALL, done)) >= 0:
        first_end, end = _call_bounds(path, start + len(CALL))
        call = path[start:end + 1]
        argument = path[start + len(CALL):first_end].strip()
        if first_end >= 0 and _guardable(argument, path[first_end + 1:end]):
            guard = " or ".join(part.strip() for part in argument.split("|"))
            call = f"(({guard}) and {call})"
        pieces += [path[done:start], call]
        done = end + 1
    return "".join([*pieces, path[done:]])


def _guardable(argument: str, rest: str) -> bool:
    """Whether a re:test of `argument` (attributes only) with `rest` (pattern, flags) is
    false on elements without those attributes: its pattern matches no empty string."""
    found = PATTERN_AND_FLAGS.fullmatch(rest)
    if ATTRIBUTES.fullmatch(argument) is None or found is None:
        return False
    pattern, flags = found.group(2), found.group(4) or ""
    return re.search(pattern, "", re.IGNORECASE if "i" in flags else 0) is None


def _call_bounds(path: str, opened: int) -> tuple[int, int]:
    """For a call whose "(" ends just before `opened`: where its first argument ends (the
    first comma outside brackets and quotes) and where the call closes."""
    depth, quote, first_end = 1, "", -1
    for at in range(opened, len(path)):
        character = path[at]
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
            if depth == 0:
                return first_end, at
        elif character == "," and depth == 1 and first_end < 0:
            first_end = at
    raise ValueError(f"unbalanced call in {path!r}")
