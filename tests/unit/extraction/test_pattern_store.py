"""dateparser's patterns built from the store: the same parses as compiled ones, every
pattern the same compiler output, and a store that cannot be read or written is no error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archiver.extraction.dates import pattern_store
from archiver.run.cache_folder import CACHE_DIR_ENV

# In a fresh process: dateparser's warm-up (with the store of ARCHIVER_CACHE_DIR), then
# how many patterns the `regex` compiler compiled in it, dateparser's reading of
# DATES, and for each stored pattern whether a fresh compile hands the C part the same
# arguments (the code as a multiset: the compiler orders some sets by hashes of classes,
# which differ from process to process).
RUN = """
import json, sys
import regex
from regex import _main
from archiver.extraction.dates import pattern_store, published

compiled = 0
compile_ = _main._compile
def counting(*args):
    global compiled
    compiled += 1
    return compile_(*args)
_main._compile = counting
published.warm_up()
_main._compile = compile_
from htmldate.extractors import get_external_parser
parser = get_external_parser()
read = [str(getattr(parser.get_date_data(text), "date_obj", None)) for text in sys.argv[1:]]

differ = 0
stored = pattern_store._read(pattern_store.store_path())
with pattern_store.c_compile_calls() as handed:
    for (pattern, flags), entry in stored.items():
        handed.clear()
        regex.purge()
        regex.compile(pattern, flags)
        c_flags, code, *rest = pattern_store._plain(list(handed[0][1:]))
        stored_flags, stored_code, *stored_rest = entry
        differ += (c_flags != stored_flags or sorted(code) != sorted(stored_code)
                   or rest != stored_rest[:-1])
print(json.dumps({"compiled": compiled, "read": read, "stored": len(stored), "differ": differ}))
"""
DATES = ["Managua, Nicaragua 26, Abril, 2022 7:43", "22 kwietnia 2021", "07-30-2008",
         "15 avril, 2 et 6 Mai 19", "Feb. 19 2020", "8.Dezember 2010 um 09:43",
         "Jueves 28 de Abril de 2022 5:03 PM", "4. 2. 2022.", "15 августа 2016, 13:43",
         "2019年3月5日", "3 Ekim 2021 Pazar", "martedì 12 gennaio 2021", "no date here"]


def _run(store: Path) -> dict:
    env = {**os.environ, CACHE_DIR_ENV: str(store)}
    result = subprocess.run([sys.executable, "-c", RUN, *DATES], env=env, capture_output=True,
                            text=True, timeout=180, check=True)
    return json.loads(result.stdout)


@pytest.mark.slow
def test_a_second_run_builds_the_patterns_from_the_store(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert first["compiled"] > 500 and first["stored"] > 500
    second = _run(tmp_path)
    assert second["compiled"] < first["compiled"] / 20  # (kwargs patterns are not stored)
    assert second["read"] == first["read"]
    assert "2022-04-22" not in first["read"] and "2021-04-22 00:00:00" in first["read"]
    assert second["differ"] == 0 and first["differ"] == 0
    assert [path.name for path in tmp_path.iterdir()] == [pattern_store.store_path().name]


def test_an_unreadable_store_is_ignored_and_an_unwritable_folder_is_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import regex

    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    path = pattern_store.store_path()
    path.write_bytes(b"\x00truncated")
    with pattern_store.stored_patterns():
        first = regex.compile(r"(?:zq\d+x){2}|store-test-one")
    assert first.match("zq1xzq22x")
    assert pattern_store._read(path)  # rewritten whole, with the pattern
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o500)
    monkeypatch.setenv(CACHE_DIR_ENV, str(readonly / "sub"))
    try:
        with pattern_store.stored_patterns():
            assert regex.compile(r"store-test-two\d").match("store-test-two7")
    finally:
        readonly.chmod(0o700)
    if os.geteuid() != 0:  # (root writes anywhere)
        assert not (readonly / "sub").exists()
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".open")]
