"""Experiment: does a learned text layer (char n-gram TF-IDF + logistic regression) on top of
the English rules generalise to phrasing the rules have not seen? (docs/classification.md,
"A learned layer over the text".)

    FLASHPOINT_SHARED=/work/shared .venv/bin/python scripts/experiment_learned_layer.py

No model is downloaded or shipped: the vectors are hashed word uni/bigrams and character
3-5-grams inside words, weighted TF-IDF (sublinear tf, L2-normalised), and one L2 logistic
regression per label is fitted here with numpy on the labelled English data the project has:
the CASE 2021 dev half and challenge sets A-G. Sets H and I are never trained on.

The layer scores every current (not history, not boilerplate) sentence of an item; the item's
probability for a label is the highest sentence's, and that sentence is the evidence (so an
added label stays explainable). Designs, each only able to ADD a label the rules did not give:

- ``gate``: add when the rules found a weak cue for the label (raw score > 0, below 0.5) and
  the layer's probability is >= 0.5;
- ``over``: add when the layer's probability is >= 0.8, whatever the rules found.

First it reports a validation run (fit without set G, scored on G) to show how the designs
behave on text not fitted; then it fits on everything allowed and scores H and I, which cost
one look each per design (counted in the doc). ``--time`` prints the per-article cost.
Nothing here is used by the classifier.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from streams.classify._eval import load_eval, load_labelled
from streams.classify.calibration import raw_scores
from streams.classify.lang.en.text import split_sentences
from streams.classify.pipeline import classify
from streams.models import LABELS

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
GOLDEN = ROOT / "tests" / "golden" / "classify"
TRAIN_SETS = [
    "challenge",
    "challenge-b",
    "challenge-c",
    "challenge-d",
    "challenge-e",
    "challenge-f",
]
DIM = 1 << 18
_WORD = re.compile(r"[a-z0-9']+")

Pair = tuple[dict[str, Any], dict[str, Any]]


CHARS = True  # character n-grams too (``--words`` turns them off)


def grams(text: str) -> Counter[int]:
    """Hashed word unigrams and bigrams and character 3-5-grams inside padded words."""
    words = _WORD.findall(text.lower())
    out: Counter[int] = Counter()
    for i, w in enumerate(words):
        out[zlib.crc32(b"w" + w.encode()) % DIM] += 1
        if i:
            out[zlib.crc32(f"b{words[i - 1]} {w}".encode()) % DIM] += 1
        if not CHARS:
            continue
        padded = f" {w} "
        for n in (3, 4, 5):
            for j in range(len(padded) - n + 1):
                out[zlib.crc32(b"c" + padded[j : j + n].encode()) % DIM] += 1
    return out


@dataclass
class Vectoriser:
    idf: np.ndarray

    @classmethod
    def fit(cls, docs: Sequence[Counter[int]]) -> Vectoriser:
        df = np.zeros(DIM)
        for d in docs:
            df[list(d)] += 1
        return cls(np.log((1 + len(docs)) / (1 + df)) + 1.0)

    def vec(self, d: Counter[int]) -> tuple[np.ndarray, np.ndarray]:
        idx = np.fromiter(d.keys(), dtype=np.int64, count=len(d))
        val = np.array([1.0 + math.log(c) for c in d.values()]) * self.idf[idx]
        norm = float(np.sqrt((val * val).sum())) or 1.0
        return idx, val / norm


def fit_logistic(
    rows: list[tuple[np.ndarray, np.ndarray]], y: np.ndarray, l2: float, epochs: int = 400
) -> np.ndarray:
    """Full-batch gradient descent with Adam on the sparse rows; the last weight is the bias."""
    idx = np.concatenate([r[0] for r in rows])
    val = np.concatenate([r[1] for r in rows])
    owner = np.repeat(np.arange(len(rows)), [len(r[0]) for r in rows])
    w = np.zeros(DIM + 1)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    pos = y.mean() if len(y) else 0.5
    wt = np.where(y > 0, 0.5 / max(pos, 1e-3), 0.5 / max(1 - pos, 1e-3))  # balanced classes
    for t in range(1, epochs + 1):
        z = np.bincount(owner, weights=val * w[idx], minlength=len(rows)) + w[-1]
        g = wt * (1.0 / (1.0 + np.exp(-z)) - y) / len(y)
        grad = np.zeros_like(w)
        grad[:-1] = np.bincount(idx, weights=val * g[owner], minlength=DIM) + l2 * w[:-1]
        grad[-1] = g.sum()
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def prob(w: np.ndarray, row: tuple[np.ndarray, np.ndarray]) -> float:
    return float(1.0 / (1.0 + math.exp(-(float(w[row[0]] @ row[1]) + w[-1]))))


@dataclass
class Scored:
    gold: dict[str, Any]
    rules: tuple[str, ...]
    raw: dict[str, float]
    sents: list[str]


def score_rules(pairs: list[Pair]) -> list[Scored]:
    out = []
    for row, gold in pairs:
        text, title = str(row.get("text") or ""), row.get("title")
        with raw_scores():
            r = classify(text, title, language="en")
        sents = [s.text for s in split_sentences(text, title) if not (s.boiler or s.history)]
        out.append(Scored(gold, r.labels, dict(r.scores), sents or [text]))
    return out


class Layer:
    def __init__(self, train: list[Scored], l2: float) -> None:
        docs = [grams(" ".join(s.sents)) for s in train]
        self.vec = Vectoriser.fit(docs)
        rows = [self.vec.vec(d) for d in docs]
        self.w: dict[str, np.ndarray] = {}
        self.cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for label in LABELS:
            keep = [i for i, s in enumerate(train) if label not in (s.gold.get("optional") or [])]
            y = np.array([label in train[i].gold["labels"] for i in keep], dtype=float)
            self.w[label] = fit_logistic([rows[i] for i in keep], y, l2)

    def best(self, s: Scored, label: str) -> tuple[float, str]:
        """The highest sentence probability and that sentence (the evidence)."""
        return max((prob(self.w[label], self.row(t)), t) for t in s.sents)

    def row(self, sentence: str) -> tuple[np.ndarray, np.ndarray]:
        """A sentence's vector, computed once (all four labels share it)."""
        if sentence not in self.cache:
            self.cache[sentence] = self.vec.vec(grams(sentence))
        return self.cache[sentence]


def decide(design: str, s: Scored, label: str, layer: Layer) -> bool:
    if label in s.rules:
        return True
    if design == "rules":
        return False
    p, _ = layer.best(s, label)
    if design == "gate":
        return s.raw[label] > 0.0 and p >= 0.5
    return p >= 0.8


def f1s(items: list[Scored], design: str, layer: Layer) -> list[float]:
    out = []
    for label in LABELS:
        tp = fp = fn = 0
        for s in items:
            if label in (s.gold.get("optional") or []):
                continue
            g, p = label in s.gold["labels"], decide(design, s, label, layer)
            tp, fp, fn = tp + (g and p), fp + (p and not g), fn + (g and not p)
        out.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return out


def report(name: str, items: list[Scored], layer: Layer, show: bool) -> None:
    for design in ("rules", "gate", "over"):
        v = f1s(items, design, layer)
        cells = " ".join(f"{x:10.3f}" for x in v)
        print(f"{name:<22} {design:<6} {cells}   {sum(v) / len(v):.3f}")
    if show:
        for s in items:
            for label in LABELS:
                if label not in s.rules:
                    p, ev = layer.best(s, label)
                    if p >= 0.5:
                        ok = "ok " if label in s.gold["labels"] else "BAD"
                        print(f"   {ok} {label:<10} p={p:.2f} raw={s.raw[label]:.2f} {ev[:90]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--l2", type=float, default=1e-4, help="L2 penalty (default 1e-4)")
    ap.add_argument("--held", action="store_true", help="also score H and I (spends them)")
    ap.add_argument("--show", action="store_true", help="list the labels the layer adds")
    ap.add_argument("--time", action="store_true", help="per-article cost of the layer")
    ap.add_argument("--words", action="store_true", help="word n-grams only (no char n-grams)")
    ap.add_argument("--fitted", action="store_true", help="also score the sets fitted on")
    args = ap.parse_args()
    global CHARS
    CHARS = not args.words
    dev = score_rules(load_eval(SHARED / "data" / "eval"))
    sets = {n: score_rules(load_labelled(GOLDEN / f"{n}.jsonl")) for n in TRAIN_SETS}
    g = score_rules(load_labelled(GOLDEN / "challenge-g.jsonl"))
    head = " ".join(f"{x:>10}" for x in LABELS)
    print(f"{'set':<22} {'design':<6} {head}   macro")
    base = dev + [s for v in sets.values() for s in v]
    layer = Layer(base, args.l2)
    report("G (validation)", g, layer, args.show)
    if not (args.held or args.fitted or args.time):
        return
    layer = Layer(base + g, args.l2)
    if args.fitted:
        report("dev (fitted on)", dev, layer, False)
        for n, items in sets.items():
            report(f"{n} (fitted on)", items, layer, False)
        report("G (fitted on)", g, layer, False)
    for n in ("challenge-h", "challenge-i") if args.held else ():
        report(
            n[-1].upper() + " (held out)",
            score_rules(load_labelled(GOLDEN / f"{n}.jsonl")),
            layer,
            args.show,
        )
    if args.time:
        article = " ".join(s for x in base[:200] for s in x.sents)[:3000]
        one = score_rules([({"text": article}, {"labels": []})])[0]
        t0, runs = time.perf_counter(), 0
        while time.perf_counter() - t0 < 2.0:
            layer.cache.clear()
            for label in LABELS:
                layer.best(one, label)
            runs += 1
        rate = runs / (time.perf_counter() - t0)
        print(f"layer alone: {rate:.0f} 3-KB articles/s (one core)")


if __name__ == "__main__":
    main()
