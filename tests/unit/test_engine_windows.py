"""The rule engine through hand-made classified items: windows, cooldown, escalation,
resolution, late items and grace, dedup, conditions, bounded state."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from alerts.rules import RuleSet, parse_rules
from streams.engine import Engine
from streams.enginestate import SEEN_SEGMENT, EngineState, Overlay
from streams.models import ClassifiedItem
from tests.support.reports import T0, TOLL_RULE, report


def _about(n: int | str, place: str | None) -> str:
    return f"Report {n} about {place}"


def _unique(n: int | str, place: str | None) -> str:
    return f"Unique text number {n} " * 3 + f"{place}"


# Reports in English whose title and text name their place.
mk = partial(report, titled=_about, worded=_unique, language="en")


def rules(*rule: dict[str, Any], **incidents: Any) -> RuleSet:
    return parse_rules({"rules": list(rule), "incidents": incidents}, file="test.yaml")


def count_rule(**over: Any) -> dict[str, Any]:
    r: dict[str, Any] = {
        "name": "count3",
        "window": {"type": "tumbling", "size": "1h"},
        "aggregate": "count",
        "thresholds": [{"at": 3, "severity": "warning"}],
        "grace": "10m",
        "cooldown": "30m",
    }
    r.update(over)
    return r


class _Recording(dict[str, Any]):
    """A windows store that records the key of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def __setitem__(self, key: str, value: Any) -> None:
        self.writes.append(key)
        super().__setitem__(key, value)


def recording_windows() -> tuple[EngineState, list[str]]:
    """State whose windows store records its writes, and the list of keys written."""
    windows = _Recording()
    return EngineState(windows=windows), windows.writes


def run(engine: Engine, items: list[ClassifiedItem]) -> list[Any]:
    out = []
    for it in items:
        out.extend(engine.process(it))
    return out


def test_tumbling_window_fires_once_when_the_count_reaches_the_threshold() -> None:
    eng = Engine(rules(count_rule()))
    # 2 in [00:00, 01:00), 4 in [01:00, 02:00): only the second window reaches 3
    alerts = run(eng, [mk(i, m) for i, m in enumerate([10, 50, 61, 70, 80, 90])])
    assert len(alerts) == 1
    a = alerts[0]
    assert (a.rule, a.severity, a.status, a.group) == ("count3", "warning", "firing", "*")
    assert a.window_start == T0 + timedelta(hours=1)
    assert a.window_end == T0 + timedelta(hours=2)
    assert a.fired_at == T0 + timedelta(minutes=80)  # the third item of the window
    assert (a.value, a.threshold, a.aggregation) == (3, 3, "count")
    assert a.incident is not None and a.incident.place == "Ganja"
    assert len(a.incident.headlines) == 3
    assert all(h.url for h in a.incident.headlines)


def test_hopping_windows_catch_a_burst_across_a_tumbling_boundary() -> None:
    items = [mk(1, 40), mk(2, 50), mk(3, 70)]
    assert run(Engine(rules(count_rule())), items) == []
    hop = count_rule(window={"type": "hopping", "size": "1h", "advance": "30m"})
    alerts = run(Engine(rules(hop)), items)
    assert len(alerts) == 1
    assert alerts[0].window_start == T0 + timedelta(minutes=30)
    assert alerts[0].window_end == T0 + timedelta(minutes=90)


def test_cooldown_holds_back_then_realerts() -> None:
    r = count_rule(thresholds=[{"at": 1, "severity": "warning"}], cooldown="90m")
    eng = Engine(rules(r))
    alerts = run(eng, [mk(1, 5), mk(2, 65), mk(3, 100), mk(4, 125)])
    # 00:05 fires (window 0); 01:05 window 1 held back (cooldown to 01:35);
    # 01:40 window 1 already held back; 02:05 window 2 fires again
    assert [a.fired_at for a in alerts] == [T0 + timedelta(minutes=5), T0 + timedelta(minutes=125)]
    assert [a.status for a in alerts] == ["firing", "firing"]
    assert len({a.id for a in alerts}) == 2
    assert eng.stats.suppressed == 1
    # No resolution follows (no resolve_after): receivers hold each alert for the cooldown.
    assert [a.hold_for for a in alerts] == [5400.0, 5400.0]


def test_escalation_breaks_the_cooldown_when_the_toll_rises() -> None:
    r = {**TOLL_RULE, "when": {"categories": ["strike", "casualty"]}, "cooldown": "12h"}
    eng = Engine(rules(r))
    items = [
        mk(1, 0, ("strike", "casualty"), killed=3),
        mk(2, 30, ("casualty",), killed=12, feed="f2"),
        mk(3, 60, ("casualty",), killed=12, feed="f3"),  # same toll: nothing new
        mk(4, 90, ("casualty",), killed=55, feed="f4"),  # critical: breaks the cooldown
        mk(5, 120, ("casualty",), killed=20, feed="f5"),  # lower figure: the max stays 55
    ]
    alerts = run(eng, items)
    assert [(a.severity, a.status, a.value) for a in alerts] == [
        ("warning", "firing", 12),
        ("critical", "escalated", 55),
    ]
    assert alerts[0].group == alerts[1].group == f"incident={alerts[0].incident.id}"  # type: ignore[union-attr]
    assert alerts[1].incident is not None and alerts[1].incident.killed == 55
    assert alerts[1].incident.sources == ("f1", "f2", "f3", "f4")
    final = eng.incident(alerts[1].incident.id)
    assert final is not None and final["killed"] == 55 and len(final["sources"]) == 5


def test_resolution_after_a_quiet_period() -> None:
    r = count_rule(thresholds=[{"at": 2, "severity": "warning"}], resolve_after="2h")
    eng = Engine(rules(r))
    fired = run(eng, [mk(1, 5), mk(2, 10)])
    assert [a.status for a in fired] == ["firing"]
    assert fired[0].hold_for is None  # a resolution follows
    assert eng.advance(T0 + timedelta(hours=2)) == []  # quiet for less than 2h + grace
    resolved = eng.advance(T0 + timedelta(hours=2, minutes=25))
    assert [a.status for a in resolved] == ["resolved"]
    assert resolved[0].severity == "warning"
    assert resolved[0].fired_at == T0 + timedelta(minutes=10 + 120)
    assert eng.advance(T0 + timedelta(hours=5)) == []  # only once
    # a new episode fires again with a new id
    again = run(eng, [mk(3, 400), mk(4, 410)])
    assert [a.status for a in again] == ["firing"]
    assert again[0].id != fired[0].id


def test_late_items_count_within_grace_and_are_dropped_after() -> None:
    r = count_rule(grace="10m")
    eng = Engine(rules(r))
    run(eng, [mk(1, 10), mk(2, 20), mk(3, 65)])  # watermark 01:05
    within = eng.process(mk(4, 50))  # late by 15 min, window [0, 1h) open until 01:10
    assert [a.window_start for a in within] == [T0]
    eng2 = Engine(rules(r))
    run(eng2, [mk(1, 10), mk(2, 20), mk(3, 75)])  # watermark 01:15: window [0, 1h) closed
    assert eng2.process(mk(4, 50)) == []
    assert eng2.stats.late == 1


def test_duplicates_and_replays_do_not_double_count_or_realert() -> None:
    r = count_rule(thresholds=[{"at": 2, "severity": "warning"}])
    eng = Engine(rules(r))
    assert run(eng, [mk(1, 5), mk(1, 5), mk(1, 6)]) == []  # one item three times
    assert eng.stats.duplicates == 2
    first = run(eng, [mk(2, 7)])
    assert len(first) == 1
    # the same stream through a fresh engine mints the same ids (deterministic)
    again = run(Engine(rules(r)), [mk(1, 5), mk(2, 7)])
    assert [a.id for a in again] == [a.id for a in first]


def test_distinct_sources_and_incidents_count_incidents_not_articles() -> None:
    wire = "A ballistic missile hit a residential area of Ganja overnight, officials said. " * 3
    syndicated = [
        mk(i, i, title="Missile hits Ganja", text=wire, feed=f"outlet{i}", place=None)
        for i in range(5)
    ]
    src = count_rule(
        name="sources", aggregate="distinct_sources", thresholds=[{"at": 5, "severity": "warning"}]
    )
    inc = count_rule(
        name="incidents",
        aggregate="distinct_incidents",
        thresholds=[{"at": 2, "severity": "warning"}],
    )
    eng = Engine(rules(src, inc))
    alerts = run(eng, syndicated)
    assert [a.rule for a in alerts] == ["sources"]
    assert eng.stats.incidents_created == 1
    assert alerts[0].incident is not None and len(alerts[0].incident.sources) == 5
    # a separate incident far away makes two
    alerts = eng.process(mk(9, 10, place="Yerevan", text="Shelling reported near Yerevan today."))
    assert [a.rule for a in alerts] == ["incidents"]


def test_group_by_country_and_place_keeps_groups_apart() -> None:
    r = count_rule(group_by=["country", "place"], thresholds=[{"at": 2, "severity": "warning"}])
    eng = Engine(rules(r))
    alerts = run(eng, [mk(1, 1), mk(2, 2, place="Yerevan"), mk(3, 3, place="Stepanakert")])
    assert alerts == []
    alerts = eng.process(mk(4, 4, place="Yerevan"))
    assert [a.group for a in alerts] == ["country=AM,place=yerevan"]


@pytest.mark.parametrize(
    ("when", "item", "hit"),
    [
        (
            {"geofence": {"lat": 40.6828, "lon": 46.3606, "radius_km": 30}},
            mk(1, 1, place="Goygol"),
            True,
        ),
        (
            {"geofence": {"lat": 40.6828, "lon": 46.3606, "radius_km": 30}},
            mk(1, 1, place="Yerevan"),
            False,
        ),
        (
            {"geofence": {"lat": 40.6828, "lon": 46.3606, "radius_km": 30}},
            mk(1, 1, place=None),
            False,
        ),
        ({"countries": ["am"]}, mk(1, 1, place="Yerevan"), True),
        ({"countries": ["AM"]}, mk(1, 1), False),
        ({"places": ["ganja"]}, mk(1, 1), True),
        ({"languages": ["ru"]}, mk(1, 1), False),
        ({"languages": ["en"]}, mk(1, 1, language="en-GB"), True),
        ({"source_tags": {"region": "caucasus"}}, mk(1, 1, tags={"region": "caucasus"}), True),
        ({"source_tags": {"region": "caucasus"}}, mk(1, 1), False),
        ({"feeds": ["f1"]}, mk(1, 1), True),
        ({"categories": ["diplomatic"]}, mk(1, 1), False),
        ({"categories": ["strike", "casualty"], "all_categories": True}, mk(1, 1), False),
        ({"killed_at_least": 5}, mk(1, 1, killed=5), True),
        ({"killed_at_least": 5}, mk(1, 1, killed=4), False),
        ({"wounded_at_least": 5}, mk(1, 1), False),
    ],
)
def test_conditions(when: dict[str, Any], item: ClassifiedItem, hit: bool) -> None:
    eng = Engine(rules(count_rule(when=when, thresholds=[{"at": 1, "severity": "info"}])))
    assert bool(eng.process(item)) is hit


def test_processing_time_uses_the_clock() -> None:
    now = [T0 + timedelta(days=3)]
    r = count_rule(time="processing", thresholds=[{"at": 2, "severity": "info"}])
    eng = Engine(rules(r), clock=lambda: now[0])
    # published a day apart, but they arrive within one processing-time window
    alerts = run(eng, [mk(1, 0), mk(2, 24 * 60)])
    assert len(alerts) == 1
    assert alerts[0].window_start == T0 + timedelta(days=3)


def test_state_is_bounded() -> None:
    r = count_rule(thresholds=[{"at": 1, "severity": "info"}])
    state = EngineState()
    eng = Engine(rules(r, retention="1d", seen_retention="1d"), state)
    run(eng, [mk(i, i * 7, place=p) for i, p in enumerate(["Ganja", "Yerevan", "Stepanakert"] * 5)])
    assert state.windows and state.incidents and state.seen and state.groups
    eng.advance(T0 + timedelta(days=5))
    assert not state.windows and not state.groups and not state.incidents and not state.seen
    assert set(state.meta) == {"watermark"}


def test_engine_state_is_json_serialisable_and_survives_a_restart() -> None:
    import orjson

    r = count_rule(thresholds=[{"at": 3, "severity": "warning"}])
    state = EngineState()
    run(Engine(rules(r), state), [mk(1, 1), mk(2, 2)])
    # serialise every store (as a changelog would) and continue in a new engine
    copied = EngineState(*(dict(orjson.loads(orjson.dumps(dict(s)))) for s in state.stores()))
    alerts = Engine(rules(r), copied).process(mk(3, 3))
    assert len(alerts) == 1
    fresh = EngineState()
    expected = run(Engine(rules(r), fresh), [mk(1, 1), mk(2, 2), mk(3, 3)])
    assert [a.id for a in alerts] == [a.id for a in expected]


def test_overlay_buffers_writes_until_flush() -> None:
    base: dict[str, Any] = {"a": 1, "b": 2}
    ov = Overlay(base)
    ov["a"] = 10
    del ov["b"]
    ov["c"] = 3
    assert dict(ov) == {"a": 10, "c": 3}
    assert "b" not in ov and len(ov) == 2
    assert base == {"a": 1, "b": 2}
    ov.flush()
    assert base == {"a": 10, "c": 3}
    with pytest.raises(KeyError):
        del ov["zz"]


def test_engine_on_an_overlay_leaves_the_base_untouched_until_flush() -> None:
    import copy

    r = count_rule(thresholds=[{"at": 2, "severity": "warning"}], group_by=["incident"])
    base = EngineState()
    run(Engine(rules(r), base), [mk(1, 1, killed=3)])
    snapshot = copy.deepcopy([dict(s) for s in base.stores()])
    tx = base.overlay()
    alerts = Engine(rules(r), tx).process(mk(2, 2, killed=5, feed="f2"))
    assert len(alerts) == 1
    assert [dict(s) for s in base.stores()] == snapshot  # nothing leaked, not even nested lists
    tx.flush()
    inc = next(iter(base.incidents.values()))
    assert inc["sources"] == ["f1", "f2"] and inc["killed"] == 5
    # the flushed state continues exactly like one that never used an overlay
    direct = EngineState()
    run(Engine(rules(r), direct), [mk(1, 1, killed=3), mk(2, 2, killed=5, feed="f2")])
    assert [dict(s) for s in base.stores()] == [dict(s) for s in direct.stores()]


def test_seen_ids_are_short_hashes_in_a_few_records_per_hour() -> None:
    r = count_rule(thresholds=[{"at": 1000, "severity": "info"}])
    state = EngineState()
    eng = Engine(rules(r), state)
    n = SEEN_SEGMENT + 10
    run(eng, [mk(i, 1 + i * 0.1) for i in range(n)])  # all in one hour
    # two records (a full segment and the next), each a list of 16-character hashes
    assert sorted(len(v) for v in state.seen.values()) == [10, SEEN_SEGMENT]
    assert all(len(h) == 16 for v in state.seen.values() for h in v)
    assert not any(f"item-{i}" in str(state.seen) for i in range(n))
    # every one is still known, also to an engine rebuilt from the stored state
    assert run(eng, [mk(0, 1), mk(n - 1, 1)]) == [] and eng.stats.duplicates == 2
    again = Engine(rules(r), state)
    assert again.process(mk(n - 1, 1)) == [] and again.stats.duplicates == 1
    assert again.process(mk(n, 2)) == [] and again.stats.duplicates == 1
    assert sorted(len(v) for v in state.seen.values()) == [11, SEEN_SEGMENT]


def test_seen_ids_of_the_older_layout_are_known_and_expire() -> None:
    r = count_rule(thresholds=[{"at": 1000, "severity": "info"}])
    ts = (T0 + timedelta(minutes=5)).timestamp()
    state = EngineState(seen={"item-1": ts})  # one key per id, as the state was written before
    eng = Engine(rules(r, seen_retention="1d"), state)
    assert eng.process(mk(1, 5)) == [] and eng.stats.duplicates == 1
    eng.process(mk(2, 6))
    assert eng.stats.duplicates == 1
    eng.advance(T0 + timedelta(days=3))
    assert not state.seen
    assert eng.process(mk(1, 3 * 24 * 60)) == [] and eng.stats.duplicates == 1  # forgotten


def test_state_records_keep_short_hashes_of_item_ids_not_the_ids() -> None:
    import json

    from streams.incidents import short_id

    r = count_rule(thresholds=[{"at": 2, "severity": "warning"}])
    state = EngineState()
    alerts = run(Engine(rules(r), state), [mk(1, 1), mk(2, 2), mk(2, 3)])
    assert len(alerts) == 1
    stored = json.dumps([dict(s) for s in state.stores()])
    assert "item-1" not in stored and "item-2" not in stored
    (rec,) = state.windows.values()
    (win,) = rec["w"].values()
    assert win["items"] == [short_id("item-1"), short_id("item-2")]
    (inc,) = state.incidents.values()
    assert inc["items"] == [short_id("item-1"), short_id("item-2")]
    # what users see is unchanged: the alert's incident summary has its headlines and links
    assert alerts[0].incident is not None and alerts[0].incident.headlines


def test_a_rule_groups_hopping_windows_share_one_record() -> None:
    r = count_rule(
        window={"type": "hopping", "size": "1h", "advance": "15m"},
        thresholds=[{"at": 2, "severity": "warning"}],
    )
    state, writes = recording_windows()
    eng = Engine(rules(r), state)
    alerts = run(eng, [mk(1, 50), mk(2, 55)])
    assert len(alerts) == 1  # the four windows holding both items fire once (cooldown)
    (rec,) = state.windows.values()
    assert len(rec["w"]) == 4  # the four hopping windows that hold 00:50
    assert writes == [writes[0]] * 2  # one record write per item, not one per window
    # windows close one by one; the record goes once the last one has
    eng.advance(T0 + timedelta(minutes=80))
    (rec,) = state.windows.values()
    assert 0 < len(rec["w"]) < 4
    eng.advance(T0 + timedelta(hours=3))
    assert not state.windows


def test_windows_of_the_older_layout_still_count_and_close() -> None:
    from streams.incidents import short_id

    r = count_rule(thresholds=[{"at": 2, "severity": "warning"}])
    start = (T0 - timedelta(minutes=T0.minute)).timestamp()
    old = {
        "items": [short_id("item-1")],
        "sources": ["f1"],
        "incidents": ["x"],
        "max_killed": None,
        "max_wounded": None,
        "fired": None,
        "overflow": 0,
        "rule": "count3",
        "end": start + 3600,
    }
    state = EngineState(windows={f"count3\x1f*\x1f{start:.0f}": old})
    eng = Engine(rules(r), state)
    alerts = eng.process(mk(2, 5))  # the second item of the stored window: it fires
    assert len(alerts) == 1 and alerts[0].value == 2
    (key,) = state.windows  # moved into its group's record
    assert key == "count3\x1f*"
    eng.advance(T0 + timedelta(hours=3))
    assert not state.windows
    # an older record nobody touches again is closed and deleted too
    state = EngineState(windows={f"count3\x1f*\x1f{start:.0f}": old})
    Engine(rules(r), state).advance(T0 + timedelta(hours=3))
    assert not state.windows


def test_an_item_that_changes_no_window_writes_no_window_record() -> None:
    """A maximum per incident: reports that do not raise the toll leave the window as it was,
    so they cost no window write (no changelog record in the worker)."""
    r = count_rule(
        name="toll",
        aggregate="max_killed",
        group_by=["incident"],
        window={"type": "tumbling", "size": "24h"},
        thresholds=[{"at": 10, "severity": "warning"}, {"at": 50, "severity": "critical"}],
    )
    state, writes = recording_windows()
    eng = Engine(rules(r), state)
    tolls = [12, 12, 5, None, 12, 60, 60]
    alerts = run(
        eng, [mk(i, i, ("casualty",), feed=f"f{i}", killed=k) for i, k in enumerate(tolls)]
    )
    assert [a.severity for a in alerts] == ["warning", "critical"]
    assert len(state.incidents) == 1
    assert len(writes) == 2  # the first report (12 killed) and the rise to 60; none for the rest
    (rec,) = state.windows.values()
    (win,) = rec["w"].values()
    assert win["max_killed"] == 60 and "items" not in win and "sources" not in win


def test_distinct_sources_window_is_rewritten_only_for_a_new_source() -> None:
    r = count_rule(aggregate="distinct_sources", thresholds=[{"at": 3, "severity": "warning"}])
    state, writes = recording_windows()
    eng = Engine(rules(r), state)
    feeds = ["a", "a", "b", "a", "b", "c"]
    alerts = run(eng, [mk(i, i, feed=f) for i, f in enumerate(feeds)])
    assert len(alerts) == 1 and alerts[0].value == 3
    assert len(writes) == 3  # a, b, c (c fires in the same write); repeated sources write nothing
