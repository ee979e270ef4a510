"""Where the repository and the tests' data folders (pages/, quality/, demo/) are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
