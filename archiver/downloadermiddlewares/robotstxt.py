"""Scrapy's RobotsTxtMiddleware, with every request that waits for robots.txt obeying it.

Scrapy 2.13 to 2.19 (at least) await the one Deferred that the robots.txt
download fires (scrapy/scrapy#6802 replaced the per-waiter Deferred with
`maybe_deferred_to_future(parser)`). The first waiter's future consumes the
result, so every further request of that host that waited for the same
robots.txt gets None, which the middleware reads as "no robots.txt: all
allowed". A cluster worker that takes a batch of queued links before its
first robots.txt arrived fetched disallowed pages that way. Here each waiter
gets a Deferred of its own, chained without consuming the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.robotstxt import RobotParser


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)  # fetches it, or it is known
        waiter: Deferred[Any] = Deferred()

        def hand_on(result: Any) -> Any:
            waiter.callback(result)
            return result  # the next waiter sees the parser too

        pending.addBoth(hand_on)
        return await maybe_deferred_to_future(waiter)
