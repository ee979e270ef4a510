"""pages/pages.jsonl of a WACZ: the seeds and every archived HTML page, articles marked.

Read from the package's merged CDXJ (archiver.warc.cdxj): each URL's first
capture that is an HTML page answered 200, or any capture of a seed. A page
carries the title of its article record when it has one (and `"article": true`
with the record's id), else the `<title>` of the archived HTML, read from its
record. Seeds carry `"seed": true`. What is kept in memory: the URLs listed so
far and the titles of the article records (one entry per page listed).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
# The <title> is looked for in the first bytes of a page only.
TITLE_BYTES = 64 * 1024
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)


def article_titles(records_files: Iterable[Path]) -> dict[str, tuple[str, str]]:
    """url -> (record id, title) of the first record of each URL."""
    articles: dict[str, tuple[str, str]] = {}
    for path in records_files:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                articles.setdefault(record["url"], (record["id"], record.get("title") or ""))
    return articles


def html_title(warc: Path, offset: int) -> str:
    """The <title> of the HTML page in the record at `offset`, "" when none is found."""
    with open(warc, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)), None)
        head = record.content_stream().read(TITLE_BYTES) if record is not None else b""
    found = _TITLE.search(head)
    if not found:
        return ""
    return " ".join(html.unescape(found.group(1).decode("utf-8", "replace")).split())


def iso_stamp(stamp: str) -> str:
    """A CDXJ timestamp (14 digits) as ISO 8601 UTC."""
    return (f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:"
            f"{stamp[12:14]}Z")


def page_lines(index_lines: Iterable[str], warcs: list[Path], records_files: Iterable[Path],
               seeds: Iterable[str]) -> Iterator[bytes]:
    """pages.jsonl: its header, then one page per URL (see the module's docstring)."""
    yield (json.dumps(PAGES_HEADER) + "\n").encode()
    by_name = {warc.name: warc for warc in warcs}
    articles, seeds, listed = article_titles(records_files), set(seeds), set()
    for line in index_lines:
        _key, stamp, text = line.rstrip("\n").split(" ", 2)
        fields = json.loads(text)
        url = fields.get("url", "")
        is_page = fields.get("mime") in HTML_TYPES and str(fields.get("status")) == "200"
        if url in listed or not (is_page or (url in seeds and fields.get("mime")
                                             != "warc/revisit")):
            continue
        listed.add(url)
        yield (json.dumps(_page(url, stamp, fields, by_name, articles, url in seeds),
                          ensure_ascii=False) + "\n").encode()


def _page(url: str, stamp: str, fields: dict[str, Any], by_name: dict[str, Path],
          articles: dict[str, tuple[str, str]], seed: bool) -> dict[str, Any]:
    page: dict[str, Any] = {"url": url, "ts": iso_stamp(stamp)}
    if url in articles:
        record_id, title = articles[url]
        page |= {"id": record_id, "title": title or url, "article": True}
    else:
        warc = by_name.get(fields.get("filename", ""))
        title = html_title(warc, int(fields["offset"])) if warc and "offset" in fields else ""
        page |= {"id": hashlib.sha1(f"{stamp} {url}".encode()).hexdigest()[:32],
                 "title": title or url}
    if seed:
        page["seed"] = True
    return page
