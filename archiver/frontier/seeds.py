"""What a seed URL may be: checked before a run, its host in IDNA, its login taken out.

No Scrapy here. archiver.frontier.sources builds sources of the checked seeds; the
scope rule and the private-address guard compare hosts (and ports) as these
helpers spell them.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

import attrs

from archiver.run.redaction import redact_url

DEFAULT_PORTS = {"http": 80, "https": 443}
HostPort = tuple[str, int]
# A host name as DNS has it: labels of at most 63 letters, digits, "-" (not first or last)
# and "_" (some sites use it), at most 253 characters in all.
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*\.?$")


class SeedError(ValueError):
    """A seed that cannot be crawled; the message names it (password hidden)."""


@attrs.frozen
class SeedLogin:
    """A seed's `user:password@`, sent as basic auth to the seed's host and port only."""

    scheme: str
    host_port: HostPort
    user: str
    password: str = attrs.field(repr=False)

    def matches(self, url: str) -> bool:
        return url.startswith(f"{self.scheme}:") and host_port(url) == self.host_port


def host_port(url: str) -> HostPort | None:
    """(host, port) of a URL, the scheme's port when none is given; None if it does not parse."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    return ((parts.hostname or "").lower(), port) if port else None


def ascii_host(host: str) -> str:
    """The host as requests name it: lower case, IDNA (punycode) for a non-ASCII name.

    Scrapy's Request passes every URL through w3lib's safe_url_string, which
    writes the host in IDNA; scope comparisons must see the same spelling.
    """
    host = host.lower()
    if host.isascii():
        return host
    from w3lib.url import safe_url_string  # only for such names: 20 ms of every start

    try:
        return urlsplit(safe_url_string(f"http://{host}/")).hostname or host
    except ValueError:  # a label IDNA refuses (too long, bad characters)
        return host


def valid_host(host: str) -> bool:
    """Whether `host` (lower case, IDNA) is an IP address or a host name DNS could have."""
    return is_ip(host) or bool(_HOST_NAME.match(host))


def parse_seed(url: str) -> tuple[str, SeedLogin | None]:
    """The seed as it is fetched (host in IDNA, no user info) and its login, if it has one.

    Raises SeedError naming the seed (its password hidden) when it cannot be
    crawled: not http(s), no host or not a valid one, a port that does not parse
    or is out of range.
    """
    shown = redact_url(url)
    try:
        parts = urlsplit(url.strip())
    except ValueError as error:  # "Invalid IPv6 URL"
        raise SeedError(f"cannot crawl seed {shown!r}: {error}") from None
    try:  # urllib's message would repeat what stands for the port (a password, maybe)
        port = parts.port
    except ValueError:
        port = 0
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SeedError(f"not an http(s) URL: {shown!r}")
    if port == 0:
        raise SeedError(f"cannot crawl seed {shown!r}: the port is not a number from 1 to "
                        "65535")
    host = ascii_host(parts.hostname)
    if not valid_host(host):
        raise SeedError(f"cannot crawl seed {shown!r}: not a valid host name")
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    seed = parts._replace(netloc=netloc).geturl()
    login = None
    if parts.username or parts.password:
        login = SeedLogin(parts.scheme, (host, port or DEFAULT_PORTS[parts.scheme]),
                          unquote(parts.username), unquote(parts.password or ""))
    return seed, login


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
