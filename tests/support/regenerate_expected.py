"""Rewrite the golden files tests/pages/NAME.expected.json from the current extractor.

    .venv/bin/python tests/support/regenerate_expected.py                 # every golden file
    .venv/bin/python tests/support/regenerate_expected.py NAME --url URL  # a new page or URL

Review the diff before committing: a changed golden file is a changed extractor.
Each golden file holds the page's input (URL, Content-Type) and the expected output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import attrs

PAGES = Path(__file__).resolve().parents[1] / "pages"
# Pages written for the demo site carry this placeholder for their absolute URLs.
BASE_URL_PLACEHOLDER = b"{{BASE_URL}}"
BASE_URL = "http://127.0.0.1:8000"


def page_body(path: Path) -> bytes:
    return path.read_bytes().replace(BASE_URL_PLACEHOLDER, BASE_URL.encode())


def golden_path(name: str) -> Path:
    return PAGES / f"{name}.expected.json"


def golden_names() -> list[str]:
    return sorted(p.name.removesuffix(".expected.json") for p in PAGES.glob("*.expected.json"))


def snapshot(result: Any) -> dict[str, Any]:
    from archiver.extraction import Skipped

    if isinstance(result, Skipped):
        return {"skipped": attrs.asdict(result)}
    return without_archive_pointers(attrs.asdict(result))


def without_archive_pointers(article: dict[str, Any]) -> dict[str, Any]:
    """The extraction's output without its images' `archive` pointers: those are where a
    crawl archived each image, filled in after extraction (always None here)."""
    images = [{key: value for key, value in image.items() if key != "archive"}
              for image in article.get("images", [])]
    return {**article, "images": images} if "images" in article else article


def extract(name: str, url: str, content_type: str | None) -> dict[str, Any]:
    from archiver.extraction import extract_article

    body = page_body(PAGES / f"{name}.html")
    return snapshot(extract_article(body, url, content_type=content_type))


def regenerate(name: str, url: str | None = None) -> Path:
    path = golden_path(name)
    old = json.loads(path.read_text("utf-8")) if path.exists() else {}
    page_input = {**old.get("input", {}), **({"url": url} if url else {})}
    if "url" not in page_input:
        raise SystemExit(f"{name}: no golden file yet, give its --url")
    page_input.setdefault("content_type", None)
    output = extract(name, page_input["url"], page_input["content_type"])
    text = json.dumps({"input": page_input, "output": output}, indent=2, ensure_ascii=False)
    path.write_text(text + "\n", "utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="page names (default: all with golden files)")
    parser.add_argument("--url", help="URL the page is extracted as (one page only)")
    args = parser.parse_args(argv)
    if args.url and len(args.names) != 1:
        parser.error("--url needs exactly one page name")
    for name in args.names or golden_names():
        print(regenerate(name, args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
