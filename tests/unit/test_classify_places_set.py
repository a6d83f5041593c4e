"""The English place set (tests/golden/classify/places-en.jsonl): well formed and scored above
its floors, so a regression of the event place or country fails.

308 snippets written from real reporting, each with the gold event place as written and its
country: datelines filed from elsewhere, capitals standing for their state, organisations,
bylines and first names, ordinary words that GeoNames has as towns, the venue of talks and
the war they are about, statements made elsewhere, towns below the gazetteer's floor, the
actor's country written first. Counts are not given (the set measures places; its labels are
given so that `flashpoint eval` runs on it, and some are marked optional where the call is
hard). Floors: the final figures less about one percent (docs/classification.md, Places).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from streams.classify._eval import evaluate, load_labelled
from streams.models import LABELS

SET = Path(__file__).resolve().parents[1] / "golden" / "classify" / "places-en.jsonl"
FLOORS = {"country_accuracy": 0.93, "place_accuracy": 0.79}


def test_place_set_is_well_formed() -> None:
    pairs = load_labelled(SET)
    assert len(pairs) >= 300
    ids = [row["id"] for row, _ in pairs]
    assert len(ids) == len(set(ids))
    for row, _ in pairs:
        assert row.get("lang") == "en", row["id"]
        assert set(row["labels"]) | set(row.get("optional") or ()) <= set(LABELS), row["id"]
        assert isinstance(row.get("place"), str) and row["place"], row["id"]
        assert re.fullmatch(r"[A-Z]{2}", row.get("country") or ""), row["id"]
        assert row.get("killed") is None and row.get("wounded") is None, row["id"]


def test_place_set_scores_above_floors() -> None:
    report = evaluate(load_labelled(SET))
    d = report.to_dict()
    print(f"\nplaces-en: {json.dumps({k: v for k, v in d.items() if k != 'languages'})}")
    errors = "\n".join(
        f"{e['id']}: {e['errors']} {e['text'][:100]}"
        for e in report.errors
        if any(x.startswith(("country", "place")) for x in e["errors"])
    )
    assert d["country_n"] == d["place_n"] == len(load_labelled(SET))
    for key, floor in FLOORS.items():
        assert d[key] >= floor, f"{key} {d[key]} < {floor}\n{errors}"
