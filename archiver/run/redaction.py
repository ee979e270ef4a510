"""What a run never writes down: proxy credentials, and the contact when it is private.

The User-Agent sent to every site names ARCHIVER_CONTACT: that is what it is
for, so site owners can reach the operator. With ARCHIVER_CONTACT_PRIVATE,
every copy the archiver keeps or prints (WARC request records and warcinfo,
logs, reports, the lock file) shows WITHHELD in its place.

Proxy credentials (ARCHIVER_PROXY, or http_proxy/https_proxy in the
environment) go to the proxy only, in the Proxy-Authorization header that
Scrapy's HttpProxyMiddleware adds. That header concerns the hop to the proxy,
not the exchange with the site, and no WARC request record keeps it.

A seed's own credentials (`http://USER:PASSWORD@host/`) go to that seed's
host and port only, as basic auth (archiver.downloadermiddlewares.seed_login.SeedLoginMiddleware);
no WARC request record keeps the Authorization header either, and every URL
printed or stored outside the WARC files passes through `redact_url`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from archiver.warc.exchange import Header, HttpExchange

WITHHELD = "contact withheld"
HIDDEN = "***"
# Request headers with credentials: the hop to a proxy, or a seed's basic auth.
PROXY_HEADERS = frozenset({b"proxy-authorization", b"authorization"})
_PROXY_HEADER_LINE = re.compile(rb"^(?:proxy-)?authorization:[^\r\n]*\r?\n",
                                re.IGNORECASE | re.M)
# Command-line options whose value is never written down (the lock file names the command).
SECRET_OPTIONS = frozenset({"--contact"})
SECRET_SETTINGS = ("ARCHIVER_CONTACT=", "ARCHIVER_PROXY=")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
# What a URL that does not parse may hide: all up to its last "@" (a password with "/" in it
# ends urlsplit's authority early, and what follows is no port).
_USER_INFO = re.compile(r"(://)\S*@")


@attrs.frozen
class Redactor:
    contact: str | None = None
    """The private contact, or None when the contact may be shown."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Redactor:
        private = settings.getbool("ARCHIVER_CONTACT_PRIVATE")
        return cls((settings.get("ARCHIVER_CONTACT") or None) if private else None)

    def text(self, text: str) -> str:
        return text.replace(self.contact, WITHHELD) if self.contact else text

    def request_head(self, head: bytes) -> bytes:
        head = _PROXY_HEADER_LINE.sub(b"", head)
        return head.replace(self.contact.encode(), WITHHELD.encode()) if self.contact else head

    def headers(self, headers: Iterable[Header]) -> list[Header]:
        contact = self.contact.encode() if self.contact else None
        return [(name, value.replace(contact, WITHHELD.encode()) if contact else value)
                for name, value in headers if name.lower() not in PROXY_HEADERS]

    def exchange(self, exchange: HttpExchange) -> HttpExchange:
        head = exchange.request_head
        if not self.contact and not _PROXY_HEADER_LINE.search(head or b"") and not any(
                name.lower() in PROXY_HEADERS for name, _value in exchange.request_headers):
            return exchange  # nothing to hide: the usual case, once per fetch
        return attrs.evolve(exchange, request_headers=self.headers(exchange.request_headers),
                            request_head=self.request_head(head) if head else head)

    @property
    def note(self) -> str:
        """What the request records of the file leave out (for its warcinfo record)."""
        note = ("Request records never keep a Proxy-Authorization header (proxy credentials) "
                "or an Authorization header (a seed's credentials).")
        if self.contact:
            note += f' The operator\'s private contact is shown as "{WITHHELD}".'
        return note


def redact_url(url: str) -> str:
    """The URL with any password in it hidden (a seed, a proxy or a Redis URL).

    urlsplit takes the user info up to the last "@" of the authority, so a
    password with an "@" in it is hidden whole; a URL that does not parse (a
    port out of range, a password with a "/" in it) has all up to its last "@"
    hidden.
    """
    try:
        parts = urlsplit(url)
        password = parts.password
        parts.port  # noqa: B018 (raises ValueError when out of range or not a number)
    except ValueError:
        return _USER_INFO.sub(rf"\1{HIDDEN}@", url)
    if not password:
        return url
    user_info, _at, host = parts.netloc.rpartition("@")
    user, _colon, _password = user_info.partition(":")
    return parts._replace(netloc=f"{user}:{HIDDEN}@{host}").geturl()


def redact_urls(text: str) -> str:
    """`text` with the password of every URL in it hidden."""
    return _URL.sub(lambda found: redact_url(found.group()), text)


def redact_argv(argv: Iterable[str]) -> list[str]:
    """A command line fit to be written down: contact, proxy and passwords in URLs hidden."""
    redacted: list[str] = []
    hide_next = False
    for arg in argv:
        option, sep, _value = arg.partition("=")
        if hide_next:
            arg, hide_next = HIDDEN, False
        elif option in SECRET_OPTIONS:
            arg, hide_next = (f"{option}={HIDDEN}", False) if sep else (arg, True)
        for setting in SECRET_SETTINGS:
            if setting in arg:
                arg = arg[:arg.index(setting) + len(setting)] + HIDDEN
        redacted.append(redact_urls(arg))
    return redacted
