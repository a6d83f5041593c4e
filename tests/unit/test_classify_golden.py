"""Golden test: the seed article (BulgarianMilitary.com, the missile strike on Ganja, October 2020).

The expected output lives in tests/golden/classify/ganja-missile-strike.json. Regenerate it with
FLASHPOINT_UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from streams.classify import classify

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "classify" / "ganja-missile-strike.json"


def _actual(text: str) -> dict[str, Any]:
    r = classify(text)
    out = r.to_contract("ganja-missile-strike")
    out["denial"] = {"actor": r.denial.actor, "claim": r.denial.claim} if r.denial else None
    out["weapons"] = list(r.weapons)
    out["attribution"] = r.attribution
    out["qualifiers"] = dict(r.casualties.qualifiers)
    return out


@pytest.fixture(scope="module")
def seed(shared_data: Path) -> str:
    return (shared_data / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")


def test_seed_matches_golden_file(seed: str) -> None:
    actual = _actual(seed)
    if os.environ.get("FLASHPOINT_UPDATE_GOLDEN"):
        meta = json.loads(GOLDEN.read_text())["meta"] if GOLDEN.exists() else {}
        GOLDEN.write_text(
            json.dumps({"meta": meta, "expected": actual}, indent=2, ensure_ascii=False) + "\n"
        )
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert "BulgarianMilitary.com" in golden["meta"]["source"]
    assert actual == golden["expected"]


def test_seed_meets_the_mission_brief(seed: str) -> None:
    r = classify(seed)
    assert r.labels == ("strike", "casualty", "denial", "diplomatic")
    assert r.casualties.killed == 12
    assert r.casualties.wounded == 40  # "more than 40 wounded", not "[population 320,000]"
    assert r.casualties.qualifiers.get("wounded") == "more than"
    ev = r.event_place
    assert ev is not None and ev.name == "Ganja" and ev.country == "AZ"
    assert ev.lat == pytest.approx(40.68, abs=0.1) and ev.lon == pytest.approx(46.36, abs=0.1)
    assert r.denial is not None and r.denial.actor is not None
    assert "Armenian Defense Ministry spokeswoman" in r.denial.actor
    assert r.denial.claim is not None and "shelling" in r.denial.claim
    assert any("no fire was opened" in s for s in r.evidence["denial"])
    assert any("ceasefire" in s for s in r.evidence["diplomatic"])
    everything = " ".join(s for sents in r.evidence.values() for s in sents)
    for trap in (
        "1988",
        "1992",
        "1994",
        "2016",
        "Minsk Group",
        "Follow us",
        "Subscribe",
        "last year",
    ):
        assert trap not in everything, trap
    assert "missile" in r.weapons or "ballistic missile" in r.weapons
