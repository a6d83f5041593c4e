"""Delivery faults through ``run_delivery`` on Kafka: webhook receivers answering 500, 429 (with
Retry-After), 410, or too slowly, and an SMTP server down then up.

tests/integration/test_delivery_kafka.py already covers a receiver that is down then up
(exactly once per webhook-id), 404 dead letters and their replay, a restart that lost its
offsets (the ledger skips what was delivered), and a malformed record. This adds the statuses
and the SMTP outage: retries follow the schedule (measured at the receiver), the 410 endpoint
is disabled and its alerts dead-lettered then replayed with ``enable_endpoints``, nothing is
lost, and no channel is sent again once it succeeded.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import os
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from prometheus_client import CollectorRegistry

from alerts.channels.config import parse_channels
from alerts.deliver import replay_deadletters, run_delivery
from alerts.schema import Alert, IncidentSummary
from alerts.settings import DeliverySettings
from flashpoint.core.kafkaconf import KafkaSettings
from tests.faults.report import Collector
from tests.ports import free_port
from tests.support.delivery import publish_alerts

pytestmark = [pytest.mark.integration, pytest.mark.faults]

SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()
N = 6
INITIAL, MULT, MAX_DELAY = 0.2, 2.0, 1.0
CHANNELS = ("h500", "h429", "h410", "slow", "mail")


class Receiver:
    """Answers per path: 500 twice then 200; 429 (Retry-After: 1) once then 200; 410 until
    fixed; slow (longer than the channel timeout) once then 200."""

    def __init__(self) -> None:
        self.attempts: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.acked: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.gone_fixed = False
        self.gone: dict[str, int] = defaultdict(int)

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        path = request.match_info["name"]
        wid = request.headers["webhook-id"]
        tries = self.attempts[path][wid]
        tries.append(time.monotonic())
        status, headers = 200, {}
        if path == "h500" and len(tries) <= 2:
            status = 500
        elif path == "h429" and len(tries) == 1:
            status, headers = 429, {"Retry-After": "1"}
        elif path == "h410" and not self.gone_fixed:
            status = 410
            self.gone[wid] += 1
        elif path == "slow" and len(tries) == 1:
            await asyncio.sleep(1.5)  # the slow receiver itself: longer than the 0.5 s timeout
        if status == 200:
            self.acked[path][wid] += 1
        return web.Response(status=status, headers=headers)


class Sink:
    def __init__(self) -> None:
        self.ids: dict[str, int] = defaultdict(int)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        text = envelope.content.decode("utf-8", "replace")
        for line in text.splitlines():
            if line.lower().startswith("x-flashpoint-alert-id:"):
                self.ids[line.split(":", 1)[1].strip()] += 1
                break
        else:
            self.ids["?"] += 1
        return "250 OK"


def sample(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, labels) or 0.0


async def wait_for(cond: Callable[[], bool], timeout: float, what: str) -> float:
    t0 = time.monotonic()
    while not cond():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
    return time.monotonic() - t0


@pytest.mark.timeout(180)
async def test_webhook_statuses_and_smtp_outage(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    port, smtp_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    hooks = {
        name: {"type": "webhook", "url": f"{base}/{name}", "secret_env": "S", "timeout": 0.5}
        for name in CHANNELS
        if name != "mail"
    }
    mail = {
        "type": "email",
        "host": "127.0.0.1",
        "port": smtp_port,
        "security": "plain",
        "from": "Flashpoint <alerts@flash.example>",
        "to": ["desk@example.org"],
        "timeout": 2,
    }
    channels = parse_channels({"channels": {**hooks, "mail": mail}}, environ={"S": SECRET})
    group_id = f"g-{uuid.uuid4().hex[:8]}"
    settings = DeliverySettings(
        state_dir=str(tmp_path / "state"),
        group_id=group_id,
        replay_group_id=f"{group_id}-replay",
        max_attempts=12,
        retry_initial_delay=INITIAL,
        retry_multiplier=MULT,
        retry_max_delay=MAX_DELAY,
        retry_jitter=0.0,  # the schedule is then exact, and checkable at the receiver
        max_in_flight=16,
        http_port=0,
        allowed_hosts=("127.0.0.1",),
        shutdown_grace=5,
    )
    alerts = [
        Alert(
            id=f"al_fault{i:03d}",
            rule="toll",
            fired_at=datetime.now(UTC),
            channels=CHANNELS,
            incident=IncidentSummary(id=f"inc-{i}", place="Kharkiv", country="UA", killed=i),
        )
        for i in range(N)
    ]
    await publish_alerts(kafka, *alerts)

    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/{name}", receiver.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    registry = CollectorRegistry()
    stop, ready = asyncio.Event(), asyncio.Event()
    t0 = time.monotonic()
    task = asyncio.create_task(
        run_delivery(settings, kafka, channels, stop=stop, registry=registry, ready=ready)
    )
    ids = {a.id for a in alerts}
    try:
        await asyncio.wait_for(ready.wait(), 60)
        # SMTP is down: every alert fails on it at least twice before the server comes up.
        await wait_for(
            lambda: sample(registry, "flashpoint_delivery_errors_total", channel="mail",
                           kind="connection") >= 2 * N,
            60, "failed SMTP attempts while the server is down",
        )  # fmt: skip
        assert not sink.ids
        await asyncio.to_thread(controller.start)
        smtp_recovery = await wait_for(lambda: set(sink.ids) >= ids, 30, "every e-mail")

        def settled() -> bool:
            return (
                all(set(receiver.acked[p]) >= ids for p in ("h500", "h429", "slow"))
                and sample(registry, "flashpoint_delivery_deadletters_total", channel="h410",
                           kind="gone") + sample(registry, "flashpoint_delivery_deadletters_total",
                           channel="h410", kind="disabled") == N
                and sample(registry, "flashpoint_delivery_in_flight") == 0
            )  # fmt: skip

        await wait_for(settled, 60, "every channel resolved")
        await wait_for(
            lambda: sample(registry, "flashpoint_delivery_last_commit_timestamp_seconds") > 0,
            30,
            "a commit",
        )
        wall = time.monotonic() - t0
        # Replay the 410 channel once it is back: only that channel is sent again.
        receiver.gone_fixed = True
        report = await replay_deadletters(
            settings, kafka, channels, registry=CollectorRegistry(), enable_endpoints=True
        )
        stop.set()
        await asyncio.wait_for(task, 30)
    finally:
        stop.set()
        if not task.done():
            task.cancel()
        await runner.cleanup()
        await asyncio.to_thread(controller.stop)

    # Nothing lost: every channel has every alert.
    for path in ("h500", "h429", "slow", "h410"):
        assert set(receiver.acked[path]) == ids, path
    assert set(sink.ids) == ids
    # No re-send after a success: one acknowledged delivery per alert and channel, except the
    # slow receiver, which acknowledged the first attempt after the sender had timed out.
    for path in ("h500", "h429", "h410"):
        assert all(n == 1 for n in receiver.acked[path].values()), (path, receiver.acked[path])
    assert all(n == 1 for n in sink.ids.values()), sink.ids
    for name in CHANNELS:
        assert sample(registry, "flashpoint_delivery_deliveries_total", channel=name,
                      outcome="delivered") == (0 if name == "h410" else N), name  # fmt: skip
    assert report.delivered == N and report.deadlettered == 0
    # The retry schedule, measured at the receiver: 500 -> waits of 0.2 s then 0.4 s;
    # 429 -> at least the Retry-After of 1 s; 410 -> one attempt, then the endpoint is disabled.
    gaps_500 = [
        [b - a for a, b in itertools.pairwise(t)] for t in receiver.attempts["h500"].values()
    ]
    assert all(len(g) == 2 for g in gaps_500)
    assert all(g[0] >= INITIAL - 0.01 and g[1] >= INITIAL * MULT - 0.01 for g in gaps_500)
    gaps_429 = [t[1] - t[0] for t in receiver.attempts["h429"].values()]
    assert all(len(t) == 2 for t in receiver.attempts["h429"].values())
    assert all(g >= 1.0 - 0.01 for g in gaps_429)
    # 410: at most one refused attempt per alert (none once the endpoint is disabled), never
    # a retry of a refused one.
    assert 1 <= sum(receiver.gone.values()) <= N and all(n == 1 for n in receiver.gone.values())
    assert sample(registry, "flashpoint_delivery_endpoints_disabled_total", channel="h410") >= 1
    slow_acks = sum(receiver.acked["slow"].values())

    def med(xs: list[float]) -> float:
        xs = sorted(xs)
        return xs[len(xs) // 2] if xs else 0.0

    rows = (
        ("webhook 500", "HTTP 500 twice per alert", "h500",
         f"retried after {med([g[0] for g in gaps_500]):.2f} s and "
         f"{med([g[1] for g in gaps_500]):.2f} s (schedule 0.20, 0.40), delivered once"),
        ("webhook 429", "HTTP 429 Retry-After: 1 once per alert", "h429",
         f"retried after {med(gaps_429):.2f} s (Retry-After 1), delivered once"),
        ("webhook 410", "HTTP 410 Gone", "h410",
         f"endpoint disabled, {N} dead letters; replay with enable_endpoints delivered "
         f"{report.delivered}"),
        ("webhook slow", "first answer after 1.5 s, timeout 0.5 s", "slow",
         f"timed out, retried, {slow_acks} acknowledgements at the receiver for {N} alerts "
         "(the late first answers; receivers deduplicate on webhook-id)"),
    )  # fmt: skip
    for name, fault, path, outcome in rows:
        reliability.record(
            group="delivery",
            name=name,
            fault=fault,
            sent=N,
            lost=len(ids - set(receiver.acked[path])),
            alerts=len(receiver.acked[path]),
            duplicates=sum(receiver.acked[path].values()) - len(receiver.acked[path]),
            wall_s=wall,
            outcome=outcome,
        )
    reliability.record(
        group="delivery",
        name="SMTP down, then up",
        fault="no SMTP server for the first attempts",
        sent=N,
        lost=len(ids - set(sink.ids)),
        alerts=len(sink.ids),
        duplicates=sum(sink.ids.values()) - len(sink.ids),
        recovery_s=smtp_recovery,
        wall_s=wall,
        outcome="connection errors retried on schedule; every e-mail sent once",
    )
