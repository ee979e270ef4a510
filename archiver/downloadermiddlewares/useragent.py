"""The User-Agent with the operator's contact, kept out of the setting Scrapy logs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.settings import SETTINGS_PRIORITIES

from archiver.run.paths import user_agent

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's UserAgentMiddleware sending archiver.run.paths.user_agent (ARCHIVER_USER_AGENT
    with ARCHIVER_CONTACT) unless USER_AGENT is set. The spider puts it in USER_AGENT only
    when the contact is not private: Scrapy logs USER_AGENT at start-up."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        settings = crawler.settings
        explicit = (settings.getpriority("USER_AGENT") or 0) > SETTINGS_PRIORITIES["default"]
        middleware = cls(settings["USER_AGENT"] if explicit else user_agent(settings))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware
