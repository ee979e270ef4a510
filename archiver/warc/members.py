"""Low-level reading for validation: gzip member boundaries and block digests.

warcio reads a gzip member that ends early as if it were whole (its
decompressor stops at end of file without complaint, and `warcio check`
passes), so member boundaries are found here with zlib directly, streaming.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import attrs

CHUNK = 1 << 16
# Decompressed bytes produced per step: bounds memory on highly compressed members.
OUT_STEP = 1 << 20
MAX_HTTP_HEAD = 1 << 20


@attrs.frozen
class Member:
    offset: int
    complete: bool
    error: str | None = None


def gzip_members(stream: BinaryIO) -> Iterator[Member]:
    """Every gzip member of the stream: where it starts and whether it ends properly."""
    offset, data = 0, stream.read(CHUNK)
    while data:
        start, decompressor = offset, zlib.decompressobj(31)
        while not decompressor.eof:
            if not data:
                data = stream.read(CHUNK)
                if not data:
                    yield Member(start, complete=False)
                    return
            before = len(data)
            try:
                decompressor.decompress(data, OUT_STEP)
            except zlib.error as error:
                yield Member(start, complete=False, error=str(error))
                return
            data = decompressor.unused_data if decompressor.eof else decompressor.unconsumed_tail
            offset += before - len(data)
        yield Member(start, complete=True)
        if not data:
            data = stream.read(CHUNK)


def digest_matches(expected: str, digest: dict[str, hashlib._Hash]) -> bool:
    """Whether "alg:value" (base32 or hex) matches the running digest of that algorithm."""
    algorithm, _, value = expected.partition(":")
    running = digest.get(algorithm.lower())
    if running is None:
        return True  # an algorithm we do not compute: not a finding
    raw = running.digest()
    return value.upper() in (base64.b32encode(raw).decode(), raw.hex().upper())


def new_digests() -> dict[str, hashlib._Hash]:
    return {name: hashlib.new(name) for name in ("sha1", "sha256", "md5")}


@attrs.define
class BlockDigests:
    """Digests and lengths of a record block and, for HTTP blocks, of its payload."""

    is_http: bool
    block: dict[str, hashlib._Hash] = attrs.Factory(new_digests)
    payload: dict[str, hashlib._Hash] = attrs.Factory(new_digests)
    head: bytes = b""
    block_length: int = 0
    payload_length: int = 0
    head_done: bool = False

    def read(self, stream: BinaryIO) -> None:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            self.block_length += len(chunk)
            for digest in self.block.values():
                digest.update(chunk)
            self._feed(chunk)

    def _feed(self, chunk: bytes) -> None:
        if not self.is_http or self.head_done:
            self._payload(chunk)
            return
        self.head += chunk
        end = self.head.find(b"\r\n\r\n")
        if end >= 0:
            self.head, rest, self.head_done = self.head[:end + 4], self.head[end + 4:], True
            self._payload(rest)
        elif len(self.head) > MAX_HTTP_HEAD:
            self.head_done = True

    def _payload(self, chunk: bytes) -> None:
        self.payload_length += len(chunk)
        for digest in self.payload.values():
            digest.update(chunk)

    def http_headers(self) -> tuple[str, dict[str, list[str]]]:
        """The HTTP first line and headers by lower-cased name."""
        lines = self.head.decode("latin-1").split("\r\n")
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if colon:
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        return lines[0], headers
