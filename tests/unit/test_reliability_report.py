"""The fault suite's report: every scenario lands in a section of docs/reliability.md, and a
worker scenario's count columns come from the topics' tally."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.faults.flow import Tally
from tests.faults.report import GROUPS, Collector, render


def test_a_scenario_of_an_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report group"):
        Collector().record(group="nowhere", name="x", fault="y")


@pytest.mark.parametrize("group", [key for key, _ in GROUPS])
def test_every_group_has_its_section(group: str) -> None:
    collector = Collector()
    collector.record(group=group, name=f"scenario of {group}", fault="f", result="pass")
    title = dict(GROUPS)[group]
    text = render(collector.scenarios, command="x")
    assert f"## {title}" in text and f"scenario of {group}" in text


def test_a_worker_scenarios_figures_count_distinct_items_and_alerts() -> None:
    t = Tally(
        sent=4,
        raw_ids=Counter({"a": 1, "b": 1, "c": 1, "d": 1}),
        classified_ids=Counter({"a": 2, "b": 1, "c": 1}),  # a twice (redelivered), d lost
        alert_ids=Counter({"x": 3, "y": 1}),
        expected=[],
        alerts_by_id={},
    )
    assert (t.classified, t.reclassified) == (3, 1)
    figures = t.figures()
    assert figures == {"sent": 4, "classified": 3, "lost": 1, "alerts": 2, "duplicates": 2}
    scenario = Collector().record(group="kafka", name="n", fault="f", **figures)
    assert (scenario.lost, scenario.duplicates) == (1, 2)
