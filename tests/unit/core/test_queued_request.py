"""Queued requests name their callbacks directly and serialize as Scrapy's own do."""

from __future__ import annotations

import pickle

import pytest
import scrapy.http.request
from scrapy import Request, Spider
from scrapy.utils.request import request_from_dict

from archiver.core.queued_request import NamedCallbackRequest
from spiders.news import NewsSpider


class Other:
    def parse(self, response: object) -> None:
        pass


@pytest.fixture
def spider() -> NewsSpider:
    return NewsSpider(seeds="https://example.org/")


def _request(spider: Spider, **callbacks: object) -> NamedCallbackRequest:
    return NamedCallbackRequest("https://example.org/a", headers={"If-None-Match": '"x"'},
                                meta={"archiver_key": "k", "discovery": {"method": "feed"}},
                                **callbacks)


def test_serialized_as_scrapy_serializes_it(spider: NewsSpider) -> None:
    request = _request(spider, callback=spider.parse, errback=spider.errback)
    ours = request.to_dict(spider=spider)
    assert ours == Request.to_dict(request, spider=spider)  # Scrapy's search by members
    assert ours["callback"] == "parse" and ours["errback"] == "errback"
    restored = request_from_dict(pickle.loads(pickle.dumps(ours)), spider=spider)
    assert type(restored) is NamedCallbackRequest
    assert restored.callback == spider.parse and restored.errback == spider.errback
    assert restored.meta == request.meta and restored.headers == request.headers


def test_no_search_of_the_spider_members(spider: NewsSpider, monkeypatch) -> None:
    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("searched the spider's members")

    monkeypatch.setattr(scrapy.http.request.inspect, "getmembers", no_search)
    serialized = _request(spider, callback=spider.parse, errback=spider.errback).to_dict(
        spider=spider)
    assert serialized["callback"] == "parse"
    assert _request(spider).to_dict(spider=spider)["callback"] is None  # the default, parse


def test_other_callbacks_take_scrapy_way(spider: NewsSpider) -> None:
    with pytest.raises(ValueError, match="not an instance method"):
        _request(spider, callback=Other().parse).to_dict(spider=spider)
