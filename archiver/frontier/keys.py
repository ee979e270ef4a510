"""The key a URL is known by in the frontier and the crawl state.

w3lib's canonicalize_url (query arguments sorted, fragment dropped, percent-encoding
normalised) of the URL without its tracking parameters, so that `page.html`,
`page.html?ref=home` and `page.html?utm_source=feed` are one page: fetched once a
run, one record. The parameters are those courlan (trafilatura's URL library)
strips as trackers in courlan.clean.TRACKERS_RE, narrowed to whole names and known
prefixes: courlan searches its pattern anywhere in a name, which also takes away
`gallery`, `global`, `reference`, `source` and `keyword`, parameters that can
choose a different page; a key that joined two pages would lose one of them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Names starting with these are trackers (Google Analytics, Mailchimp, Matomo, Piwik,
# Adobe, HubSpot, Olytics, Vero).
TRACKING_PREFIXES = ("utm_", "mc_", "mtm_", "pk_", "itm_", "oly_", "vero_", "hsa_", "_hs")
# Whole names: click ids (Facebook, Google, Microsoft, Yandex, Twitter, Instagram), the
# referral tags of news sites' own links, AT Internet's xtor, e-mail tokens.
TRACKING_NAMES = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ysclid", "twclid",
    "igshid", "igsh", "ref", "ref_src", "ref_url", "referrer", "xtor", "cmpid", "ncid",
    "ocid", "smid", "_ga", "_gl", "mkt_tok", "at_medium", "at_campaign",
})


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)


def without_tracking(url: str) -> str:
    """The URL with its tracking parameters taken out (the rest as it was)."""
    query = urlsplit(url).query
    if not query:
        return url
    names = {name for name, _value in parse_qsl(query, keep_blank_values=True)
             if is_tracking(name)}
    if not names:
        return url
    return url_query_cleaner(url, names, remove=True, unique=False, keep_fragments=True)


def url_key(url: str) -> str:
    """The frontier's and the crawl state's key of a URL (ValueError for a bad URL)."""
    return canonicalize_url(without_tracking(url))
