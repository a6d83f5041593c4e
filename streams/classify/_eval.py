"""Scoring against labelled data: the dev half of the evaluation set, or any labelled JSONL.

Per-label precision, recall and F1 (an item's label listed in its "optional" field counts
neither way), macro-F1 over the four labels, exact-match accuracy of the killed and wounded
counts over items whose gold count is given, event-country accuracy over items with a gold
``country`` and event-place accuracy over items with a gold ``place``. The same figures per
language (the row's ``lang``, else the detected language) are in ``languages``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from streams.classify.calibration import reliability
from streams.classify.errors import EvalDataError
from streams.classify.lang import get_pack
from streams.classify.model import Classification
from streams.classify.pipeline import classify
from streams.classify.places_index import place_index
from streams.models import LABELS

__all__ = ["EvalReport", "OnBad", "evaluate", "load_eval", "load_labelled"]

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
    country_total: int = 0
    country_right: int = 0
    place_total: int = 0
    place_right: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    languages: dict[str, EvalReport] = field(default_factory=dict)
    # per label, (score, gold) of every item where the label counts: for calibration
    samples: dict[str, list[tuple[float, bool]]] = field(
        default_factory=lambda: {label: [] for label in LABELS}
    )

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.labels.values()) / len(self.labels)

    def to_dict(self) -> dict[str, Any]:
        d = self._figures()
        if self.languages:
            d["languages"] = {k: v._figures() for k, v in sorted(self.languages.items())}
        return d

    def calibration(self) -> dict[str, Any]:
        """Per label: reliability table, Brier score and ECE of ``scores`` (calibration)."""
        return {label: reliability(self.samples[label]) for label in LABELS}

    def _figures(self) -> dict[str, Any]:
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
            "country_accuracy": _ratio(self.country_right, self.country_total),
            "country_n": self.country_total,
            "place_accuracy": _ratio(self.place_right, self.place_total),
            "place_n": self.place_total,
        }


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


OnBad = Callable[[Path, int, str], None]
"""Called with (file, line number, reason) for each line that cannot be used."""


def _bad(on_bad: OnBad | None, path: Path, n: int, reason: str) -> None:
    """Report a bad line to ``on_bad``, which skips it; without one it is an error."""
    if on_bad is None:
        raise EvalDataError(f"line {n}: {reason}", path=str(path))
    on_bad(path, n, reason)


def _read_jsonl(
    path: Path,
    on_bad: OnBad | None = None,
    check: Callable[[dict[str, Any]], str | None] | None = None,
) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each usable line: a JSON object with an "id" that ``check``
    (which returns what is wrong, or None) accepts. Bad lines are reported in file order."""
    if not path.is_file():
        raise EvalDataError("file not found", path=str(path))
    rows: list[tuple[int, dict[str, Any]]] = []
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                _bad(on_bad, path, n, f"invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                _bad(on_bad, path, n, "not a JSON object")
            elif "id" not in obj:
                _bad(on_bad, path, n, 'missing "id"')
            elif check is not None and (problem := check(obj)) is not None:
                _bad(on_bad, path, n, problem)
            else:
                rows.append((n, obj))
    return rows


def _text_problem(row: dict[str, Any]) -> str | None:
    return None if isinstance(row.get("text"), str) else 'needs a string "text"'


def _labelled_problem(row: dict[str, Any]) -> str | None:
    if isinstance(row.get("text"), str) and isinstance(row.get("labels"), list):
        return None
    return 'needs a string "text" and a "labels" list'


def load_eval(
    data_dir: Path, on_bad: OnBad | None = None
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs (text row, gold row) for every labelled item, in the labels file's order.

    A line that cannot be used (not JSON, no id, no string "text", labels for an id with no
    text) is passed to ``on_bad`` and skipped; without ``on_bad`` it raises
    :class:`EvalDataError`.
    """
    texts_path, labels_path = data_dir / TEXTS, data_dir / LABELS_FILE
    texts = {row["id"]: row for _, row in _read_jsonl(texts_path, on_bad, _text_problem)}
    pairs = []
    for n, gold in _read_jsonl(labels_path, on_bad):
        text_row = texts.get(gold["id"])
        if text_row is None:
            _bad(on_bad, labels_path, n, f"id {gold['id']!r} has labels but no text in {TEXTS}")
            continue
        pairs.append((text_row, gold))
    return pairs


def load_labelled(
    path: Path, on_bad: OnBad | None = None
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Pairs for a self-contained labelled file: each row holds "text" (and optional "title")
    together with its gold "labels", "killed" and "wounded" (as the challenge set does).

    Bad lines go to ``on_bad`` and are skipped, as in :func:`load_eval`."""
    return [(row, row) for _, row in _read_jsonl(path, on_bad, _labelled_problem)]


def _place_matches(gold: str, result: Classification) -> bool:
    """The gold place (as written) names the predicted event place: the same name, folded, as
    written or as the gazetteer has it, or a name the language's pack resolves to the same
    coordinates ("Харкова" and "Харків")."""
    ev = result.event_place
    if ev is None:
        return False
    g = gold.casefold().strip()
    if g in (ev.name.casefold(), (ev.resolved or "").casefold()):
        return True
    pack = get_pack(result.language)
    if pack is None or pack.stages.get("places") is not None:
        return False
    if pack.fold(gold).strip() == pack.fold(ev.name).strip():  # "İstanbul" / "İstanbul'da"
        return True
    entry = place_index(pack).lookup(pack.fold(gold))
    return entry is not None and (round(entry.lat, 4), round(entry.lon, 4)) == (ev.lat, ev.lon)


def _score(report: EvalReport, gold: dict[str, Any], result: Classification) -> list[str]:
    report.items += 1
    gold_labels = set(gold.get("labels") or ())
    optional = set(gold.get("optional") or ())
    predicted = set(result.labels)
    wrong: list[str] = []
    for label in LABELS:
        if label in optional:
            continue
        g, p = label in gold_labels, label in predicted
        report.samples[label].append((float(result.scores.get(label, 0.0)), g))
        score = report.labels[label]
        if g and p:
            score.tp += 1
        elif p:
            score.fp += 1
            wrong.append(f"+{label}")
        elif g:
            score.fn += 1
            wrong.append(f"-{label}")
    for kind in ("killed", "wounded"):
        if gold.get(kind) is not None:
            setattr(report, f"{kind}_total", getattr(report, f"{kind}_total") + 1)
            got = getattr(result.casualties, kind)
            if got == gold[kind]:
                setattr(report, f"{kind}_exact", getattr(report, f"{kind}_exact") + 1)
            else:
                wrong.append(f"{kind} {got}!={gold[kind]}")
    ev = result.event_place
    if gold.get("country") is not None:
        report.country_total += 1
        got = ev.country if ev else None
        if got == gold["country"]:
            report.country_right += 1
        else:
            wrong.append(f"country {got}!={gold['country']}")
    if gold.get("place") is not None:
        report.place_total += 1
        if _place_matches(str(gold["place"]), result):
            report.place_right += 1
        else:
            wrong.append(f"place {ev.name if ev else None}!={gold['place']}")
    return wrong


def evaluate(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> EvalReport:
    report = EvalReport()
    for row, gold in pairs:
        hint = row.get("lang")
        result = classify(
            str(row.get("text") or ""),
            row.get("title"),
            language=hint if isinstance(hint, str) else None,
        )
        wrong = _score(report, gold, result)
        lang = str(gold.get("lang") or result.language)
        _score(report.languages.setdefault(lang, EvalReport()), gold, result)
        if result.language != lang:
            wrong.append(f"language {result.language}!={lang}")
        if wrong:
            report.errors.append({"id": gold["id"], "errors": wrong, "text": row.get("text", "")})
    return report
