"""The folder where crawls keep what one run builds and the next can reuse.

What the workers' forkserver would otherwise build at every start (dateparser's
compiled patterns, archiver.extraction.dates.pattern_store; the language model
decompressed, archiver.extraction.language.model_cache): in the folder the environment
variable ARCHIVER_CACHE_DIR names, else $XDG_CACHE_HOME/archiver, else
~/.cache/archiver. The forkserver starts before the settings are read, so this is the
one default not in archiver.settings. Everything in it can be deleted at any time.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_ENV = "ARCHIVER_CACHE_DIR"


def cache_file(name: str) -> Path | None:
    """The path of the file `name` in the folder; None where there is no home folder to
    find it from (Path.home() raises RuntimeError or KeyError then)."""
    try:
        return cache_dir() / name
    except (RuntimeError, KeyError, OSError):
        return None


def cache_dir() -> Path:
    """The folder; RuntimeError or KeyError where there is no home folder to find."""
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "archiver"
