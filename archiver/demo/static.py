"""The demo site's responses: static files plus the per-path rules configured in ``_site.json``.

``_site.json`` (never served) holds, all keys optional::

    {"redirects": {"/old": {"to": "{{BASE_URL}}/new.html", "status": 301}},
     "gzip": ["/world/*"],            # gzip these when the client accepts it
     "chunked": ["/business/x.html"],  # send with Transfer-Encoding: chunked
     "headers": {"/index.html": [["Set-Cookie", "a=1; Path=/"]]},
     "content_types": {"/feed.xml": "application/rss+xml; charset=utf-8"}}

Patterns are ``fnmatch`` patterns matched against the request path (without query) and against
the served file's site path (so ``/index.html`` also matches a request for ``/``).
"""

from __future__ import annotations

import fnmatch
import gzip
import hashlib
import html
import json
from collections.abc import Iterable, Mapping
from email.utils import formatdate
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

import attrs

from archiver.demo.messages import Reply, RequestInfo, html_reply

SITE_CONFIG_NAME = "_site.json"
TEXT_SUFFIXES = frozenset({".html", ".xml", ".txt", ".json"})
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
DEFAULT_CONTENT_TYPE = "application/octet-stream"


@attrs.frozen(kw_only=True)
class Redirect:
    to: str
    """Location, absolute or relative; may contain placeholders such as ``{{BASE_URL}}``."""
    status: int = 301


@attrs.frozen(kw_only=True)
class SiteConfig:
    redirects: Mapping[str, Redirect] = attrs.Factory(dict)
    gzip: tuple[str, ...] = ()
    chunked: tuple[str, ...] = ()
    headers: Mapping[str, tuple[tuple[str, str], ...]] = attrs.Factory(dict)
    content_types: Mapping[str, str] = attrs.Factory(dict)

    @classmethod
    def load(cls, root: Path) -> SiteConfig:
        path = root / SITE_CONFIG_NAME
        if not path.is_file():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            redirects={src: Redirect(to=r["to"], status=int(r.get("status", 301)))
                       for src, r in data.get("redirects", {}).items()},
            gzip=tuple(data.get("gzip", ())),
            chunked=tuple(data.get("chunked", ())),
            headers={pattern: tuple((name, value) for name, value in pairs)
                     for pattern, pairs in data.get("headers", {}).items()},
            content_types=dict(data.get("content_types", {})),
        )

    def extra_headers(self, paths: Iterable[str]) -> list[tuple[str, str]]:
        """Configured headers for these paths, in configuration order."""
        paths = tuple(paths)
        return [pair for pattern, pairs in self.headers.items()
                if matches([pattern], paths) for pair in pairs]


class StaticSite:
    """Answers requests from the files under *root*; placeholders are substituted in text files."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.config = SiteConfig.load(self.root)

    def respond(self, request: RequestInfo, placeholders: Mapping[str, str]) -> Reply:
        url_path = unquote(urlsplit(request.path).path) or "/"
        redirect = self.config.redirects.get(url_path)
        if redirect is not None:
            return redirect_reply(redirect.status, substitute_text(redirect.to, placeholders))
        file = self.resolve(url_path)
        if file is None:
            return not_found(url_path)
        if file.is_dir():
            return redirect_reply(301, url_path + "/")
        return self._file_reply(file, url_path, request, placeholders)

    def resolve(self, url_path: str) -> Path | None:
        """The file (or directory) for *url_path*, or None if missing, hidden or outside root."""
        parts = [part for part in url_path.split("/") if part]
        if any(part.startswith((".", "_")) or "\\" in part for part in parts):
            return None
        candidate = self.root.joinpath(*parts)
        if url_path.endswith("/"):
            candidate = candidate / "index.html"
        try:
            resolved = candidate.resolve()
        except (OSError, ValueError):
            return None
        if not resolved.is_relative_to(self.root) or not resolved.exists():
            return None
        return resolved

    def _file_reply(self, file: Path, url_path: str, request: RequestInfo,
                    placeholders: Mapping[str, str]) -> Reply:
        paths = (url_path, "/" + file.relative_to(self.root).as_posix())
        body = file.read_bytes()
        if file.suffix in TEXT_SUFFIXES:
            body = substitute(body, placeholders)
        etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
        headers = [
            ("Content-Type", self._content_type(file, paths)),
            ("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True)),
        ]
        if matches(self.config.gzip, paths):
            headers.append(("Vary", "Accept-Encoding"))
            if accepts_gzip(request.header("Accept-Encoding")):
                body = gzip.compress(body, mtime=0)
                etag = etag[:-1] + '-gzip"'
                headers.append(("Content-Encoding", "gzip"))
        headers.append(("ETag", etag))
        headers.extend(self.config.extra_headers(paths))
        if request.header("If-None-Match") == etag:
            return Reply(status=304, headers=headers[1:])
        return Reply(status=200, headers=headers, body=body,
                     chunked=matches(self.config.chunked, paths))

    def _content_type(self, file: Path, paths: tuple[str, ...]) -> str:
        for pattern, content_type in self.config.content_types.items():
            if matches([pattern], paths):
                return content_type
        return CONTENT_TYPES.get(file.suffix.lower(), DEFAULT_CONTENT_TYPE)


def matches(patterns: Iterable[str], paths: Iterable[str]) -> bool:
    paths = tuple(paths)
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns for path in paths)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding value allows gzip (``gzip`` or ``*`` with a non-zero q)."""
    for item in (accept_encoding or "").split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            return params.replace(" ", "").lower() not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def substitute_text(text: str, placeholders: Mapping[str, str]) -> str:
    for placeholder, value in placeholders.items():
        text = text.replace(placeholder, value)
    return text


def substitute(body: bytes, placeholders: Mapping[str, str]) -> bytes:
    for placeholder, value in placeholders.items():
        body = body.replace(placeholder.encode(), value.encode())
    return body


def redirect_reply(status: int, location: str) -> Reply:
    link = html.escape(location)
    return html_reply(status, HTTPStatus(status).phrase,
                      f'This page has moved to <a href="{link}">{link}</a>.',
                      [("Location", location)])


def not_found(url_path: str) -> Reply:
    return html_reply(404, "Not Found",
                      f"Nothing here: {html.escape(url_path)}. <a href=\"/\">Front page</a>.")
