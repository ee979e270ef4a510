"""Does a page that gave no record look as if a script builds it in the browser?

Read from the HTML as fetched, cheaply (regular expressions on the first megabyte):
- an empty app root (`<div id="root"></div>`, `id="app"`, `id="__next"`, ...);
- a framework's data island (`__NEXT_DATA__`, `__NUXT__`, `window.__INITIAL_STATE__`,
  `__APOLLO_STATE__`) in a page with little visible text;
- a script that fetches content (`fetch(`, `XMLHttpRequest`) in a page with little
  visible text;
- article signals (og:type article, JSON-LD Article, `<article>`) but almost no text.
Returns the first signal found, or None.
"""

from __future__ import annotations

import re

_HEAD = 1024 * 1024
_EMPTY_ROOT = re.compile(
    rb"<div[^>]+id=[\"']?(root|app|__next|__nuxt|svelte|main-app)[\"']?[^>]*>\s*"
    rb"(<noscript>.*?</noscript>\s*)?</div>", re.I | re.S)
_DATA_ISLAND = re.compile(rb"__NEXT_DATA__|__NUXT__|__INITIAL_STATE__|__APOLLO_STATE__|"
                          rb"__PRELOADED_STATE__")
_FETCHING = re.compile(rb"\bfetch\s*\(|XMLHttpRequest|\$\.(ajax|getJSON)\b|axios\.")
_ARTICLE = re.compile(rb"og:type[\"']?\s+content=[\"']?article|\"@type\"\s*:\s*\"(News)?"
                      rb"Article\"|<article[\s>]", re.I)
_SCRIPT_STYLE = re.compile(rb"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(rb"<[^>]*>")
# Less visible text than this, in characters, counts as "little".
LITTLE_TEXT = 400


def visible_text_length(html: bytes) -> int:
    body = _SCRIPT_STYLE.sub(b" ", html)
    return len(b" ".join(_TAG.sub(b" ", body).split()))


def script_built(html: bytes) -> str | None:
    """The signal that the page is built by a script, or None."""
    head = html[:_HEAD]
    if _EMPTY_ROOT.search(head):
        return "empty_app_root"
    if visible_text_length(head) >= LITTLE_TEXT:
        return None
    if _DATA_ISLAND.search(head):
        return "data_island"
    if _FETCHING.search(head):
        return "script_fetch"
    if _ARTICLE.search(head):
        return "article_without_text"
    return None
