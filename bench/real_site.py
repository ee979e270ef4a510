"""Build a benchmark site from real pages: the news, blog and institutional pages of
../shared/corpus/real-pages (trafilatura's and htmldate's evaluation sets, 1,985 pages
nobody on this project wrote), read at run time and never copied into the repository.

Page N of the site is corpus page N modulo the corpus's size, its bytes as fetched
(any encoding), but for its canonical declarations: the page's own `<link
rel=canonical>` and `og:url` are taken out and one naming its address on the site put
first in its `<head>`, so that every page is an article of its own to the crawl (two
copies of a corpus page sharing a canonical URL would be one article, as the crawl
keeps one record an article, while plain trafilatura extracts both) and no two pages
have the same bytes (the same payload twice would be a revisit). The pages' links
and requisites still name their own sites: crawl it with ARCHIVER_REQUISITES=none (a
crawl of sitemap entries follows no link).

Output as bench/build_site.py's: DIR/pages/NNNNN.html.gz, DIR/plain/NNNNN.html,
DIR/sitemap.xml, DIR/manifest.json (with `content_type`: served without a charset,
as the pages' own encodings vary).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.build_site import page_url, write_site  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "real-pages"
SETS = ("trafilatura", "htmldate")
SITE_VERSION = 1
CONTENT_TYPE = "text/html"
_CANONICAL = re.compile(rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.IGNORECASE)
_OG_URL = re.compile(rb"<meta\b[^>]*\bproperty\s*=\s*[\"']?og:url\b[^>]*>", re.IGNORECASE)
_HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_HTML = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)


def corpus_pages(corpus: Path = CORPUS) -> list[Path]:
    return [path for name in SETS for path in sorted((corpus / name).glob("*.html.gz"))]


def make_page(raw: bytes, url: str) -> bytes:
    """The page with one canonical declaration, naming `url`, first in its head."""
    page = _OG_URL.sub(b"", _CANONICAL.sub(b"", raw))
    link = f'<link rel="canonical" href="{url}">'.encode()
    for opening in (_HEAD, _HTML):
        match = opening.search(page)
        if match:
            return page[:match.end()] + link + page[match.end():]
    return link + page


def build(directory: Path, count: int, base_url: str, corpus: Path = CORPUS) -> dict:
    sources = corpus_pages(corpus)
    if not sources:
        raise SystemExit(f"no real pages in {corpus} (the real-page site needs ../shared/corpus)")
    pages = (make_page(gzip.decompress(sources[index % len(sources)].read_bytes()),
                       page_url(base_url, index)) for index in range(count))
    return write_site(directory, pages, base_url, count,
                      {"version": SITE_VERSION, "source": "real", "corpus_pages": len(sources),
                       "content_type": CONTENT_TYPE})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.directory, args.pages, args.base_url.rstrip("/")), indent=2))


if __name__ == "__main__":
    main()
