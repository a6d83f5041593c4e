"""The rule condition ``min_score``: validated at load, applied to the labels' scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.rules import load_rules, parse_rules
from flashpoint.core.errors import ConfigError
from streams.classify import classify_item
from streams.conditions import matches
from tests.unit.test_engine_windows import mk

ROOT = Path(__file__).resolve().parents[2]


def _when(**when: object) -> dict[str, object]:
    return {
        "name": "r1",
        "when": when,
        "window": {"type": "tumbling", "size": "1h"},
        "thresholds": [{"at": 1, "severity": "warning"}],
    }


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ({"categories": ["strike"], "min_score": 1.5}, "less than or equal to 1"),
        ({"categories": ["strike"], "min_score": -0.1}, "greater than or equal to 0"),
        ({"categories": ["strike"], "min_score": "high"}, "valid number"),
        ({"min_score": 0.8}, "min_score needs categories"),
    ],
)
def test_bad_min_score_is_a_clear_config_error(when: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_rules({"rules": [_when(**when)]}, file="rules.yaml")
    assert info.value.where == "rule 'r1'"
    assert message in str(info.value)


def test_example_rules_file_uses_min_score() -> None:
    rules = {r.name: r for r in load_rules(ROOT / "deploy" / "rules.yaml").rules}
    assert rules["any-strike-debug"].when.min_score == 0.9


def test_min_score_filters_on_the_label_score() -> None:
    rs = parse_rules({"rules": [_when(categories=["strike"], min_score=0.9)]}, file="t.yaml")
    cond = rs.rules[0].when
    sure = mk(1, 0).model_copy(update={"scores": {"strike": 0.95}})
    unsure = mk(2, 0).model_copy(update={"scores": {"strike": 0.83}})
    unscored = mk(3, 0)  # no scores at all: the label does not reach any minimum
    assert matches(cond, sure, None)
    assert not matches(cond, unsure, None)
    assert not matches(cond, unscored, None)
    # without min_score the label alone decides, as before
    plain = parse_rules({"rules": [_when(categories=["strike"])]}, file="t.yaml").rules[0].when
    assert matches(plain, unsure, None) and matches(plain, unscored, None)


def test_min_score_with_all_categories_needs_every_label_above_it() -> None:
    rs = parse_rules(
        {"rules": [_when(categories=["strike", "casualty"], all_categories=True, min_score=0.9)]},
        file="t.yaml",
    )
    cond = rs.rules[0].when
    both = ("strike", "casualty")
    ok = mk(1, 0, both).model_copy(update={"scores": {"strike": 0.99, "casualty": 0.95}})
    weak = mk(2, 0, both).model_copy(update={"scores": {"strike": 0.99, "casualty": 0.6}})
    assert matches(cond, ok, None)
    assert not matches(cond, weak, None)


def test_min_score_on_a_real_classification() -> None:
    """End to end: a strong cue ("air strike") scores above 0.9 and passes; a weapon near an
    attack verb ("missiles struck"), right about 83 % of the time on the dev half, does not."""
    rs = parse_rules({"rules": [_when(categories=["strike"], min_score=0.9)]}, file="t.yaml")
    strong = classify_item(mk(1, 0, text="An air strike hit an apartment block in Dnipro.").item)
    combo = classify_item(mk(2, 0, text="Russian missiles struck a block in Dnipro.").item)
    assert "strike" in strong.labels and "strike" in combo.labels
    assert strong.scores["strike"] >= 0.9 > combo.scores["strike"] >= 0.5
    assert matches(rs.rules[0].when, strong, None)
    assert not matches(rs.rules[0].when, combo, None)
