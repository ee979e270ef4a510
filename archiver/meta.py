"""The `request.meta` keys archiver's components pass a request's facts through.

One place for all of them: a key set by one component and read by another is
named here, never spelled twice. Keys starting with an underscore are internal
to the crawl process and never serialized with a request on disk.
"""

from __future__ import annotations

# Set by the frontier when a candidate is admitted (archiver.spidermiddlewares.frontier).
HOPS_LEFT = "archiver_hops_left"
VIA = "archiver_via"
KEY = "archiver_key"
SOURCE = "archiver_source"
DISCOVERY = "archiver_discovery"
LISTED = "archiver_listed_date"
# How many listings lie between a listing entry and its seed (ARCHIVER_SITEMAP_MAX_DEPTH).
NESTING = "archiver_nesting"
# A page requisite's type ("image", "css", "font", "script", "media"; see
# archiver.discovery.requisites), and its source's `embeds` scope, which redirects keep
# to (archiver.downloadermiddlewares.scope).
EMBED = "archiver_embed"
EMBED_SCOPE = "archiver_embed_scope"
# The validators of the known copy (ETag, Last-Modified) the conditional request sends
# (archiver.downloadermiddlewares.conditional).
VALIDATORS = "archiver_validators"
# The hop path from the seed (archiver.spidermiddlewares.hops).
HOP_PATH = "archiver_hop_path"
# Set by the download handler (archiver.core.download_handler).
WIRE = "archiver_wire_log"
FETCH_STARTED = "archiver_fetch_started"
# Set by the WARC capture (archiver.extensions.warc_capture).
WARC = "archiver_warc"
FETCHED_AT = "archiver_fetched_at"
HEADERS_RECEIVED_AT = "_archiver_headers_received_at"
# The response's facts for its crawl log line, until its outcome is known
# (archiver.extensions.crawl_log).
LOG_FACTS = "_archiver_log_facts"
# The page's fetch as the extraction pipeline stored it, for the crawl state once its
# record is written (archiver.extensions.crawl_state).
EXPORT = "_archiver_export"
# A request loaded in the browser (scrapy-playwright reads this key and the next ones).
PLAYWRIGHT = "playwright"
PLAYWRIGHT_CONTEXT = "playwright_context"
PLAYWRIGHT_PAGE_METHODS = "playwright_page_methods"
PLAYWRIGHT_PAGE_INIT = "playwright_page_init_callback"
# What the browser captured of the page (archiver.browser.capture.PageCapture), for the
# WARC capture (archiver.core.browser_handler sets it).
BROWSER_CAPTURE = "_archiver_browser_capture"
# Why a page was loaded again in the browser ("true", or what looked script-built).
BROWSER_REASON = "archiver_browser_reason"
