"""One record per article per run: the keys of the articles a run has met.

A page whose URL or canonical URL (rel=canonical, og:url) has the key
(archiver.frontier.keys.url_key: tracking parameters out) of an article met earlier
in the run gives no record: the same article linked as `page.html` and
`page.amp.html`, or served at two addresses. A canonical URL that is a site's root
(`/`) is not taken as the article's: sites that point every page's canonical at
their home page would otherwise keep one article a run. Memory: one key or two per
article of the run, as the frontier's own set of scheduled URLs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from archiver.frontier.keys import url_key


def article_keys(record: dict[str, Any]) -> set[str]:
    """The keys a record's article is known by: its URL's and its canonical URL's."""
    keys = {url_key(record["url"])}
    canonical = record.get("canonical_url")
    if canonical and urlsplit(canonical).path not in ("", "/"):
        try:
            keys.add(url_key(canonical))
        except ValueError:  # a canonical URL w3lib cannot parse: the page's URL only
            pass
    return keys


class RunArticles:
    def __init__(self) -> None:
        self._keys: set[str] = set()

    def first(self, record: dict[str, Any]) -> bool:
        """True for the first record of its article this run (and remember it)."""
        keys = article_keys(record)
        if keys & self._keys:
            return False
        self._keys |= keys
        return True
