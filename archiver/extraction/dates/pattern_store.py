"""dateparser's compiled patterns kept between runs, so that a crawl does not compile them again.

Each crawl's forkserver warms dateparser up (dates.published.warm_up): about 900
patterns of its 205 locales, compiled by the `regex` module, whose compiler is Python
(parse, optimise, emit a list of ints) in front of a C part that builds the pattern
object from that list. The Python part is nearly all of the 1-1.5 s the warm-up takes,
before the first page can be extracted, and gives the same list every run. The store
keeps, for each pattern compiled within `stored_patterns()`, what the Python part
handed the C part; the next run hands the C part the same and files the pattern in the
`regex` module's own cache as its compiler would. A pattern not stored (a new
dateparser, a new locale) is compiled as usual and stored at the end.

The file is one per `regex` version, in the cache folder (archiver.run.cache_folder),
written under a name of its own and renamed, read with `marshal` (ints, strings, lists
and dicts only: nothing in it is executed). A file that cannot be read is ignored and
rewritten; a folder that cannot be written leaves every run compiling, as without the
store. A pattern with named lists or the DEBUG flag is never stored. Where the `regex`
module's internals are not as expected (its version is checked) nothing is changed.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import regex
    from regex import _main
except ImportError:  # pragma: no cover
    regex = _main = None

from archiver.run.atomic import remove_abandoned, write_bytes_atomically
from archiver.run.cache_folder import cache_file

logger = logging.getLogger(__name__)

# The `regex` versions whose _compile this module follows (see _file_cached).
CHECKED_REGEX = ("2026.5.9", "2026.11.19")
FORMAT = 1


def store_path() -> Path | None:
    return cache_file(f"regex-{getattr(regex, '__version__', 'none')}-patterns.marshal")


@contextlib.contextmanager
def stored_patterns() -> Iterator[None]:
    """Within: `regex` patterns found in the store are built from it; the others are
    compiled and added to it at the end."""
    path = store_path()
    if _main is None or getattr(regex, "__version__", None) not in CHECKED_REGEX or not path:
        yield
        return
    remove_abandoned(path)  # (also where nothing is written: every pattern is stored)
    stored = _read(path)
    added: dict[tuple[str, int], list[Any]] = {}
    compile_ = _main._compile

    def compile_from_store(pattern, flags, ignore_unused, kwargs, cache_it):
        if kwargs or type(pattern) is not str or int(flags) & int(regex.DEBUG):
            return compile_(pattern, flags, ignore_unused, kwargs, cache_it)
        key = (pattern, int(flags))
        entry = stored.get(key)
        if entry is None:
            return _compiled_and_recorded(compile_, pattern, flags, ignore_unused, cache_it,
                                          key, added)
        return _file_cached(pattern, flags, cache_it, entry)

    _main._compile = compile_from_store
    try:
        yield
    finally:
        _main._compile = compile_
    if added:
        _write(path, {**stored, **added})


def _compiled_and_recorded(compile_, pattern: str, flags: int, ignore_unused: bool,
                           cache_it: bool, key: tuple[str, int],
                           added: dict[tuple[str, int], list[Any]]) -> Any:
    """The pattern compiled by `regex`, with what its compiler handed the C part."""
    with c_compile_calls() as handed:
        compiled = compile_(pattern, flags, ignore_unused, {}, cache_it)
    if len(handed) == 1:  # (not a pattern the cache gave back, or a compiled one)
        _, c_flags, *rest = handed[0]
        inline_locale = _main._locale_sensitive.get((str, pattern), False)
        added[key] = [int(c_flags), *_plain(rest), bool(inline_locale)]
    return compiled


def _file_cached(pattern: str, flags: int, cache_it: bool, entry: list[Any]) -> Any:
    """What `regex._main._compile` (of CHECKED_REGEX) does once its Python part has made
    the C part's arguments: build the pattern, and file it in the module's cache."""
    *c_arguments, inline_locale = entry
    pattern_key = (pattern, str, flags, frozenset(), regex.DEFAULT_VERSION,
                   _main._getpreferredencoding(False) if c_arguments[0] & int(regex.LOCALE)
                   else None)
    if cache_it and pattern_key in _main._cache:
        return _main._cache[pattern_key]
    compiled = _main._regex.compile(pattern, *c_arguments)
    _main._locale_sensitive[(str, pattern)] = inline_locale
    if len(_main._cache) >= _main._MAXCACHE:
        with _main._cache_lock:
            _main._shrink_cache(_main._cache, _main._named_args, _main._locale_sensitive,
                                _main._MAXCACHE)
    if cache_it:
        with _main._cache_lock:
            _main._cache[pattern_key] = compiled
        _main._named_args[(pattern, str, flags)] = frozenset()
    return compiled


def _plain(value: Any) -> Any:
    """The C part's arguments as marshal stores them (IntFlag values as ints)."""
    if isinstance(value, bool) or value is None or type(value) in (int, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return value


def _read(path: Path) -> dict[tuple[str, int], list[Any]]:
    try:
        data = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, EOFError, ValueError, TypeError) as error:
        logger.debug("regex pattern store %s unreadable (%s): compiling", path, error)
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    patterns = data.get("patterns")
    return patterns if isinstance(patterns, dict) else {}


def _write(path: Path, patterns: dict[tuple[str, int], list[Any]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, marshal.dumps({"format": FORMAT, "patterns": patterns}))
    except (OSError, ValueError) as error:
        logger.debug("regex pattern store %s not written (%s)", path, error)


@contextlib.contextmanager
def c_compile_calls() -> Iterator[list[tuple[Any, ...]]]:
    """Within: the arguments of every call of the `regex` module's C compiler, in order."""
    handed: list[tuple[Any, ...]] = []
    real = _main._regex

    class Recording:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def compile(self, *args: Any) -> Any:
            handed.append(args)
            return real.compile(*args)

    _main._regex = Recording()
    try:
        yield handed
    finally:
        _main._regex = real
