"""The annotated corpus: NAME.html pages with NAME.expected.json beside them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen
class Case:
    name: str
    body: bytes
    url: str
    content_type: str | None
    family: str
    patterns: tuple[str, ...]
    expected: dict[str, Any]
    """The expected record fields, plus "article": whether the page is one."""

    @property
    def is_article(self) -> bool:
        return bool(self.expected["article"])

    @property
    def language(self) -> str:
        return (self.expected.get("language") or "?").split("-")[0]


def load_corpus(folder: Path) -> list[Case]:
    return [_case(path) for path in sorted(folder.glob("*.expected.json"))]


def _case(path: Path) -> Case:
    annotation = json.loads(path.read_text("utf-8"))
    name = path.name.removesuffix(".expected.json")
    page = annotation.get("page", {})
    return Case(
        name=name,
        body=(path.parent / f"{name}.html").read_bytes(),
        url=annotation["input"]["url"],
        content_type=annotation["input"].get("content_type"),
        family=page.get("family", "?"),
        patterns=tuple(page.get("patterns", ())),
        expected=annotation["expected"],
    )
