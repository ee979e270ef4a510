"""The record schema's validator is compiled when the spider opens, not on the first
record (archiver.pipelines.validate)."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from archiver.pipelines import validate


def test_the_record_schema_is_compiled_when_the_spider_opens() -> None:
    validate._fast_check.cache_clear()
    validate.SchemaValidationPipeline(get_crawler().stats).open_spider()
    assert validate._fast_check.cache_info().currsize == 1
