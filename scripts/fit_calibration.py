"""Fit the English pack's calibration table on the labelled dev half and write it.

    FLASHPOINT_SHARED=/work/shared .venv/bin/python scripts/fit_calibration.py [--data DIR]

Classifies every dev item with raw (uncalibrated) scores, fits one isotonic curve per label
(``streams.classify.calibration.fit``) and writes ``streams/classify/lang/en/calibration.json``;
prints the dev reliability (Brier, ECE) of the raw and of the calibrated scores. Refit after any
change to the English rules: the curves map the rules' raw scores.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from streams.classify._eval import evaluate, load_eval
from streams.classify.calibration import PRIOR, fit, raw_scores, reliability
from streams.classify.lang.en.stages import CALIBRATION
from streams.models import LABELS

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    shared = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=shared / "data" / "eval")
    args = ap.parse_args()
    pairs = load_eval(args.data)
    with raw_scores():
        raw = evaluate(pairs)
    curves = {label: fit(raw.samples[label]) for label in LABELS}
    table = {
        "fitted_on": "CASE 2021 dev half (shared/data/eval), English rules' raw scores",
        "method": f"isotonic (pool-adjacent-violators), {PRIOR:g} pseudo-items at the raw score",
        "items": raw.items,
        "curves": {label: {"x": list(c.xs), "y": list(c.ys)} for label, c in curves.items()},
    }
    CALIBRATION.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    for label in LABELS:
        before = reliability(raw.samples[label])
        after = reliability([(curves[label](s), g) for s, g in raw.samples[label]])
        print(
            f"{label:<11} raw Brier {before['brier']} ECE {before['ece']}"
            f"  ->  calibrated Brier {after['brier']} ECE {after['ece']}"
        )
    print(f"wrote {CALIBRATION}")


if __name__ == "__main__":
    main()
