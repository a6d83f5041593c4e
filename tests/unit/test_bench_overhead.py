"""The ``overhead`` figure of ``benchmarks.run`` (issue 19): its formula and its inputs."""

from __future__ import annotations

import pytest

from benchmarks.run import overhead, start_of_run_classify_ms

RATES = {"pipeline_items_per_cpu_s": 200.0, "passthrough_items_per_cpu_s": 4000.0}


def test_overhead_is_pipeline_cpu_over_passthrough_plus_classifier() -> None:
    out = overhead(RATES, 2.75, 0.0)
    # 5 ms per item in the pipeline, 0.25 ms through Kafka, 2.75 ms to classify
    assert out["overhead"] == pytest.approx(5.0 / 3.0, abs=0.005)
    assert out["overhead_pipeline_cpu_ms_per_item"] == 5.0
    assert out["overhead_passthrough_cpu_ms_per_item"] == 0.25
    assert out["overhead_classify_cpu_ms_per_item"] == 2.75
    assert out["non_english_share"] == 0.0
    assert "overhead_start_of_run" not in out


def test_the_start_of_run_figure_is_reported_beside_it() -> None:
    out = overhead(RATES, 2.75, 0.0, start_of_run_ms=1.75)
    assert out["overhead"] == pytest.approx(1.67, abs=0.005)
    assert out["overhead_start_of_run"] == 2.5  # 5 / (0.25 + 1.75)
    assert out["overhead_classify_cpu_ms_start_of_run"] == 1.75


@pytest.mark.parametrize(
    "summary, classify_ms",
    [
        (RATES, None),
        ({"passthrough_items_per_cpu_s": 4000.0}, 2.75),
        ({"pipeline_items_per_cpu_s": 200.0}, 2.75),
    ],
)
def test_no_overhead_without_all_three_inputs(
    summary: dict[str, float], classify_ms: float | None
) -> None:
    assert overhead(summary, classify_ms, 0.0) == {}


def test_start_of_run_classifier_figure_follows_the_mix() -> None:
    cls = {
        "articles_items_per_s": 400.0,  # 2.5 ms
        "languages": {
            "fr": {"articles_items_per_s": 100.0},  # 10 ms
            "ru": {"articles_items_per_s": 50.0},  # 20 ms
            "xx": {},  # a language without the figure is left out
        },
    }
    assert start_of_run_classify_ms(cls, 0.0) == pytest.approx(2.5)
    # 70 % English, 30 % the mean of the other languages (15 ms)
    assert start_of_run_classify_ms(cls, 0.3) == pytest.approx(0.7 * 2.5 + 0.3 * 15.0)
    assert start_of_run_classify_ms({"articles_items_per_s": 400.0}, 0.3) is None
    assert start_of_run_classify_ms({}, 0.0) is None
