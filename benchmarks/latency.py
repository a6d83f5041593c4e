"""Latency from producer send to the alert on the alerts topic, at a fixed offered rate.

Every item triggers an alert: each item has its own feed name and the only rule counts items per
feed with a threshold of 1 (processing time, no cooldown), so each alert maps back to exactly
one send. Texts are ~3 KB real articles that the classifier labels (an unlabelled item never
reaches a rule). Send -> classified is measured at the same time.

The send time is taken just before ``KafkaProducer.send`` (the project's producer settings,
linger 20 ms included); the arrival time when a kafka-python consumer in this process polls the
record (fetch_max_wait 5 ms). Both clocks are this machine's.

The measured items follow a lead-in at the same rate (``lead_in`` seconds, one unbroken
schedule), whose items are timed but not counted: the first one or two seconds of traffic a new
worker sees are slower than the rest (the items of those seconds queue in front of the
classifier; on this machine the broker's JIT compiler thread once took 64 to 96 % of a core
then). A running worker's first seconds after an idle spell are not slower. They are reported
apart (``lead_in_latency_*``), so the figures say what a running system does and what a new
worker's first seconds cost.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from benchmarks.common import labelled_articles, make_item, progress, tail_consumer, wait_for
from benchmarks.pipeline import _alive, start_workers, worker_env
from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import ChildGroup
from producers.publish import make_kafka_producer
from producers.settings import ProducerSettings

__all__ = ["ALERT_EVERY_ITEM_RULES", "LEAD_IN_S", "measure_latency", "percentile"]

LEAD_IN_S = 5.0  # seconds of traffic at the offered rate before the measured items

ALERT_EVERY_ITEM_RULES: dict[str, Any] = {
    "version": 1,
    "rules": [
        {
            "name": "bench-every-item",
            "description": "One alert per item: every item has its own feed.",
            "window": {"type": "tumbling", "size": "1h"},
            "aggregate": "count",
            "group_by": ["feed"],
            "thresholds": [{"at": 1, "severity": "info"}],
            "cooldown": 0,
            "time": "processing",
            "channels": ["bench"],
        }
    ],
}


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


@dataclass
class _Arrivals:
    classified: dict[str, float] = field(default_factory=dict)  # item id -> time
    alerts: dict[str, float] = field(default_factory=dict)  # feed -> time
    stop: threading.Event = field(default_factory=threading.Event)
    ready: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


def _listen(kafka: KafkaSettings, arr: _Arrivals) -> None:
    try:
        consumer = tail_consumer(
            kafka.bootstrap_servers, kafka.classified_topic, kafka.alerts_topic
        )
        arr.ready.set()
        while not arr.stop.is_set():
            for tp, records in consumer.poll(timeout_ms=50).items():
                now = time.time()
                for r in records:
                    doc = orjson.loads(r.value)
                    if tp.topic == kafka.alerts_topic:
                        group = str(doc.get("group", ""))
                        arr.alerts.setdefault(group.removeprefix("feed="), now)
                    else:
                        arr.classified.setdefault(doc["item"]["id"], now)
        consumer.close()
    except BaseException as exc:  # reported by the caller
        arr.error = exc
        arr.ready.set()


def measure_latency(
    bootstrap: str,
    partitions: int,
    workdir: Path,
    *,
    rate: float,
    seconds: float,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    lead_in: float = LEAD_IN_S,
) -> dict[str, float]:
    """Offer ``rate`` items/s to a running worker for ``lead_in`` seconds, then for ``seconds``
    more without a break; return latency figures (ms) of the second part, and of the lead-in
    apart."""
    kafka = KafkaSettings(
        bootstrap_servers=bootstrap,
        topic_prefix=f"bench-lat-{uuid.uuid4().hex[:6]}",
        partitions=partitions,
    )
    ensure_topics(kafka)
    rules_file = workdir / f"{kafka.topic_prefix}-rules.yaml"
    rules_file.write_text(yaml.safe_dump(ALERT_EVERY_ITEM_RULES))
    texts = labelled_articles()
    run = kafka.topic_prefix
    arr = _Arrivals()
    listener = threading.Thread(target=_listen, args=(kafka, arr), daemon=True)
    listener.start()
    arr.ready.wait(30)
    if arr.error is not None:
        raise RuntimeError(f"listener failed: {arr.error!r}")
    group = ChildGroup()
    producer = make_kafka_producer(kafka, ProducerSettings())
    sent: dict[str, float] = {}  # feed -> send time (the measured items)
    lead_sent: dict[str, float] = {}  # feed -> send time (the lead-in's items)
    sent_ids: dict[str, float] = {}  # item id -> send time
    feed_of: dict[str, str] = {}  # item id -> feed (each item has its own)
    try:
        start_workers(
            group,
            worker_env(kafka, workdir, rules_file, extra=extra_env),
            workdir,
            workers,
            f"{kafka.topic_prefix}",
        )

        # Warm up until the worker answers with an alert (start-up, assignment, table recovery).
        n = 0

        def warm() -> bool:
            nonlocal n
            feed = f"warm-{n}"
            producer.send(
                kafka.raw_topic,
                key=str(n).encode(),
                value=make_item(n, texts[0], feed=feed, run=run + "w").to_json(),
            )
            producer.flush(10)
            n += 1
            return any(k.startswith("warm-") for k in arr.alerts)

        wait_for(
            warm, timeout=180, what="the first alert", interval=0.5, alive=lambda: _alive(group)
        )
        progress(
            f"latency: worker ready; offering {rate:,.0f} items/s for {lead_in:.0f}s (lead-in,"
            f" not counted), then {seconds:.0f}s"
        )
        leading = int(rate * lead_in)
        items = [
            make_item(
                i, texts[i % len(texts)], feed=f"lead-{i}" if i < leading else f"lat-{i}", run=run
            )
            for i in range(leading + max(1, int(rate * seconds)))
        ]
        payloads = [(it.id, it.feed, it.id.encode(), it.to_json()) for it in items]
        t0 = time.perf_counter() + 0.1
        behind = 0.0
        for i, (iid, feed, key, value) in enumerate(payloads):
            due = t0 + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            else:
                behind = max(behind, -delay)
            now = time.time()
            (lead_sent if i < leading else sent)[feed] = now
            sent_ids[iid] = now
            feed_of[iid] = feed
            producer.send(kafka.raw_topic, key=key, value=value)
        producer.flush(30)
        last_send = time.time()
        with contextlib.suppress(TimeoutError):  # reported below as missing alerts
            wait_for(
                lambda: all(f in arr.alerts for f in (*lead_sent, *sent)),
                timeout=max(30.0, seconds),
                what="every alert",
                interval=0.2,
                alive=lambda: _alive(group),
            )
        drain_s = time.time() - last_send
    finally:
        arr.stop.set()
        producer.close(10)
        group.stop()
        listener.join(10)
    alert_ms = [(arr.alerts[f] - t) * 1000 for f, t in sent.items() if f in arr.alerts]
    lead_ms = [(arr.alerts[f] - t) * 1000 for f, t in lead_sent.items() if f in arr.alerts]
    measured = {i for i, f in feed_of.items() if f in sent}
    cls_ms = [
        (arr.classified[i] - t) * 1000
        for i, t in sent_ids.items()
        if i in measured and i in arr.classified
    ]
    # The rules stage alone: the item's classified record seen -> its alert seen (both by the
    # same listener), without the raw topic and the classify stage in front of it.
    rules_ms = [
        (arr.alerts[feed_of[i]] - t) * 1000
        for i, t in arr.classified.items()
        if i in measured and feed_of[i] in arr.alerts
    ]
    if not alert_ms:
        raise RuntimeError("no alert arrived during the latency run")
    out = {
        "offered_items_per_s": rate,
        "items": float(len(sent)),
        "alerts_missing": float(len(sent) - len(alert_ms) + len(lead_sent) - len(lead_ms)),
        "sender_behind_max_ms": behind * 1000,
        "drain_after_last_send_s": drain_s,
        "latency_p50_ms": percentile(alert_ms, 50),
        "latency_p95_ms": percentile(alert_ms, 95),
        "latency_p99_ms": percentile(alert_ms, 99),
        "latency_max_ms": max(alert_ms),
        "classified_p50_ms": percentile(cls_ms, 50),
        "classified_p95_ms": percentile(cls_ms, 95),
        "classified_p99_ms": percentile(cls_ms, 99),
        "rules_stage_p50_ms": percentile(rules_ms, 50) if rules_ms else math.nan,
        "rules_stage_p99_ms": percentile(rules_ms, 99) if rules_ms else math.nan,
        "lead_in_s": lead_in,
        "lead_in_latency_p50_ms": percentile(lead_ms, 50) if lead_ms else math.nan,
        "lead_in_latency_p99_ms": percentile(lead_ms, 99) if lead_ms else math.nan,
    }
    progress(
        f"latency at {rate:,.0f} items/s x{workers} worker(s): send->alert p50 "
        f"{out['latency_p50_ms']:.0f} ms, p95 {out['latency_p95_ms']:.0f} ms, p99 "
        f"{out['latency_p99_ms']:.0f} ms (max {out['latency_max_ms']:.0f}); send->classified "
        f"p50 {out['classified_p50_ms']:.0f} ms, p99 {out['classified_p99_ms']:.0f} ms; "
        f"classified->alert p50 {out['rules_stage_p50_ms']:.0f} ms, "
        f"p99 {out['rules_stage_p99_ms']:.0f} ms; "
        f"{int(out['alerts_missing'])} of {len(sent) + len(lead_sent)} alerts missing; lead-in"
        f" ({lead_in:.0f}s, not counted) p50 {out['lead_in_latency_p50_ms']:.0f} ms, p99"
        f" {out['lead_in_latency_p99_ms']:.0f} ms"
    )
    return out
