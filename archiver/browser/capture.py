"""What a page does in the browser, and what of it is kept.

`PageCapture` watches one page: every request the page makes passes its address
check (a route handler: refused requests are aborted), and every response it receives
is kept as an `HttpExchange`, its body as the browser handed it over (content
encoding undone, so Content-Encoding is dropped) and its headers as the browser
reported them (not wire bytes). `settle` is the page's behaviour once loaded: wait for
the network to go quiet (bounded), scroll to the end in steps so that lazy images
load, wait again, take a screenshot of the viewport at the top. No clicks.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archiver.warc.exchange import Header, HttpExchange

if TYPE_CHECKING:
    from playwright.async_api import Page, Request, Response, Route

logger = logging.getLogger(__name__)

# (url, ip or None) -> why it must not be fetched, or None.
Refusal = Callable[[str, Any], "str | None"]
# The network counts as idle after this long without a request in flight (Playwright's
# own "networkidle" is 500 ms too; it cannot be waited for twice, after scrolling).
QUIET_SECONDS = 0.5
_SCROLL = """() => {
  window.scrollBy(0, window.innerHeight);
  return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
}"""
_DROPPED = {"content-encoding"}  # the body comes decoded from the browser


class PageCapture:
    def __init__(self, refusal: Refusal, max_size: int = 0) -> None:
        self.refusal = refusal
        self.max_size = max_size
        """Responses announcing a larger Content-Length are not kept (0: no limit)."""
        self.too_large: list[str] = []
        self.exchanges: list[HttpExchange] = []
        self.refused: list[tuple[str, str]] = []
        self.screenshot: bytes | None = None
        self.idle = True
        self.page: Page | None = None
        self._protocols: dict[str, str] = {}
        self._in_flight = 0
        self._last_change = time.monotonic()
        self._pending: set[asyncio.Future[Any]] = set()

    async def attach(self, page: Page) -> None:
        """Watch `page` (before it navigates)."""
        self.page = page
        await page.route("**", self._route)  # runs before scrapy-playwright's own
        page.on("request", self._started)
        page.on("requestfailed", self._ended)
        page.on("requestfinished", self._finished)
        await self._watch_protocols(page)

    async def _watch_protocols(self, page: Page) -> None:
        # Playwright does not say which HTTP version a response came over; Chromium's
        # DevTools protocol does (Network.responseReceived: "http/1.1", "h2", ...).
        session = await page.context.new_cdp_session(page)
        session.on("Network.responseReceived", self._protocol)
        await session.send("Network.enable")

    def _protocol(self, params: dict[str, Any]) -> None:
        response = params.get("response", {})
        if response.get("protocol"):
            self._protocols[response.get("url", "")] = response["protocol"]

    async def _route(self, route: Route, request: Request) -> None:
        reason = await self._address_refusal(request.url)
        if reason is None:
            await route.fallback()
            return
        self.refused.append((request.url, reason))
        logger.warning("Refused %s in the browser: %s (ARCHIVER_SAFETY_ALLOW_PRIVATE_ADDRESSES)",
                       request.url, reason)
        await route.abort("addressunreachable")

    async def _address_refusal(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None if parts.scheme in ("data", "blob") else f"scheme {parts.scheme}"
        host = parts.hostname or ""
        try:
            ips = [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 80)
            except OSError:
                return None  # the browser will fail to resolve it too
            ips = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        return next(filter(None, (self.refusal(url, ip) for ip in ips)), None)

    def _started(self, request: Request) -> None:
        self._in_flight += 1
        self._last_change = time.monotonic()

    def _ended(self, request: Request) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        self._last_change = time.monotonic()

    def _finished(self, request: Request) -> None:
        self._ended(request)
        task = asyncio.ensure_future(self._keep(request))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _keep(self, request: Request) -> None:
        response = await request.response()
        if response is None:
            return
        if self._too_large(response):
            self.too_large.append(request.url)
            logger.warning("Not archived from the browser: %s (Content-Length over "
                           "DOWNLOAD_MAXSIZE)", request.url)
            return
        try:
            exchange = await self._exchange(request, response)
        except Exception as error:  # the page closed meanwhile: nothing more to read
            logger.debug("Browser response %s not kept: %s", request.url, error)
            return
        if exchange.ip_address and self.refusal(exchange.url, ipaddress.ip_address(
                exchange.ip_address)):
            self.refused.append((exchange.url, f"connected to {exchange.ip_address}"))
            return
        self.exchanges.append(exchange)

    def _too_large(self, response: Response) -> bool:
        # Playwright hands bodies over whole: a page's video must not fill the memory.
        length = response.headers.get("content-length", "")
        return bool(self.max_size) and length.isdigit() and int(length) > self.max_size

    async def _exchange(self, request: Request, response: Response) -> HttpExchange:
        try:
            body = await response.body()
        except Exception:  # redirects have no body in Playwright
            body = b""
        server = await response.server_addr()
        started = request.timing.get("startTime") or time.time() * 1000
        return HttpExchange(
            url=request.url, method=request.method,
            request_headers=_pairs(await request.headers_array(), keep_all=True),
            request_body=request.post_data_buffer or b"",
            protocol=_protocol_name(self._protocols.get(response.url, "http/1.1")),
            status=response.status, reason=response.status_text,
            response_headers=_pairs(await response.headers_array()),
            body=body, started_at=datetime.fromtimestamp(started / 1000, timezone.utc),
            ip_address=server["ipAddress"].strip("[]") if server else None, browser=True,
        )

    async def quiet(self, timeout: float) -> bool:
        """Wait until no request has been in flight for QUIET_SECONDS; False at `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._in_flight == 0 and time.monotonic() - self._last_change >= QUIET_SECONDS:
                return True
            await asyncio.sleep(0.1)
        return False

    async def kept(self, timeout: float) -> None:
        """Wait (at most `timeout`) until the bodies of finished responses are read."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=timeout)


async def settle(page: Page, capture: PageCapture, idle_timeout: float, steps: int,
                 pause: float) -> None:
    """The page's behaviour once loaded (a scrapy-playwright page method)."""
    idle = await capture.quiet(idle_timeout)
    for _ in range(steps):
        at_end = await page.evaluate(_SCROLL)
        await asyncio.sleep(pause)
        if at_end:
            break
    idle = await capture.quiet(idle_timeout) and idle
    await page.evaluate("() => window.scrollTo(0, 0)")
    capture.idle = idle
    capture.screenshot = await page.screenshot(type="png", timeout=idle_timeout * 1000)
    await capture.kept(idle_timeout)


def _pairs(headers: list[dict[str, str]], keep_all: bool = False) -> list[Header]:
    return [(h["name"].encode("latin-1", "replace"), h["value"].encode("latin-1", "replace"))
            for h in headers if keep_all or h["name"].lower() not in _DROPPED]


def _protocol_name(name: str) -> str:
    """Chromium's protocol name as Scrapy spells it ("HTTP/1.1", "h2")."""
    return name.upper() if name.lower().startswith("http/") else name.lower()


def as_page_method(capture: PageCapture, idle_timeout: float, steps: int,
                   pause: float) -> Callable[[Page], Awaitable[None]]:
    async def method(page: Page) -> None:
        await settle(page, capture, idle_timeout, steps, pause)
    return method
