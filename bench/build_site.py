"""Build the benchmark site: N varied, realistic article pages, gzip-encoded, plus a sitemap.

Pages are made from the project's own article pages (tests/pages, the demo
site, the quality corpus): each page takes one of them as its template, gets
its paragraphs reshuffled from a shared sentence pool (so that no two pages
are identical and payload deduplication does not turn them into revisits),
and carries the weight real news pages carry (inline JSON state, SVG icons,
menus, related-story lists) to land between 50 and 200 KB of HTML. Every page
links one stylesheet (with a web font and a background image) and one logo, shared
across the site, and has a photo of its own, as news sites do.

Output: DIR/pages/NNNNN.html.gz, DIR/sitemap.xml, DIR/assets/ (the shared
stylesheet, font and images), DIR/plain/ (the same pages uncompressed, for the
trafilatura reference run), DIR/manifest.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_GLOBS = [
    "tests/pages/*.html",
    "tests/quality/pages/**/*.html",
    "archiver/demo/site/**/*.html",
]
BASE_PLACEHOLDER = "{{BASE_URL}}"
MIN_SIZE, MAX_SIZE = 50_000, 200_000
SITE_VERSION = 2  # a built site of another version is built again (2: canonical URLs of their own)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load_templates() -> list[str]:
    """Article-like pages only: the ones with at least five paragraphs of text."""
    templates = []
    for pattern in TEMPLATE_GLOBS:
        for path in sorted(REPO.glob(pattern)):
            text = path.read_text("utf-8", errors="replace")
            if text.count("<p") >= 5 and "<h1" in text:
                templates.append(text)
    return templates


def sentence_pool(templates: list[str]) -> list[str]:
    pool = []
    for template in templates:
        tree = lxml_html.fromstring(template.encode())
        for paragraph in tree.iter("p"):
            text = " ".join(paragraph.text_content().split())
            pool += [s for s in _SENTENCE.split(text) if len(s) > 40]
    return pool


def vary_paragraphs(tree, rng: random.Random, pool: list[str]) -> None:
    for paragraph in tree.iter("p"):
        if len(paragraph.text_content()) < 80 or len(paragraph):
            continue
        paragraph.text = " ".join(rng.sample(pool, k=rng.randint(2, 5)))


def ballast(rng: random.Random, index: int, target: int) -> str:
    """Non-article weight of the kind real pages carry, about `target` bytes."""
    links = "".join(
        f'<li><a href="/related/{index}-{n}.html">{rng.choice(["Opinion", "Live", "Video"])}:'
        f" story {index}-{n}</a></li>" for n in range(rng.randint(20, 60)))
    icons = "".join(
        f'<svg class="icon" viewBox="0 0 24 24"><path d="M{n} {n}L{n + 3} {n + 7}Z"/></svg>'
        for n in range(40))
    state = {"page": index, "ads": [{"slot": f"slot-{n}", "sizes": [[300, 250], [728, 90]],
                                     "targeting": {"kw": rng.sample(range(10_000), 8)}}
                                    for n in range(30)]}
    blob = json.dumps(state)
    chunks = [f'<nav class="mega-menu"><ul>{links}</ul></nav>', f"<div hidden>{icons}</div>"]
    while sum(map(len, chunks)) < target:
        chunks.append(f'<script type="application/json" class="hydration">{blob}</script>')
    return "".join(chunks)


SHARED_HEAD = '<link rel="stylesheet" href="/assets/site.css">'
STYLESHEET = (b'@font-face { font-family: "Bench Sans"; src: url(font.woff2) format("woff2"); }\n'
              b"body { font-family: 'Bench Sans', sans-serif; }\n"
              b".masthead { background: url(bg.png) repeat-x; }\n")


def requisites(index: int) -> str:
    """The shared logo and the page's own photo, at the top of its body."""
    return (f'<header class="masthead"><img src="/assets/logo.png" alt="Bench News"></header>'
            f'<figure><img src="/images/photo-{index:05d}.jpg" alt="Photo {index}"></figure>')


def write_assets(directory: Path) -> None:
    assets = directory / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "site.css").write_bytes(STYLESHEET)
    (assets / "font.woff2").write_bytes(b"wOF2" + bytes(range(256)) * 40)
    (assets / "bg.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"bg" * 200)
    (assets / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"logo" * 2000)


def make_page(template: str, index: int, rng: random.Random, pool: list[str],
              base_url: str) -> bytes:
    tree = lxml_html.fromstring(template.replace(BASE_PLACEHOLDER, base_url).encode())
    declared = set(tree.xpath('//link[@rel="canonical"]/@href'
                              ' | //meta[@property="og:url"]/@content'))
    vary_paragraphs(tree, rng, pool)
    body = tree.find("body")
    page = lxml_html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    # Every page its own article: pages sharing their template's canonical URL would be
    # one article to the crawl (one record per article), not to plain trafilatura.
    for url in sorted(declared, key=len, reverse=True):
        page = page.replace(url, page_url(base_url, index))
    page = page.replace("</head>", SHARED_HEAD + "</head>", 1)
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + requisites(index), page, count=1)
    target = rng.randint(MIN_SIZE, MAX_SIZE) - len(page.encode())
    if body is not None and target > 0:
        page = page.replace("</body>", ballast(rng, index, target) + "</body>", 1)
    return page.encode("utf-8")


def page_url(base_url: str, index: int) -> str:
    return f"{base_url}/pages/{index:05d}.html"


def sitemap(base_url: str, count: int) -> bytes:
    urls = "".join(f"<url><loc>{page_url(base_url, n)}</loc></url>\n"
                   for n in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode()


def build(directory: Path, count: int, base_url: str, seed: int = 7) -> dict:
    templates = load_templates()
    pool = sentence_pool(templates)
    rng = random.Random(seed)
    pages = (make_page(templates[index % len(templates)], index, rng, pool, base_url)
             for index in range(count))
    return write_site(directory, pages, base_url, count,
                      {"version": SITE_VERSION, "templates": len(templates)})


def write_site(directory: Path, pages: Iterable[bytes], base_url: str, count: int,
               described: dict) -> dict:
    """The site's files: each page plain (for the reference) and gzipped (served), the
    sitemap, the shared assets, and the manifest (`described`, the count, the sizes)."""
    (directory / "pages").mkdir(parents=True, exist_ok=True)
    (directory / "plain").mkdir(parents=True, exist_ok=True)
    sizes = []
    for index, page in enumerate(pages):
        sizes.append(len(page))
        (directory / "plain" / f"{index:05d}.html").write_bytes(page)
        gzipped = gzip.compress(page, compresslevel=6, mtime=0)
        (directory / "pages" / f"{index:05d}.html.gz").write_bytes(gzipped)
    (directory / "sitemap.xml").write_bytes(sitemap(base_url, count))
    write_assets(directory)
    manifest = {**described, "count": count, "base_url": base_url,
                "html_bytes_min": min(sizes), "html_bytes_max": max(sizes),
                "html_bytes_mean": sum(sizes) // len(sizes)}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--base-url", required=True)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.directory, args.pages, args.base_url)))


if __name__ == "__main__":
    main()
