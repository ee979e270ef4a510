"""The `metadata` record written with every response: how and how fast it was fetched.

Fields (application/warc-fields, Heritrix's names where it has one):
  via                 the referring page, feed or sitemap, or the previous redirect hop
  hopsFromSeed        the hop path from the seed (archiver.spidermiddlewares.hops), "-" for a
                      seed itself
  fetchTimeMs         milliseconds from sending the request to the end of the body
  article-record-id   for a 2xx HTML payload: the id its JSON record has if the extractor
                      judges it an article (archiver.items.record_id(url, payload digest))
  http-header-change  one per change between the head received and the head stored
"""

from __future__ import annotations

import attrs

from archiver.items import record_id
from archiver.warc.exchange import HttpExchange
from archiver.warc.framing import header_changes
from archiver.warc.records import Fields

METADATA_DESCRIPTION = (
    "each response or revisit record is followed by its request record and a metadata "
    "record (WARC-Concurrent-To it) with: via, hopsFromSeed (L link, R redirect, "
    "P prerequisite; - for a seed), fetchTimeMs, article-record-id (for 2xx HTML: the id of "
    "the JSON record made from it if it is an article) and http-header-change lines"
)
_HTML_TYPES = (b"text/html", b"application/xhtml+xml")


@attrs.frozen(kw_only=True)
class FetchFacts:
    """What the crawler knows about a fetch besides the exchange itself."""

    via: str | None = None
    hop_path: str = ""
    duration: float | None = None
    """Seconds from sending the request to the end of the body."""


def is_html(exchange: HttpExchange) -> bool:
    types = [v.lower() for n, v in exchange.response_headers if n.lower() == b"content-type"]
    return not types or types[0].startswith(_HTML_TYPES)


def could_be_article(exchange: HttpExchange) -> bool:
    return 200 <= exchange.status < 300 and bool(exchange.body) and is_html(exchange)


def metadata_fields(exchange: HttpExchange, facts: FetchFacts, payload_digest: str) -> Fields:
    fields: Fields = []
    if facts.via:
        fields.append(("via", facts.via))
    fields.append(("hopsFromSeed", facts.hop_path or "-"))
    if facts.duration is not None:
        fields.append(("fetchTimeMs", str(round(facts.duration * 1000))))
    if exchange.browser:  # a record made of the page comes from its rendered DOM
        fields.append(("capture", "browser"))
    elif could_be_article(exchange) and not exchange.truncated:
        fields.append(("article-record-id", record_id(exchange.url, payload_digest)))
    fields += [("http-header-change", change) for change in header_changes(exchange)]
    return fields
