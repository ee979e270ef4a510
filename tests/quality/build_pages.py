"""Render the quality corpus: tests/quality/articles/*.toml -> pages/NAME.html + NAME.expected.json.

    .venv/bin/python -m tests.quality.build_pages          # every page
    .venv/bin/python -m tests.quality.build_pages NAME...  # some pages

The TOML files are the annotation, written by hand; this script only renders
the page from them with its family's template and writes the same truth out as
the expected record. Review the diff of pages/ before committing.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import attrs

from tests.quality.families import family
from tests.quality.model import HERE, Article, Figure, body_markdown, body_text, parse_body

PAGES = HERE / "pages"


def expected(article: Article) -> dict[str, Any]:
    """The record a careful reader expects from the page."""
    if article.kind != "article":
        return {"article": False, "kind": article.kind}
    template = family(article.site.family)
    blocks = parse_body(article.body)
    return {
        "article": True,
        "title": article.title,
        "subtitle": article.subtitle,
        "description": article.description,
        "authors": [attrs.asdict(person) for person in article.authors],
        "date_published": article.published,
        "date_modified": article.modified,
        "section": article.section,
        "tags": list(article.tags),
        "language": article.language or article.site.lang or None,
        "site_name": article.site.site_name,
        "canonical_url": template.canonical(article) if hasattr(template, "canonical")
        else article.option("canonical", article.url),
        "images": [_image(article, fig) for fig in _ordered(article.figures)],
        "text": _with_standfirst(article, getattr(
            template, "expected_text", lambda a: body_text(blocks))(article)),
        "markdown": _with_standfirst(article, getattr(
            template, "expected_markdown", lambda a: body_markdown(blocks))(article)),
    }


def _with_standfirst(article: Article, body: str) -> str:
    """The standfirst the page displays under the headline opens the article's text (issue
    #18: "the article boundary kept"); the headline does not."""
    return f"{article.subtitle}\n\n{body}" if article.subtitle else body


def _ordered(figures: tuple[Figure, ...]) -> list[Figure]:
    return sorted(figures, key=lambda fig: fig.after)


def _image(article: Article, fig: Figure) -> dict[str, Any]:
    template = family(article.site.family)
    return {
        "url": template.image_url(article, fig, fig.widths[-1]),
        "caption": fig.caption,
        "credit": fig.credit,
        "creator": fig.creator,
        "source": fig.source,
        "license": fig.license and {"name": fig.license.get("name"),
                                    "url": fig.license.get("url")},
        "alt": fig.alt or None,
    }


def build(article: Article) -> None:
    html = family(article.site.family).render(article)
    (PAGES / f"{article.name}.html").write_text(html, "utf-8")
    annotation = {
        "input": {"url": article.url, "content_type": "text/html; charset=utf-8"},
        "page": {"family": article.site.family, "site": article.site.key,
                 "patterns": list(article.patterns)},
        "expected": expected(article),
    }
    text = json.dumps(annotation, indent=2, ensure_ascii=False)
    (PAGES / f"{article.name}.expected.json").write_text(text + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    from tests.quality.model import load_articles

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="page names (default: all)")
    args = parser.parse_args(argv)
    PAGES.mkdir(exist_ok=True)
    articles = [a for a in load_articles() if not args.names or a.name in args.names]
    for article in articles:
        build(article)
    if not args.names:
        names = {a.name for a in articles}
        for stale in PAGES.glob("*.html"):
            if stale.stem not in names:
                stale.unlink()
                stale.with_suffix("").with_suffix(".expected.json").unlink(missing_ok=True)
    print(f"{len(articles)} pages written to {PAGES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
