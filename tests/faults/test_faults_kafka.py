"""Kafka and process faults on the real pipeline (child processes, the suite's own broker).

- the broker is stopped and started while 5,000 items flow from loopback feeds;
- the worker is killed (SIGKILL) mid-stream and restarted, then a second worker joins;
- the producer is killed (SIGKILL) mid-stream and restarted.

Each scenario checks, from the topics themselves: every item published once (by item id) and
classified, and every alert the engine owes (recomputed from the classified topic with the
backtest engine, one engine per partition as in the worker) on the alerts topic exactly once.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import LocalKafka
from flashpoint.procs import Child, ChildGroup
from producers.items import Item
from tests.faults import workers
from tests.faults.flow import tally
from tests.faults.report import Collector
from tests.support.kafka import end_offsets, read_all
from tests.support.pipeline import alive
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.faults]


# ---- broker restart -----------------------------------------------------------------------------


@pytest.mark.timeout(420)
async def test_broker_restart_mid_stream(
    faults_broker: LocalKafka, faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 5000
    async with workers.feeds_and_children(tmp_path, n, feeds=20, duration=25.0) as (fs, group):
        env = workers.worker_env(kafka, tmp_path)
        group.add(Child("worker", ["worker"], env, tmp_path / "worker.log"))
        group.add(Child("producer", ["produce"], env, tmp_path / "producer.log"))

        # Mid-stream: items published and classified, more still to come from the feeds.
        await asyncio.to_thread(
            workers.until_records,
            kafka,
            kafka.classified_topic,
            500,
            180,
            "500 classified items",
            group,
        )
        raw_before = end_offsets(kafka, kafka.raw_topic)
        assert raw_before < n, "everything was published before the fault; slow the feeds"
        t_down = time.monotonic()
        await asyncio.to_thread(faults_broker.stop)
        # Keep it down while the feeds reveal 750 more items (about 4 s): the producer must
        # buffer them and retry.
        revealed = sum(len(fs.revealed(f)) for f in fs.by_feed)
        await asyncio.to_thread(
            wait_until,
            lambda: sum(len(fs.revealed(f)) for f in fs.by_feed) >= revealed + 750,
            60,
            "the feeds to reveal more items while the broker is down",
        )
        down_for = time.monotonic() - t_down
        await asyncio.to_thread(faults_broker.start, 120)
        t_up = time.monotonic()
        classified_at_up = end_offsets(kafka, kafka.classified_topic)
        recovery = await asyncio.to_thread(
            workers.first_progress, kafka, kafka.classified_topic, classified_at_up, 120
        )
        await asyncio.to_thread(workers.settled, kafka, group, n, 300)
        await workers.two_more_polls(fs)
        caught_up = time.monotonic() - t_up
        await asyncio.to_thread(group.stop)
        t = await asyncio.to_thread(tally, kafka, n)
    served = {it.guid for it in fs.items}
    s = t.summary()
    problems = workers.check_alerts(t)
    if s["raw_duplicates"]:
        problems.append(f"{s['raw_duplicates']} items published twice")
    classified = t.classified
    reliability.record(
        group="kafka",
        name="broker restart",
        fault=f"broker stopped (SIGTERM) after {raw_before} items, down {down_for:.0f} s, "
        "restarted on the same ports and data",
        sent=len(served),
        classified=classified,
        lost=n - classified,
        alerts=s["alert_distinct"],
        duplicates=s["alert_duplicates"] + s["raw_duplicates"],
        recovery_s=recovery,
        outcome=f"caught up {caught_up:.0f} s after the restart; "
        f"{t.reclassified} re-classified records (at-least-once)",
        notes="; ".join(problems),
    )
    assert len(t.raw_ids) == n and s["raw_duplicates"] == 0, s
    assert classified == n, f"{n - classified} items never classified"
    assert not problems, problems


# ---- worker kill -9, restart, rebalance -----------------------------------------------------


@pytest.mark.timeout(420)
def test_worker_kill9_restart_then_rebalance(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 2500
    workers.publish_raw(kafka, n)
    group = ChildGroup()
    try:
        env = workers.worker_env(kafka, tmp_path)
        w1 = group.add(Child("worker", ["worker"], env, tmp_path / "worker1.log"))
        # Kill it once the rules agent is into the stream (the classify agent runs ahead).
        workers.until_records(
            kafka, kafka.alerts_topic, 10, 240, "the worker well into the stream", group
        )
        workers.kill9(w1)
        group.children.remove(w1)
        at_kill = end_offsets(kafka, kafka.classified_topic)
        alerts_at_kill = end_offsets(kafka, kafka.alerts_topic)
        t_restart = time.monotonic()
        group.add(Child("worker-restarted", ["worker"], env, tmp_path / "worker2.log"))
        recovery = workers.first_progress(kafka, kafka.alerts_topic, alerts_at_kill, 180)
        # A second worker joins the group mid-stream: the partitions (and their table state)
        # are split between the two.
        env2 = {**env, **workers.worker_env(kafka, tmp_path, worker_dir="worker-b")}
        group.add(Child("worker-joined", ["worker"], env2, tmp_path / "worker3.log"))
        t, caught_up = workers.settle(kafka, group, n, 300, since=t_restart)
    finally:
        group.stop()
    problems = workers.check_alerts(t) + workers.check_incidents(t)
    # The kill came while the rules agent still had alerts to publish.
    assert alerts_at_kill < len(t.expected), "the worker finished before the kill; add items"
    reliability.record(
        group="kafka",
        name="worker kill -9, restart, rebalance",
        fault=f"SIGKILL after {at_kill} classified records and {alerts_at_kill} alerts; "
        "restarted; a second worker joined",
        **t.figures(),
        recovery_s=recovery,
        outcome=f"caught up {caught_up:.0f} s after the restart (first new alert "
        f"{recovery:.0f} s after it); incident maxima and sources of "
        f"{len(t.expected)} alerts checked; "
        f"{t.reclassified} re-classified records (at-least-once)",
        notes="; ".join(
            [
                "the restarted worker resumes only once the killed member's consumer session "
                "expires (worker.session_timeout, 15 s by default; Faust's own default is 60 s)",
                *problems,
            ]
        ),
    )
    assert t.classified == n, f"{n - t.classified} items never classified"
    assert not problems, problems
    joined_log = (tmp_path / "worker3.log").read_text(errors="replace")
    assert "Traceback" not in joined_log, joined_log[-3000:]


# ---- producer kill -9, restart --------------------------------------------------------------


@pytest.mark.timeout(300)
async def test_producer_kill9_then_restart(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 2000
    async with workers.feeds_and_children(tmp_path, n, feeds=10, duration=12.0) as (fs, group):
        env = workers.worker_env(kafka, tmp_path)
        p1 = group.add(Child("producer", ["produce"], env, tmp_path / "producer1.log"))
        await asyncio.to_thread(
            workers.until_records,
            kafka,
            kafka.raw_topic,
            n // 4,
            120,
            "a quarter of the items",
            group,
        )
        await asyncio.to_thread(workers.kill9, p1)
        group.children.remove(p1)
        at_kill = end_offsets(kafka, kafka.raw_topic)
        assert at_kill < n, "everything was published before the kill; slow the feeds"
        group.add(Child("producer-restarted", ["produce"], env, tmp_path / "producer2.log"))
        t_restart = time.monotonic()
        recovery = await asyncio.to_thread(
            workers.first_progress, kafka, kafka.raw_topic, at_kill, 120
        )
        await asyncio.to_thread(
            wait_until,
            lambda: (
                fs.all_revealed() and len({r.key for r in read_all(kafka, kafka.raw_topic)}) >= n
            ),
            180,
            f"{n} distinct items on the raw topic",
            lambda: alive(group),
        )
        await workers.two_more_polls(fs)
        caught_up = time.monotonic() - t_restart
        await asyncio.to_thread(group.stop)
        raw = await asyncio.to_thread(read_all, kafka, kafka.raw_topic)
    keys = [(r.key or b"").decode() for r in raw]
    guids = {Item.from_json(r.value).guid for r in raw}
    served = {it.guid for it in fs.items}
    missed = served - guids
    dups = len(keys) - len(set(keys))
    reliability.record(
        group="kafka",
        name="producer kill -9, restart",
        fault=f"SIGKILL (process group) after {at_kill} items; restarted on the same state",
        sent=n,
        lost=len(missed),
        duplicates=dups,
        recovery_s=recovery,
        outcome=f"caught up {caught_up:.0f} s after the restart; {len(set(keys))} distinct items "
        "on the raw topic",
    )
    assert not missed, f"{len(missed)} items never published"
    assert dups == 0, f"{dups} items published twice"
    assert len(keys) == n
