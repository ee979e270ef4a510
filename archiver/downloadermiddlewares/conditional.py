"""Conditional requests: a known page or listing is asked for only if it changed.

The frontier puts the known copy's validators in `request.meta` (archiver.meta.
VALIDATORS); this middleware sends them as If-None-Match / If-Modified-Since
and lets the 304 answer through to the spider (HttpErrorMiddleware would drop
it), which stores it as not modified.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archiver import meta

if TYPE_CHECKING:
    from scrapy import Request, Spider


class ConditionalRequestMiddleware:
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        validators = request.meta.get(meta.VALIDATORS)
        if not validators:
            return
        for name, value in validators.items():
            request.headers.setdefault(name, value)
        request.meta.setdefault("handle_httpstatus_list", [304])
