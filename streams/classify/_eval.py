"""Scoring against the labelled dev half of the evaluation set.

Per-label precision, recall and F1 (an item's label listed in its "optional" field counts
neither way), macro-F1 over the four labels, and exact-match accuracy of the killed and
wounded counts over items whose gold count is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from streams.classify.errors import EvalDataError
from streams.classify.pipeline import classify
from streams.models import LABELS

__all__ = ["EvalReport", "evaluate", "load_eval", "load_labelled"]

TEXTS = "case2021-texts.jsonl"
LABELS_FILE = "case2021-dev-labels.jsonl"


@dataclass
class LabelScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    items: int = 0
    labels: dict[str, LabelScore] = field(
        default_factory=lambda: {label: LabelScore() for label in LABELS}
    )
    killed_total: int = 0
    killed_exact: int = 0
    wounded_total: int = 0
    wounded_exact: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.labels.values()) / len(self.labels)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "labels": {
                k: {
                    "precision": round(v.precision, 4),
                    "recall": round(v.recall, 4),
                    "f1": round(v.f1, 4),
                    "tp": v.tp,
                    "fp": v.fp,
                    "fn": v.fn,
                }
                for k, v in self.labels.items()
            },
            "macro_f1": round(self.macro_f1, 4),
            "killed_exact": round(self.killed_exact / self.killed_total, 4)
            if self.killed_total
            else None,
            "killed_n": self.killed_total,
            "wounded_exact": round(self.wounded_exact / self.wounded_total, 4)
            if self.wounded_total
            else None,
            "wounded_n": self.wounded_total,
        }


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvalDataError("file not found", path=str(path))
    rows: list[dict[str, Any]] = []
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise EvalDataError(f"line {n}: invalid JSON ({exc})", path=str(path)) from exc
            if not isinstance(obj, dict) or "id" not in obj:
                raise EvalDataError(f"line {n}: not an object with an id", path=str(path))
            rows.append(obj)
    return rows


def load_eval(data_dir: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs (text row, gold row) for every labelled item, in the labels file's order."""
    texts = {row["id"]: row for row in _read_jsonl(data_dir / TEXTS)}
    pairs = []
    for gold in _read_jsonl(data_dir / LABELS_FILE):
        row = texts.get(gold["id"])
        if row is None:
            raise EvalDataError(
                f"id {gold['id']!r} has labels but no text", path=str(data_dir / TEXTS)
            )
        pairs.append((row, gold))
    return pairs


def load_labelled(path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs for a self-contained labelled file: each row holds "text" (and optional "title")
    together with its gold "labels", "killed" and "wounded" (as the challenge set does)."""
    rows = _read_jsonl(path)
    for n, row in enumerate(rows, 1):
        if not isinstance(row.get("text"), str) or not isinstance(row.get("labels"), list):
            raise EvalDataError(
                f'row {n}: needs a string "text" and a "labels" list', path=str(path)
            )
    return [(row, row) for row in rows]


def evaluate(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> EvalReport:
    report = EvalReport()
    for row, gold in pairs:
        result = classify(str(row.get("text") or ""), row.get("title"))
        report.items += 1
        gold_labels = set(gold.get("labels") or ())
        optional = set(gold.get("optional") or ())
        predicted = set(result.labels)
        wrong: list[str] = []
        for label in LABELS:
            if label in optional:
                continue
            g, p = label in gold_labels, label in predicted
            score = report.labels[label]
            if g and p:
                score.tp += 1
            elif p:
                score.fp += 1
                wrong.append(f"+{label}")
            elif g:
                score.fn += 1
                wrong.append(f"-{label}")
        if gold.get("killed") is not None:
            report.killed_total += 1
            if result.casualties.killed == gold["killed"]:
                report.killed_exact += 1
            else:
                wrong.append(f"killed {result.casualties.killed}!={gold['killed']}")
        if gold.get("wounded") is not None:
            report.wounded_total += 1
            if result.casualties.wounded == gold["wounded"]:
                report.wounded_exact += 1
            else:
                wrong.append(f"wounded {result.casualties.wounded}!={gold['wounded']}")
        if wrong:
            report.errors.append({"id": gold["id"], "errors": wrong, "text": row.get("text", "")})
    return report
