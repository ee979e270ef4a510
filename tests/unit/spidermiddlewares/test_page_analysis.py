"""What the page analysis middleware asks a worker to read from a page, built in-process
with get_crawler over a real SQLite state (the worker itself: tests/unit/run, and the crawls
in tests/integration/test_one_parse.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver import meta
from archiver.commands.crawl import project_settings
from archiver.extensions.crawl_state import CrawlStateExtension, fetch_of
from archiver.extraction import PageAnalysis
from archiver.pipelines.extraction import FetchedPage
from archiver.spidermiddlewares.page_analysis import PageAnalysisMiddleware
from archiver.state.sqlite import CrawlState
from spiders.news import NewsSpider

SEED = "http://news.test/"


@pytest.fixture
def middleware(tmp_path) -> Iterator[PageAnalysisMiddleware]:
    settings = project_settings({"ARCHIVER_OUTPUT_DIR": str(tmp_path), "EXTENSIONS": {},
                                 "TWISTED_REACTOR_ENABLED": False,
                                 "ARCHIVER_EXTRACTION_WORKERS": 1})
    crawler = get_crawler(NewsSpider, settings_dict=settings.copy_to_dict())
    state = CrawlState.open(":memory:")
    crawler.spider = NewsSpider.from_crawler(crawler, seeds=SEED, state=state)
    crawler.stats.open_spider(crawler.spider)
    CrawlStateExtension.from_crawler(crawler)
    middleware = PageAnalysisMiddleware.from_crawler(crawler)
    yield middleware
    middleware.pool.close()
    state.close()


def page(url: str, hops_left: int, method: str = "link", body: bytes = b"<p>x</p>") -> Any:
    request = Request(url, meta={meta.KEY: url, meta.SOURCE: "", meta.HOPS_LEFT: hops_left,
                                 meta.DISCOVERY: {"method": method}})
    response = HtmlResponse(url, body=body, request=request)
    return FetchedPage(response, "text/html", fetch_of(response, "page"))


def test_a_seed_page_is_read_for_its_article_links_feeds_and_requisites(middleware):
    wanted = middleware.wanted(page(SEED, 2, method="seed"))
    assert (wanted.article, wanted.links, wanted.feeds, wanted.requisites) == (
        True, True, True, "articles")
    assert ".jpg" in wanted.deny_extensions and ".html" not in wanted.deny_extensions


def test_a_page_without_hops_left_gives_no_links(middleware):
    wanted = middleware.wanted(page(SEED + "a.html", 0))
    assert (wanted.article, wanted.links, wanted.feeds) == (True, False, False)


def test_an_unchanged_body_is_read_for_its_links_alone(middleware):
    fetched = page(SEED + "b.html", 1)
    middleware.crawler.spider.state.fetched(attrs.evolve(fetched.fetch, kind="article"))
    analysed = asyncio.run(middleware.analysed(fetched))
    assert analysed.unchanged_body()
    wanted = middleware.wanted(analysed)
    assert (wanted.article, wanted.links, wanted.requisites) == (False, True, "none")
    assert analysed.analysis.article is None and analysed.analysis.links == []


def test_nothing_wanted_asks_no_worker(middleware):
    fetched = page(SEED + "c.html", 0)
    middleware.crawler.spider.state.fetched(attrs.evolve(fetched.fetch, kind="page"))
    middleware.pool.close()  # a worker asked for now would fail the test
    assert asyncio.run(middleware.analysed(fetched)).analysis == PageAnalysis()
