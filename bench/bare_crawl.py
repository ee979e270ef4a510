"""Scrapy alone: fetch every page of a sitemap with the benchmark's settings and do nothing else.

The floor of any Scrapy pipeline on this machine: no extraction, no WARC, no
records, not even decoding the pages (the reference's extraction does that).
Prints JSON: pages fetched, CPU seconds of the whole run and CPU seconds from
the first page's response to the end (start-up excluded).
"""

from __future__ import annotations

import json
import resource
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.spiders import SitemapSpider

# The crawl settings of bench/run.py, and archiver's (CONCURRENT_ITEMS, robots.txt).
SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "CONCURRENT_ITEMS": 8, "ROBOTSTXT_OBEY": True,
    "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "WARNING",
}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class BareSpider(SitemapSpider):
    name = "bare"
    pages = 0
    cpu_at_first_page = 0.0

    def parse(self, response: Response) -> None:
        if not BareSpider.pages:
            BareSpider.cpu_at_first_page = cpu_seconds()
        BareSpider.pages += 1


def main() -> None:
    process = CrawlerProcess(SETTINGS)
    process.crawl(BareSpider, sitemap_urls=[sys.argv[1]])
    process.start()
    total = cpu_seconds()
    print(json.dumps({"pages": BareSpider.pages, "cpu_seconds": total,
                      "cpu_seconds_after_first_page": total - BareSpider.cpu_at_first_page}))


if __name__ == "__main__":
    main()
