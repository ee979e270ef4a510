"""The Redis keys of one cluster crawl, all under one prefix, and the connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import redis
    from scrapy.settings import BaseSettings


def connect(url: str) -> redis.Redis:
    import redis

    return redis.Redis.from_url(url, decode_responses=True)


@attrs.frozen
class ClusterKeys:
    prefix: str

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ClusterKeys:
        return cls(settings.get("ARCHIVER_CLUSTER_KEY_PREFIX"))

    @property
    def queue(self) -> str:
        """scrapy-redis's priority queue of requests (a sorted set)."""
        return f"{self.prefix}:requests"

    @property
    def dupefilter(self) -> str:
        """scrapy-redis's set of request fingerprints scheduled this run."""
        return f"{self.prefix}:dupefilter"

    @property
    def seeded(self) -> str:
        """Set (NX) by the worker that pushes the seeds of a run."""
        return f"{self.prefix}:seeded"

    @property
    def sources(self) -> str:
        """Hash: source name -> JSON of the source, as the run's first worker or enqueue gave it."""
        return f"{self.prefix}:sources"

    @property
    def budget(self) -> str:
        """Set of the state keys scheduled this run from sources with a page limit."""
        return f"{self.prefix}:budget:keys"

    @property
    def budget_counts(self) -> str:
        """Hash: source name -> pages scheduled this run (against its max_pages)."""
        return f"{self.prefix}:budget:counts"

    @property
    def run(self) -> tuple[str, ...]:
        """The keys of one run, cleared when its last worker leaves (the state stays)."""
        return (self.dupefilter, self.seeded, self.sources, self.budget, self.budget_counts)

    @property
    def workers(self) -> str:
        """The ids of the workers that joined and did not leave (a set)."""
        return f"{self.prefix}:workers"

    def heartbeat(self, worker: str) -> str:
        """Exists while the worker is alive (it expires unless renewed)."""
        return f"{self.prefix}:heartbeat:{worker}"

    def inflight(self, worker: str) -> str:
        """Hash: state key -> encoded request, for requests the worker popped but did not finish."""
        return f"{self.prefix}:inflight:{worker}"

    def url(self, key: str) -> str:
        """Hash: the crawl state of one URL (fields of archiver.state.sqlite.UrlState)."""
        return f"{self.prefix}:url:{key}"

    @property
    def urls(self) -> str:
        return f"{self.prefix}:urls"

    @property
    def articles(self) -> str:
        return f"{self.prefix}:articles"

    @property
    def originals(self) -> str:
        """Hash: payload digest -> JSON of the original response record (digest index)."""
        return f"{self.prefix}:digests:originals"

    @property
    def latest(self) -> str:
        """Hash: target URI -> its latest 2xx payload digest (digest index)."""
        return f"{self.prefix}:digests:latest"
