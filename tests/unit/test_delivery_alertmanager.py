"""The Alertmanager channel keeps firing alerts alive and resolves them with the same labels.

A port-0 HTTP server records what is posted; time is a fake clock (Unix seconds), so the
``endsAt`` values are exact.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from alerts.channels._http import make_session
from alerts.channels.alertmanager import AlertmanagerChannel
from alerts.channels.config import AlertmanagerChannelConfig, parse_channels
from alerts.ledger import Ledger
from alerts.schema import Alert, IncidentSummary
from flashpoint.core.netguard import NetGuard
from tests.support.http import serve

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0.timestamp()

    def __call__(self) -> float:
        return self.now


class Receiver:
    def __init__(self) -> None:
        self.posts: list[list[dict[str, Any]]] = []
        self.status = 200


def alert(status: str = "firing", **kw: Any) -> Alert:
    base: dict[str, Any] = {
        "id": f"al_{status}_{kw.get('severity', 'warning')}",
        "rule": "mass-casualty",
        "group": "incident=inc-1",
        "severity": "warning",
        "status": status,
        "fired_at": T0,
        "incident": IncidentSummary(id="inc-1", place="Ganja", country="AZ"),
        "labels": {"team": "newsdesk"},
    }
    base.update(kw)
    return Alert(**base)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    rec = Receiver()

    async def post_alerts(request: web.Request) -> web.Response:
        rec.posts.append(await request.json())
        return web.json_response({}, status=rec.status)

    app = web.Application()
    app.router.add_post("/api/v2/alerts", post_alerts)
    async with serve(app) as server:
        yield rec, str(server.make_url("")).rstrip("/")


@pytest.fixture
async def make_channel(receiver: tuple[Receiver, str], tmp_path: Path) -> AsyncIterator[Any]:
    _, url = receiver
    cfg = parse_channels({"channels": {"am": {"type": "alertmanager", "url": url}}}).channels["am"]
    assert isinstance(cfg, AlertmanagerChannelConfig)
    guard = NetGuard(allowed=["127.0.0.1"])
    session = make_session(guard, user_agent="t")
    ledgers: list[Ledger] = []

    def build(clock: Clock, **kw: Any) -> AlertmanagerChannel:
        ledger = Ledger.in_state_dir(tmp_path)  # a new one each call: a restarted process
        ledgers.append(ledger)
        return AlertmanagerChannel(
            cfg, session, guard, ledger=ledger, resend_interval=10.0, clock=clock, **kw
        )

    try:
        yield build
    finally:
        await session.close()
        for ledger in ledgers:
            ledger.close()


@pytest.fixture
def case(
    receiver: tuple[Receiver, str], make_channel: Any
) -> tuple[Receiver, Clock, AlertmanagerChannel]:
    """The receiver, a clock at T0 and a channel on a fresh ledger (the usual set-up)."""
    clock = Clock()
    return receiver[0], clock, make_channel(clock)


def iso(dt: datetime) -> str:
    return dt.isoformat()


async def test_firing_is_resent_with_ends_at_ahead_until_resolved(
    case: tuple[Receiver, Clock, AlertmanagerChannel],
) -> None:
    rec, clock, ch = case
    await ch.send(alert())
    (first,) = rec.posts[0]
    assert first["endsAt"] == iso(T0 + timedelta(seconds=40))  # 4 intervals of 10 s
    assert first["startsAt"] == iso(T0)
    for step in (1, 2, 3):
        clock.now = T0.timestamp() + 10 * step
        report = await ch.resend()
        assert report.sent == 1 and report.error is None
        (again,) = rec.posts[-1]
        assert again["labels"] == first["labels"]
        assert again["endsAt"] == iso(T0 + timedelta(seconds=10 * step + 40))
    clock.now = T0.timestamp() + 35
    await ch.send(alert("resolved", fired_at=T0 + timedelta(seconds=30)))
    (resolved,) = rec.posts[-1]
    assert resolved["labels"] == first["labels"]
    assert resolved["endsAt"] == iso(T0 + timedelta(seconds=35))
    posts = len(rec.posts)
    assert (await ch.resend()).sent == 0
    assert len(rec.posts) == posts  # resolved once, then nothing more


async def test_escalation_and_incident_drift_resolve_every_label_set(
    case: tuple[Receiver, Clock, AlertmanagerChannel],
) -> None:
    """The resolved record carries the last severity and incident; Alertmanager must still
    see each alert posted while firing end, with the labels it was posted with."""
    rec, clock, ch = case
    await ch.send(alert())
    later = IncidentSummary(id="inc-2", place="Tartar", country="AZ")
    await ch.send(alert("escalated", severity="critical", incident=later))
    fired = [p[0]["labels"] for p in rec.posts]
    assert [f["severity"] for f in fired] == ["warning", "critical"]
    clock.now += 5
    await ch.send(alert("resolved", severity="critical", incident=later))
    ended = {tuple(sorted(a["labels"].items())): a["endsAt"] for a in rec.posts[-1]}
    assert set(ended) == {tuple(sorted(f.items())) for f in fired}
    assert set(ended.values()) == {iso(T0 + timedelta(seconds=5))}


async def test_active_set_survives_a_restart(
    receiver: tuple[Receiver, str], make_channel: Any
) -> None:
    rec, _ = receiver
    clock = Clock()
    await make_channel(clock).send(alert())
    clock.now += 10
    restarted = make_channel(clock)
    assert (await restarted.resend()).sent == 1
    assert rec.posts[-1][0]["labels"]["alertname"] == "mass-casualty"


async def test_entries_expire_after_max_age_with_a_resolution(
    receiver: tuple[Receiver, str], make_channel: Any
) -> None:
    rec, _ = receiver
    clock = Clock()
    ch = make_channel(clock, max_age=100.0)
    await ch.send(alert())
    clock.now += 101
    report = await ch.resend()
    assert report.expired == 1 and report.sent == 0
    assert rec.posts[-1][0]["endsAt"] == iso(T0 + timedelta(seconds=101))
    assert (await ch.resend()).expired == 0 and ch._ledger.am_active("am") == []


async def test_alert_of_a_rule_without_resolution_ends_after_its_hold(
    case: tuple[Receiver, Clock, AlertmanagerChannel],
) -> None:
    """No 'resolved' record will come (hold_for set): the alert ends that long after its last
    firing record; a newer firing record with the same labels extends it."""
    rec, clock, ch = case
    await ch.send(alert(hold_for=3600.0))
    clock.now += 1800
    await ch.send(alert(id="al_again", hold_for=3600.0, fired_at=T0 + timedelta(minutes=30)))
    clock.now += 3599
    assert (await ch.resend()).sent == 1
    clock.now += 2
    report = await ch.resend()
    assert report.expired == 1 and report.sent == 0
    assert rec.posts[-1][0]["endsAt"] == iso(T0 + timedelta(seconds=1800 + 3601))
    assert ch._ledger.am_active("am") == []


async def test_firing_consumed_after_its_resolution_is_not_kept_alive(
    case: tuple[Receiver, Clock, AlertmanagerChannel],
) -> None:
    rec, _clock, ch = case
    await ch.send(alert("resolved", fired_at=T0 + timedelta(hours=1)))
    await ch.send(alert())  # fired before the resolution: a late record of that episode
    assert rec.posts[-1][0]["endsAt"] == iso(T0)
    assert ch._ledger.am_active("am") == []
    await ch.send(alert(fired_at=T0 + timedelta(hours=2)))  # a new episode
    assert len(ch._ledger.am_active("am")) == 1


async def test_failed_resend_keeps_the_entries(
    case: tuple[Receiver, Clock, AlertmanagerChannel],
) -> None:
    rec, _clock, ch = case
    await ch.send(alert())
    rec.status = 503
    report = await ch.resend()
    assert report.error == "http-5xx" and report.sent == 0
    rec.status = 200
    assert (await ch.resend()).sent == 1


def test_alertmanager_configs_pass_amtool() -> None:
    """The example config (with the escalation inhibition) and the tests' config are valid
    for the real Alertmanager (amtool comes with Debian's prometheus-alertmanager)."""
    amtool = shutil.which("amtool")
    assert amtool, "amtool not found: run bash scripts/install-system-deps.sh"
    root = Path(__file__).resolve().parents[2]
    for config in (
        root / "deploy" / "alertmanager" / "alertmanager.yml",
        root / "tests" / "integration" / "alertmanager.yml",
    ):
        proc = subprocess.run(
            [amtool, "check-config", str(config)], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
