"""The `regex` module's compiler with its flags as plain ints, for dateparser's warm-up.

dateparser's warm-up (dates.published.warm_up) compiles about 1,400 patterns with the
`regex` module, whose compiler is Python: it tests and combines the pattern's flags
hundreds of thousands of times (`case_flags & FULLIGNORECASE`, `info.flags & ...`), and
its flags are `enum.IntFlag` members, whose `&` and `|` build a member through
`enum.__call__` each time (Python 3.11). That arithmetic is a fifth of the warm-up, which
holds up the first extraction of every crawl: the forkserver's preload.

`int_flags()` puts the same values in as plain ints for the duration: the module's flag
constants (in `regex._regex_core` and `regex._main`), the two tables indexed and filled
with them, and the flags a pattern is compiled with. IntFlag members are ints, equal
and hashing alike, so every table lookup and the pattern cache answer the same, and the
compiler hands `_regex.compile` (the C part) the same arguments: patterns compiled
inside behave as those compiled outside (tests/unit/extraction/test_regex_flags.py
compares those arguments for every pattern of the warm-up). A `regex` version without
these internals is left as it is.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterator
from types import ModuleType
from typing import Any

try:
    from regex import _main, _regex_core
except ImportError:  # pragma: no cover - the internals moved: nothing is changed
    _main = _regex_core = None

# _regex_core's dicts keyed or filled by flags (their values are read into the compiler's
# state, so must be ints too).
_TABLES = ("CASE_FLAGS_COMBINATIONS", "DEFAULT_FLAGS")


@contextlib.contextmanager
def int_flags() -> Iterator[None]:
    if _main is None or not callable(getattr(_main, "_compile", None)):
        yield
        return
    saved: list[tuple[ModuleType, str, Any]] = []
    try:
        for module in (_regex_core, _main):
            for name, value in list(vars(module).items()):
                if isinstance(value, enum.Flag):
                    saved.append((module, name, value))
                    setattr(module, name, int(value))
        for name in _TABLES:
            table = getattr(_regex_core, name, None)
            if isinstance(table, dict):
                saved.append((_regex_core, name, table))
                setattr(_regex_core, name, {int(key): int(value)
                                            for key, value in table.items()})
        compile_ = _main._compile
        saved.append((_main, "_compile", compile_))

        def compile_with_int_flags(pattern, flags, *args, **kwargs):
            return compile_(pattern, int(flags), *args, **kwargs)

        _main._compile = compile_with_int_flags
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)
