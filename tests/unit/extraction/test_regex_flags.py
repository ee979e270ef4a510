"""dateparser's warm-up under `int_flags`: the same patterns, compiled from the same
arguments, and the `regex` module as it was afterwards."""

from __future__ import annotations

import enum
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from regex import _main, _regex_core

from archiver.extraction.dates.regex_flags import int_flags
from archiver.run.cache_folder import CACHE_DIR_ENV

# In a fresh process (dateparser's caches empty): the patterns dateparser's warm-up
# compiles; then each of them compiled again, with and without `int_flags`, the cache
# purged, recording the arguments the `regex` module's Python compiler hands its C part.
# (Compared within one process: the compiler orders some sets by hashes of classes.)
COMPARE = """
import json
import regex
from regex import _main
from archiver.extraction.dates import pattern_store, published
from archiver.extraction.dates.regex_flags import int_flags

compiled = []
compile_ = _main._compile

def recording(pattern, flags, ignore_unused, kwargs, cache_it):
    if isinstance(pattern, (str, bytes)) and not kwargs:
        compiled.append((pattern, int(flags)))
    return compile_(pattern, flags, ignore_unused, kwargs, cache_it)

_main._compile = recording
published.warm_up()
_main._compile = compile_

differ = 0
with pattern_store.c_compile_calls() as handed:
    for pattern, flags in compiled:
        handed.clear()
        regex.purge()
        regex.compile(pattern, regex.RegexFlag(flags))
        regex.purge()
        with int_flags():
            regex.compile(pattern, flags)
        calls = [repr(pattern_store._plain(args)) for args in handed]
        differ += len(calls) != 2 or calls[0] != calls[1]
print(json.dumps({"patterns": len(compiled), "differ": differ}))
"""


@pytest.mark.slow
def test_the_warm_up_patterns_compile_from_the_same_arguments(tmp_path: Path) -> None:
    # An empty pattern store: the warm-up compiles every pattern.
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", COMPARE], capture_output=True,
                            text=True, timeout=120, check=True, env=env)
    counts = json.loads(result.stdout)
    assert counts["patterns"] > 500  # dateparser's locales, each with its patterns
    assert counts["differ"] == 0


def test_the_flags_are_ints_inside_and_enum_members_again_after() -> None:
    compile_ = _main._compile
    with int_flags():
        assert type(_regex_core.IGNORECASE) is int and type(_main.VERSION1) is int
        assert all(type(value) is int for value in _regex_core.CASE_FLAGS_COMBINATIONS.values())
        pattern = regex.compile(r"(?i)caf\u00e9 \d+", regex.UNICODE | regex.V1)
        assert pattern.match("CAFÉ 12")
    assert _main._compile is compile_
    assert isinstance(_regex_core.IGNORECASE, enum.IntFlag)
    assert isinstance(_main.VERSION1, enum.IntFlag)
    assert all(isinstance(value, enum.IntFlag) or value == 0
               for value in _regex_core.CASE_FLAGS_COMBINATIONS.values())
    # The pattern compiled inside is the one the cache gives outside.
    assert regex.compile(r"(?i)caf\u00e9 \d+", regex.UNICODE | regex.V1) is pattern


def test_put_back_when_the_block_raises() -> None:
    with pytest.raises(RuntimeError), int_flags():
        raise RuntimeError
    assert isinstance(_regex_core.FULLCASE, enum.IntFlag)
