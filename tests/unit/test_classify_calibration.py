"""Calibrated scores: the isotonic fit, the stored English table, the reliability report and
``flashpoint eval --calibration``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from streams.classify import classify
from streams.classify._eval import evaluate, load_labelled
from streams.classify.calibration import (
    Curve,
    calibrate,
    fit,
    load_curves,
    raw_scores,
    reliability,
)
from streams.classify.errors import ClassifyError
from streams.classify.lang.en.stages import CALIBRATION
from streams.models import LABELS

ROOT = Path(__file__).resolve().parents[2]
CHALLENGE = ROOT / "tests" / "golden" / "classify" / "challenge.jsonl"


def test_fit_is_monotone_and_shrinks_small_groups_towards_the_raw_score() -> None:
    samples = [(0.0, False)] * 98 + [(0.0, True)] * 2 + [(0.6, True), (0.6, False)]
    samples += [(0.75, True)] * 8 + [(0.75, False)] * 2 + [(0.9, True)] * 20
    curve = fit(samples, prior=2.0)
    ys = [curve(x) for x in (0.0, 0.3, 0.6, 0.75, 0.9, 1.0)]
    assert ys == sorted(ys)  # monotone
    assert curve(0.0) == pytest.approx(2 / 102, abs=1e-3)  # 2 of 98 + 2 pseudo at 0.0
    assert curve(0.6) == pytest.approx((1 + 2 * 0.6) / 4, abs=1e-3)  # 1 of 2 + 2 pseudo at 0.6
    assert curve(0.9) == pytest.approx((20 + 1.8) / 22, abs=1e-3)


def test_fit_pools_violators() -> None:
    # 0.5 is right more often than 0.7: the two are pooled into one level
    samples = [(0.5, True)] * 9 + [(0.5, False)] + [(0.7, True)] * 5 + [(0.7, False)] * 5
    curve = fit(samples, prior=0.0)
    assert curve(0.5) == curve(0.7) == pytest.approx(14 / 20)


def test_calibrate_keeps_the_label_decision() -> None:
    curves = {"strike": Curve((0.0, 0.4, 0.75), (0.01, 0.7, 0.3)), "denial": Curve((0, 1), (0, 1))}
    out = calibrate({"strike": 0.4, "casualty": 0.9, "denial": 0.5}, curves)
    assert out["strike"] < 0.5  # raw below 0.5 stays below, whatever the curve says
    assert out["casualty"] == 0.9  # no curve: the raw score
    assert calibrate({"strike": 0.75}, curves)["strike"] == 0.5  # raw on: at least 0.5
    with raw_scores():
        assert calibrate({"strike": 0.4}, curves) == {"strike": 0.4}


def test_the_english_table_is_valid_and_used() -> None:
    curves = load_curves(CALIBRATION)
    assert set(curves) == set(LABELS)
    for c in curves.values():
        assert list(c.ys) == sorted(c.ys) and c.ys[0] >= 0.0 and c.ys[-1] <= 1.0
    text = "Russian missiles struck a block in Dnipro."
    with raw_scores():
        raw = classify(text).scores["strike"]
    assert raw == 0.75  # a weapon word near an attack verb
    assert classify(text).scores["strike"] == pytest.approx(curves["strike"](0.75), abs=1e-4)


@pytest.mark.parametrize(
    "content",
    ['{"curves": {"strike": {"x": [0.5, 0.1], "y": [0, 1]}}}', "not json", '{"curve": {}}'],
)
def test_a_broken_table_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "calibration.json"
    path.write_text(content)
    with pytest.raises(ClassifyError, match="calibration"):
        load_curves(path)
    assert load_curves(tmp_path / "absent.json") == {}


def test_reliability_table_brier_and_ece() -> None:
    samples = [(0.9, True)] * 9 + [(0.9, False)] + [(0.2, False)] * 4 + [(0.2, True)]
    r = reliability(samples)
    assert r["n"] == 15
    bins = {b["bin"]: b for b in r["bins"]}
    assert bins["0.9-1.0"] == {"bin": "0.9-1.0", "n": 10, "mean": 0.9, "observed": 0.9}
    assert bins["0.1-0.3"]["observed"] == 0.2
    brier = (9 * 0.01 + 0.81 + 4 * 0.04 + 0.64) / 15
    assert r["brier"] == pytest.approx(brier, abs=1e-4)
    assert r["ece"] == pytest.approx(0.0, abs=1e-9)


def test_calibrated_scores_are_better_calibrated_on_an_unseen_set() -> None:
    """Challenge set A was not used to fit the table: its Brier score drops for every label."""
    pairs = load_labelled(CHALLENGE)
    with raw_scores():
        before = evaluate(pairs).calibration()
    after = evaluate(pairs).calibration()
    for label in LABELS:
        assert after[label]["brier"] < before[label]["brier"], label


def test_eval_cli_prints_calibration() -> None:
    cmd = [sys.executable, "-m", "flashpoint", "eval", "--file", str(CHALLENGE)]
    out = subprocess.run([*cmd, "--calibration"], capture_output=True, text=True, check=True)
    assert "calibration (scores against outcomes" in out.stdout
    assert "strike      Brier" in out.stdout
    js = subprocess.run([*cmd, "--json", "--calibration"], capture_output=True, text=True)
    d = json.loads(js.stdout)
    assert set(d["calibration"]) == set(LABELS)
    assert d["calibration"]["strike"]["n"] == d["items"]


def test_the_english_table_matches_a_refit_on_the_dev_half(shared_data: Path) -> None:
    """The curves map the rules' raw scores: after a rule change, refit them
    (scripts/fit_calibration.py) or this fails."""
    from streams.classify._eval import load_eval

    with raw_scores():
        raw = evaluate(load_eval(shared_data / "eval"))
    stored = load_curves(CALIBRATION)
    for label in LABELS:
        assert fit(raw.samples[label]) == stored[label], label
