"""Calibrated scores: a label's ``score`` is the probability that the label is right.

The rules give each label a raw score (the noisy-or of its sentence weights). Raw scores rank
items well but are not probabilities: a strike score of 0.75 was right 84 % of the time on the
dev half, a diplomatic 0.35 only 9 %. A pack may ship a calibration table (``calibration.json``
next to its code, fitted by ``scripts/fit_calibration.py`` on the labelled dev half): per label,
a monotone piecewise-linear map from raw score to probability, found by isotonic regression
(pool-adjacent-violators) over the raw values, each value's observed rate shrunk towards the
raw score itself by ``PRIOR`` pseudo-items (so that a value seen twice does not become 0 or 1,
and a label with three positives, such as denial on the dev half, stays close to the rules).

The label decision stays the rules' (raw >= 0.5); the calibrated probability is kept on the
same side of 0.5, so "a label is on at >= 0.5" holds for ``scores`` as before. ``reliability``
measures how well scores match outcomes: a reliability table, the Brier score and the expected
calibration error (ECE) per label; ``flashpoint eval --calibration`` prints them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from streams.classify.errors import ClassifyError

__all__ = [
    "BINS",
    "PRIOR",
    "Curve",
    "calibrate",
    "fit",
    "load_curves",
    "raw_scores",
    "reliability",
]

PRIOR = 2.0  # pseudo-items at the raw score itself, per distinct raw value
THRESHOLD = 0.5
# reliability-table bins (upper bounds; the last one includes 1.0)
BINS = (0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
_EDGE = 1e-4  # how far inside its side of 0.5 a clamped probability is put


@dataclass(frozen=True, slots=True)
class Curve:
    """A monotone piecewise-linear map from raw score to probability (``xs`` ascending)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def __call__(self, raw: float) -> float:
        xs, ys = self.xs, self.ys
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        lo, hi = 0, len(xs) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if xs[mid] <= raw:
                lo = mid
            else:
                hi = mid
        x0, x1, y0, y1 = xs[lo], xs[hi], ys[lo], ys[hi]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


def fit(samples: Iterable[tuple[float, bool]], prior: float = PRIOR) -> Curve:
    """Isotonic regression of outcome on raw score, each distinct raw value shrunk towards
    itself by ``prior`` pseudo-items."""
    groups: dict[float, list[float]] = {}
    for raw, gold in samples:
        g = groups.setdefault(round(raw, 4), [0.0, 0.0])
        g[0] += 1.0
        g[1] += 1.0 if gold else 0.0
    if not groups:
        return Curve((0.0, 1.0), (0.0, 1.0))
    # blocks of (weight, weighted sum, raw values), merged while they violate monotonicity
    blocks: list[list[Any]] = []
    for x in sorted(groups):
        n, pos = groups[x]
        blocks.append([n + prior, pos + prior * x, [x]])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][0] >= blocks[-1][1] / blocks[-1][0]:
            w, s, xs = blocks.pop()
            blocks[-1][0] += w
            blocks[-1][1] += s
            blocks[-1][2].extend(xs)
    xs_out: list[float] = []
    ys_out: list[float] = []
    for w, s, xs in blocks:
        y = s / w
        for x in (xs[0], xs[-1]) if len(xs) > 1 else (xs[0],):
            xs_out.append(x)
            ys_out.append(round(y, 4))
    if len(xs_out) == 1:
        xs_out.append(xs_out[0] + 1e-6)
        ys_out.append(ys_out[0])
    return Curve(tuple(xs_out), tuple(ys_out))


def load_curves(path: Path) -> dict[str, Curve]:
    """The curves of a pack's ``calibration.json`` ({} when the pack has none)."""
    if not path.is_file():
        return {}
    try:
        data = orjson.loads(path.read_bytes())
        curves = {
            label: Curve(tuple(map(float, c["x"])), tuple(map(float, c["y"])))
            for label, c in data["curves"].items()
        }
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ClassifyError(f"{path}: not a calibration table ({exc})") from exc
    for label, c in curves.items():
        if len(c.xs) != len(c.ys) or len(c.xs) < 2 or list(c.xs) != sorted(c.xs):
            raise ClassifyError(f"{path}: curve {label!r} needs >= 2 ascending points")
    return curves


_STATE = threading.local()


@contextmanager
def raw_scores() -> Iterator[None]:
    """Within this block (in this thread) ``calibrate`` returns the raw scores: used to fit
    the tables and to compare raw and calibrated reliability."""
    _STATE.raw = True
    try:
        yield
    finally:
        _STATE.raw = False


def calibrate(scores: Mapping[str, float], curves: Mapping[str, Curve]) -> dict[str, float]:
    """Raw scores -> probabilities; a label without a curve keeps its raw score. A probability
    stays on its raw score's side of 0.5, so the label decision does not move."""
    if not curves or getattr(_STATE, "raw", False):
        return dict(scores)
    out: dict[str, float] = {}
    for label, raw in scores.items():
        curve = curves.get(label)
        if curve is None:
            out[label] = raw
            continue
        p = curve(raw)
        if raw >= THRESHOLD:
            p = max(p, THRESHOLD)
        elif p >= THRESHOLD:
            p = THRESHOLD - _EDGE
        out[label] = round(p, 4)
    return out


def reliability(samples: list[tuple[float, bool]]) -> dict[str, Any]:
    """Reliability table (per bin: items, mean score, observed rate), Brier score and expected
    calibration error of ``(score, gold)`` pairs."""
    n = len(samples)
    bins: list[dict[str, Any]] = []
    lo = 0.0
    ece = 0.0
    for hi in BINS:
        inside = [(s, g) for s, g in samples if lo <= s < hi or (hi == 1.0 and s == 1.0)]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            rate = sum(1 for _, g in inside if g) / len(inside)
            ece += len(inside) / n * abs(mean - rate)
            bins.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": len(inside),
                    "mean": round(mean, 3),
                    "observed": round(rate, 3),
                }
            )
        lo = hi
    brier = sum((s - (1.0 if g else 0.0)) ** 2 for s, g in samples) / n if n else None
    return {
        "n": n,
        "brier": None if brier is None else round(brier, 4),
        "ece": round(ece, 4) if n else None,
        "bins": bins,
    }
