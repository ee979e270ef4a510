"""The crawl's garbage collector: young passes every ARCHIVER_GC_YOUNG_THRESHOLD
allocations from engine start, Python's own thresholds back at engine stop."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from archiver import settings as defaults
from archiver.extensions.collector import CollectorExtension


@pytest.fixture(autouse=True)
def python_thresholds() -> Iterator[tuple[int, int, int]]:
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)


def test_the_project_turns_it_on() -> None:
    assert "archiver.extensions.collector.CollectorExtension" in defaults.EXTENSIONS
    assert defaults.ARCHIVER_GC_TUNING is True


def test_young_passes_are_rarer_from_engine_start_to_engine_stop(
        python_thresholds: tuple[int, int, int]) -> None:
    crawler = get_crawler(settings_dict={"EXTENSIONS_BASE": {}, "ARCHIVER_GC_TUNING": True,
                                         "ARCHIVER_GC_YOUNG_THRESHOLD": 12_345})
    extension = CollectorExtension.from_crawler(crawler)  # (signals hold handlers weakly)
    assert gc.get_threshold() == python_thresholds  # nothing changes before the start
    crawler.signals.send_catch_log(signals.engine_started)
    assert gc.get_threshold() == (12_345, *python_thresholds[1:])
    crawler.signals.send_catch_log(signals.engine_stopped)
    assert gc.get_threshold() == python_thresholds
    assert extension.young_threshold == 12_345


def test_a_second_start_keeps_the_thresholds_to_put_back(
        python_thresholds: tuple[int, int, int]) -> None:
    extension = CollectorExtension(12_345)
    extension.engine_started()
    extension.engine_started()
    extension.engine_stopped()
    assert gc.get_threshold() == python_thresholds


def test_off_with_its_setting() -> None:
    crawler = get_crawler(settings_dict={"ARCHIVER_GC_TUNING": False})
    with pytest.raises(NotConfigured):
        CollectorExtension.from_crawler(crawler)
