"""Real Kafka: SIGKILL the worker mid-stream, restart it, and prove that every alert is on the
alerts topic exactly once (none lost, none duplicated)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from kafka import KafkaProducer

from alerts.rules import parse_rules
from alerts.schema import Alert
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import Child, ChildGroup
from streams.backtest import run_backtest
from streams.models import ClassifiedItem, Place
from tests.ports import free_port
from tests.support.kafka import committed_to_end, read_all
from tests.support.pipeline import worker_app_id
from tests.support.reports import TOLL_RULE, toll_report

pytestmark = pytest.mark.integration

RULES = {
    "version": 1,
    "rules": [
        {**TOLL_RULE, "cooldown": "12h", "channels": ["desk"]},
        {
            "name": "busy-country",
            "when": {"categories": ["strike"]},
            "window": {"type": "hopping", "size": "2h", "advance": "1h"},
            "aggregate": "distinct_incidents",
            "group_by": ["country"],
            "thresholds": [{"at": 2, "severity": "info"}],
            "cooldown": "1h",
        },
    ],
}
T0 = datetime(2021, 3, 1, tzinfo=UTC)
COUNTRIES = ("AZ", "AM", "UA", "SY", "YE", "SD", "ML", "ET")
N_INCIDENTS = 400


def _items() -> list[ClassifiedItem]:
    """Two reports per incident (toll 12, then 60), in event-time order, places far apart."""
    out = []
    for i in range(N_INCIDENTS):
        country = COUNTRIES[i % len(COUNTRIES)]
        place = Place(
            name=f"Town{i}",
            country=country,
            lat=-60 + (i % 100) * 1.2,
            lon=-170 + (i // 100) * 5.0,
            role="event",
        )
        for j, killed in enumerate((12, 60)):
            t = T0 + timedelta(minutes=10 * i + j)
            title = f"Town{i} toll {killed}"
            out.append(
                toll_report(f"it-{i}-{j}", t, killed, place=place, feed=f"feed{j}", title=title)
            )
    return out


def _read_alerts(kafka: KafkaSettings) -> list[tuple[bytes | None, Alert]]:
    return [(r.key, Alert.from_json(r.value)) for r in read_all(kafka, kafka.alerts_topic)]


def _wait(
    cond: Callable[[], object], timeout: float, worker: Child, what: str | Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        if worker.exited is not None:
            raise AssertionError(f"worker exited with {worker.exited}:\n{worker.tail(40)}")
        time.sleep(0.2)  # polling interval of a deadline wait, not a fixed sleep
    what = what() if callable(what) else what
    raise AssertionError(f"timed out waiting for {what}:\n{worker.tail(40)}")


def _progressed(kafka: KafkaSettings, app_id: str, seen: int, worker: Child) -> bool:
    """The worker published an alert beyond ``seen``, or it is up and has committed all of its
    input: a killed predecessor may have published every alert of the items fed so far before
    its offsets were committed, and then a restarted worker has nothing new to publish until it
    is fed more."""
    if len(_read_alerts(kafka)) > seen:
        return True
    try:
        started = "Worker]: Ready" in worker.logfile.read_text(errors="replace")
    except OSError:
        return False
    return started and committed_to_end(kafka, app_id, [kafka.classified_topic])


@pytest.mark.timeout(600)
async def test_sigkill_and_restart_loses_and_duplicates_no_alert(
    kafka_settings: KafkaSettings, tmp_path: Path
) -> None:
    items = _items()
    expected = run_backtest(parse_rules(RULES), list(enumerate(items)), order="file").alerts
    expected_ids = Counter(a.id for a in expected)
    assert len(expected_ids) == len(expected) > 2 * N_INCIDENTS  # ids are distinct
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(yaml.safe_dump(RULES))
    app_id = worker_app_id(kafka_settings)
    env = {
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka_settings.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka_settings.topic_prefix,
        "FLASHPOINT_KAFKA__PARTITIONS": str(kafka_settings.partitions),
        "FLASHPOINT_WORKER__APP_ID": app_id,
        "FLASHPOINT_WORKER__DATADIR": str(tmp_path / "worker"),
        "FLASHPOINT_WORKER__WEB_PORT": str(free_port()),
        "FLASHPOINT_WORKER__RULES_FILE": str(rules_file),
    }
    group = ChildGroup()
    producer = KafkaProducer(
        bootstrap_servers=kafka_settings.bootstrap_servers, acks="all", linger_ms=5
    )

    def produce(chunk: list[ClassifiedItem]) -> None:
        for ci in chunk:
            producer.send(kafka_settings.classified_topic, key=ci.key.encode(), value=ci.to_json())
        producer.flush()

    chunks = [items[:300], items[300:550], items[550:]]
    try:
        worker = group.add(
            Child("worker", ["worker", "--loglevel", "info"], env, tmp_path / "worker0.log")
        )
        produce(chunks[0])
        at_kill = []
        for n, chunk in enumerate(chunks[1:], start=1):
            # Wait until the worker is up and working, then feed it more and kill it hard
            # (SIGKILL: no shutdown, no final commit or flush) while it works through them.
            seen = len(_read_alerts(kafka_settings))
            await asyncio.to_thread(
                _wait,
                lambda seen=seen, worker=worker: _progressed(kafka_settings, app_id, seen, worker),
                240,
                worker,
                f"worker {n - 1} to publish or to commit its input",
            )
            await asyncio.to_thread(produce, chunk)
            assert worker.proc is not None
            worker.proc.kill()
            worker.proc.wait(30)
            at_kill.append(len(_read_alerts(kafka_settings)))
            group.children.remove(worker)
            worker = group.add(
                Child("worker", ["worker", "--loglevel", "info"], env, tmp_path / f"worker{n}.log")
            )
        assert all(k < len(expected) for k in at_kill), "a kill came after the end of the stream"

        await asyncio.to_thread(
            _wait,
            lambda: len(_read_alerts(kafka_settings)) >= len(expected),
            300,
            worker,
            lambda: (
                f"{len(expected)} alerts after the restarts (had {at_kill} at the kills; "
                f"{len(_read_alerts(kafka_settings))} now)"
            ),
        )
        await asyncio.to_thread(
            _wait,
            lambda: committed_to_end(kafka_settings, app_id, [kafka_settings.classified_topic]),
            120,
            worker,
            "the worker to commit every input offset",
        )
        records = _read_alerts(kafka_settings)
        got = Counter(a.id for _, a in records)
        duplicated = {k: n for k, n in got.items() if n > 1}
        assert not duplicated, f"{len(duplicated)} duplicated alert ids"
        lost, extra = set(expected_ids) - set(got), set(got) - set(expected_ids)
        assert not lost and not extra, f"lost {len(lost)}, unexpected {len(extra)}"
        assert all(key == a.id.encode() for key, a in records)
        by_id = {a.id: a for _, a in records}
        for a in expected:
            assert (by_id[a.id].rule, by_id[a.id].severity, by_id[a.id].status) == (
                a.rule,
                a.severity,
                a.status,
            )
        print(f"alerts={len(expected)} at_kills={at_kill} duplicates=0 lost=0")
    finally:
        producer.close()
        await asyncio.to_thread(group.stop)
