"""Browser capture: pages that a script builds, loaded in headless Chromium.

Scrapy-free: which Chromium to start and how (launch), whether a page looks built by a
script (detect), and what a page does in the browser and what of it is kept (capture).
The download handler that drives it through scrapy-playwright is
archiver.core.browser_handler; the WARC records are written by
archiver.extensions.warc_capture like every other fetch's.
"""

from __future__ import annotations

MODES = ("", "true", "auto")
