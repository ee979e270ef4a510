"""py3langid's classifier with its byte walk done in numpy: the same scores, bit for bit.

py3langid counts the n-gram features of a text by walking a DFA over its bytes in
pure Python (`visit_counts`, about 1 ms for 1,500 characters). The DFA of its model
is a window automaton: after any 6 bytes it is in the same state whatever state it
started from (checked over every pair of states, see `is_window_automaton`). So the
state after byte i is the walk from the start state over bytes i-5..i alone, and the
states of all positions come from 6 vectorized steps instead of one step a byte.
"""

from __future__ import annotations

import hashlib
from typing import IO, Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import _to_array

from archiver.extraction.language.model_cache import cached_model

# The model the window was checked on (py3langid 0.4.0's data/model.npz.xz, by SHA-256),
# and its window. Any other model gets py3langid's own walk.
CHECKED_MODEL = "f4f4a2c3465ca1f081541037f9cac23021d68151c2f709c55ae5eedfca522963"
WINDOW = 6
# Every float16 value as float32, by numpy's own cast, indexed by the float16's bits.
FLOAT16_VALUES = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)


def load_identifier() -> LanguageIdentifier:
    """py3langid's identifier of its own model, with probabilities (norm_probs)."""
    path = MODEL_DIR / MODEL_FILE
    compressed = path.read_bytes()
    if hashlib.sha256(compressed).hexdigest() != CHECKED_MODEL:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ptc, pc, classes, nextmove, row, output = _model(compressed)
    return WindowIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output,
                            norm_probs=True, tk_row=row)


def _model(compressed: bytes) -> tuple[Any, ...]:
    """py3langid's `modelio.load_model` (0.4.0) of the checked model: the same arrays, but
    for the transitions, kept as numpy's array rather than copied into a stdlib one.

    Decompressed as py3langid does, through a file rather than holding the decompressed
    bytes, but kept between runs (model_cache). The transitions (39 MB) are read by the
    numpy walk alone (py3langid's walk indexes them as well either way); their stdlib
    copy was a second 39 MB at the load's peak, which now falls in the warm-up's.
    """
    return cached_model(compressed, CHECKED_MODEL, _arrays)


def _arrays(decompressed: IO[bytes]) -> tuple[Any, ...]:
    with np.load(decompressed, allow_pickle=False) as data:
        return (data["ptc"], data["pc"], data["classes"].tolist(),
                data["nextmove"], _to_array(data["nextmove_row"]),
                data["out_feat"].tolist())


class WindowIdentifier(LanguageIdentifier):
    __slots__ = ("_next_row", "_next_state", "_feature")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's transitions (a view, no copy), the row of each state (times 256,
        # as py3langid's _rowbase) and the feature of each state (-1: none), as arrays.
        self._next_state = np.frombuffer(self.tk_nextmove, dtype=_dtype(self.tk_nextmove))
        self._next_row = np.asarray(self._rowbase, dtype=np.intp)
        self._feature = np.asarray(self.tk_output, dtype=np.intp)

    def _raw_score(self, text: bytes) -> np.ndarray:
        # Overrides py3langid's (0.4.0) private step; everything around it is its own.
        features, counts = self._visits(text)
        if not len(features):
            return super()._raw_score(text)  # no features: py3langid's own fill value
        # py3langid's _sparse_score, np.log1p(counts) @ table[features] + nb_pc, with the
        # float16 rows widened through FLOAT16_VALUES rather than by numpy's cast inside
        # the product (same float32 values, in a third of the time).
        rows = self.nb_ptc[features]
        if rows.dtype == np.float16:
            rows = FLOAT16_VALUES.take(rows.view(np.uint16))
        return np.log1p(counts.astype(np.float32)) @ rows + self.nb_pc

    def _visits(self, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Features and their counts as py3langid's visit_counts, in first-visit order."""
        data = np.frombuffer(text, dtype=np.uint8).astype(np.intp)
        states = np.zeros(len(data), dtype=np.intp)
        for lag in reversed(range(min(WINDOW, len(data)))):
            # Position i reads byte i - lag; positions before the window start stay put.
            moved = states[lag:]
            states[lag:] = self._next_state[self._next_row[moved] + data[: len(data) - lag]]
        features = self._feature[states]
        features = features[features >= 0]
        keys, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first)
        return keys[order], counts[order]


def is_window_automaton(identifier: LanguageIdentifier, window: int = WINDOW) -> bool:
    """Whether every walk of `window` bytes ends in the same state from any start state.

    Slow (about 15 s and 700 MB): run it by hand on a new model, then update CHECKED_MODEL.
    """
    table = np.frombuffer(identifier.tk_nextmove, dtype=_dtype(identifier.tk_nextmove))
    rows = np.asarray(identifier.tk_row, dtype=np.intp)
    moves = table.reshape(-1, 256)[rows]
    # Pairs (state from some start, state from the start state) that still differ.
    pairs = np.stack([np.arange(len(rows)), np.zeros(len(rows), dtype=np.intp)], axis=1)
    for _ in range(window):
        pairs = np.stack([moves[pairs[:, 0]].ravel(), moves[pairs[:, 1]].ravel()], axis=1)
        pairs = np.unique(pairs[pairs[:, 0] != pairs[:, 1]], axis=0)
    return not len(pairs)


def _dtype(values: Any) -> np.dtype:
    return np.dtype(f"u{values.itemsize}")
