"""Rules YAML validation: the example file loads; errors name the file, the rule and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.rules import load_rules, parse_duration, parse_rules
from flashpoint.core.durations import parse_duration as shared_parse_duration
from flashpoint.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def _rule(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "r1",
        "window": {"type": "tumbling", "size": "1h"},
        "thresholds": [{"at": 3, "severity": "warning"}],
    }
    base.update(over)
    return base


def test_example_rules_file_covers_every_feature() -> None:
    rs = load_rules(ROOT / "deploy" / "rules.yaml")
    rules = {r.name: r for r in rs.rules}
    assert {r.type for r in rs.rules} == {"threshold", "contested"}
    assert {r.window.type for r in rs.rules if r.window} == {"tumbling", "hopping"}
    assert {r.aggregate for r in rs.rules if r.type == "threshold"} >= {
        "count",
        "distinct_sources",
        "distinct_incidents",
        "max_killed",
    }
    assert {f for r in rs.rules for f in r.group_by} >= {"country", "place", "incident", "feed"}
    assert any(r.when.geofence for r in rs.rules)
    assert any(r.when.source_tags for r in rs.rules)
    assert any(r.when.languages for r in rs.rules)
    assert any(r.time == "processing" for r in rs.rules)
    assert any(r.resolve_after for r in rs.rules)
    assert not rules["any-strike-debug"].enabled
    assert "any-strike-debug" not in {r.name for r in rs.enabled}
    # defaults apply where a rule does not set the field
    assert rules["strike-wave"].channels == ("desk-slack",)
    assert rules["mass-casualty"].cooldown == 12 * 3600
    assert rules["strike-wave"].grace == 600
    assert [s.severity for s in rules["mass-casualty"].thresholds] == ["warning", "critical"]


def test_rule_durations_use_the_shared_parser() -> None:
    # the syntax itself is tested in test_durations.py; rules read it through one import
    assert parse_duration is shared_parse_duration
    assert parse_duration("1w") == 604800.0 and parse_duration("500ms") == 0.5


@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        (_rule(window={"type": "hopping", "size": "1h"}), "window", "advance"),
        (_rule(window={"type": "tumbling", "size": "soon"}), "window.size", "invalid duration"),
        (
            _rule(
                thresholds=[{"at": 10, "severity": "critical"}, {"at": 5, "severity": "warning"}]
            ),
            None,
            "increasing",
        ),
        (
            _rule(
                thresholds=[{"at": 5, "severity": "critical"}, {"at": 10, "severity": "warning"}]
            ),
            None,
            "severities must rise",
        ),
        (_rule(aggregate="sum_killed"), "aggregate", "count"),
        (_rule(group_by=["continent"]), "group_by[0]", "country"),
        (_rule(when={"geofence": {"lat": 95, "lon": 0, "radius_km": 5}}), "when.geofence.lat", ""),
        (_rule(when={"countries": ["Azerbaijan"]}), "when", "ISO 3166"),
        (_rule(when={"category": ["strike"]}), "when.category", "Extra inputs"),
        (_rule(thresholds=[]), None, "at least one"),
        (_rule(window=None), None, "needs a 'window'"),
        (_rule(cooldown="-1h"), "cooldown", "invalid duration"),
        # Alertmanager answers "400 invalid label set" to these: refused at load instead.
        (_rule(labels={"team-name": "desk"}), "labels", "label name 'team-name'"),
        (_rule(labels={"1team": "desk"}), "labels", "label name '1team'"),
        (_rule(labels={"__meta": "x"}), "labels", "label name '__meta'"),
        (_rule(labels={"severity": "high"}), "labels", "set by Flashpoint itself"),
        (_rule(labels={"team": "\ud800"}), "labels", "label 'team': the value is not valid UTF-8"),
        (_rule(labels={"team": "x" * 1025}), "labels", "1 to 1024 characters"),
        (_rule(labels={"team": ""}), "labels", "1 to 1024 characters"),
    ],
)
def test_errors_name_file_rule_and_field(
    rule: dict[str, object], field: str | None, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        parse_rules({"rules": [_rule(name="ok"), rule]}, file="rules.yaml")
    err = info.value
    assert err.file == "rules.yaml"
    assert err.where == "rule 'r1'"
    assert err.field == field
    assert message in str(err)
    assert str(err).startswith("rules.yaml: rule 'r1'")


def test_duplicate_names_and_unnamed_rules() -> None:
    with pytest.raises(ConfigError, match="duplicate rule name") as info:
        parse_rules({"rules": [_rule(), _rule()]}, file="f.yaml")
    assert info.value.field == "name"
    with pytest.raises(ConfigError) as info2:
        parse_rules({"rules": [_rule(name="")]}, file="f.yaml")
    assert info2.value.where == "rules[0]"
    assert info2.value.field == "name"


def test_top_level_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown top-level key"):
        parse_rules({"rulez": []}, file="f.yaml")
    with pytest.raises(ConfigError, match="radius_km"):
        parse_rules({"incidents": {"radius_km": -1}}, file="f.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - name: x\n   window: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid YAML") as info:
        load_rules(bad)
    assert info.value.file == str(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")


def test_defaults_are_overridden_by_the_rule() -> None:
    rs = parse_rules(
        {"defaults": {"cooldown": "2h", "channels": ["a"]}, "rules": [_rule(cooldown="5m")]}
    )
    assert rs.rules[0].cooldown == 300
    assert rs.rules[0].channels == ("a",)
