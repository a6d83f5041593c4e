"""Burst polling: which feeds a burst covers, how long, and the budget and per-host limits."""

from __future__ import annotations

from datetime import UTC, datetime

from alerts.schema import Alert, IncidentSummary
from producers.burst import BurstPlanner, burst_target
from producers.feeds import FeedConfig
from producers.settings import ProducerSettings

T = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)


def _feeds() -> list[FeedConfig]:
    return [
        FeedConfig("ua-wire", "https://a.example/1", tags={"country": "UA", "region": "europe"}),
        FeedConfig("ua-local", "https://a.example/2", tags={"country": "ua"}),
        FeedConfig("eu-desk", "https://b.example/1", tags={"region": "europe"}),
        FeedConfig("me-desk", "https://c.example/1", tags={"region": "middle-east"}),
        FeedConfig(
            "sy-wire", "https://c.example/2", tags={"country": "SY", "region": "middle-east"}
        ),
    ]


def _alert(**over: object) -> bytes:
    values: dict[str, object] = {
        "id": "al_1",
        "rule": "strike",
        "status": "firing",
        "fired_at": T,
        "burst": True,
        "incident": IncidentSummary(id="inc1", country="UA"),
    }
    values.update(over)
    return Alert.model_validate(values).to_json()


def test_burst_target_reads_only_burst_marked_opening_alerts() -> None:
    assert burst_target(_alert()) == "UA"
    assert burst_target(_alert(status="escalated")) == "UA"
    assert burst_target(_alert(status="resolved")) is None
    assert burst_target(_alert(burst=False)) is None
    assert burst_target(_alert(incident=None)) is None
    assert burst_target(b"not json") is None
    assert burst_target(b"[1, 2]") is None


def test_a_burst_covers_the_country_and_its_regional_feeds_for_its_duration() -> None:
    planner = BurstPlanner(ProducerSettings(burst_duration=600), _feeds())
    names = [f.name for f in planner.start("ua", 1000.0)]
    assert names == ["ua-wire", "ua-local", "eu-desk"]
    assert planner.active("ua-wire", 1599.0)
    assert not planner.active("me-desk", 1000.0)
    planner.start("UA", 1300.0)  # a later escalation extends it
    assert planner.active("eu-desk", 1899.0)
    assert not planner.active("eu-desk", 1900.0)


def test_budget_and_per_host_limits_hold_back_only_burst_polls() -> None:
    settings = ProducerSettings(burst_budget=3, burst_per_host=1)
    feeds = _feeds()
    planner = BurstPlanner(settings, feeds)
    burst = {"ua-wire", "ua-local", "eu-desk", "sy-wire"}
    take, held = planner.admit(feeds, lambda f: f.name in burst, 0.0)
    # a.example once (per host), b.example once, c.example: me-desk is a regular poll, sy-wire
    # the third burst poll of the budget
    assert [f.name for f in take] == ["ua-wire", "eu-desk", "me-desk", "sy-wire"]
    assert [f.name for f in held] == ["ua-local"]
    take, held = planner.admit(feeds[1:2], lambda f: True, 1.0)
    assert take == [] and [f.name for f in held] == ["ua-local"]  # budget spent: 0.05 token
    take, held = planner.admit(feeds[1:2], lambda f: True, 21.0)  # 3/min: one token in 20 s
    assert [f.name for f in take] == ["ua-local"] and held == []
