"""The project's own Scrapy signals (beside scrapy.signals)."""

from __future__ import annotations

# Sent with error=DiskFullError when a write finds the disk full: the crawl stops as if
# killed there (archiver.extensions.shutdown), nothing more goes into the crawl state.
disk_full = object()
