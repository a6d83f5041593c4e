"""The real processes of the Kafka, leave and health fault scenarios: their environment, the
faults done to them (SIGKILL, SIGTERM), their probes, the waits for them to settle, and the
checks made on the topics when they are done.

``test_faults_kafka``, ``test_faults_leave`` and ``test_faults_health`` drive the same worker
and producer the same way; what they share is written here once.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import orjson
import rocksdict
import yaml
from kafka import KafkaProducer

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import Child, ChildGroup
from producers.items import Item
from streams.rules_agent import STATE_TABLE, state_changelog_topic
from tests.faults.flow import RULES, FeedSet, Tally, feeds_yaml, make_items, tally
from tests.ports import free_port
from tests.support.kafka import committed_to_end, end_offsets, read_all
from tests.support.pipeline import alive, pipeline_env, worker_app_id
from tests.support.waiting import until, wait_until

PROBE_TIMEOUT = 2.0  # seconds, as a probe's timeoutSeconds


def worker_env(
    kafka: KafkaSettings, workdir: Path, *, worker_dir: str = "worker", **extra: str
) -> dict[str, str]:
    """The pipeline's environment with the scenarios' rules, short producer backoff and a
    free web port for the worker; ``extra`` adds the scenario's own settings."""
    rules_file = workdir / "rules.yaml"
    if not rules_file.exists():
        rules_file.write_text(yaml.safe_dump(RULES))
    return pipeline_env(
        kafka,
        workdir,
        feeds_file=workdir / "feeds.yaml",
        rules_file=rules_file,
        web_port=free_port(),
        worker_dir=worker_dir,
        FLASHPOINT_PRODUCER__BACKOFF_BASE="1",
        **extra,
    )


def kill9(child: Child) -> None:
    """SIGKILL the child and everything it started (its own process group)."""
    assert child.proc is not None
    os.killpg(child.proc.pid, signal.SIGKILL)
    child.proc.wait(30)


def sigterm(child: Child, timeout: float = 60.0) -> int:
    """SIGTERM the child's process group (the worker and its classifier process, as a container
    stop does) and wait for it to exit; its exit code."""
    assert child.proc is not None
    os.killpg(child.proc.pid, signal.SIGTERM)
    return child.proc.wait(timeout)


def probe(port: int, path: str) -> tuple[int | None, dict[str, Any]]:
    """(HTTP status, JSON body) of a probe; (None, {}) when it does not answer in time."""
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}{path}", timeout=PROBE_TIMEOUT
        ) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
    except (OSError, TimeoutError, ValueError):
        return None, {}


def probe_ok(port: int, path: str) -> bool:
    return probe(port, path)[0] == 200


def worker_committed(kafka: KafkaSettings) -> bool:
    """The worker's group committed its input (raw and classified topics) to the end."""
    return committed_to_end(kafka, worker_app_id(kafka), [kafka.raw_topic, kafka.classified_topic])


def classified_ids(kafka: KafkaSettings) -> set[str]:
    return {orjson.loads(r.value)["item"]["id"] for r in read_all(kafka, kafka.classified_topic)}


def settled(kafka: KafkaSettings, group: ChildGroup, expect_items: int, timeout: float) -> None:
    """Wait until every item is classified and the worker committed all its input."""

    def classified_all() -> bool:
        if end_offsets(kafka, kafka.classified_topic) < expect_items:
            return False
        return (
            len({r.key for r in read_all(kafka, kafka.raw_topic)}) >= expect_items
            and len(classified_ids(kafka)) >= expect_items
        )

    wait_until(classified_all, timeout, f"{expect_items} classified items", lambda: alive(group))
    wait_until(
        lambda: worker_committed(kafka),
        120,
        "the worker to commit its input to the end",
        lambda: alive(group),
    )


def until_records(
    kafka: KafkaSettings, topic: str, count: int, timeout: float, what: str, group: ChildGroup
) -> float:
    """Wait until ``topic`` holds ``count`` records (failing at once if a child died); the
    seconds it took."""
    return wait_until(
        lambda: end_offsets(kafka, topic) >= count, timeout, what, lambda: alive(group)
    )


def settle(
    kafka: KafkaSettings, group: ChildGroup, expect_items: int, timeout: float, *, since: float
) -> tuple[Tally, float]:
    """Wait until the children have ``settled``, stop them, and return the topics' tally with
    the seconds from ``since`` (a ``time.monotonic()`` reading, the fault) to settling."""
    settled(kafka, group, expect_items, timeout)
    caught_up = time.monotonic() - since
    group.stop()
    return tally(kafka, expect_items), caught_up


def first_progress(kafka: KafkaSettings, topic: str, baseline: int, timeout: float) -> float:
    """Seconds until ``topic`` grows beyond ``baseline`` records."""
    return wait_until(lambda: end_offsets(kafka, topic) > baseline, timeout, f"progress on {topic}")


def check_alerts(t: Tally) -> list[str]:
    """What is wrong with the alerts topic against the alerts owed (empty: nothing).

    A lost or unexpected alert is listed with where its incident's first report sits on the
    classified topic, so that a failure says which partition and stretch of records diverged.
    """
    s = t.summary()
    problems = []
    if s["alert_duplicates"]:
        problems.append(f"{s['alert_duplicates']} duplicated alert records")
    if s["alerts_lost"] or s["alerts_unexpected"]:
        problems.append(f"alerts lost {s['alerts_lost']}, unexpected {s['alerts_unexpected']}")
        expected = {a.id: a for a in t.expected}
        lost = [a for i, a in expected.items() if i not in t.alerts_by_id]
        unexpected = [a for i, a in t.alerts_by_id.items() if i not in expected]
        problems += [
            f"{kind}: {a.rule} {a.group} {a.severity} {a.status} value {a.value:g}"
            f"{t.first_report(a)}"
            for kind, alerts in (("lost", lost), ("unexpected", unexpected))
            for a in alerts[:5]
        ]
    if not t.expected:
        problems.append("the scenario produced no alert to check")
    return problems


def check_dead_letters(kafka: KafkaSettings) -> list[str]:
    """The scenarios' items are all good news items: any dead letter (a classification or rules
    engine failure) is an item the incidents never saw, counted by stage and reason."""
    counts = Counter(
        f"{d.get('stage')}/{d.get('reason')}"
        for d in (orjson.loads(r.value) for r in read_all(kafka, kafka.items_deadletter_topic))
    )
    return [f"dead letters {dict(counts)}"] if counts else []


def check_state_matches_changelog(kafka: KafkaSettings, datadir: Path) -> list[str]:
    """A stopped worker's rules state on disk against its changelog topic, read to the end and
    folded (last value of each key; a tombstone deletes it): after a clean stop they must hold
    the same keys and values, partition by partition, whatever moved between workers."""
    want: dict[int, dict[bytes, bytes]] = {}
    for r in read_all(kafka, state_changelog_topic(worker_app_id(kafka))):
        part = want.setdefault(r.partition, {})
        assert r.key is not None
        if r.value is None:
            part.pop(r.key, None)
        else:
            part[r.key] = r.value
    problems = []
    for p in range(kafka.partitions):
        found = sorted(datadir.glob(f"**/{STATE_TABLE}-{p}.db"))
        if not found:
            problems.append(f"no local state for partition {p} under {datadir}")
            continue
        db = rocksdict.Rdict(
            str(found[0]),
            options=rocksdict.Options(raw_mode=True),
            access_type=rocksdict.AccessType.read_only(),
        )
        try:
            # Raw mode: keys and values are bytes. Faust keeps the changelog offset it
            # persisted under its own key.
            raw = cast(dict[bytes, bytes], dict(db.items()))
            have = {k: v for k, v in raw.items() if not k.startswith(b"__faust")}
        finally:
            db.close()
        expect = want.get(p, {})
        differ = sorted(k for k in set(have) | set(expect) if have.get(k) != expect.get(k))
        if differ:
            problems.append(
                f"partition {p}: {len(differ)} keys differ between the local state and the "
                f"changelog, first {[k.decode(errors='replace') for k in differ[:5]]}"
            )
    return problems


def log_tail(path: Path, lines: int = 30) -> str:
    """The last warning and error lines of a child's log, for a failure message."""
    if not path.exists():
        return f"{path.name}: no log"
    kept = [
        line
        for line in path.read_text(errors="replace").splitlines()
        if "level=warning" in line or "level=error" in line or "Traceback" in line
    ]
    return f"{path.name} (last {lines} warnings and errors):\n" + "\n".join(kept[-lines:])


def check_incidents(t: Tally) -> list[str]:
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


def publish_raw(kafka: KafkaSettings, n: int) -> list[Item]:
    """``n`` distinct items straight onto the raw topic (no producer process)."""
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


@asynccontextmanager
async def feeds_and_children(
    workdir: Path, n: int, *, feeds: int, duration: float
) -> AsyncIterator[tuple[FeedSet, ChildGroup]]:
    """``n`` items on ``feeds`` loopback feeds revealed over ``duration`` seconds, their
    feeds.yaml written, and an empty group for the children (stopped on exit)."""
    fs = FeedSet(make_items(n, feeds=feeds, duration=duration))
    await fs.start()
    group = ChildGroup()
    try:
        (workdir / "feeds.yaml").write_text(yaml.safe_dump(feeds_yaml(fs)))
        yield fs, group
    finally:
        await asyncio.to_thread(group.stop)  # it waits on the processes: off the loop
        await fs.stop()


async def two_more_polls(fs: FeedSet) -> None:
    """Let the producer run full cycles after the last item was revealed."""
    polls = dict(fs.polls)
    await until(
        lambda: all(fs.polls[f] >= polls.get(f, 0) + 2 for f in fs.by_feed),
        "two more polls of every feed",
        60,
        step=0.25,
    )
