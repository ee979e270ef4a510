"""The libraries' own warnings about a page, at debug level and handed back to the caller.

trafilatura logs "discarding data: URL" at WARNING for every page it finds no text in,
htmldate and readability their parser troubles: on a crawl of a thousand real pages that
is hundreds of lines saying what the skip reasons already say. Within `library_chatter()`
their records above DEBUG are lowered to DEBUG (so handlers at INFO and up drop them) and
their messages collected, for the Skipped detail. Nothing changes outside the block: the
filters go when it ends, and the libraries' levels are never touched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LIBRARIES = ("trafilatura", "htmldate", "readability", "justext", "courlan")
MAX_MESSAGE_CHARS = 200


class _ToDebug(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.DEBUG:
            self.messages.append(record.getMessage()[:MAX_MESSAGE_CHARS])
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


@contextmanager
def library_chatter() -> Iterator[list[str]]:
    """Within the block, the libraries log at debug; yields the messages they logged."""
    to_debug = _ToDebug()
    loggers = _library_loggers()
    for logger in loggers:
        logger.addFilter(to_debug)
    try:
        yield to_debug.messages
    finally:
        for logger in loggers:
            logger.removeFilter(to_debug)


_found: tuple[int, list[logging.Logger]] = (-1, [])


def _library_loggers() -> list[logging.Logger]:
    """The libraries' module loggers (a logger's filters see only the records logged on
    it, not its children's: each gets the filter). Found again only when loggers were
    added since (a module imported), not on every one of the few blocks a page enters."""
    global _found
    names = logging.root.manager.loggerDict
    if _found[0] != len(names):  # loggers are never removed: a count that moved is a change
        _found = (len(names), [logging.getLogger(name) for name in list(names)
                               if name.split(".")[0] in LIBRARIES])
    return _found[1]
