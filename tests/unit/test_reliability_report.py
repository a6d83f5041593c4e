"""The fault suite's report: every scenario lands in a section of docs/reliability.md."""

from __future__ import annotations

import pytest

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
