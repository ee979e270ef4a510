"""docs/schema.md is generated from the JSON Schema and kept up to date."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import REPO


def test_schema_doc_is_up_to_date():
    done = subprocess.run([sys.executable, str(REPO / "tools" / "gen_schema_doc.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
