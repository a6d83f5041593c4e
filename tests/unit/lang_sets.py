"""Helpers shared by the per-language pack tests (test_classify_lang_<code>.py)."""

from __future__ import annotations

from pathlib import Path

from streams.classify._eval import evaluate, load_labelled
from streams.classify.lang import get_pack
from streams.classify.stages.counts import extract
from streams.models import LABELS

SETS = Path(__file__).resolve().parents[1] / "golden" / "classify" / "lang"


def assert_scores_above(name: str, floors: tuple[float, float, float, float]) -> None:
    """Score an evaluation set and check (every label's F1, macro-F1, killed exact, event
    country) against ``floors``; the failure lists the set's errors."""
    report = evaluate(load_labelled(SETS / name))
    d = report.to_dict()
    errors = "\n".join(f"{e['id']}: {e['errors']}" for e in report.errors)
    label_f1, macro, killed, country = floors
    for label in LABELS:
        assert d["labels"][label]["f1"] >= label_f1, f"{label}\n{errors}"
    assert d["macro_f1"] >= macro, errors
    assert d["killed_exact"] >= killed, errors
    assert d["country_accuracy"] >= country, errors


def counts(code: str, text: str) -> dict[str, int]:
    """The counts stage's figures for one sentence, read as the pipeline reads it (folded)."""
    pack = get_pack(code)
    assert pack is not None
    return {c.kind: c.value for c in extract(pack.fold(text), pack)}
