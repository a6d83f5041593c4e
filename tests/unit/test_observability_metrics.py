"""The worker's incident metrics: casualties from running maxima, bounded places."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry

from streams import metrics as worker_metrics
from streams.metrics import WorkerMetrics


def _incident(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "inc-1",
        "categories": ["strike", "casualty"],
        "country": "AZ",
        "place": "Ganja",
        "lat": 40.6828,
        "lon": 46.3606,
        "killed": None,
        "wounded": None,
    }
    base.update(kw)
    return base


def _value(reg: CollectorRegistry, name: str, **labels: str) -> float | None:
    return reg.get_sample_value(name, labels)


def test_casualties_count_the_rise_of_the_maximum_not_the_sum() -> None:
    reg = CollectorRegistry()
    m = WorkerMetrics(reg)
    m.observe_incident(_incident(killed=12, wounded=40), created=True)
    # Ten syndicated copies of the same toll change nothing.
    for _ in range(10):
        m.observe_incident(_incident(killed=12, wounded=40), created=False)
    # A lower figure from a later report does not lower the maximum, a higher one raises it.
    m.observe_incident(_incident(killed=7, wounded=40), created=False)
    m.observe_incident(_incident(killed=14, wounded=None), created=False)
    total = "flashpoint_casualties_reported_total"
    assert _value(reg, total, country="AZ", kind="killed") == 14
    assert _value(reg, total, country="AZ", kind="wounded") == 40
    opened = "flashpoint_incidents_opened_total"
    assert _value(reg, opened, category="strike") == 1
    assert _value(reg, opened, category="casualty") == 1
    assert (
        _value(
            reg,
            "flashpoint_place_incidents",
            country="AZ",
            place="Ganja",
            lat="40.683",
            lon="46.361",
        )
        == 1
    )


def test_incidents_in_another_country_are_counted_apart() -> None:
    reg = CollectorRegistry()
    m = WorkerMetrics(reg)
    m.observe_incident(_incident(killed=3), created=True)
    m.observe_incident(
        _incident(id="inc-2", country=None, place=None, lat=None, lon=None, killed=2),
        created=True,
    )
    total = "flashpoint_casualties_reported_total"
    assert _value(reg, total, country="AZ", kind="killed") == 3
    assert _value(reg, total, country="ZZ", kind="killed") == 2
    # No place, no marker.
    places = [s for f in reg.collect() if f.name == "flashpoint_place_incidents" for s in f.samples]
    assert len(places) == 1


def test_place_gauge_keeps_only_the_top_places(monkeypatch: Any) -> None:
    monkeypatch.setattr(worker_metrics, "_MAX_PLACES", 3)
    reg = CollectorRegistry()
    m = WorkerMetrics(reg)
    n = 0

    def at(place: str, times: int) -> None:
        nonlocal n
        for _ in range(times):
            n += 1
            m.observe_incident(
                _incident(id=f"i{n}", place=place, lat=float(len(place)), lon=1.0),
                created=True,
            )

    at("A", 3)
    at("BB", 2)
    at("CCC", 1)
    at("DDDD", 1)  # board full, and DDDD (1) is not above the weakest (1): not shown
    at("DDDD", 1)  # now 2 > 1: it replaces CCC
    shown = {
        s.labels["place"]: s.value
        for f in reg.collect()
        if f.name == "flashpoint_place_incidents"
        for s in f.samples
    }
    assert shown == {"A": 3, "BB": 2, "DDDD": 2}
