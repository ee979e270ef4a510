"""Scrapy's scraper buffer raised from spider open until the first page comes back from an
extraction worker (archiver.extensions.startup_buffer)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import signals
from scrapy.core.scraper import Slot
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archiver import settings as defaults
from archiver import signals as archiver_signals
from archiver.extensions.startup_buffer import StartupBufferExtension


def _crawler(buffer: int, usual: int = 5_000_000):
    crawler = get_crawler(settings_dict={"ARCHIVER_STARTUP_SCRAPER_BUFFER": buffer,
                                         "SCRAPER_SLOT_MAX_ACTIVE_SIZE": usual})
    # The engine's scraper as Scrapy makes it before spider_opened: its slot is Scrapy's own.
    crawler.engine = SimpleNamespace(scraper=SimpleNamespace(slot=Slot(usual)))
    return crawler


def test_the_project_turns_it_on() -> None:
    assert "archiver.extensions.startup_buffer.StartupBufferExtension" in defaults.EXTENSIONS
    assert defaults.ARCHIVER_STARTUP_SCRAPER_BUFFER > 5_000_000


def test_raised_from_spider_open_until_extraction_starts() -> None:
    crawler = _crawler(30_000_000)
    extension = StartupBufferExtension.from_crawler(crawler)  # (signals hold handlers weakly)
    slot = crawler.engine.scraper.slot
    slot.active_size = 20_000_000  # pages held for the workers
    assert slot.needs_backout()
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    assert slot.max_active_size == 30_000_000 and not slot.needs_backout()
    crawler.signals.send_catch_log(archiver_signals.extraction_started)
    assert slot.max_active_size == 5_000_000 and slot.needs_backout()
    # Later pages change nothing.
    crawler.signals.send_catch_log(archiver_signals.extraction_started)
    assert slot.max_active_size == 5_000_000
    assert extension.size == 30_000_000


def test_off_when_not_above_scrapys_setting() -> None:
    with pytest.raises(NotConfigured):
        StartupBufferExtension.from_crawler(_crawler(5_000_000))

