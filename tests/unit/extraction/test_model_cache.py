"""py3langid's model is decompressed once and read back from the cache folder after."""

from __future__ import annotations

import hashlib
import io
import lzma
import os
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from archiver.extraction.language import model_cache
from archiver.extraction.language.langid_walk import load_identifier
from archiver.run.cache_folder import CACHE_DIR_ENV
from tests.support.dead_writers import a_dead_pid, untouched_for


def _npz(**arrays: np.ndarray) -> bytes:
    stream = io.BytesIO()
    np.savez(stream, **arrays)
    return stream.getvalue()


def _model(values: list[int]) -> tuple[bytes, str]:
    """A small model of one array, xz-compressed as py3langid's, and its digest."""
    compressed = lzma.compress(_npz(values=np.array(values, dtype=np.int32)))
    return compressed, hashlib.sha256(compressed).hexdigest()


def _values(stream) -> list[int]:
    with np.load(stream, allow_pickle=False) as data:
        return data["values"].tolist()


def _copies(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_decompressed_once_then_read_from_the_copy(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    compressed, digest = _model([1, 2, 3])
    assert model_cache.cached_model(compressed, digest, _values) == [1, 2, 3]
    copy = tmp_path / "cache" / f"py3langid-model-{digest[:16]}.npz"
    assert _copies(tmp_path / "cache") == [copy.name]  # no PATH.PID.open left
    assert _values(copy) == [1, 2, 3]
    # What the copy holds is what is read, not the compressed model.
    copy.write_bytes(_npz(values=np.array([7], dtype=np.int32)))
    assert model_cache.cached_model(compressed, digest, _values) == [7]


def test_a_damaged_copy_is_decompressed_again_and_replaced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    compressed, digest = _model([4, 5])
    copy = tmp_path / f"py3langid-model-{digest[:16]}.npz"
    whole = _npz(values=np.array([4, 5], dtype=np.int32))
    for damaged in (b"", b"\x00not a zip", whole[: len(whole) // 2],
                    _npz(other=np.array([1], dtype=np.int32))):
        copy.write_bytes(damaged)
        assert model_cache.cached_model(compressed, digest, _values) == [4, 5]
        assert _values(copy) == [4, 5]
        assert _copies(tmp_path) == [copy.name]


def test_a_folder_that_cannot_be_written_decompresses_every_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))  # (not even root makes it)
    compressed, digest = _model([6])
    assert model_cache.cached_model(compressed, digest, _values) == [6]
    assert model_cache.cached_model(compressed, digest, _values) == [6]
    assert _copies(tmp_path) == ["a-file"]


def test_the_model_from_the_copy_is_py3langids_own(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    decompressed = load_identifier()
    assert len(os.listdir(tmp_path)) == 1
    read_back = load_identifier()
    for ours in (decompressed, read_back):
        for name in ("nb_ptc", "nb_pc", "tk_nextmove", "tk_row"):
            assert np.array_equal(np.asarray(getattr(ours, name)),
                                  np.asarray(getattr(theirs, name)))
        assert ours.nb_classes == theirs.nb_classes and ours.tk_output == theirs.tk_output
        assert ours.classify("Der Hafen liegt im Norden der Stadt.") == theirs.classify(
            "Der Hafen liegt im Norden der Stadt.")


def test_a_partial_copy_left_by_a_killed_start_is_removed_when_the_copy_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    compressed, digest = _model([8, 9])
    assert model_cache.cached_model(compressed, digest, _values) == [8, 9]  # the copy
    copy = tmp_path / f"py3langid-model-{digest[:16]}.npz"
    partial = copy.with_name(f"{copy.name}.{a_dead_pid()}.open")
    partial.write_bytes(b"PK\x03\x04 half of a copy")
    untouched_for(partial, 3600)
    assert model_cache.cached_model(compressed, digest, _values) == [8, 9]
    assert _copies(tmp_path) == [copy.name]
