"""Time passing looks only at what is due (streams.enginestate.DueQueue, the incident folder's
heaps): after every item, nothing the full scan would close, forget or resolve is left over,
whatever the order of event times, the rules' clocks and graces."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streams.engine import Engine
from streams.enginestate import DueQueue
from tests.unit.test_engine_windows import T0, count_rule, mk, rules


class _Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _ruleset() -> Any:
    return rules(
        count_rule(name="tumble", grace="10m", group_by=["place"]),
        count_rule(
            name="hop",
            window={"type": "hopping", "size": "2h", "advance": "30m"},
            grace="0s",
            cooldown="20m",
            resolve_after="45m",
            group_by=["place"],
            thresholds=[{"at": 1, "severity": "info"}, {"at": 3, "severity": "warning"}],
        ),
        count_rule(name="proc", time="processing", grace="5m", cooldown="0s", group_by=["feed"]),
        fold_window="2h",
        contest_window="3h",
        retention="5h",
        seen_retention="4h",
    )


def _left_over(eng: Engine, now: float) -> list[str]:
    """What a scan of every open window, group and incident would still act on."""
    wm = eng._watermark()
    assert wm is not None
    by_name = {r.name: r for r in eng.rules.rules}
    out = []
    for key, rec in eng.state.windows.items():
        rule = by_name[rec["rule"]]
        rwm = now if rule.time == "processing" else wm
        for sk, win in rec["w"].items():
            if rwm - rule.grace >= win["end"]:
                out.append(f"window {key} {sk}")
    for key, gs in eng.state.groups.items():
        rule = by_name[gs["rule"]]
        assert rule.window is not None
        rwm = now if rule.time == "processing" else wm
        if rule.resolve_after is not None:
            end = max(gs["last_hit"] + rule.resolve_after, gs["last_hit"] + rule.window.size)
        else:
            end = max(gs["until"], gs["last_hit"] + rule.window.size)
        if rwm - rule.grace >= end:
            out.append(f"group {key}")
    settings = eng.rules.incidents
    quiet = max(settings.fold_window, settings.contest_window)
    for iid, inc in eng.state.incidents.items():
        if wm - inc["last_seen"] > settings.retention:
            out.append(f"incident {iid} past retention")
        elif inc["status"] != "resolved" and wm - inc["last_seen"] > quiet:
            out.append(f"incident {iid} not resolved")
    return out


@pytest.mark.parametrize("seed", range(8))
def test_nothing_due_is_left_after_any_item(seed: int) -> None:
    rnd = random.Random(seed)
    clock = _clock = _Clock()
    eng = Engine(_ruleset(), clock=clock)
    minutes = 0.0
    places = ["Ganja", "Goygol", "Stepanakert", "Yerevan"]
    resolved = 0
    for n in range(400):
        # mostly forward in event time, with late items and quiet gaps
        minutes += rnd.choice([0.5, 1, 3, 7, 20, 90, -15, -40])
        clock.now = T0 + timedelta(minutes=n * 2 + rnd.random())
        alerts = eng.process(
            mk(n, max(0.0, minutes), place=rnd.choice(places), feed=f"f{rnd.randrange(6)}")
        )
        resolved += sum(a.status == "resolved" for a in alerts)
        assert _left_over(eng, clock.now.timestamp()) == [], f"after item {n}"
    assert resolved > 0  # the run did resolve groups: the heaps were exercised
    # and a fresh engine on the same state (indexes rebuilt by a scan) agrees
    again = Engine(_ruleset(), eng.state, clock=_clock)
    assert again.advance() == []
    assert _left_over(again, clock.now.timestamp()) == []


def test_the_due_queue_pops_what_is_due_on_each_clock_in_order() -> None:
    q = DueQueue()
    q.push(0, 30.0, "event-30")
    q.push(0, 10.0, "event-10")
    q.push(1, 5.0, "proc-5")
    q.push(1, 50.0, "proc-50")
    q.push(0, 10.0, "event-10-again")  # ties keep push order; keys are never compared
    assert q.pop_due((20.0, 6.0)) == ["event-10", "event-10-again", "proc-5"]
    assert len(q) == 2
    assert q.pop_due((100.0, 6.0)) == ["event-30"]
    q.clear()
    assert len(q) == 0 and q.pop_due((1e12, 1e12)) == []


def test_a_processing_time_window_closes_when_the_clock_moves_without_items() -> None:
    clock = _Clock()
    eng = Engine(_ruleset(), clock=clock)
    eng.process(mk(1, 5, feed="fx"))
    assert any(v["rule"] == "proc" for v in eng.state.windows.values())
    clock.now = T0 + timedelta(hours=3)
    eng.advance()
    assert not any(v["rule"] == "proc" for v in eng.state.windows.values())
    assert datetime.fromtimestamp(eng._watermark() or 0, UTC) == T0 + timedelta(minutes=5)
