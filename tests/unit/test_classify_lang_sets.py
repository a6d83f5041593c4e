"""Evaluation sets per language (tests/golden/classify/lang/<code>-dev.jsonl and
<code>-challenge.jsonl, format in streams/classify/lang/README.md): well formed, read in their
language, and scored above their floors.

A dev set's floors are the targets of the language plan (macro-F1 0.85, every label's F1 0.80,
killed exact 0.80, event country 0.90); a challenge set's floors are recorded in
``floors.json`` beside the sets by whoever wrote it (its first, untuned score, or the final one
minus a small margin), e.g. ``{"fr-challenge.jsonl": {"macro_f1": 0.8, "label_f1": 0.7,
"killed_exact": 0.75, "country_accuracy": 0.85}}`` (``place_accuracy`` too, optionally); an entry
there also overrides a dev set's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from streams.classify._eval import evaluate, load_labelled
from streams.classify.lang import pack_codes
from streams.models import LABELS

SETS = Path(__file__).resolve().parents[1] / "golden" / "classify" / "lang"
FILES = sorted(p.name for p in SETS.glob("*.jsonl"))
_NAME = re.compile(r"^(?P<code>[a-z]{2})-(?P<kind>dev|challenge(?:-[bcdefg])?)\.jsonl$")
DEV_FLOORS = {"macro_f1": 0.85, "label_f1": 0.80, "killed_exact": 0.80, "country_accuracy": 0.90}
MIN_ITEMS = {
    "dev": 60,
    "challenge": 40,
    "challenge-b": 30,
    "challenge-c": 25,
    "challenge-d": 50,
    "challenge-e": 20,
    "challenge-f": 30,  # blind set F (diplomacy and denial), scored once before the act model
    "challenge-g": 16,  # blind set G, scored once untuned (ru/uk/ar/fr/es 26+, tr/he 16+)
}


def _floors(name: str, kind: str) -> dict[str, float] | None:
    path = SETS / "floors.json"
    recorded: dict[str, dict[str, float]] = json.loads(path.read_text()) if path.exists() else {}
    return recorded.get(name) or (DEV_FLOORS if kind == "dev" else None)


@pytest.mark.parametrize("name", FILES)
def test_language_set_is_well_formed(name: str) -> None:
    m = _NAME.match(name)
    assert m, f"{name}: name it <code>-dev.jsonl, <code>-challenge[-b|-c|-d|-e|-f].jsonl"
    code, kind = m["code"], m["kind"]
    assert code in pack_codes(), f"{name}: no pack streams/classify/lang/{code}/"
    pairs = load_labelled(SETS / name)
    assert len(pairs) >= MIN_ITEMS[kind]
    ids = [row["id"] for row, _ in pairs]
    assert len(ids) == len(set(ids))
    for row, _ in pairs:
        assert row.get("lang") == code, row["id"]
        assert set(row["labels"]) <= set(LABELS), row["id"]
        if "casualty" not in row["labels"]:  # counts only with casualty (labelling guide)
            assert row.get("killed") is None and row.get("wounded") is None, row["id"]
        country = row.get("country")
        assert country is None or re.fullmatch(r"[A-Z]{2}", country), row["id"]


@pytest.mark.parametrize("name", FILES)
def test_language_set_scores_above_floors(name: str) -> None:
    m = _NAME.match(name)
    assert m
    floors = _floors(name, m["kind"])
    assert floors is not None, f"record the floors of {name} in {SETS / 'floors.json'}"
    report = evaluate(load_labelled(SETS / name))
    d: dict[str, Any] = report.to_dict()
    errors = "\n".join(f"{e['id']}: {e['errors']} {e['text'][:100]}" for e in report.errors)
    print(f"\n{name}: {json.dumps({k: v for k, v in d.items() if k != 'languages'})}")
    assert d["languages"].keys() == {m["code"]}, errors  # every item read in its language
    assert d["macro_f1"] >= floors["macro_f1"], errors
    for label in LABELS:
        assert d["labels"][label]["f1"] >= floors["label_f1"], f"{label}\n{errors}"
    for key in ("killed_exact", "country_accuracy", "place_accuracy"):
        if key in floors and d[key] is not None:
            assert d[key] >= floors[key], f"{key}\n{errors}"
