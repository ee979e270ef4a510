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
# The page's fetch as the extraction pipeline stored it, for the crawl state once its
# record is written (archiver.extensions.crawl_state).
EXPORT = "_archiver_export"
