"""JSON Lines files that are complete or absent.

Lines go to `NAME.jsonl.open`, each flushed as soon as it is written, and the
file is renamed to `NAME.jsonl` on close; a reader that only takes `.jsonl`
files never sees half a run, and a `.open` file holds only whole lines plus at
most one partial last line after a crash.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

OPEN_SUFFIX = ".open"


def dumps_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._open_path = path.with_name(path.name + OPEN_SUFFIX)
        self._file = open(self._open_path, "x", encoding="utf-8")  # noqa: SIM115

    def write(self, obj: Any) -> None:
        self._file.write(dumps_line(obj))
        self._file.flush()
        self.count += 1

    def close(self) -> Path | None:
        """Finish the file; an empty file is removed rather than left behind."""
        self._file.close()
        if self.count == 0:
            self._open_path.unlink()
            return None
        os.replace(self._open_path, self.path)
        return self.path
