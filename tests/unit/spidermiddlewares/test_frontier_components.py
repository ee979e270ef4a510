"""The crawl's Scrapy components, built in-process with get_crawler (no crawl, no network).

The spider yields candidates; the frontier middleware turns them into requests
and tells the crawl state; the conditional-request middleware sends the known
copy's validators; the crawl-state extension stores outcomes. Each is built
from the project settings as Scrapy builds it, over a real SQLite state.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from archiver import meta
from archiver.commands.crawl import project_settings
from archiver.downloadermiddlewares.conditional import ConditionalRequestMiddleware
from archiver.extensions.crawl_state import CrawlStateExtension, PageOutcome, fetch_of
from archiver.frontier import candidates
from archiver.frontier.sources import Source
from archiver.signals import url_done
from archiver.spidermiddlewares.frontier import FrontierMiddleware, ListingDone
from archiver.state.sqlite import CrawlState
from spiders.news import NewsSpider

SEED = "http://news.test/"


@pytest.fixture
def crawler(tmp_path) -> Iterator[Any]:
    # No reactor, and none of the project's extensions but the one under test (the WARC
    # capture and the reports would write into the output folder).
    settings = project_settings({"ARCHIVER_OUTPUT_DIR": str(tmp_path),
                                 "TWISTED_REACTOR_ENABLED": False, "EXTENSIONS": {}})
    crawler = get_crawler(NewsSpider, settings_dict=settings.copy_to_dict())
    state = CrawlState.open(":memory:")
    crawler.spider = NewsSpider.from_crawler(crawler, seeds=SEED, state=state)
    crawler.stats.open_spider(crawler.spider)
    CrawlStateExtension.from_crawler(crawler)
    yield crawler
    state.close()


def response(url: str, body: bytes = b"<html></html>", request: Request | None = None,
             **headers: str) -> HtmlResponse:
    request = request or Request(url, meta={meta.KEY: url, meta.SOURCE: ""})
    return HtmlResponse(url, body=body, headers=headers, request=request)


def test_frontier_admits_seeds_and_tells_the_state(crawler) -> None:
    frontier = FrontierMiddleware.from_crawler(crawler)
    requests = frontier.requests_for(crawler.spider.seed_candidates())
    assert [r.url for r in requests] == [SEED]
    assert requests[0].meta[meta.KEY] == SEED
    assert requests[0].callback == crawler.spider.parse
    assert [p.url for p in crawler.spider.state.pending([""])] == [SEED]


def test_frontier_passes_items_through_in_order_and_drops_offsite(crawler) -> None:
    frontier = FrontierMiddleware.from_crawler(crawler)
    source = Source.from_seeds([SEED])
    page = response(SEED + "a.html")
    links = candidates.page(source, page.url, 2,
                            [SEED + "b.html", "http://elsewhere.test/c.html"])
    output = list(frontier.process_spider_output(page, [*links, "an item"]))
    assert [getattr(o, "url", o) for o in output] == [SEED + "b.html", "an item"]
    assert crawler.stats.get_value("archiver/skipped/out_of_scope") == 1


def test_listing_done_stores_the_listing_with_its_entries(crawler) -> None:
    frontier = FrontierMiddleware.from_crawler(crawler)
    feed = response(SEED + "feed.xml", ETag='"v1"')
    entries = candidates.page(Source.from_seeds([SEED]), feed.url, 1, [SEED + "story.html"])
    list(frontier.process_spider_output(feed, [*entries, ListingDone(fetch_of(feed, "feed"))]))
    known = crawler.spider.state.get(SEED + "feed.xml")
    assert known.kind == "feed" and known.etag == '"v1"'
    assert [p.url for p in crawler.spider.state.pending([""])] == [SEED + "story.html"]


def test_known_feed_is_fetched_conditionally(crawler) -> None:
    state = crawler.spider.state
    feed = response(SEED + "feed.xml", ETag='"v1"', **{"Last-Modified": "Mon, 30 Nov 2026"})
    state.fetched(fetch_of(feed, "feed"))
    frontier = FrontierMiddleware.from_crawler(crawler)
    [request] = frontier.requests_for(candidates.seeds([Source.from_seeds([feed.url])], 0))
    assert request.meta[meta.VALIDATORS] == {"If-None-Match": '"v1"',
                                             "If-Modified-Since": "Mon, 30 Nov 2026"}
    ConditionalRequestMiddleware().process_request(request)
    assert request.headers[b"If-None-Match"] == b'"v1"'
    assert request.meta["handle_httpstatus_list"] == [304]


def test_unknown_page_is_not_conditional() -> None:
    request = Request(SEED)
    ConditionalRequestMiddleware().process_request(request)
    assert b"If-None-Match" not in request.headers
    assert "handle_httpstatus_list" not in request.meta


def test_dropped_page_leaves_the_queue_with_its_fetch(crawler) -> None:
    state = crawler.spider.state
    page = response(SEED + "about.html")
    state.listed([(page.url, page.url, "")], candidates_pending(page.url))
    outcome = PageOutcome(fetch_of(page, "page"), "no_article_signals")
    crawler.spider.outcomes.item_dropped(object(), page, outcome, crawler.spider)
    assert state.pending([""]) == []
    assert state.get(page.url).kind == "page"


def candidates_pending(url: str) -> list[Any]:
    from archiver.state.sqlite import Pending

    return [Pending(key=url, url=url, source="", hops_left=0, discovery={"method": "link"})]


def test_the_async_output_is_admitted_a_chunk_at_a_time(crawler) -> None:
    """Every page's output comes the async way (the page analysis middleware awaits its
    worker): candidates still reach the state a chunk a transaction, and the listing is
    said done only once its requests have passed on."""
    frontier = FrontierMiddleware.from_crawler(crawler)
    frontier.chunk = 2
    state, events = crawler.spider.state, []
    listed = state.listed
    state.listed = lambda *args: (events.append("transaction"), listed(*args))[1]
    crawler.signals.connect(lambda **kwargs: events.append("done"), signal=url_done, weak=False)
    feed = response(SEED + "feed.xml")
    entries = candidates.page(Source.from_seeds([SEED]), feed.url, 1,
                              [f"{SEED}story-{n}.html" for n in range(5)])

    async def output() -> AsyncIterator[Any]:
        for item in [*entries, ListingDone(fetch_of(feed, "feed"))]:
            yield item

    async def consume() -> None:
        async for request in frontier.process_spider_output_async(feed, output()):
            events.append(request.url.rsplit("/", 1)[1])

    asyncio.run(consume())
    assert events == ["transaction", "story-0.html", "story-1.html",
                      "transaction", "story-2.html", "story-3.html",
                      "transaction", "story-4.html", "done"]
