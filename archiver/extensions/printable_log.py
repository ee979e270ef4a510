"""Keep control characters from page text and headers out of the log (see archiver.run.printable).

Scrapy installs its root log handler again once the crawler's settings are
applied, after the extensions are built; the filter goes on the handlers when
the spider opens, which is after that and before any page is fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals

from archiver.run.printable import install_log_filter

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


class PrintableLogExtension:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrintableLogExtension:
        extension = cls()
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        install_log_filter()
