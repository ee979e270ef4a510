"""py3langid's classifier with the numpy byte walk gives py3langid's own scores."""

from __future__ import annotations

import lxml.html
import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from archiver.extraction.language.langid_walk import WindowIdentifier, load_identifier
from tests.support.paths import TESTS

PAGES = sorted([*(TESTS / "pages").glob("*.html"), *(TESTS / "quality" / "pages").glob("*.html")])


@pytest.fixture(scope="module")
def identifiers() -> tuple[LanguageIdentifier, LanguageIdentifier]:
    return load_identifier(), LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _texts() -> list[str]:
    texts = ["", "a", "ü", "Der Hafen", "日本語のテキスト", "x" * 7, " \n\t "]
    for path in PAGES:
        text = " ".join(lxml.html.document_fromstring(path.read_bytes()).text_content().split())
        texts += [text[:1500], text[:37]]
    return texts


def test_the_shipped_model_gets_the_numpy_walk(identifiers) -> None:
    assert type(identifiers[0]) is WindowIdentifier


def test_the_model_is_py3langids_own(identifiers) -> None:
    """Loaded in pieces (langid_walk._model), the model holds py3langid's arrays."""
    ours, theirs = identifiers
    for name in ("nb_ptc", "nb_pc", "tk_nextmove", "tk_row"):
        assert np.array_equal(np.asarray(getattr(ours, name)), np.asarray(getattr(theirs, name)))
        assert np.asarray(getattr(ours, name)).dtype == np.asarray(getattr(theirs, name)).dtype
    assert ours.nb_classes == theirs.nb_classes
    assert ours.tk_output == theirs.tk_output
    assert ours._rowbase == theirs._rowbase


def test_same_scores_bit_for_bit(identifiers) -> None:
    ours, theirs = identifiers
    for text in _texts():
        data = text.encode("utf-8")
        assert np.array_equal(ours._raw_score(data), theirs._raw_score(data)), text[:60]
        assert ours.classify(text) == theirs.classify(text)
