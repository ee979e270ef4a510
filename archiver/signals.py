"""The project's own Scrapy signals (beside scrapy.signals)."""

from __future__ import annotations

# Sent with error=DiskFullError when a write finds the disk full: the crawl stops as if
# killed there (archiver.extensions.shutdown), nothing more goes into the crawl state.
disk_full = object()

# Sent with url, reason and via when the frontier refuses a candidate (out of scope,
# max_pages, a pattern...): archiver.spidermiddlewares.frontier.
url_skipped = object()

# Sent with request, response (None when there was none), outcome and reason once a fetch's
# outcome is known (not modified, listed, not a page, failed, ignored):
# archiver.extensions.crawl_state and archiver.spidermiddlewares.frontier.
url_done = object()
# Sent by the extraction pipeline with candidates=[Candidate, ...] (a page's requisites)
# and response= (the page): the frontier admits and schedules them
# (archiver.spidermiddlewares.frontier, archiver.extensions.requisites).
requisites_found = object()
# Sent with request= and reason= when a requisite's fetch failed or was refused
# (archiver.extensions.crawl_state): no capture to wait for.
embed_failed = object()
# Sent once, when the first page comes back from an extraction worker (the workers are up):
# archiver.spidermiddlewares.page_analysis, for archiver.extensions.startup_buffer.
extraction_started = object()
