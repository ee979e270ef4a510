"""A generated news site for `make bench-cluster` and the cluster tests.

index.html links to SECTIONS section pages; each section links to its
articles; each article links to the next two articles, which sit in other
sections, so that several workers discover the same URLs. With a sitemap,
sitemap.xml lists every article with its lastmod, so that an article edited
between runs (`edit_article`) is fetched again by the next run.
"""

from __future__ import annotations

from pathlib import Path

SECTIONS = 10
LASTMOD = "2025-09-01T10:00:00+00:00"
_PARAGRAPH = ("The harbour council met on Tuesday to discuss the new ferry timetable, the "
              "repairs to the northern sea wall and the budget for the coming winter. ")


def article_path(number: int) -> str:
    return f"/section-{number % SECTIONS}/article-{number:04d}.html"


def _article(number: int, pages: int, edition: int = 1) -> str:
    links = "".join(f'<a href="{article_path((number + step) % pages)}">next</a> '
                    for step in (1, 2))
    body = "".join(f"<p>{_PARAGRAPH} Paragraph {i} of article {number}.</p>" for i in range(4))
    if edition > 1:
        body += f"<p>Updated: edition {edition} corrects the date of the council meeting.</p>"
    return (f"<html><head><title>Article {number}</title>"
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2025-09-01T10:00:00Z">'
            f"</head><body><article><h1>Harbour news number {number}</h1>"
            f'<p class="byline">By Ana Example</p>{body}</article>{links}</body></html>')


def build_site(root: Path, pages: int, *, sitemap: bool = False) -> list[str]:
    """Write the site under `root`; return the article paths."""
    articles = [article_path(n) for n in range(pages)]
    sections = {n: [] for n in range(SECTIONS)}
    for number, path in enumerate(articles):
        sections[number % SECTIONS].append(path)
        (root / path.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
        (root / path.lstrip("/")).write_text(_article(number, pages), "utf-8")
    for number, paths in sections.items():
        links = "".join(f'<li><a href="{p}">story</a></li>' for p in paths)
        (root / f"section-{number}" / "index.html").write_text(
            f"<html><body><h1>Section {number}</h1><ul>{links}</ul></body></html>", "utf-8")
    links = "".join(f'<a href="/section-{n}/">section {n}</a> ' for n in range(SECTIONS))
    (root / "index.html").write_text(f"<html><body>{links}</body></html>", "utf-8")
    if sitemap:
        write_sitemap(root, pages)
    return articles


def write_sitemap(root: Path, pages: int, lastmods: dict[int, str] | None = None) -> None:
    """sitemap.xml: every article, dated LASTMOD unless `lastmods` gives its number a date."""
    lastmods = lastmods or {}
    urls = "".join(f"<url><loc>{{{{BASE_URL}}}}{article_path(n)}</loc>"
                   f"<lastmod>{lastmods.get(n, LASTMOD)}</lastmod></url>" for n in range(pages))
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>", "utf-8")


def edit_article(root: Path, number: int, pages: int, lastmod: str) -> str:
    """Publish edition 2 of an article, dated `lastmod` in sitemap.xml; return its path."""
    path = article_path(number)
    (root / path.lstrip("/")).write_text(_article(number, pages, edition=2), "utf-8")
    write_sitemap(root, pages, {number: lastmod})
    return path
