"""Challenge sets: short wire-style snippets written for this project, with gold labels and counts.

``tests/golden/classify/challenge.jsonl`` (set A) was written from the category definitions
(mission.md, labelling guide) before any change, scored, and its failures fixed with general
patterns only. ``challenge-b.jsonl`` (set B) was written afterwards and scored once before any
rule looked at it: it is the honest measure of how the rules carry to unseen phrasing. Sets C
(233 snippets, strikes, denials and diplomacy without the usual words, victims named rather
than numbered), D, E and F (60, 60 and 50, each written blind after the previous set's
fixes) came with issue 16; G (67, round two) was written blind after F's score; J (253)
and L (130) for rounds three and four; M (104) for round five, scored once and not tuned
(its floors are that first score minus about one item). The other floors below are the
final measurement minus a small margin (docs/classification.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.classify._eval import EvalReport, evaluate, load_labelled
from streams.models import LABELS

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "classify"

# set -> (per-label F1 floor, killed exact floor, wounded exact floor); a per-label floor is a
# dict. Sets C to G were each scored once untuned, then fixed: their floors guard the fixes
# (F was held out for one round, then its misses were mended with set G's in round two; see
# docs/classification.md).
FLOORS: dict[str, tuple[float | dict[str, float], float, float]] = {
    "challenge.jsonl": (0.95, 0.95, 0.95),
    "challenge-b.jsonl": (0.90, 0.90, 0.85),
    "challenge-c.jsonl": (0.95, 0.84, 0.84),
    "challenge-d.jsonl": (0.92, 0.95, 0.95),
    "challenge-e.jsonl": (0.95, 0.80, 0.5),
    "challenge-f.jsonl": (0.95, 0.77, 0.95),
    "challenge-g.jsonl": (
        {"strike": 0.95, "casualty": 0.92, "denial": 0.94, "diplomatic": 0.95},
        0.75,
        0.4,
    ),
    # J: written blind for round three, scored once (macro-F1 0.873), then its misses were
    # read and the act frames built; these floors guard the frames
    "challenge-j.jsonl": (0.97, 0.94, 0.85),
    # L: written blind for round four, scored once (macro-F1 0.888), then the verdict classes
    # and rebuttal shapes were built; these floors guard them
    "challenge-l.jsonl": (
        {"strike": 0.95, "casualty": 0.92, "denial": 0.96, "diplomatic": 0.95},
        0.95,
        0.95,
    ),
    # M: written blind for round five and scored once on the code as it stood (macro-F1 0.962);
    # not tuned: these floors are that first score minus about one item
    "challenge-m.jsonl": (
        {"strike": 0.92, "casualty": 0.97, "denial": 0.94, "diplomatic": 0.92},
        0.93,
        0.85,
    ),
}
# Held out: scored for the record (docs/classification.md), never tuned on, so no floor.
HELD_OUT = ["challenge-i.jsonl"]


def _report(name: str) -> EvalReport:
    return evaluate(load_labelled(GOLDEN / name))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_challenge_set_scores_above_floor(name: str) -> None:
    report = _report(name)
    d = report.to_dict()
    f1_floor, killed_floor, wounded_floor = FLOORS[name]
    summary = ", ".join(f"{k} {v['f1']:.3f}" for k, v in d["labels"].items())
    print(
        f"\n{name}: {report.items} items; F1 {summary}; macro {d['macro_f1']:.3f}; "
        f"killed {d['killed_exact']} (n={d['killed_n']}), "
        f"wounded {d['wounded_exact']} (n={d['wounded_n']})"
    )
    errors = "\n".join(f"{e['id']}: {e['errors']} {e['text'][:120]}" for e in report.errors)
    for label in LABELS:
        floor = f1_floor[label] if isinstance(f1_floor, dict) else f1_floor
        assert d["labels"][label]["f1"] >= floor, f"{label}\n{errors}"
    assert d["killed_exact"] >= killed_floor, errors
    assert d["wounded_exact"] >= wounded_floor, errors


@pytest.mark.parametrize("name", sorted(FLOORS) + HELD_OUT)
def test_challenge_set_is_well_formed(name: str) -> None:
    pairs = load_labelled(GOLDEN / name)
    assert len(pairs) >= 50
    ids = [row["id"] for row, _ in pairs]
    assert len(ids) == len(set(ids))
    for row, _ in pairs:
        assert set(row["labels"]) <= set(LABELS), row["id"]
        if "casualty" not in row["labels"]:  # counts only when casualty = 1 (labelling guide)
            assert row["killed"] is None and row["wounded"] is None, row["id"]
    # every label has positives, and there are items with no label at all (the traps)
    for label in LABELS:
        assert sum(label in row["labels"] for row, _ in pairs) >= 5, label
    assert sum(not row["labels"] for row, _ in pairs) >= 10
