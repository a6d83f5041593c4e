"""Delivery to a real Alertmanager (Debian's ``prometheus-alertmanager``) on loopback.

The alerts come from the real rule engine (a toll rule with an escalation step and
``resolve_after``) through the real Kafka broker and ``run_delivery``. Alertmanager runs with
``resolve_timeout: 3s`` and delivery re-sends every second (``endsAt`` 4 s ahead), so:

- an alert whose rule group still fires stays active well past the ``endsAt`` of its first
  post (it would have vanished without the re-sends);
- the escalation's critical alert inhibits the warning one (the config's inhibition rule);
- a silence created through Alertmanager's API silences our alert;
- the group's resolution resolves both its alerts (same label sets as they fired with), and
  nothing else.

State is read with GET /api/v2/alerts; every wait is a poll with a deadline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alerts.channels.config import parse_channels
from alerts.ledger import Ledger
from alerts.rules import parse_rules
from alerts.schema import Alert
from flashpoint.core.kafkaconf import KafkaSettings
from streams.engine import Engine
from streams.models import ClassifiedItem
from tests.integration.amharness import Alertmanager
from tests.support.delivery import alert_publisher, delivery_settings, running_delivery
from tests.support.reports import place_of, rule, toll_report

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
RULES = {
    "rules": [
        rule(
            "toll",
            "max_killed",
            {"warning": 10, "critical": 50},
            categories=["strike", "casualty"],
            group_by=["incident"],
            size="10m",
            cooldown="12h",
            resolve_after="30m",
            grace=0,
            channels=["am"],
            labels={"team": "newsdesk"},
        )
    ]
}


def report(n: int, minutes: float, place: str, killed: int) -> ClassifiedItem:
    return toll_report(
        f"item-{n}",
        T0 + timedelta(minutes=minutes),
        killed,
        place=place_of(place),
        title=f"Report {n}",
        text=f"Distinct report {n} in its own words {n * 7}",
        sources=("f1",),
    )


def engine_alerts() -> dict[str, Alert]:
    """The engine's alerts, by what they are: Ganja fires, Yerevan fires, Ganja escalates,
    and a later Yerevan report moves time on so that Ganja's group resolves."""
    engine = Engine(parse_rules(RULES), clock=lambda: T0)
    out: list[Alert] = []
    for ci in (
        report(1, 0, "Ganja", 12),
        report(2, 1, "Yerevan", 15),
        report(3, 2, "Ganja", 60),
        report(4, 40, "Yerevan", 16),
    ):
        out.extend(engine.process(ci))
    assert [(a.status, a.severity) for a in out] == [
        ("firing", "warning"),
        ("firing", "warning"),
        ("escalated", "critical"),
        ("resolved", "critical"),
    ]
    assert all(a.hold_for is None for a in out)  # the rule resolves: no hold time
    return dict(zip(("ganja", "yerevan", "escalated", "resolved"), out, strict=True))


@pytest.fixture
def alertmanager(tmp_path: Path) -> Iterator[Alertmanager]:
    with Alertmanager(tmp_path / "alertmanager") as am:
        yield am


async def wait_for(cond: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(cond):
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def find(alerts: list[dict[str, Any]], **labels: str) -> list[dict[str, Any]]:
    return [a for a in alerts if all(a["labels"].get(k) == v for k, v in labels.items())]


def ts(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


async def test_alertmanager_keeps_inhibits_silences_and_resolves(
    alertmanager: Alertmanager, kafka_settings: KafkaSettings, tmp_path: Path
) -> None:
    am = alertmanager
    alerts = engine_alerts()
    ganja = alerts["ganja"].incident
    yerevan = alerts["yerevan"].incident
    assert ganja is not None and yerevan is not None
    channels = parse_channels({"channels": {"am": {"type": "alertmanager", "url": am.url}}})
    settings = delivery_settings(kafka_settings, tmp_path, alertmanager_resend_interval=1.0)
    async with (
        running_delivery(settings, kafka_settings, channels) as registry,
        alert_publisher(kafka_settings) as publish,
    ):
        await publish(alerts["ganja"], alerts["yerevan"])
        await wait_for(
            lambda: len(find(am.alerts(), source="flashpoint")) == 2, "both alerts active"
        )
        (first,) = find(am.alerts(), incident=ganja.id)
        assert first["status"]["state"] == "active"
        assert first["labels"]["team"] == "newsdesk"
        first_ends = ts(first["endsAt"])

        # A silence made in Alertmanager acts on our alert.
        silence_id = await asyncio.to_thread(am.silence, {"incident": yerevan.id})
        await wait_for(
            lambda: (
                find(am.alerts(), incident=yerevan.id)[0]["status"]["silencedBy"] == [silence_id]
            ),
            "the Yerevan alert silenced",
        )

        # The Ganja alert outlives the endsAt of its first post (and resolve_timeout): only
        # the re-sends keep it. At every look it is still there.
        def refreshed() -> bool:
            found = find(am.alerts(), incident=ganja.id)
            assert len(found) == 1, "the Ganja alert lapsed while its group still fires"
            (now_alert,) = found
            return datetime.now(UTC).timestamp() > first_ends + 1 and (
                ts(now_alert["endsAt"]) > first_ends + 1
            )

        await wait_for(refreshed, "the alert kept active past its first endsAt", timeout=20)
        resends = registry.get_sample_value(
            "flashpoint_delivery_alertmanager_resends_total", {"channel": "am", "result": "ok"}
        )
        assert resends is not None and resends >= 4

        # The escalation: critical active, the warning of the same group inhibited by it.
        await publish(alerts["escalated"])

        def inhibited() -> bool:
            current = find(am.alerts(), incident=ganja.id)
            by_sev = {a["labels"]["severity"]: a["status"] for a in current}
            return (
                set(by_sev) == {"warning", "critical"}
                and by_sev["critical"]["state"] == "active"
                and by_sev["warning"]["state"] == "suppressed"
                and bool(by_sev["warning"]["inhibitedBy"])
            )

        await wait_for(inhibited, "the warning inhibited by the critical alert")

        # The group resolves: both of its alerts end at once; the Yerevan one stays.
        await publish(alerts["resolved"])
        await wait_for(
            lambda: find(am.alerts(), incident=ganja.id) == [], "the Ganja alerts resolved"
        )
        assert [a["labels"]["incident"] for a in find(am.alerts(), source="flashpoint")] == [
            yerevan.id
        ]
        # The gauge follows on the next re-send round.
        await wait_for(
            lambda: (
                registry.get_sample_value(
                    "flashpoint_delivery_alertmanager_active", {"channel": "am"}
                )
                == 1.0
            ),
            "the active-set gauge at 1",
        )
    ledger = Ledger.in_state_dir(settings.state_dir)
    try:
        active = ledger.am_active("am")
    finally:
        ledger.close()
    assert [e.rule_group for e in active] == [f"toll\x1f{alerts['yerevan'].group}"]
