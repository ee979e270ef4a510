"""The links of a parsed HTML page, as Scrapy's LinkExtractor(unique=True) finds them.

The extraction worker walks the tree it parsed for the article
(archiver.extraction.analysis), so that the crawl process parses no page. With
LinkExtractor's defaults (Scrapy 2.13 to 2.19): `<a>` and `<area>` elements, their
`href` stripped of HTML whitespace (w3lib's strip_html5_whitespace), joined with
the base URL, made safe in the page's encoding (w3lib's safe_url_string) and joined
with the page's URL again; kept if the scheme is http, https, file or ftp and the
path ends with none of the denied extensions (Scrapy's IGNORED_EXTENSIONS, handed in
by the crawl process); each URL once, in document order; the text is XPath's
string() of the element, as LinkExtractor's Link.text. A link that cannot be joined
or made safe is skipped, as LinkExtractor skips it.

The base URL is the first `<base>` with an href, as w3lib's get_base_url reads it
(an empty href keeps the page's URL). Scrapy looks for it in the first 4,096
characters only; here, as in a browser, anywhere. A base href that cannot be joined
gives no links (LinkExtractor raises ValueError then).
No Scrapy here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urljoin, urlparse

from lxml import etree
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# LinkExtractor's _collect_string_content.
_TEXT = etree.XPath("string()")
# scrapy.linkextractors._is_valid_url.
FOLLOWED_SCHEMES = frozenset({"http", "https", "file", "ftp"})
# Followed schemes whose last path segment urlparse splits ;params off (not file:).
_PARAMS_SCHEMES = ("http://", "https://", "ftp://")

# Links the libraries give back as they are written. Joining and making each link
# safe took 2.7 ms of a real page's 27 in the worker (165 links a page, 10 µs each);
# about half of them are absolute http(s) URLs or paths from the site's root written
# with none of what urljoin or safe_url_string would change: a lower-case host name
# (or a canonical IPv4 address), no port, user, query, fragment, ";", "%", dot segment
# or character to quote. tests/unit/discovery/test_links.py holds them equal to
# the libraries' result on every link of the real-page corpus and on the edge cases.
_IPV4_PART = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_HOST = rf"(?:(?:[a-z0-9-]+\.)*[a-z]+|{_IPV4_PART}(?:\.{_IPV4_PART}){{3}})"
_PATH = r"/(?!/)[A-Za-z0-9._~/-]*"
_PLAIN_URL = re.compile(rf"https?://{_HOST}(?:{_PATH})?\Z")
_PLAIN_ORIGIN = re.compile(rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?=/|\Z)")
_PLAIN_PATH = re.compile(rf"{_PATH}\Z")


class Link(NamedTuple):
    """A link of a page: its absolute URL, its text and its rel attribute ("" if none)."""

    url: str
    text: str
    rel: str

    @property
    def nofollow(self) -> bool:
        """Scrapy's rel_has_nofollow."""
        return "nofollow" in self.rel.replace(",", " ").split()


def base_url(root: HtmlElement, url: str, encoding: str) -> str:
    """The URL the page's links resolve against; ValueError when its base href cannot be
    joined (an invalid IPv6 host, say)."""
    for base in root.iter("base"):
        href = base.get("href")
        if href is None:
            continue
        href = strip_html5_whitespace(href)
        if not href:
            break
        return urljoin(safe_url_string(url), safe_url_string(href, encoding=encoding))
    return safe_url_string(url)


def page_links(root: HtmlElement, url: str, encoding: str,
               deny_extensions: tuple[str, ...]) -> list[Link]:
    """The links of the page parsed as `root`, fetched from `url` and decoded from
    `encoding`; `deny_extensions` are lower-case, with their dot (".jpg")."""
    try:
        base = base_url(root, url, encoding)
    except ValueError:
        return []
    plain_origin = _PLAIN_ORIGIN.match(base)
    origin = plain_origin[0] if plain_origin else None
    links, seen, hrefs = [], set(), set()
    for element in root.iter("a", "area"):
        href = element.get("href")
        if href is None or href in hrefs:  # the same href: the same URL, already seen
            continue
        hrefs.add(href)
        try:
            link = _joined(base, origin, url, strip_html5_whitespace(href), encoding)
        except ValueError:
            continue
        if link in seen:
            continue
        seen.add(link)
        if followed(link, deny_extensions):
            links.append(Link(link, _TEXT(element) or "", element.get("rel") or ""))
    return links


def _joined(base: str, origin: str | None, url: str, href: str, encoding: str) -> str:
    """The absolute URL of `href` as LinkExtractor makes it: joined with `base`, made safe,
    joined with the page's `url`; at once for a plain link (see _PLAIN_URL)."""
    if "/." not in href:
        if _PLAIN_URL.match(href):
            return href
        if origin and _PLAIN_PATH.match(href):
            return origin + href
    return _rejoined(url, safe_url_string(urljoin(base, href), encoding=encoding))


def _rejoined(url: str, link: str) -> str:
    """urljoin(url, link), as LinkExtractor joins a link made safe with the page's URL again.
    A URL whose scheme is lower-case and that holds no ";", "?" or "#" comes back as it is
    (urljoin splits it and puts the same parts back together), without its 6 µs."""
    scheme, colon, _rest = link.partition(":")
    if colon and scheme.islower() and not any(mark in link for mark in ";?#"):
        return link
    return urljoin(url, link)


def followed(url: str, deny_extensions: tuple[str, ...]) -> bool:
    """LinkExtractor's filter with its defaults: the scheme, and the extension of the path
    (urlparse's, without ;params, as Scrapy's url_has_any_extension reads it)."""
    if url.split("://", 1)[0] not in FOLLOWED_SCHEMES:
        return False
    return not (deny_extensions and _path(url).lower().endswith(deny_extensions))


def _path(url: str) -> str:
    """urlparse(url).path, found by hand for a URL with an authority (3x faster): what follows
    the host up to "?" or "#" (which no host holds), less the ;params of its last segment."""
    if not url.startswith(_PARAMS_SCHEMES) or any(mark in url for mark in "\t\r\n"):
        return urlparse(url).path
    rest = url.partition("://")[2]
    for mark in "?#":
        rest = rest.partition(mark)[0]
    slash = rest.find("/")
    path = rest[slash:] if slash >= 0 else ""
    params = path.find(";", path.rfind("/"))
    return path[:params] if params >= 0 else path
