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
import os
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import LocalKafka
from flashpoint.procs import Child, ChildGroup
from producers.items import Item
from tests.faults.flow import (
    RULES,
    FeedSet,
    Tally,
    end_offsets,
    feeds_yaml,
    free_port,
    make_items,
    read_all,
    tally,
    wait_until,
)
from tests.faults.report import Collector

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def _env(kafka: KafkaSettings, workdir: Path, *, worker_dir: str = "worker") -> dict[str, str]:
    rules_file = workdir / "rules.yaml"
    if not rules_file.exists():
        rules_file.write_text(yaml.safe_dump(RULES))
    return {
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka.topic_prefix,
        "FLASHPOINT_KAFKA__PARTITIONS": str(kafka.partitions),
        "FLASHPOINT_PRODUCER__FEEDS_FILE": str(workdir / "feeds.yaml"),
        "FLASHPOINT_PRODUCER__STATE_PATH": str(workdir / "producer.sqlite3"),
        "FLASHPOINT_PRODUCER__ALLOWED_HOSTS": '["127.0.0.1"]',
        "FLASHPOINT_PRODUCER__METRICS_PORT": "0",
        "FLASHPOINT_PRODUCER__MIN_INTERVAL": "1",
        "FLASHPOINT_PRODUCER__BACKOFF_BASE": "1",
        "FLASHPOINT_WORKER__APP_ID": f"{kafka.topic_prefix}-worker",
        "FLASHPOINT_WORKER__DATADIR": str(workdir / worker_dir),
        "FLASHPOINT_WORKER__WEB_PORT": str(free_port()),
        "FLASHPOINT_WORKER__RULES_FILE": str(rules_file),
    }


def _kill9(child: Child) -> None:
    """SIGKILL the child and everything it started (its own process group)."""
    assert child.proc is not None
    os.killpg(child.proc.pid, signal.SIGKILL)
    child.proc.wait(30)


def _alive(group: ChildGroup) -> None:
    if (child := group.failed()) is not None:
        raise AssertionError(f"{child.name} exited with {child.exited}:\n{child.tail(40)}")


def _committed_to_end(kafka: KafkaSettings, group_id: str, topics: list[str]) -> bool:
    # A consumer that never subscribes only reads the group's committed offsets (no join).
    reader = KafkaConsumer(
        bootstrap_servers=kafka.bootstrap_servers, group_id=group_id, enable_auto_commit=False
    )
    try:
        tps = [TopicPartition(t, p) for t in topics for p in range(kafka.partitions)]
        ends = reader.end_offsets(tps)
        for tp in tps:
            if ends[tp] == 0:
                continue
            done = reader.committed(tp)
            if done is None or done < ends[tp]:
                return False
        return True
    finally:
        reader.close()


def _settled(kafka: KafkaSettings, group: ChildGroup, expect_items: int, timeout: float) -> None:
    """Wait until every item is classified and the worker committed all its input."""
    app_id = f"{kafka.topic_prefix}-worker"

    def classified_all() -> bool:
        if end_offsets(kafka, kafka.classified_topic) < expect_items:
            return False
        return (
            len({r.key for r in read_all(kafka, kafka.raw_topic)}) >= expect_items
            and len(_classified_ids(kafka)) >= expect_items
        )

    wait_until(classified_all, timeout, f"{expect_items} classified items", lambda: _alive(group))
    wait_until(
        lambda: _committed_to_end(kafka, app_id, [kafka.raw_topic, kafka.classified_topic]),
        120,
        "the worker to commit its input to the end",
        lambda: _alive(group),
    )


def _classified_ids(kafka: KafkaSettings) -> set[str]:
    import orjson

    return {orjson.loads(r.value)["item"]["id"] for r in read_all(kafka, kafka.classified_topic)}


def _first_progress(kafka: KafkaSettings, topic: str, baseline: int, timeout: float) -> float:
    """Seconds until ``topic`` grows beyond ``baseline`` records."""
    return wait_until(lambda: end_offsets(kafka, topic) > baseline, timeout, f"progress on {topic}")


def _check_alerts(t: Tally) -> list[str]:
    s = t.summary()
    problems = []
    if s["alert_duplicates"]:
        problems.append(f"{s['alert_duplicates']} duplicated alert records")
    if s["alerts_lost"] or s["alerts_unexpected"]:
        problems.append(f"alerts lost {s['alerts_lost']}, unexpected {s['alerts_unexpected']}")
        expected = {a.id: a for a in t.expected}
        odd = [("lost", a) for i, a in expected.items() if i not in t.alerts_by_id]
        odd += [("unexpected", a) for i, a in t.alerts_by_id.items() if i not in expected]
        problems += [
            f"{kind}: {a.rule} {a.group} {a.severity} {a.status} value {a.value:g}"
            for kind, a in odd[:5]
        ]
    if not t.expected:
        problems.append("the scenario produced no alert to check")
    return problems


def _check_incidents(t: Tally) -> list[str]:
    """Casualty maxima and sources of every alert's incident match the engine's recomputation."""
    problems = []
    for exp in t.expected:
        got = t.alerts_by_id.get(exp.id)
        if got is None or exp.incident is None:
            continue
        assert got.incident is not None
        if (got.incident.killed, set(got.incident.sources)) != (
            exp.incident.killed,
            set(exp.incident.sources),
        ):
            problems.append(
                f"{exp.id}: incident killed/sources {got.incident.killed}/"
                f"{sorted(got.incident.sources)} != {exp.incident.killed}/"
                f"{sorted(exp.incident.sources)}"
            )
    return problems[:5]


# ---- broker restart -----------------------------------------------------------------------------


@pytest.mark.timeout(420)
async def test_broker_restart_mid_stream(
    faults_broker: LocalKafka, faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 5000
    fs = FeedSet(make_items(n, feeds=20, duration=25.0))
    await fs.start()
    group = ChildGroup()
    t_scenario = time.monotonic()
    try:
        (tmp_path / "feeds.yaml").write_text(yaml.safe_dump(feeds_yaml(fs)))
        env = _env(kafka, tmp_path)
        group.add(Child("worker", ["worker"], env, tmp_path / "worker.log"))
        group.add(Child("producer", ["produce"], env, tmp_path / "producer.log"))

        # Mid-stream: items published and classified, more still to come from the feeds.
        await asyncio.to_thread(
            wait_until,
            lambda: end_offsets(kafka, kafka.classified_topic) >= 500,
            180,
            "500 classified items before the restart",
            lambda: _alive(group),
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
            _first_progress, kafka, kafka.classified_topic, classified_at_up, 120
        )
        await asyncio.to_thread(_settled, kafka, group, n, 300)
        # Let the producer run full cycles after the last item was revealed.
        polls = dict(fs.polls)
        await asyncio.to_thread(
            wait_until,
            lambda: all(fs.polls[f] >= polls.get(f, 0) + 2 for f in fs.by_feed),
            60,
            "two more polls of every feed",
        )
        caught_up = time.monotonic() - t_up
        await asyncio.to_thread(group.stop)
        t = await asyncio.to_thread(tally, kafka, n)
    finally:
        await asyncio.to_thread(group.stop)
        await fs.stop()
    served = {it.guid for it in fs.items}
    s = t.summary()
    problems = _check_alerts(t)
    if s["raw_duplicates"]:
        problems.append(f"{s['raw_duplicates']} items published twice")
    classified = len(t.classified_ids)
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
        wall_s=time.monotonic() - t_scenario,
        outcome=f"caught up {caught_up:.0f} s after the restart; "
        f"{sum(t.classified_ids.values()) - classified} re-classified records (at-least-once)",
        notes="; ".join(problems),
    )
    assert len(t.raw_ids) == n and s["raw_duplicates"] == 0, s
    assert classified == n, f"{n - classified} items never classified"
    assert not problems, problems


# ---- worker kill -9, restart, rebalance -----------------------------------------------------


def _publish_raw(kafka: KafkaSettings, n: int) -> list[Item]:
    now = datetime.now(UTC)
    items = [
        Item(
            id=f"wk-{i}",
            feed=fi.feed,
            sources=(fi.feed,),
            url=f"https://news.example/{fi.guid}",
            guid=fi.guid,
            title=fi.title,
            text=fi.text,
            published=now + timedelta(seconds=fi.at),
            fetched_at=now,
            language="en",
        )
        for i, fi in enumerate(make_items(n, feeds=20, duration=600.0))
    ]
    producer = KafkaProducer(bootstrap_servers=kafka.bootstrap_servers, acks="all", linger_ms=5)
    try:
        for it in items:
            producer.send(kafka.raw_topic, key=it.id.encode(), value=it.to_json())
        producer.flush(60)
    finally:
        producer.close()
    return items


@pytest.mark.timeout(420)
def test_worker_kill9_restart_then_rebalance(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 2500
    t_scenario = time.monotonic()
    _publish_raw(kafka, n)
    group = ChildGroup()
    try:
        env = _env(kafka, tmp_path)
        w1 = group.add(Child("worker", ["worker"], env, tmp_path / "worker1.log"))
        # Kill it once the rules agent is into the stream (the classify agent runs ahead).
        wait_until(
            lambda: end_offsets(kafka, kafka.alerts_topic) >= 10,
            240,
            "the worker well into the stream",
            lambda: _alive(group),
        )
        _kill9(w1)
        group.children.remove(w1)
        at_kill = end_offsets(kafka, kafka.classified_topic)
        alerts_at_kill = end_offsets(kafka, kafka.alerts_topic)
        t_restart = time.monotonic()
        group.add(Child("worker-restarted", ["worker"], env, tmp_path / "worker2.log"))
        recovery = _first_progress(kafka, kafka.alerts_topic, alerts_at_kill, 180)
        # A second worker joins the group mid-stream: the partitions (and their table state)
        # are split between the two.
        env2 = {**env, **_env(kafka, tmp_path, worker_dir="worker-b")}
        group.add(Child("worker-joined", ["worker"], env2, tmp_path / "worker3.log"))
        _settled(kafka, group, n, 300)
        caught_up = time.monotonic() - t_restart
        joined_log = (tmp_path / "worker3.log").read_text(errors="replace")
        group.stop()
        t = tally(kafka, n)
    finally:
        group.stop()
    s = t.summary()
    problems = _check_alerts(t) + _check_incidents(t)
    classified = len(t.classified_ids)
    # The kill came while the rules agent still had alerts to publish.
    assert alerts_at_kill < len(t.expected), "the worker finished before the kill; add items"
    reliability.record(
        group="kafka",
        name="worker kill -9, restart, rebalance",
        fault=f"SIGKILL after {at_kill} classified records and {alerts_at_kill} alerts; "
        "restarted; a second worker joined",
        sent=n,
        classified=classified,
        lost=n - classified,
        alerts=s["alert_distinct"],
        duplicates=s["alert_duplicates"],
        recovery_s=recovery,
        wall_s=time.monotonic() - t_scenario,
        outcome=f"caught up {caught_up:.0f} s after the restart (first new alert "
        f"{recovery:.0f} s after it); incident maxima and sources of "
        f"{len(t.expected)} alerts checked; "
        f"{sum(t.classified_ids.values()) - classified} re-classified records (at-least-once)",
        notes="; ".join(
            [
                "the restarted worker resumes only once the killed member's consumer session "
                "expires (worker.session_timeout, 15 s by default; Faust's own default is 60 s)",
                *problems,
            ]
        ),
    )
    assert classified == n, f"{n - classified} items never classified"
    assert not problems, problems
    assert "Traceback" not in joined_log, joined_log[-3000:]


# ---- producer kill -9, restart --------------------------------------------------------------


@pytest.mark.timeout(300)
async def test_producer_kill9_then_restart(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 2000
    fs = FeedSet(make_items(n, feeds=10, duration=12.0))
    await fs.start()
    group = ChildGroup()
    t_scenario = time.monotonic()
    try:
        (tmp_path / "feeds.yaml").write_text(yaml.safe_dump(feeds_yaml(fs)))
        env = _env(kafka, tmp_path)
        p1 = group.add(Child("producer", ["produce"], env, tmp_path / "producer1.log"))
        await asyncio.to_thread(
            wait_until,
            lambda: end_offsets(kafka, kafka.raw_topic) >= n // 4,
            120,
            "a quarter of the items published",
            lambda: _alive(group),
        )
        await asyncio.to_thread(_kill9, p1)
        group.children.remove(p1)
        at_kill = end_offsets(kafka, kafka.raw_topic)
        assert at_kill < n, "everything was published before the kill; slow the feeds"
        group.add(Child("producer-restarted", ["produce"], env, tmp_path / "producer2.log"))
        t_restart = time.monotonic()
        recovery = await asyncio.to_thread(_first_progress, kafka, kafka.raw_topic, at_kill, 120)
        await asyncio.to_thread(
            wait_until,
            lambda: (
                fs.all_revealed() and len({r.key for r in read_all(kafka, kafka.raw_topic)}) >= n
            ),
            180,
            f"{n} distinct items on the raw topic",
            lambda: _alive(group),
        )
        polls = dict(fs.polls)
        await asyncio.to_thread(
            wait_until,
            lambda: all(fs.polls[f] >= polls.get(f, 0) + 2 for f in fs.by_feed),
            60,
            "two more polls of every feed",
        )
        caught_up = time.monotonic() - t_restart
        await asyncio.to_thread(group.stop)
        raw = await asyncio.to_thread(read_all, kafka, kafka.raw_topic)
    finally:
        await asyncio.to_thread(group.stop)
        await fs.stop()
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
        wall_s=time.monotonic() - t_scenario,
        outcome=f"caught up {caught_up:.0f} s after the restart; {len(set(keys))} distinct items "
        "on the raw topic",
    )
    assert not missed, f"{len(missed)} items never published"
    assert dups == 0, f"{dups} items published twice"
    assert len(keys) == n
