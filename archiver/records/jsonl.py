"""JSON Lines files that are complete or absent.

Lines go to `NAME.jsonl.open`, each in one unbuffered write, and the file is
renamed to `NAME.jsonl` on close; a reader that only takes `.jsonl` files never
sees half a run, and a `.open` file holds only whole lines plus at most one
partial last line after a crash. A line whose write fails (a full disk) is cut
off again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from archiver.run.diskfull import append_whole

OPEN_SUFFIX = ".open"


def dumps_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        self._open_path = path.with_name(path.name + OPEN_SUFFIX)
        self._file = open(self._open_path, "xb", buffering=0)  # noqa: SIM115

    @property
    def open_path(self) -> Path:
        return self._open_path

    def write(self, obj: Any) -> None:
        """Write one line, whole or not at all (an OSError leaves the file as it was)."""
        append_whole(self._file, dumps_line(obj).encode("utf-8"))
        self.count += 1

    def close(self) -> Path | None:
        """Finish the file; an empty file is removed rather than left behind."""
        self._file.close()
        if self.count == 0:
            self._open_path.unlink()
            return None
        os.replace(self._open_path, self.path)
        return self.path

    def abandon(self) -> None:
        """Close the file but leave it `.open`, for the next run to finish (a full disk)."""
        self._file.close()
        if self.count == 0:
            self._open_path.unlink()
