"""Delivery end to end on the real Kafka broker, with a real webhook receiver on loopback.

The receiver is down when delivery starts and comes up only after failed attempts were
seen; every alert must then arrive exactly once per webhook-id, none lost. One channel
answers 404 (permanent), so its alerts are dead-lettered, then replayed once it is fixed.
"""

from __future__ import annotations

import asyncio
import base64
import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest
from aiohttp import web
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaError
from cloudevents.core.bindings.kafka import KafkaMessage, from_structured_event
from prometheus_client import CollectorRegistry
from standardwebhooks.webhooks import Webhook

from alerts.channels.config import load_channels, parse_channels
from alerts.deadletter import DeadLetter
from alerts.deliver import replay_deadletters, run_delivery
from alerts.schema import Alert, IncidentSummary
from alerts.settings import DeliverySettings
from flashpoint.core.kafkaconf import KafkaSettings
from tests.ports import free_port
from tests.support.cli import clean_env, python

pytestmark = pytest.mark.integration

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()


async def wait_for(cond: Callable[[], bool], timeout: float = 60, what: str = "") -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not cond():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


class Receiver:
    def __init__(self) -> None:
        self.verifier = Webhook(SECRET)
        self.deliveries: dict[str, Counter[str]] = {"/hook": Counter(), "/flaky": Counter()}
        self.flaky_fixed = False
        self.bad = 0

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            self.verifier.verify(body, dict(request.headers))
        except Exception:
            self.bad += 1
            return web.Response(status=401)
        if request.path == "/flaky" and not self.flaky_fixed:
            return web.Response(status=404)
        self.deliveries[request.path][request.headers["webhook-id"]] += 1
        return web.Response(status=200)


def sample(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


async def read_topic(kafka: KafkaSettings, topic: str, expect: int) -> list[Any]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=kafka.bootstrap_list(),
        group_id=f"reader-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    records: list[Any] = []
    try:
        deadline = asyncio.get_running_loop().time() + 30
        while len(records) < expect and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for recs in batch.values():
                records.extend(recs)
        # anything beyond what we expect would be a duplicate: read a little more
        batch = await consumer.getmany(timeout_ms=1000)
        for recs in batch.values():
            records.extend(recs)
    finally:
        await consumer.stop()
    return records


async def test_receiver_down_then_up_exactly_once_and_deadletter_replay(
    kafka_settings: KafkaSettings, group_id: str, tmp_path: Path
) -> None:
    kafka = kafka_settings
    port = free_port()
    http_port = free_port()
    base = f"http://127.0.0.1:{port}"
    channels = parse_channels(
        {
            "channels": {
                "hook": {"type": "webhook", "url": f"{base}/hook", "secret_env": "S"},
                "flaky": {"type": "webhook", "url": f"{base}/flaky", "secret_env": "S"},
                "events": {"type": "kafka"},
            }
        },
        environ={"S": SECRET},
    )
    settings = DeliverySettings(
        state_dir=str(tmp_path / "state"),
        group_id=group_id,
        replay_group_id=f"{group_id}-replay",
        max_attempts=100,
        retry_initial_delay=0.01,
        retry_max_delay=0.1,
        max_in_flight=8,
        http_host="127.0.0.1",
        http_port=http_port,
        allowed_hosts=("127.0.0.1",),
        shutdown_grace=5,
    )

    n_alerts, flaky_every = 24, 6
    alerts = []
    for i in range(n_alerts):
        names = ("hook", "events") + (("flaky",) if i % flaky_every == 0 else ())
        alerts.append(
            Alert(
                id=f"al_it{i:04d}",
                rule="strike-count",
                fired_at=datetime.now(UTC),
                channels=names,
                incident=IncidentSummary(id=f"inc-{i % 5}", place="Ganja", country="AZ"),
            )
        )
    n_flaky = sum(1 for a in alerts if "flaky" in a.channels)

    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_list(), acks="all")
    await producer.start()
    try:
        for a in alerts:
            await producer.send_and_wait(kafka.alerts_topic, a.to_json(), key=a.id.encode())
        # a record that is not an alert: counted and dead-lettered, never stops the stream
        await producer.send_and_wait(kafka.alerts_topic, b"{not json", key=b"junk")
    finally:
        await producer.stop()

    registry = CollectorRegistry()
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(
        run_delivery(settings, kafka, channels, stop=stop, registry=registry, ready=ready)
    )
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/{name}", receiver.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await asyncio.wait_for(ready.wait(), 60)
        # the receiver is down: deliveries fail with connection errors and are retried
        await wait_for(
            lambda: sample(registry, "flashpoint_delivery_errors_total", channel="hook",
                           kind="connection") >= 3 * settings.max_in_flight,
            what="failed attempts while the receiver is down",
        )  # fmt: skip
        assert sum(receiver.deliveries["/hook"].values()) == 0
        # now it comes up
        await web.TCPSite(runner, "127.0.0.1", port).start()
        await wait_for(
            lambda: len(receiver.deliveries["/hook"]) == n_alerts
            and sample(registry, "flashpoint_delivery_deadletters_total", channel="flaky",
                       kind="http-4xx") == n_flaky
            and sample(registry, "flashpoint_delivery_alerts_consumed_total",
                       result="malformed") == 1,
            what="all alerts delivered and the flaky ones dead-lettered",
        )  # fmt: skip
        await wait_for(lambda: sample(registry, "flashpoint_delivery_in_flight") == 0, what="idle")
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{http_port}/healthz") as resp:
                assert resp.status == 200
            async with http.get(f"http://127.0.0.1:{http_port}/metrics") as resp:
                text = await resp.text()
        assert 'flashpoint_delivery_deliveries_total{channel="hook",outcome="delivered"}' in text
        # let the last offsets be committed, then stop
        await wait_for(
            lambda: sample(registry, "flashpoint_delivery_last_commit_timestamp_seconds") > 0,
            what="a commit",
        )
        stop.set()
        await asyncio.wait_for(task, 30)

        assert receiver.bad == 0
        assert set(receiver.deliveries["/hook"]) == {a.id for a in alerts}
        assert all(c == 1 for c in receiver.deliveries["/hook"].values())
        assert receiver.deliveries["/flaky"] == Counter()
        assert (
            sample(registry, "flashpoint_delivery_alerts_consumed_total", result="malformed") == 1
        )

        events = await read_topic(kafka, kafka.events_topic, n_alerts)
        ids = [orjson.loads(r.value)["id"] for r in events]
        assert sorted(ids) == sorted(a.id for a in alerts)  # each once
        # each record parses with the CloudEvents SDK's Kafka binding, as a subscriber's would
        first = from_structured_event(
            KafkaMessage(headers=dict(events[0].headers), key=events[0].key, value=events[0].value)
        )
        assert first.get_specversion() == "1.0"
        assert first.get_type() == "org.flashpoint.alert.firing"
        assert first.get_id() == events[0].key.decode()
        assert dict(events[0].headers)["content-type"].startswith(b"application/cloudevents+json")

        letters = [
            DeadLetter.from_json(r.value)
            for r in await read_topic(kafka, kafka.deadletter_topic, n_flaky + 1)
        ]
        flaky_letters = [dl for dl in letters if dl.channel == "flaky"]
        assert len(flaky_letters) == n_flaky
        assert all("HTTP 404" in dl.reason and dl.alert is not None for dl in flaky_letters)
        assert [dl.kind for dl in letters if dl.alert is None] == ["malformed"]

        # a restart that lost its offsets (new group, same state dir) re-sends nothing
        registry2 = CollectorRegistry()
        stop2, ready2 = asyncio.Event(), asyncio.Event()
        again = settings.model_copy(update={"group_id": f"{group_id}-b", "http_port": 0})
        task2 = asyncio.create_task(
            run_delivery(again, kafka, channels, stop=stop2, registry=registry2, ready=ready2)
        )
        # (the malformed record too: the replay below counts its second dead letter)
        await wait_for(
            lambda: sample(registry2, "flashpoint_delivery_deliveries_total", channel="hook",
                           outcome="skipped_duplicate") == n_alerts
            and sample(registry2, "flashpoint_delivery_alerts_consumed_total",
                       result="malformed") == 1,
            what="redelivered alerts skipped by the ledger, the malformed one dead-lettered",
        )  # fmt: skip
        stop2.set()
        await asyncio.wait_for(task2, 30)
        assert all(c == 1 for c in receiver.deliveries["/hook"].values())

        # the flaky receiver is fixed: replay sends to the failed channel only
        receiver.flaky_fixed = True
        report = await replay_deadletters(settings, kafka, channels, registry=CollectorRegistry())
        assert report.delivered == n_flaky and report.deadlettered == 0
        # the malformed record, dead-lettered by each of the two runs (it has no alert id to
        # deduplicate on): replay skips both
        assert report.skipped == 2 and report.read == n_flaky + 2
        assert set(receiver.deliveries["/flaky"]) == {a.id for a in alerts if "flaky" in a.channels}
        assert all(c == 1 for c in receiver.deliveries["/flaky"].values())
        assert all(c == 1 for c in receiver.deliveries["/hook"].values())
        # a second replay finds nothing new
        report2 = await replay_deadletters(settings, kafka, channels, registry=CollectorRegistry())
        assert report2.read == 0
    finally:
        stop.set()
        if not task.done():
            task.cancel()
        await runner.cleanup()


async def test_replay_cli_dry_run_lists_dead_letters(
    kafka_settings: KafkaSettings, group_id: str, tmp_path: Path
) -> None:
    from alerts.deadletter import KafkaDeadLetterSink

    kafka = kafka_settings
    alert = Alert(id="al_cli0001", rule="r", fired_at=datetime.now(UTC), channels=("hook",))
    producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap_list(), acks="all")
    await producer.start()
    try:
        await KafkaDeadLetterSink(producer, kafka.deadletter_topic).put(
            DeadLetter(alert=alert, channel="hook", reason="HTTP 503", kind="http-5xx")
        )
    finally:
        await producer.stop()
    channels_file = tmp_path / "channels.yaml"
    channels_file.write_text("channels:\n  events: {type: kafka}\n", encoding="utf-8")
    env = {
        **os.environ,
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka.topic_prefix,
        "FLASHPOINT_DELIVERY__STATE_DIR": str(tmp_path / "state"),
        "FLASHPOINT_DELIVERY__REPLAY_GROUP_ID": f"{group_id}-replay",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "flashpoint", "replay-deadletter", "--dry-run",
        "--channels", str(channels_file),
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    text = out.decode()
    assert "al_cli0001 hook (http-5xx: HTTP 503)" in text
    assert "replay: read 1, delivered 0" in text


async def test_output_topics_checked_then_created_at_start_up(
    kafka_settings: KafkaSettings, group_id: str, tmp_path: Path
) -> None:
    """A Kafka channel's own topic: `deliver --check` names it while it is missing; delivery
    creates it at start-up, after which the check passes."""
    kafka = kafka_settings
    custom = f"{kafka.topic_prefix}.desk-events"
    channels_file = tmp_path / "channels.yaml"
    channels_file.write_text(f"channels:\n  desk:\n    type: kafka\n    topic: {custom}\n")
    env = clean_env(
        FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS=kafka.bootstrap_servers,
        FLASHPOINT_KAFKA__TOPIC_PREFIX=kafka.topic_prefix,
        FLASHPOINT_DELIVERY__CHANNELS_FILE=str(channels_file),
    )

    def check() -> subprocess.CompletedProcess[str]:
        return python(["-m", "flashpoint", "deliver", "--check"], env)

    before = await asyncio.to_thread(check)
    assert before.returncode == 1, before.stderr
    assert f"output topic(s) missing on {kafka.bootstrap_servers}: {custom}" in before.stderr
    assert "Traceback" not in before.stderr

    settings = DeliverySettings(state_dir=str(tmp_path / "state"), group_id=group_id, http_port=0)
    stop = asyncio.Event()
    ready = asyncio.Event()
    registry = CollectorRegistry()
    task = asyncio.create_task(
        run_delivery(
            settings,
            kafka,
            load_channels(channels_file),
            stop=stop,
            ready=ready,
            registry=registry,
        )
    )
    try:
        await asyncio.wait_for(ready.wait(), 60)
    finally:
        stop.set()
        await asyncio.wait_for(task, 60)
    after = await asyncio.to_thread(check)
    assert after.returncode == 0, after.stderr
    assert custom in after.stdout
    # The repeat limiter's counter exists from the start, at 0 (nothing repeated here).
    assert (
        sample(
            registry, "flashpoint_delivery_suppressed_log_lines_total", logger="aiokafka.cluster"
        )
        == 0.0
    )
    assert (
        registry.get_sample_value(
            "flashpoint_delivery_suppressed_log_lines_total", {"logger": "aiokafka.cluster"}
        )
        is not None
    )


async def test_a_missing_topic_loop_of_the_kafka_client_logs_one_line(
    kafka_settings: KafkaSettings, caplog: pytest.LogCaptureFixture
) -> None:
    """A send to a topic that does not exist makes aiokafka log "Topic ... not found" on every
    metadata retry; with the delivery's repeat limiter on its logger, one line is written and
    the repeats are counted."""
    from alerts.deliver import REPEATING_LOGGERS
    from flashpoint.core.ratelog import limit_repeats

    held: Counter[str] = Counter()
    caplog.set_level("WARNING")
    producer = AIOKafkaProducer(
        bootstrap_servers=kafka_settings.bootstrap_list(), request_timeout_ms=5000
    )
    await producer.start()
    try:
        limiter = limit_repeats(REPEATING_LOGGERS, 600, on_suppressed=lambda n: held.update([n]))
        with limiter, pytest.raises(KafkaError):
            await producer.send_and_wait(f"{kafka_settings.topic_prefix}.never", b"x")
    finally:
        await producer.stop()
    lines = [r for r in caplog.records if "not found in cluster metadata" in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in lines[:5]]
    assert held["aiokafka.cluster"] >= 5  # the loop went on, unlogged
