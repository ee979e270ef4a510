"""Where this run's requisites were archived, for the record of the page that needs them.

A record is written once its page is extracted, and its images are fetched
after the page (they are requisites, found in it). So that every record points
at the captures of its images when it is written, and never has to be
rewritten, the extraction pipeline waits for them: a requisite scheduled this
run is "expected" until its fetch ends, then "done" with the location of the
record holding its payload (for a revisit or a 304, the original's), or None
when it failed, was refused or was cut short. A requisite never scheduled
(out of the source's `embeds` scope, say) is not waited for. The wait is
bounded (ARCHIVER_REQUISITES_WAIT) and ends early when the crawl stops.

This is what browser-based archivers do with a page's resources (the page is
done when its resources are), done here per record. No Scrapy here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from typing import Any

Pointer = dict[str, Any]


class CaptureBoard:
    def __init__(self) -> None:
        self.done: dict[str, Pointer | None] = {}
        self._waiting: dict[str, asyncio.Future[Pointer | None]] = {}

    def expect(self, key: str) -> None:
        """`key` is scheduled: its capture is worth waiting for."""
        if key not in self.done and key not in self._waiting:
            self._waiting[key] = asyncio.get_event_loop().create_future()

    def resolve(self, key: str, pointer: Pointer | None) -> None:
        """The fetch of `key` ended: archived at `pointer`, or not (None)."""
        if key in self.done and self.done[key] is not None and pointer is None:
            return  # a later failure (a second errback) does not undo a capture
        self.done[key] = pointer
        future = self._waiting.pop(key, None)
        if future is not None and not future.done():
            future.set_result(pointer)

    def release(self) -> None:
        """The crawl stops: nothing expected will be fetched now."""
        for key in list(self._waiting):
            self.resolve(key, None)

    async def pointers(self, keys: Iterable[str], timeout: float,
                       running: Callable[[], bool] = lambda: True,
                       poll: float = 0.5) -> dict[str, Pointer | None]:
        """The capture of each key, waiting up to `timeout` seconds for those expected
        (and only while `running()`); None for the others."""
        keys = list(dict.fromkeys(keys))
        deadline = time.monotonic() + timeout
        while True:
            pending = [self._waiting[key] for key in keys if key in self._waiting]
            left = deadline - time.monotonic()
            if not pending or left <= 0 or not running():
                break
            await asyncio.wait(pending, timeout=min(poll, left))
        return {key: self.done.get(key) for key in keys}
