"""A steady stream of alerting items through running workers, to time what an event costs.

Used by :mod:`benchmarks.failover` and :mod:`benchmarks.scaleout`. Every item alerts (the
every-item-alerts workload of :mod:`benchmarks.latency`: its own feed, one count >= 1 rule per
feed), so each alert maps back to one send. A sender thread offers a fixed rate; a listener
thread notes when each alert arrives. After an event (a worker killed, joining, leaving), the
items sent around it show how long alerts stalled:

- ``stall_s``: from the event to the arrival of the last alert of an item sent in the second
  after it (the items that had to wait for the partitions to move);
- ``resume_s``: from the event to the first alert of an item sent after it that was delayed
  (latency over ``slow_ms``): when the moved partitions produced again;
- ``settled_s``: from the event until every later item's latency is under ``slow_ms`` again.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from benchmarks.common import labelled_articles, make_item, wait_for
from benchmarks.latency import ALERT_EVERY_ITEM_RULES, _Arrivals, _listen, percentile
from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from producers.publish import make_kafka_producer
from producers.settings import ProducerSettings

__all__ = ["SteadyStream", "event_figures"]


@dataclass
class SteadyStream:
    """Fresh topics, an every-item-alerts rules file, a listener and a paced sender."""

    bootstrap: str
    partitions: int
    workdir: Path
    tag: str = "steady"
    kafka: KafkaSettings = field(init=False)
    rules_file: Path = field(init=False)
    sent: dict[str, float] = field(default_factory=dict)  # feed -> send time (epoch s)
    ids: dict[str, str] = field(default_factory=dict)  # feed -> item id
    arr: _Arrivals = field(default_factory=_Arrivals)
    _texts: list[str] = field(default_factory=list)
    _n: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _sender: threading.Thread | None = None
    _listener: threading.Thread | None = None
    _producer: Any = None

    def __post_init__(self) -> None:
        self.kafka = KafkaSettings(
            bootstrap_servers=self.bootstrap,
            topic_prefix=f"bench-{self.tag}-{uuid.uuid4().hex[:6]}",
            partitions=self.partitions,
        )
        ensure_topics(self.kafka)
        self.rules_file = self.workdir / f"{self.kafka.topic_prefix}-rules.yaml"
        self.rules_file.write_text(yaml.safe_dump(ALERT_EVERY_ITEM_RULES))
        self._texts = labelled_articles()
        self._producer = make_kafka_producer(self.kafka, ProducerSettings())
        self._listener = threading.Thread(target=_listen, args=(self.kafka, self.arr), daemon=True)
        self._listener.start()
        self.arr.ready.wait(30)
        if self.arr.error is not None:
            raise RuntimeError(f"listener failed: {self.arr.error!r}")

    def send(self, count: int, prefix: str = "s") -> None:
        """Publish ``count`` items at once (a backlog that builds rules state)."""
        for _ in range(count):
            self._send_one(prefix)
        self._producer.flush(60)

    def _send_one(self, prefix: str) -> None:
        i = self._n
        self._n += 1
        feed = f"{prefix}-{i}"
        item = make_item(
            i, self._texts[i % len(self._texts)], feed=feed, run=self.kafka.topic_prefix
        )
        self.sent[feed] = time.time()
        self.ids[feed] = item.id
        self._producer.send(self.kafka.raw_topic, key=item.id.encode(), value=item.to_json())

    def start(self, rate: float) -> None:
        """Offer ``rate`` items/s from a thread until :meth:`stop`."""

        def run() -> None:
            t0 = time.perf_counter()
            k = 0
            while not self._stop.is_set():
                delay = t0 + k / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                self._send_one("r")
                k += 1
            self._producer.flush(30)

        self._stop.clear()
        self._sender = threading.Thread(target=run, daemon=True)
        self._sender.start()

    def stop(self) -> None:
        self._stop.set()
        if self._sender is not None:
            self._sender.join(30)

    def wait_alerts(self, timeout: float, alive: Any = None) -> None:
        wait_for(
            lambda: all(f in self.arr.alerts for f in self.sent),
            timeout=timeout,
            what="every alert",
            interval=0.2,
            alive=alive,
        )

    def missing(self) -> dict[str, Any]:
        """Items without an alert, and how many of them never reached the classified topic."""
        gone = [f for f in self.sent if f not in self.arr.alerts]
        return {
            "missing_alerts": len(gone),
            "missing_classified": sum(1 for f in gone if self.ids[f] not in self.arr.classified),
            "missing_sample": gone[:5],
        }

    def close(self) -> None:
        self.stop()
        self.arr.stop.set()
        self._producer.close(10)
        if self._listener is not None:
            self._listener.join(10)


def event_figures(
    stream: SteadyStream,
    t_event: float,
    *,
    until: float | None = None,
    slow_ms: float = 1000.0,
) -> dict[str, float]:
    """What an event at ``t_event`` (epoch s) cost the alerts of the items sent from then until
    ``until`` (the next event; default: the end), see the module doc."""
    end = until if until is not None else float("inf")
    after = sorted(
        (t, stream.arr.alerts.get(f)) for f, t in stream.sent.items() if t_event <= t < end
    )
    before = [
        (stream.arr.alerts[f] - t) * 1000
        for f, t in stream.sent.items()
        if t_event - 11 < t < t_event - 1 and f in stream.arr.alerts
    ]
    first_second = [a for t, a in after if t < t_event + 1 and a is not None]
    slow = [(t, a) for t, a in after if a is not None and (a - t) * 1000 > slow_ms]
    out = {
        "stall_s": (max(first_second) - t_event) if first_second else float("nan"),
        "resume_s": (min(a for _, a in slow) - t_event) if slow else 0.0,
        "settled_s": (max(t for t, _ in slow) - t_event) if slow else 0.0,
        "max_latency_after_ms": max(((a - t) * 1000 for t, a in after if a is not None), default=0),
        "items_after": float(len(after)),
        "slow_items_after": float(len(slow)),
        "missing_after": float(sum(1 for _, a in after if a is None)),
    }
    if before:
        out["p99_before_ms"] = percentile(before, 99)
    return out
