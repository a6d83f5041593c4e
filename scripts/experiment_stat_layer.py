"""Experiment: does a small statistical layer over the rules' own features beat the rules on
held-out English sets? (docs/classification.md, "What did not help".)

    FLASHPOINT_SHARED=/work/shared .venv/bin/python scripts/experiment_stat_layer.py

Features per item, all computed from what the rules already find: the raw score of each label,
and for each top-level alternative of the cue patterns (strike, casualty, denial, diplomatic
cues; threat, not-attack, disaster, violence, negation and diplomatic blockers) whether it
matches a current (non-history, non-boilerplate) sentence, and whether it matches only in a
history sentence. One L2-regularised logistic regression per label (numpy, batch gradient
descent), trained on the dev half; each label on at p >= 0.5. Scored against the rules on the
challenge sets, which the model never sees. Nothing here is used by the classifier.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from streams.classify._eval import load_eval, load_labelled
from streams.classify._gate import split_top
from streams.classify.calibration import raw_scores
from streams.classify.lang.en import lexicon as lx
from streams.classify.lang.en.text import split_sentences
from streams.classify.pipeline import classify
from streams.models import LABELS

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
_FAMILIES = [
    "STRIKE_STRONG",
    "STRIKE_WEAPON",
    "STRIKE_ACTION",
    "STRIKE_THREAT",
    "STRIKE_NOT_ATTACK",
    "STRIKE_BLOCK",
    "CAS_STRONG",
    "CAS_WEAK",
    "CAS_NEG",
    "DISASTER",
    "VIOLENCE",
    "DENIAL_STRONG",
    "DENIAL_TRAP",
    "DIP_STRONG",
    "DIP_WEAK",
    "DIP_CONTEXT",
    "DIP_BLOCK",
    "DIP_STATE_VERB",
]
PARTS: list[tuple[str, re.Pattern[str]]] = [
    (f"{name}:{i}", re.compile(p))
    for name in _FAMILIES
    for i, p in enumerate(split_top(getattr(lx, name).pattern))
]


def features(text: str, title: str | None) -> list[float]:
    with raw_scores():
        r = classify(text, title, language="en")
    sents = split_sentences(text, title)
    cur = [s.lower for s in sents if not (s.boiler or s.history)]
    hist = [s.lower for s in sents if s.history]
    out = [r.scores[label] for label in LABELS]
    for _, rx in PARTS:
        now = any(rx.search(s) for s in cur)
        out.append(1.0 if now else 0.0)
        out.append(1.0 if not now and any(rx.search(s) for s in hist) else 0.0)
    out.append(1.0)  # bias
    return out


def train(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000) -> np.ndarray:
    w = np.zeros(x.shape[1])
    lr = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * w / len(y)
        w -= lr * grad
    return w


def f1(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def dataset(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> tuple[np.ndarray, list[Any]]:
    x = np.array([features(str(r.get("text") or ""), r.get("title")) for r, _ in pairs])
    return x, [g for _, g in pairs]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1)")
    args = ap.parse_args()
    dev_x, dev_gold = dataset(load_eval(SHARED / "data" / "eval"))
    models = {}
    for k, label in enumerate(LABELS):
        keep = [i for i, g in enumerate(dev_gold) if label not in (g.get("optional") or [])]
        y = np.array([label in dev_gold[i]["labels"] for i in keep], dtype=float)
        models[label] = (k, train(dev_x[keep], y, l2=args.l2))
    sets = {"dev (trained on)": None} | {
        name: ROOT / "tests" / "golden" / "classify" / f"{name}.jsonl"
        for name in ("challenge", "challenge-b", "challenge-c", "challenge-d")
    }
    print(f"{'set':<18} {'model':<6} " + " ".join(f"{x:>10}" for x in LABELS) + "   macro")
    for name, path in sets.items():
        x, gold = (dev_x, dev_gold) if path is None else dataset(load_labelled(path))
        for kind in ("rules", "stat"):
            f1s = []
            for label in LABELS:
                k, w = models[label]
                keep = [i for i, g in enumerate(gold) if label not in (g.get("optional") or [])]
                g = [label in gold[i]["labels"] for i in keep]
                if kind == "rules":
                    p = [bool(x[i, k] >= 0.5) for i in keep]
                else:
                    p = [bool(1.0 / (1.0 + np.exp(-(x[i] @ w))) >= 0.5) for i in keep]
                f1s.append(f1(g, p))
            print(
                f"{name:<18} {kind:<6} "
                + " ".join(f"{v:10.3f}" for v in f1s)
                + f"   {sum(f1s) / len(f1s):.3f}"
            )


if __name__ == "__main__":
    main()
