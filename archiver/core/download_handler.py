"""Scrapy's HTTP/1.1 download handler, changed only in what it leaves for the archive.

- Every exchange's wire log (status line with its reason phrase, header lines
  as received, the request head as sent; see archiver.core.wire) is put in
  `request.meta[meta.WIRE]`, and the fetch start in `request.meta[meta.FETCH_STARTED]`.
- Downloads cut short are still reported to Scrapy as Scrapy reports them
  (DownloadCancelledError for DOWNLOAD_MAXSIZE, ResponseDataLossError on a
  broken connection, DownloadTimeoutError), but first the part received is
  sent with the `download_cut_short` signal as a Response flagged
  "truncated:length", "truncated:disconnect" or "truncated:time", so the WARC
  capture can archive it with WARC-Truncated. Memory stays bounded by
  DOWNLOAD_MAXSIZE: when a Content-Length announces more than that, the first
  DOWNLOAD_MAXSIZE bytes are read instead of hanging up at once.
- A response head longer than ARCHIVER_MAX_RESPONSE_HEADER_SIZE or with more
  than ARCHIVER_MAX_RESPONSE_HEADERS lines is cut there (archiver.core.wire): the
  status line and header lines received are archived as "truncated:length",
  without a body, and the fetch fails with ResponseHeadersTooLarge (not retried).
- On the `stop_downloads` signal (a crawl that must stop now, see
  archiver.extensions.shutdown) downloads in flight are cancelled as
  DOWNLOAD_TIMEOUT cancels them (what came is archived as "truncated:time")
  and later ones refused; both fail with DownloadsStopped.

Scrapy builds its agent and body reader by class name inside
`HTTP11DownloadHandler.download_request` and `_ScrapyAgent._cb_bodyready`, with
no hook for either, so both methods are re-stated here (from Scrapy 2.13-2.19)
around the archiving subclasses.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urldefrag

from scrapy import signals

# Private Scrapy APIs, written against Scrapy 2.19 (pyproject.toml bounds the version).
from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _BindAddressAgent,
    _ResponseReader,
    _ScrapyAgent,
)
from scrapy.exceptions import ResponseDataLossError
from scrapy.http import Response
from scrapy.utils._download_handlers import (
    check_stop_download,
    get_dataloss_msg,
    get_maxsize_msg,
    get_warnsize_msg,
    wrap_twisted_exceptions,
)
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.protocol import connectionDone
from twisted.web.client import ResponseFailed
from twisted.web.iweb import UNKNOWN_LENGTH

from archiver import meta
from archiver.core.wire import HeadLimits, RecordingClientFactory, wire_log
from archiver.downloadermiddlewares.private_address import AddressPolicy, literal_ip, refuse

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from twisted.internet.interfaces import IAddress
    from twisted.python.failure import Failure
    from twisted.web.client import Response as TxResponse

logger = logging.getLogger(__name__)

# Signal: download_cut_short(request, response); the response holds the part received.
download_cut_short = object()
# Signal: stop_downloads(); cancel the downloads in flight and refuse new ones.
stop_downloads = object()
TRUNCATED_FLAG = "truncated:"


class DownloadsStopped(Exception):
    """Not fetched, or cut short, because the crawl is stopping: the URL stays queued."""


class ResponseHeadersTooLarge(Exception):
    """The response head passed ARCHIVER_MAX_RESPONSE_HEADER_SIZE or _HEADERS."""


class ArchivingHttpDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self._pool._factory = partial(RecordingClientFactory, limits=HeadLimits(
            size=settings.getint("ARCHIVER_MAX_RESPONSE_HEADER_SIZE"),
            count=settings.getint("ARCHIVER_MAX_RESPONSE_HEADERS")))
        self._policy: AddressPolicy | None = None
        self._in_flight: dict[Request, Deferred[Response]] = {}
        self._stopped = False
        crawler.signals.connect(self.stop_downloads, signal=stop_downloads)

    def stop_downloads(self) -> None:
        self._stopped = True
        for download in list(self._in_flight.values()):
            download.cancel()

    async def download_request(self, request: Request) -> Response:
        if self._stopped:
            raise DownloadsStopped(f"not fetched, the crawl is stopping: {request.url}")
        request.meta.pop(meta.WIRE, None)
        request.meta[meta.FETCH_STARTED] = time.time()
        agent = ArchivingAgent(
            contextFactory=self._contextFactory, bindAddress=self._bind_address,
            pool=self._pool, maxsize=self._default_maxsize, warnsize=self._default_warnsize,
            fail_on_dataloss=self._fail_on_dataloss, crawler=self._crawler,
            tls_verbose_logging=self._tls_verbose_logging,
        )
        if self._policy is None:  # the spider's seeds are known once it runs
            self._policy = AddressPolicy.from_crawler(self._crawler)
        agent.policy = self._policy
        download = self._in_flight[request] = agent.download_request(request)
        try:
            with wrap_twisted_exceptions():
                return await maybe_deferred_to_future(download)
        except Exception as error:
            if self._stopped:
                raise DownloadsStopped(f"cut short, the crawl is stopping: {request.url}"
                                       ) from None
            if isinstance(error, ResponseDataLossError) and not self._fail_on_dataloss_warned:
                logger.warning(get_dataloss_msg(request.url))
                self._fail_on_dataloss_warned = True
            raise
        finally:
            del self._in_flight[request]


class ArchivingAgent(_ScrapyAgent):
    policy: AddressPolicy | None = None

    def _get_agent(self, request: Request, timeout: float) -> Any:
        agent = super()._get_agent(request, timeout)
        # Through a proxy the peer is the proxy, which says nothing about the host:
        # only IP literals are checked then
        # (archiver.downloadermiddlewares.private_address.PrivateAddressMiddleware).
        # (The proxy agents are subclasses, hence the exact type. The class is swapped
        # rather than the agent rebuilt, as Scrapy does with Twisted's parser.)
        if type(agent) is _BindAddressAgent and self.policy is not None:
            agent.__class__ = AddressCheckingAgent
            agent.check = partial(self._check_peer, request)
        return agent

    def _check_peer(self, request: Request, peer: IAddress) -> None:
        ip = literal_ip(getattr(peer, "host", None) or "")
        reason = self.policy.refusal(request.url, ip) if self.policy else None
        if reason:
            raise refuse(self._crawler, request, reason)

    def _cb_bodyready(self, txresponse: TxResponse, request: Request) -> Any:
        request.meta[meta.WIRE] = wire = wire_log(txresponse)
        if wire is not None and wire.cut:
            hand_over(self._crawler, request, txresponse, b"", "length",
                      getattr(txresponse, "_scrapy_ip_address", None))
            raise ResponseHeadersTooLarge(f"{wire.cut}: {request.url}")
        headers = self._headers_from_twisted_response(txresponse)
        stop = check_stop_download(signals.headers_received, self._crawler, request,
                                   headers=headers, body_length=txresponse.length)
        if stop:
            txresponse._transport.stopProducing()
            txresponse._transport.loseConnection()
            return {"txresponse": txresponse, "stop_download": stop}
        if cast("int", txresponse.length) == 0:  # deliverBody hangs for responses without body
            return {"txresponse": txresponse,
                    "certificate": getattr(txresponse, "_scrapy_certificate", None),
                    "ip_address": getattr(txresponse, "_scrapy_ip_address", None)}
        return self._read_body(txresponse, request)

    def _read_body(self, txresponse: TxResponse, request: Request) -> Deferred[Any]:
        maxsize = request.meta.get("download_maxsize", self._maxsize)
        warnsize = request.meta.get("download_warnsize", self._warnsize)
        expected = txresponse.length if txresponse.length != UNKNOWN_LENGTH else -1
        if maxsize and expected > maxsize:  # Scrapy hangs up here; the archive wants the start
            logger.warning(get_maxsize_msg(expected, maxsize, request, expected=True))
        reached_warnsize = bool(warnsize and expected > warnsize)
        if reached_warnsize:
            logger.warning(get_warnsize_msg(expected, warnsize, request, expected=True))
        finished: Deferred[Any] = Deferred(partial(self._cancel, txresponse=txresponse))
        txresponse.deliverBody(ArchivingReader(
            finished=finished, txresponse=txresponse, request=request, maxsize=maxsize,
            warnsize=warnsize, reached_warnsize=reached_warnsize, crawler=self._crawler,
            fail_on_dataloss=request.meta.get("download_fail_on_dataloss",
                                              self._fail_on_dataloss),
            tls_verbose_logging=self._tls_verbose_logging,
        ))
        self._txresponse = txresponse
        return finished


class AddressCheckingAgent(_BindAddressAgent):
    """Checks the address each new connection reached before a byte of the request is sent.

    The check sits on the endpoint: Twisted's pool calls `connect` only for a new
    connection, so a connection kept alive was checked when it was made. A host name
    that resolves (or rebinds) to a private address never sees the request head.
    """

    check: Callable[[IAddress], None]

    def _getEndpoint(self, uri: Any) -> Any:  # noqa: N802 (Twisted's name)
        return CheckedEndpoint(super()._getEndpoint(uri), self.check)


class CheckedEndpoint:
    def __init__(self, endpoint: Any, check: Callable[[IAddress], None]) -> None:
        self._endpoint = endpoint
        self._check = check

    def connect(self, factory: Any) -> Deferred[Any]:
        return self._endpoint.connect(factory).addCallback(self._checked)

    def _checked(self, protocol: Any) -> Any:
        try:
            self._check(protocol.transport.getPeer())
        except Exception:
            protocol.transport.abortConnection()
            raise
        return protocol


class ArchivingReader(_ResponseReader):
    """Scrapy's body reader that hands over the received part of a body cut short."""

    _completed = False
    _handed_over = False

    def dataReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        if not self._finished.called and self._maxsize:
            room = self._maxsize - self._bytes_received
            if len(data) > room:
                self._hand_over(self._bodybuf.getvalue() + data[:room], "length")
        super().dataReceived(data)

    def connectionLost(self, reason: Failure = connectionDone) -> None:  # noqa: N802
        if not self._finished.called:
            if reason.check(ResponseFailed) and self._fail_on_dataloss:
                self._hand_over(self._bodybuf.getvalue(), "disconnect")
        elif not self._completed:  # cancelled from outside: DOWNLOAD_TIMEOUT, stop_downloads
            self._hand_over(self._bodybuf.getvalue(), "time")
        super().connectionLost(reason)

    def _finish_response(self, *args: Any, **kwargs: Any) -> None:
        self._completed = True
        super()._finish_response(*args, **kwargs)

    def _hand_over(self, body: bytes, reason: str) -> None:
        if self._handed_over:
            return
        self._handed_over = True
        hand_over(self._crawler, self._request, self._txresponse, body, reason,
                  self._ip_address)


def hand_over(crawler: Crawler, request: Request, txresponse: TxResponse, body: bytes,
              reason: str, ip_address: Any) -> None:
    """Send the part received of a download cut short with the `download_cut_short` signal."""
    version = txresponse.version
    response = Response(
        url=urldefrag(request.url)[0], status=int(txresponse.code),
        headers=_ScrapyAgent._headers_from_twisted_response(txresponse), body=body,
        flags=[TRUNCATED_FLAG + reason], ip_address=ip_address,
        protocol=f"{version[0].decode()}/{version[1]}.{version[2]}",
    )
    with suppress(Exception):
        crawler.signals.send_catch_log(download_cut_short, request=request,
                                       response=response, spider=crawler.spider)


def truncation(response: Response) -> str | None:
    """Why the response's body is incomplete ("length", "disconnect", "time"), or None.

    Scrapy's "dataloss" flag (DOWNLOAD_FAIL_ON_DATALOSS = False) is a disconnect;
    its "partial" flag is not: it marks a body ended by closing the connection
    without a length, which HTTP/1.0 allows, so it may well be complete.
    """
    for flag in response.flags:
        if flag.startswith(TRUNCATED_FLAG):
            return flag[len(TRUNCATED_FLAG):]
    return "disconnect" if "dataloss" in response.flags else None
