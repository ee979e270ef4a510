"""bench's real redis-server for the cluster tests, which are skipped where it is not installed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest

from bench.redis_server import RedisServerMissing, free_port
from bench.redis_server import redis_server as _redis_server

__all__ = ["free_port", "redis_server"]


@contextmanager
def redis_server() -> Iterator[str]:
    """Start redis-server, yield its redis:// URL, stop it; skip the test without one."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(_redis_server())
        except RedisServerMissing as missing:
            pytest.skip(str(missing))
        yield url
