"""Text from the web made safe to show: no terminal control characters in what people read.

A page can put any character in its title through a character reference:
`&#27;]0;TEXT&#7;` decodes to ESC ] 0 ; TEXT BEL, which sets a terminal's
window title, and other sequences move the cursor, clear the screen or
rewrite the line (CR) above a forged one. Every human-facing output (the CSV
export, the summary, report.html, log lines) passes its text through
`printable`, which drops the C0 controls but tab and newline, DEL and the C1
controls. Records (JSON) keep the text as decoded: JSON escapes controls.
"""

from __future__ import annotations

import logging
import re

from archiver.run.redaction import redact_urls

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 but tab and newline, DEL, C1


_NOT_ESCAPED_BY_JSON = re.compile("[\x7f-\x9f]")  # json.dumps escapes C0 only


def printable(text: str) -> str:
    """`text` without control characters but tab and newline."""
    return _CONTROLS.sub("", text)


def printable_json(text: str) -> str:
    """JSON text (from json.dumps with ensure_ascii=False) with DEL and the C1 controls
    escaped as well: the same JSON value, safe on a terminal."""
    return _NOT_ESCAPED_BY_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class PrintableLogFilter(logging.Filter):
    """Makes each log record's message printable, the password of any URL in it hidden
    (archiver.run.redaction); on a handler, before the record is formatted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        shown = redact_urls(printable(message)) if "@" in message else printable(message)
        if shown != message:
            record.msg, record.args = shown, None
        return True


def install_log_filter(logger: logging.Logger | None = None) -> None:
    """Add the filter to every handler of `logger` (the root logger by default), once."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, PrintableLogFilter) for f in handler.filters):
            handler.addFilter(PrintableLogFilter())
