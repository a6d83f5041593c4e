"""Pipeline throughput on real Kafka: preloaded raw topic -> ``flashpoint worker`` child
process(es) -> classified -> rules -> alerts, next to the bare aiokafka passthrough.

Both read the same preloaded raw topic. Start-up is not charged: a rate runs from the first
output record's CreateTime to the moment the last one is done.

- passthrough: done when the destination topic holds every record (its CreateTimes).
- classify stage: done at the CreateTime of the last classified record.
- pipeline (end to end): done when the worker's consumer group has committed the end of the
  classified topic, i.e. the rules agent processed every item. This is observed by polling,
  and commits happen every ``commit_interval`` (1 s), so the figure is conservative.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer

from benchmarks.common import (
    ROOT,
    cpu_seconds,
    end_offsets,
    free_port,
    group_offsets,
    preload,
    progress,
    topic_records,
    topic_timestamps,
    wait_for,
)
from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.launch import launch_module
from flashpoint.procs import Child, ChildGroup
from streams.rules_agent import state_changelog_topic

__all__ = [
    "Preloaded",
    "measure_passthrough",
    "measure_pipeline",
    "preload_run",
    "worker_env",
]


@dataclass
class Preloaded:
    kafka: KafkaSettings
    n: int
    item_bytes: int
    producer_items_per_s: float
    extra: dict[str, Any] = field(default_factory=dict)


def preload_run(
    bootstrap: str,
    partitions: int,
    n: int,
    tag: str,
    *,
    feed_per_item: bool = False,
    non_english: float = 0.0,
) -> Preloaded:
    """Fresh topics with ``n`` ~3 KB items on the raw topic (see :func:`common.preload`)."""
    kafka = KafkaSettings(
        bootstrap_servers=bootstrap,
        topic_prefix=f"bench-{tag}-{uuid.uuid4().hex[:6]}",
        partitions=partitions,
    )
    ensure_topics(kafka)
    size, rate = preload(
        kafka, n, run=kafka.topic_prefix, feed_per_item=feed_per_item, non_english=non_english
    )
    progress(
        f"preloaded {n} items ({size} B JSON each) to {kafka.raw_topic} "
        f"[{partitions} partitions]; kafka-python producer {rate:,.0f} items/s"
    )
    return Preloaded(kafka, n, size, rate)


def worker_env(
    kafka: KafkaSettings, workdir: Path, rules_file: Path, *, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Environment of a ``flashpoint worker`` child (one app id per run, web on a free port)."""
    env = {
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka.topic_prefix,
        "FLASHPOINT_KAFKA__PARTITIONS": str(kafka.partitions),
        "FLASHPOINT_WORKER__APP_ID": f"{kafka.topic_prefix}-worker",
        "FLASHPOINT_WORKER__RULES_FILE": str(rules_file),
    }
    env.update(extra or {})
    return env


def start_workers(
    group: ChildGroup, env: dict[str, str], workdir: Path, n: int, tag: str
) -> list[Child]:
    children = []
    for i in range(n):
        wenv = {
            **env,
            "FLASHPOINT_WORKER__DATADIR": str(workdir / f"{tag}-w{i}"),
            "FLASHPOINT_WORKER__WEB_PORT": str(free_port()),
        }
        children.append(
            group.add(Child(f"{tag}-w{i}", ["worker"], wenv, workdir / f"{tag}-w{i}.log"))
        )
    return children


def _alive(group: ChildGroup) -> str | None:
    child = group.failed()
    if child is None:
        return None
    return f"{child.name} exited with {child.exited}:\n{child.tail(30)}"


def _rate(n: int, t_first: float, t_done: float) -> float:
    return (n - 1) / max(t_done - t_first, 1e-6)


def measure_passthrough(pre: Preloaded, workdir: Path, procs: int = 1) -> dict[str, float]:
    """Bare aiokafka copy of the preloaded raw topic with ``procs`` processes."""
    kafka = pre.kafka
    dst = f"{kafka.topic_prefix}.passthrough{procs}"
    _create(kafka, dst)
    group = f"{kafka.topic_prefix}-pass{procs}"
    args = ["--bootstrap", kafka.bootstrap_servers]
    args += ["--src", kafka.raw_topic, "--dst", dst, "--group", group]
    if procs == 1:
        args += ["--count", str(pre.n)]
    children = []
    consumer = KafkaConsumer(bootstrap_servers=kafka.bootstrap_servers, group_id=None)
    try:
        for i in range(procs):
            log = open(workdir / f"passthrough{procs}-{i}.log", "wb")  # noqa: SIM115
            children.append(launch_module("benchmarks.passthrough", args, stdout=log, cwd=ROOT))
            log.close()

        def failed() -> str | None:
            for c in children:
                if c.poll() not in (None, 0):
                    return f"passthrough exited with {c.returncode}"
            return None

        wait_for(
            lambda: sum(end_offsets(consumer, dst).values()) >= pre.n,
            timeout=300,
            what="passthrough output",
            alive=failed,
        )
        cpu = sum(cpu_seconds(c.pid) for c in children)
    finally:
        consumer.close()
        for c in children:
            if c.poll() is None:
                c.terminate()
            c.wait(10)
    ts = sorted(topic_timestamps(kafka.bootstrap_servers, dst))
    rate = _rate(len(ts), ts[0] / 1000, ts[-1] / 1000)
    progress(
        f"passthrough x{procs}: {rate:,.0f} items/s ({len(ts)} records); "
        f"{pre.n / cpu:,.0f} items per CPU-second (start-up included)"
    )
    return {"items_per_s": rate, "items_per_cpu_s": pre.n / cpu}


def _create(kafka: KafkaSettings, topic: str) -> None:
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    admin = KafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    try:
        admin.create_topics([NewTopic(topic, kafka.partitions, kafka.replication_factor)])
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


def changelog_by_store(records: list[tuple[int, bytes]]) -> dict[str, int]:
    """Rules-state changelog records counted by store (keys ``"<partition>/<store>/..."``;
    the transaction record ``"<partition>/txn"`` counts as ``txn``, deletions included)."""
    out: dict[str, int] = {}
    for _, key in records:
        try:
            text = json.loads(key)
        except ValueError:
            text = key.decode("utf-8", "replace")
        parts = str(text).split("/")
        store = parts[1] if len(parts) > 1 else "other"
        out[store] = out.get(store, 0) + 1
    return out


def measure_pipeline(
    pre: Preloaded,
    workdir: Path,
    rules_file: Path,
    *,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    timeout: float = 600,
    pin: Callable[[list[Child]], None] | None = None,
) -> dict[str, float]:
    """Run ``workers`` worker processes over the preloaded raw topic until the rules agent
    processed every item; return classify-stage and end-to-end rates. ``pin`` is called with
    the worker children once they started (``benchmarks.scaleout`` pins them to cores)."""
    kafka = pre.kafka
    env = worker_env(kafka, workdir, rules_file, extra=extra_env)
    app_id = env["FLASHPOINT_WORKER__APP_ID"]
    tag = f"{kafka.topic_prefix}-x{workers}"
    group = ChildGroup()
    consumer = KafkaConsumer(bootstrap_servers=kafka.bootstrap_servers, group_id=None)
    admin = KafkaAdminClient(bootstrap_servers=kafka.bootstrap_servers)
    started = time.time()
    try:
        children = start_workers(group, env, workdir, workers, tag)
        if pin is not None:
            pin(children)

        def cpu() -> float:
            return sum(cpu_seconds(c.proc.pid) for c in children if c.proc is not None)

        t_first_out = wait_for(
            lambda: sum(end_offsets(consumer, kafka.classified_topic).values()) > 0,
            timeout=timeout,
            what="the first classified record",
            alive=lambda: _alive(group),
        )
        cpu0 = cpu()
        progress(
            f"worker x{workers}: first classified record {t_first_out - started:.1f}s after start"
        )

        def rules_done() -> bool:
            ends = end_offsets(consumer, kafka.classified_topic)
            if sum(ends.values()) < pre.n:
                return False
            done = group_offsets(admin, app_id, kafka.classified_topic)
            return all(done.get(p, 0) >= end for p, end in ends.items())

        t_done = wait_for(
            rules_done,
            timeout=timeout,
            what="the rules agent to commit the classified topic",
            interval=0.1,
            alive=lambda: _alive(group),
        )
        worker_cpu = cpu() - cpu0
    finally:
        consumer.close()
        admin.close()
        group.stop()
    ts = sorted(topic_timestamps(kafka.bootstrap_servers, kafka.classified_topic))
    classify_rate = _rate(len(ts), ts[0] / 1000, ts[-1] / 1000)
    e2e = _rate(pre.n, ts[0] / 1000, t_done)
    alerts = len(topic_timestamps(kafka.bootstrap_servers, kafka.alerts_topic))
    by_store = changelog_by_store(
        topic_records(kafka.bootstrap_servers, state_changelog_topic(app_id))
    )
    changelog = sum(by_store.values())
    progress(
        f"pipeline x{workers} worker(s), {kafka.partitions} partitions: classify stage "
        f"{classify_rate:,.0f} items/s; end to end (rules committed) {e2e:,.0f} items/s; "
        f"rules finished {t_done - ts[-1] / 1000:.2f}s after the last classified record; "
        f"{alerts} alerts; {changelog / pre.n:.1f} rules-state changelog records per item; "
        f"worker CPU {worker_cpu:.1f}s = {pre.n / worker_cpu:,.0f} items per CPU-second; "
        "changelog records per item by store: "
        + ", ".join(f"{k} {v / pre.n:.2f}" for k, v in sorted(by_store.items()))
    )
    return {
        "items_per_s": e2e,
        "classify_stage_items_per_s": classify_rate,
        "rules_tail_s": t_done - ts[-1] / 1000,
        "alerts": float(alerts),
        "changelog_records_per_item": changelog / pre.n,
        **{f"changelog_{k}_per_item": v / pre.n for k, v in by_store.items()},
        "items_per_cpu_s": pre.n / max(worker_cpu, 1e-6),
    }
