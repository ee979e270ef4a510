"""Page templates, one module per markup family: `render(article)` and `image_url(...)`."""

from __future__ import annotations

import importlib
from types import ModuleType


def family(name: str) -> ModuleType:
    return importlib.import_module(f"tests.quality.families.{name}")
