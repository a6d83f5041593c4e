"""Retry schedule, offsets, ledger, SSRF guard, CloudEvents and Alertmanager payloads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import web
from aiokafka import TopicPartition
from cloudevents.core.bindings.kafka import KafkaMessage, from_structured_event

from alerts.channels._http import make_session, parse_retry_after
from alerts.channels.alertmanager import AlertmanagerChannel, alertmanager_payload
from alerts.channels.config import AlertmanagerChannelConfig, parse_channels
from alerts.channels.kafka import kafka_record
from alerts.errors import DeliveryError
from alerts.ledger import Ledger
from alerts.offsets import OffsetTracker
from alerts.retry import RetryPolicy
from alerts.schema import Alert, IncidentSummary
from alerts.settings import DeliverySettings
from flashpoint.core.backoff import Backoff
from flashpoint.core.netguard import NetGuard
from tests.support.http import serve


def make_alert(**kw: Any) -> Alert:
    return Alert(
        id="al_core",
        rule="strike-count",
        fired_at=datetime(2020, 10, 11, 1, 0, tzinfo=UTC),
        incident=IncidentSummary(id="inc-1", place="Ganja", country="AZ"),
        **kw,
    )


def test_retry_policy_waits_follow_the_backoff_and_retry_after() -> None:
    policy = RetryPolicy(backoff=Backoff(initial=1, cap=30, multiplier=2, jitter=0.5))
    delays = [policy.delay(3) for _ in range(200)]
    assert all(2.0 <= d <= 4.0 for d in delays)
    assert policy.delay(1, retry_after=120) >= 120


def test_settings_defaults_are_sane_and_validated() -> None:
    s = DeliverySettings()
    policy = RetryPolicy.from_settings(s)
    total = sum(policy.backoff.ceiling(n) for n in range(1, s.max_attempts))
    assert 60 <= total <= 600
    with pytest.raises(ValueError):
        DeliverySettings(retry_initial_delay=10, retry_max_delay=1)


def test_parse_retry_after() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    now = datetime(2026, 1, 1, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, now=now.timestamp()) == pytest.approx(90)
    assert parse_retry_after(format_datetime(now, usegmt=True), now=now.timestamp() + 50) == 0


def test_offsets_commit_only_below_oldest_in_flight() -> None:
    t = OffsetTracker()
    tp = TopicPartition("a", 0)
    for off in (10, 11, 12):
        t.add(tp, off)
    assert t.committable() == {tp: 10}
    t.done(tp, 12)
    assert t.committable() == {tp: 10}
    t.done(tp, 10)
    assert t.committable() == {tp: 11}
    t.mark_committed({tp: 11})
    assert t.committable() == {}
    t.done(tp, 11)
    assert t.committable() == {tp: 13}
    t.drop([tp])
    assert t.committable() == {} and t.in_flight() == 0


def test_offsets_ignore_completions_from_before_a_revoke() -> None:
    t = OffsetTracker()
    tp = TopicPartition("a", 0)
    old = t.add(tp, 5)
    t.drop([tp])  # revoked while offset 5 is still being delivered
    new = t.add(tp, 5)  # assigned back, consumed again
    t.done(tp, 5, old)  # the old delivery finishes
    assert t.committable() == {tp: 5}
    t.done(tp, 5, new)
    assert t.committable() == {tp: 6}


def test_ledger_never_downgrades_and_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    ledger = Ledger(path)
    ledger.record("a1", "hook", "deadlettered", attempts=3, detail="HTTP 500")
    assert ledger.outcome("a1", "hook") == "deadlettered"
    ledger.record("a1", "hook", "delivered", attempts=1)
    ledger.record("a1", "hook", "deadlettered", attempts=2)
    ledger.disable_endpoint("hook", "https://x/y", "410")
    ledger.close()
    again = Ledger(path)
    assert again.outcome("a1", "hook") == "delivered"
    assert again.outcome("a1", "mail") is None
    assert again.is_disabled("hook", "https://x/y") and not again.is_disabled("hook", "https://x/z")
    assert again.enable_endpoints() == 1 and not again.is_disabled("hook", "https://x/y")
    again.close()


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_guard_blocks_internal_ranges(address: str, allowed: bool) -> None:
    assert NetGuard().address_allowed(address) is allowed


def test_guard_allow_list_and_urls() -> None:
    guard = NetGuard(allowed=["127.0.0.1", "10.0.0.0/8"])
    assert guard.address_allowed("127.0.0.1") and guard.address_allowed("10.9.9.9")
    assert not guard.address_allowed("127.0.0.2") and not guard.address_allowed("192.168.0.1")
    assert guard.check_url("http://127.0.0.1:8080/x") is None
    assert NetGuard().check_url("http://127.0.0.1/x") is not None
    assert NetGuard().check_url("http://[::1]/x") is not None
    assert NetGuard().check_url("http://localhost/x") is not None
    assert NetGuard().check_url("ftp://example.org/x") is not None
    assert NetGuard().check_url("https://example.org/x") is None
    assert NetGuard(allow_private=True).check_url("http://10.0.0.1/x") is None


def test_cloudevent_record_parses_with_the_sdk() -> None:
    alert = make_alert(status="escalated")
    record = kafka_record(alert)
    assert record.key == "al_core"
    assert record.headers["content-type"].startswith(b"application/cloudevents+json")
    # a subscriber reads it back with the SDK's Kafka binding, from the raw bytes
    received = KafkaMessage(headers=dict(record.headers), key=b"al_core", value=record.value)
    ev = from_structured_event(received)
    assert ev.get_specversion() == "1.0" and ev.get_id() == "al_core"
    assert ev.get_type() == "org.flashpoint.alert.escalated"
    assert ev.get_source() == "/flashpoint/alerts" and ev.get_subject() == "inc-1"
    assert ev.get_datacontenttype() == "application/json"
    assert ev.get_dataschema() == "urn:flashpoint:alert:v1"
    assert ev.get_time() == datetime(2020, 10, 11, 1, 0, tzinfo=UTC)
    assert ev.get_extension("severity") == alert.severity
    assert ev.get_extension("rule") == "strike-count"
    data = ev.get_data()
    assert isinstance(data, dict) and Alert.model_validate(data) == alert
    # and as plain JSON, for subscribers without the SDK
    plain = orjson.loads(record.value)
    assert plain["id"] == "al_core" and plain["time"] == "2020-10-11T01:00:00Z"


def test_alertmanager_payload_resolved_sets_ends_at() -> None:
    (firing,) = alertmanager_payload(make_alert())
    assert firing["labels"]["alertname"] == "strike-count"
    assert firing["labels"]["country"] == "AZ" and "endsAt" not in firing
    now = datetime(2020, 10, 12, tzinfo=UTC)
    (resolved,) = alertmanager_payload(make_alert(status="resolved"), now=now)
    assert resolved["endsAt"] == now.isoformat()


@pytest.fixture
async def alertmanager() -> AsyncIterator[tuple[list[Any], str]]:
    received: list[Any] = []

    async def post_alerts(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/api/v2/alerts", post_alerts)
    async with serve(app) as server:
        yield received, str(server.make_url(""))


async def test_alertmanager_channel_posts_v2(alertmanager: tuple[list[Any], str]) -> None:
    received, url = alertmanager
    cfg = parse_channels({"channels": {"am": {"type": "alertmanager", "url": url}}}).channels["am"]
    assert isinstance(cfg, AlertmanagerChannelConfig)
    guard = NetGuard(allowed=["127.0.0.1"])
    session = make_session(guard, user_agent="t")
    try:
        ledger = Ledger(":memory:")
        await AlertmanagerChannel(cfg, session, guard, ledger=ledger).send(make_alert())
        bad = cfg.model_copy(update={"url": url + "/nope"})
        with pytest.raises(DeliveryError) as info:
            await AlertmanagerChannel(bad, session, guard, ledger=ledger).send(make_alert())
    finally:
        await session.close()
    assert received[0][0]["annotations"]["alert_id"] == "al_core"
    assert info.value.status == 404 and not info.value.retryable
