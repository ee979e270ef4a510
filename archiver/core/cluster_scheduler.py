"""scrapy-redis's scheduler, plus in-flight tracking, heartbeats and a cluster-wide idle test.

scrapy-redis pops a request off the shared queue when the engine asks for one;
a worker killed then would lose it. Here the pop and the copy into the
worker's in-flight hash are one Lua script, and the copy is keyed by the
request's state key (archiver.cluster.state removes it once the outcome is
stored). Every ARCHIVER_CLUSTER_HEARTBEAT_INTERVAL seconds a worker renews its
heartbeat (expiring after ARCHIVER_CLUSTER_HEARTBEAT_TTL) and puts back on the
queue the in-flight requests of workers whose heartbeat expired; RENAME makes
sure only one live worker takes them.

Scrapy's engine asks its scheduler for more only when a request finishes or
every 5 s; a worker that found the shared queue empty would idle that long
while others fill it, so every ARCHIVER_CLUSTER_POLL_INTERVAL seconds the
scheduler asks the engine to look again.

A worker stops once the queue is empty and no worker has anything in flight
(so none can discover more) for ARCHIVER_CLUSTER_IDLE_TIMEOUT seconds. The
last worker to leave clears the run's keys (duplicate filter, seeds flag,
sources, page budget), so that the next run starts afresh; a worker stopped
early (Ctrl-C) finishes what it downloads and puts any in-flight request left
back on the queue first.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from redis.exceptions import ResponseError
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from archiver import meta
from archiver.cluster import worker_id
from archiver.cluster.keys import ClusterKeys

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_POPPED = "popped:"
# Pop the first request of the priority queue and keep a copy in the in-flight hash.
_POP_SCRIPT = """
local popped = redis.call('ZRANGE', KEYS[1], 0, 0)
if #popped == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
redis.call('HSET', KEYS[2], ARGV[1] .. redis.sha1hex(popped[1]), popped[1])
return popped[1]
"""


class ClusterScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterScheduler:
        scheduler = super().from_crawler(crawler)
        settings = crawler.settings
        scheduler.keys = ClusterKeys.from_settings(settings)
        scheduler.worker = worker_id(settings)
        scheduler.idle_timeout = settings.getfloat("ARCHIVER_CLUSTER_IDLE_TIMEOUT")
        scheduler.interval = settings.getfloat("ARCHIVER_CLUSTER_HEARTBEAT_INTERVAL")
        scheduler.ttl = settings.getfloat("ARCHIVER_CLUSTER_HEARTBEAT_TTL")
        scheduler.idle_since = None
        scheduler.engine = crawler.engine
        scheduler.poller = task.LoopingCall(scheduler.poll)
        scheduler.poll_interval = settings.getfloat("ARCHIVER_CLUSTER_POLL_INTERVAL")
        scheduler.pop_script = scheduler.server.register_script(_POP_SCRIPT)
        scheduler.reaper = task.LoopingCall(scheduler.reap)
        scheduler.pulse = Heartbeat(scheduler.server, scheduler.keys.heartbeat(scheduler.worker),
                                    scheduler.interval, scheduler.ttl)
        return scheduler

    @property
    def inflight(self) -> str:
        return self.keys.inflight(self.worker)

    def open(self, spider: Spider) -> Any:
        result = super().open(spider)
        self.pulse.beat()
        self.server.sadd(self.keys.workers, self.worker)
        self.pulse.start()
        self.reaper.start(self.interval, now=False)
        self.poller.start(self.poll_interval, now=False)
        logger.info("Cluster worker %s joined (%d queued)", self.worker, len(self.queue))
        return result

    def close(self, reason: str) -> Any:
        for loop in (self.reaper, self.poller):
            if loop.running:
                loop.stop()
        self.pulse.stop()
        if reason != "finished":
            requeued = self._requeue(self.inflight)
            logger.info("Cluster worker %s stopping (%s): %d in-flight request(s) requeued",
                        self.worker, reason, requeued)
        self.server.srem(self.keys.workers, self.worker)  # first: others must not reap it
        self.server.delete(self.inflight, self.keys.heartbeat(self.worker))
        if not self.server.scard(self.keys.workers) and not len(self.queue):
            self.server.delete(*self.keys.run)  # the run is over
        return super().close(reason)

    def next_request(self) -> Request | None:
        data = self.pop_script(keys=[self.keys.queue, self.inflight], args=[_POPPED])
        if data is None:
            return None
        request = self.queue._decode_request(data)  # scrapy-redis's private API, as of 0.9
        field = request.meta.get(meta.KEY) or self.df.request_fingerprint(request)
        with self.server.pipeline(transaction=True) as pipe:
            pipe.hset(self.inflight, field, data)
            pipe.hdel(self.inflight, _POPPED + hashlib.sha1(data).hexdigest())
            pipe.execute()
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """Asked by the engine once this worker is idle: is the cluster still busy?"""
        leftovers = self.server.hlen(self.inflight)
        if leftovers:  # this worker is idle, so these failed without an outcome
            logger.warning("Dropping %d in-flight request(s) that ended without an outcome",
                           leftovers)
            self.server.delete(self.inflight)
        if len(self.queue) or self._others_busy():
            self.idle_since = None
            return True
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        return now - self.idle_since < self.idle_timeout

    def _others_busy(self) -> bool:
        return any(self.server.hlen(self.keys.inflight(w)) for w in self._workers()
                   if w != self.worker)

    def _workers(self) -> list[str]:
        return [w.decode() for w in self.server.smembers(self.keys.workers)]

    def poll(self) -> None:
        # The engine's own wake-up (private, but the only handle short of its 5 s
        # heartbeat); it pulls from this scheduler only while it has room.
        slot = getattr(self.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    def reap(self) -> None:
        """Put back the in-flight requests of workers whose heartbeat expired."""
        for worker in self._workers():
            if worker != self.worker and not self.server.exists(self.keys.heartbeat(worker)):
                self._take_over(worker)

    def _take_over(self, worker: str) -> None:
        claimed = f"{self.keys.inflight(worker)}:taken-by:{self.worker}"
        try:
            self.server.rename(self.keys.inflight(worker), claimed)
        except ResponseError:  # no such key: nothing was in flight, or another took it
            claimed = None
        count = self._requeue(claimed) if claimed else 0
        if not self.server.srem(self.keys.workers, worker) and not count:
            return  # it left cleanly after this worker listed it
        logger.warning("Cluster worker %s stopped beating: %d in-flight request(s) requeued",
                       worker, count)
        if self.stats:
            self.stats.inc_value("archiver/cluster/requeued", count)

    def _requeue(self, key: str) -> int:
        raw = self.server.hvals(key)
        for data in raw:
            self.queue.push(self.queue._decode_request(data))
        self.server.delete(key)
        return len(raw)


class Heartbeat:
    """Renews the worker's heartbeat key from a thread of its own.

    Not on the reactor: extraction or a large listing may hold the reactor for
    seconds, and a busy worker must not be taken for a dead one.
    """

    def __init__(self, server: Any, key: str, interval: float, ttl: float) -> None:
        self.server = server
        self.key = key
        self.interval = interval
        self.ttl_ms = int(ttl * 1000)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="cluster-heartbeat", daemon=True)

    def beat(self) -> None:
        self.server.set(self.key, b"1", px=self.ttl_ms)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()

    def _run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                self.beat()
            except Exception:  # noqa: BLE001 - Redis away for a moment: try again next beat
                logger.warning("Cluster heartbeat failed", exc_info=True)
