"""The sources file (TOML): one `[sources.NAME]` table per site, checked before a run starts.

    redis_url = "redis://redis-host:6379/0"   # optional: crawl as a cluster worker
    contact = "mailto:archive@example.org"   # optional: named in the User-Agent ...
    contact_private = true                   # ... and nowhere the run writes or prints
    proxy = "http://user:password@proxy.example:3128"   # optional: fetch through it

    [sources.harbour-courier]
    seeds = ["https://news.example.com/", "https://news.example.com/feed.xml"]
    allowed_domains = ["news.example.com"]
    include = ['/\\d{4}/\\d{2}/']
    exclude = ['/tag/']
    max_pages = 500
    depth = 1
    delay = 2.0
    concurrency = 2
    private_ports = [8081]   # with a seed on a private address: its other ports
    embeds = "same-site"     # page requisites: "any" host, "same-site", "none"

Every problem is reported as one `FILE:LINE: message` naming the key. tomllib
gives no positions for values, so `KeyLines` finds them in the text itself.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import attrs

from archiver.cluster import REDIS_SCHEMES
from archiver.frontier.seeds import SeedError, ascii_host, parse_seed, valid_host
from archiver.frontier.sources import EMBED_SCOPES, Source, in_scope
from archiver.run.redaction import redact_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_LINE = re.compile(r"at line (\d+)")
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")


class ConfigError(Exception):
    """A problem in the sources file, as one line: FILE:LINE: message."""


class _Invalid(Exception):
    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.value = value


def _split_dotted(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(_PART, text))


class KeyLines:
    """Finds the line of a key (and of a string value in it) in TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def find(self, path: Sequence[str], value: str | None = None) -> int | None:
        """1-based line of `path` (a table or a key), or of `value` within the key's value."""
        for length in range(len(path), 0, -1):
            line = self._find_exact(tuple(path[:length]))
            if line is not None:
                return self._find_value(line, value) if length == len(path) else line
        return None

    def _find_exact(self, path: tuple[str, ...]) -> int | None:
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, start=1):
            header = _HEADER.match(line)
            if header:
                table = _split_dotted(header.group(1))
                if table == path:
                    return number
                continue
            key = _KEY.match(line)
            if key and table + _split_dotted(key.group(1)) == path:
                return number
        return None

    def _find_value(self, start: int, value: str | None) -> int:
        if value is None:
            return start
        for number in range(start, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > start and _HEADER.match(line):
                break
            if f'"{value}"' in line or f"'{value}'" in line:
                return number
        return start


@attrs.frozen
class SourcesFile:
    sources: list[Source]
    redis_url: str | None = None
    """The cluster's Redis server (top-level `redis_url`); `--redis-url` wins over it."""
    settings: dict[str, Any] = attrs.Factory(dict)
    """Settings from the top-level collection, description, contact, contact_private and
    proxy keys."""


def load_sources(path: Path) -> list[Source]:
    """All sources in the file, checked; raises ConfigError."""
    return load_config(path).sources


def load_config(path: Path) -> SourcesFile:
    """The sources and settings of the file, checked; raises ConfigError."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read sources file {path}: {error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = found.group(1) if found else None
        if "end of document" in str(error):
            line = str(max(len(text.splitlines()), 1))
        where = f"{path}:{line}" if line else str(path)
        raise ConfigError(f"{where}: not valid TOML: {error}") from None
    return _Checker(path, KeyLines(text)).config(data)


def select_sources(sources: list[Source], names: Sequence[str]) -> list[Source]:
    """The named sources (all when none named); raises ConfigError for an unknown name."""
    known = {source.name: source for source in sources}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ConfigError(f"no source named {unknown[0]!r} (known: {', '.join(known)})")
    return [known[name] for name in dict.fromkeys(names)] if names else sources


class _Checker:
    def __init__(self, path: Path, lines: KeyLines) -> None:
        self.path = path
        self.lines = lines

    def fail(self, key_path: Sequence[str], message: str, value: str | None = None) -> NoReturn:
        line = self.lines.find(key_path, value)
        where = f"{self.path}:{line}" if line else str(self.path)
        raise ConfigError(f"{where}: {message}")

    def config(self, data: dict[str, Any]) -> SourcesFile:
        redis_url = data.pop("redis_url", None)
        if redis_url is not None and (not isinstance(redis_url, str) or urlsplit(
                redis_url).scheme not in REDIS_SCHEMES):
            shown = redact_url(str(redis_url))
            self.fail(["redis_url"], f"redis_url: not a redis:// URL: {shown!r}")
        settings = {setting: self.value([], key, data.pop(key), check)
                    for key, (setting, check) in _RUN_FIELDS.items() if key in data}
        return SourcesFile(self.sources(data), redis_url, settings)

    def sources(self, data: dict[str, Any]) -> list[Source]:
        for key in data:
            if key != "sources":
                self.fail([key], f"unknown key {key!r} at the top level "
                          f"(expected redis_url, {', '.join(_RUN_FIELDS)} or [sources.NAME])")
        tables = data.get("sources")
        if not isinstance(tables, dict) or not tables:
            self.fail(["sources"], "no sources: add a [sources.NAME] table with seeds")
        return [self.source(name, table) for name, table in tables.items()]

    def source(self, name: str, table: Any) -> Source:
        where = ["sources", name]
        if not NAME.match(name):
            self.fail(where, f"source name {name!r}: use letters, digits, '-' and '_' only")
        if not isinstance(table, dict):
            self.fail(where, f"sources.{name} must be a table ([sources.{name}])")
        for key in table:
            if key == "redis_url" or key in _RUN_FIELDS:
                self.fail([*where, key], f"{key} in [sources.{name}]: it belongs at the "
                          "top of the file, before the first [sources.NAME]")
            if key not in _FIELDS:
                self.fail([*where, key], f"unknown key {key!r} in [sources.{name}] "
                          f"(known: {', '.join(_FIELDS)})")
        if "seeds" not in table:
            self.fail(where, f"[sources.{name}] has no seeds")
        values = {key: self.value(where, key, value) for key, value in table.items()}
        source = Source.from_seeds(values.pop("seeds"), name, **values)
        for seed in source.seeds:
            if not in_scope(seed, source.allowed_domains):
                self.fail([*where, "seeds"], f"sources.{name}.seeds: {seed!r} is outside "
                          f"allowed_domains ({', '.join(source.allowed_domains)}): it would "
                          "not be crawled")
        return source

    def value(self, where: list[str], key: str, value: Any,
              check: Callable[[Any], Any] | None = None) -> Any:
        try:
            return (check or _FIELDS[key])(value)
        except _Invalid as error:
            self.fail([*where, key], f"{'.'.join([*where, key])}: {error}", error.value)


def _strings(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid(f"must be a list of {what} strings, got {value!r}")
    return value


def _urls(value: Any) -> tuple[str, ...]:
    urls = _strings(value, "URL")
    if not urls:
        raise _Invalid("must list at least one URL")
    for url in urls:
        try:
            parse_seed(url)
        except SeedError as error:
            raise _Invalid(str(error), url) from None
    return tuple(urls)


def _domains(value: Any) -> tuple[str, ...]:
    domains = _strings(value, "host name")
    for domain in domains:  # a Unicode name is compared in IDNA, as requests spell it
        if not valid_host(ascii_host(domain)) or domain.endswith("."):
            raise _Invalid(f"not a host name (no scheme, port or path): {domain!r}", domain)
    return tuple(ascii_host(domain) for domain in domains)


def _ports(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(
            isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536
            for port in value):
        raise _Invalid(f"must be a list of port numbers (1-65535), got {value!r}")
    return tuple(value)


def _patterns(value: Any) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in _strings(value, "regular expression"):
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise _Invalid(f"bad regular expression {pattern!r}: {error}", pattern) from None
    return tuple(compiled)


def _integer(minimum: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise _Invalid(f"must be a whole number of at least {minimum}, got {value!r}")
        return value
    return check


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _Invalid(f"must be a number of seconds, 0 or more, got {value!r}")
    return float(value)


def _browser(value: Any) -> str:
    if value is True or value == "auto":
        return "true" if value is True else "auto"
    if value is False:
        return ""
    raise _Invalid(f'must be true, false or "auto", got {value!r}')
def _embeds(value: Any) -> str:
    if value not in EMBED_SCOPES:
        raise _Invalid(f"must be one of {', '.join(map(repr, EMBED_SCOPES))}, got {value!r}")
    return value


_FIELDS: dict[str, Callable[[Any], Any]] = {
    "seeds": _urls,
    "allowed_domains": _domains,
    "include": _patterns,
    "exclude": _patterns,
    "max_pages": _integer(0),
    "depth": _integer(0),
    "delay": _seconds,
    "concurrency": _integer(1),
    "private_ports": _ports,
    "browser": _browser,
    "embeds": _embeds,
}


def _contact(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n"):
        raise _Invalid(f"must be a URL or mailto: address on one line, got {value!r}")
    return value.strip()


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(f"must be true or false, got {value!r}")
    return value


def _proxy(value: Any) -> str:
    # Never repeated in a message: it may hold a password.
    try:
        parts = urlsplit(value) if isinstance(value, str) else None
        port_ok = parts is not None and (parts.port or 0) >= 0
    except ValueError:
        port_ok = False
    if not port_ok or parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Invalid("must be a URL like http://USER:PASSWORD@HOST:PORT (value not shown)")
    return value


def _one_line(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or any(c in value for c in "\r\n"):
        raise _Invalid(f"must be text on one line, got {value!r}")
    return value.strip()


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"must be text, got {value!r}")
    return " ".join(value.split())  # one line in the warcinfo record


# Top-level keys for the whole run: key -> (setting, check).
_RUN_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "collection": ("ARCHIVER_COLLECTION", _one_line),
    "description": ("ARCHIVER_COLLECTION_DESCRIPTION", _text),
    "contact": ("ARCHIVER_CONTACT", _contact),
    "contact_private": ("ARCHIVER_CONTACT_PRIVATE", _flag),
    "proxy": ("ARCHIVER_PROXY", _proxy),
}
