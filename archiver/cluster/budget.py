"""The page limit of each source (max_pages, --max-pages) counted for the whole cluster.

One Lua script decides atomically: a state key already scheduled this run by
any worker is let through uncounted (the shared duplicate filter drops its
second request), a new key is counted against its source's limit, or refused
once the limit is reached. So "at most N pages" holds for the cluster's run,
whatever the number of workers. The keys are cleared with the run's others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import redis
    from scrapy.settings import BaseSettings

    from archiver.cluster.keys import ClusterKeys

_TAKE_SCRIPT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0') >= tonumber(ARGV[3]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
"""


class RedisPageBudget:
    """archiver.frontier.admission.PageBudget's interface, shared by every worker of the run."""

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RedisPageBudget:
        from archiver.cluster import redis_client

        return cls(*redis_client(settings))

    def __init__(self, client: redis.Redis, keys: ClusterKeys) -> None:
        self.keys = keys
        self.script = client.register_script(_TAKE_SCRIPT)

    def take(self, source: str, key: str, limit: int) -> bool:
        return bool(self.script(keys=[self.keys.budget, self.keys.budget_counts],
                                args=[key, source, limit]))
