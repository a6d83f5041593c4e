"""``flashpoint classify`` and ``flashpoint eval``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import IO, Any

import orjson

from streams.classify._eval import EvalReport, evaluate, load_eval, load_labelled
from streams.classify.pipeline import classify
from streams.models import LABELS

__all__ = ["register"]

log = logging.getLogger(__name__)

_REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_EVAL_DIR = _REPO_ROOT.parent / "shared" / "data" / "eval"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "classify",
        help="classify JSON lines (id, text, title) from FILE or stdin",
        description=(
            'Read JSON Lines with "id", "text" and an optional "title"; write one JSON line per\n'
            "input, in order: id, labels, scores, casualties {killed, wounded}, places, evidence,\n"
            "language (detected from the text) and language_supported (false: no language pack,\n"
            "nothing labelled); truncated: true when only the first 200,000 characters were read.\n"
            'An optional "lang" in the input is a hint (the feed\'s declared language).\n'
            'A malformed line yields {"id": ..., "error": ...} and processing goes on.\n\n'
            "examples:\n"
            "  flashpoint classify items.jsonl > labels.jsonl\n"
            '  echo \'{"id": "1", "text": "Two drones were shot down over Kyiv."}\' '
            "| flashpoint classify"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", nargs="?", default="-", help="input file (default: stdin)")
    p.set_defaults(func=_cmd_classify)

    e = sub.add_parser(
        "eval",
        help="score the classifier on the labelled dev half of the evaluation set",
        description=(
            "Per-label precision/recall/F1, macro-F1, exact match of killed/wounded counts, and\n"
            "event-country and event-place accuracy where the rows give a gold country/place;\n"
            "the same per language (the row's lang, else the detected one) when there are\n"
            "several. Rows: id, text, optional title and lang, labels, killed, wounded,\n"
            "optional place, country (streams/classify/lang/README.md).\n\n"
            "examples:\n"
            "  flashpoint eval\n"
            "  flashpoint eval --json\n"
            "  flashpoint eval --errors          list the misclassified ids\n"
            "  flashpoint eval --calibration     reliability of the scores (Brier, ECE)\n"
            "  flashpoint eval --file tests/golden/classify/challenge.jsonl\n"
            "  flashpoint eval --file tests/golden/classify/lang/fr-dev.jsonl --json"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_EVAL_DIR,
        help=f"eval directory (default: {DEFAULT_EVAL_DIR})",
    )
    e.add_argument(
        "--file",
        type=Path,
        default=None,
        help="score a labelled JSONL file instead (rows with text, labels, killed, wounded, "
        "optional lang, place, country)",
    )
    e.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    e.add_argument(
        "--errors", action="store_true", help="also list misclassified ids with their errors"
    )
    e.add_argument(
        "--calibration",
        action="store_true",
        help="also print each label's reliability table, Brier score and ECE of its scores",
    )
    e.set_defaults(func=_cmd_eval)


def _error_line(ident: Any, message: str, out: IO[bytes]) -> None:
    out.write(orjson.dumps({"id": ident, "error": message}) + b"\n")
    print(f"flashpoint classify: {ident}: {message}", file=sys.stderr)


def classify_stream(inp: IO[bytes], out: IO[bytes]) -> tuple[int, int]:
    """Classify JSON lines from ``inp`` to ``out``. Returns (items done, errors)."""
    done = errors = 0
    for n, raw in enumerate(inp, 1):
        if not raw.strip():
            continue
        ident: Any = f"line {n}"
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            _error_line(ident, f"invalid JSON: {exc}", out)
            errors += 1
            continue
        if not isinstance(obj, dict):
            _error_line(ident, "not a JSON object", out)
            errors += 1
            continue
        ident = obj.get("id", ident)
        text, title = obj.get("text"), obj.get("title")
        if "id" not in obj:
            _error_line(ident, 'missing "id"', out)
            errors += 1
            continue
        if not isinstance(text, str) or (title is not None and not isinstance(title, str)):
            _error_line(ident, '"text" must be a string (and "title", if given)', out)
            errors += 1
            continue
        try:
            hint = obj.get("lang")
            result = classify(text, title, language=hint if isinstance(hint, str) else None)
        except Exception as exc:  # a bad item never stops the stream
            log.exception("classify failed id=%s", ident)
            _error_line(ident, f"classification failed: {exc}", out)
            errors += 1
            continue
        out.write(orjson.dumps(result.to_output(ident)) + b"\n")
        done += 1
    out.flush()
    return done, errors


def _cmd_classify(args: argparse.Namespace) -> int:
    out = sys.stdout.buffer
    if args.file == "-":
        classify_stream(sys.stdin.buffer, out)
        return 0
    path = Path(args.file)
    try:
        fh = path.open("rb")
    except OSError as exc:
        from streams.classify.errors import ClassifyError

        raise ClassifyError(f"{path}: cannot open ({exc.strerror})") from exc
    with fh:
        classify_stream(fh, out)
    return 0


def _print_figures(report: EvalReport) -> None:
    print(f"items: {report.items}")
    print(f"{'label':<11} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn")
    for label in LABELS:
        s = report.labels[label]
        print(
            f"{label:<11} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d}"
            f" {s.fn:4d}"
        )
    print(f"macro-F1    {report.macro_f1:6.3f}")
    d = report.to_dict()
    for key, name in (
        ("killed", "killed exact match: "),
        ("wounded", "wounded exact match:"),
        ("country", "event country:      "),
        ("place", "event place:        "),
    ):
        v = d[f"{key}_exact" if key in ("killed", "wounded") else f"{key}_accuracy"]
        if key in ("country", "place") and v is None:
            continue
        print(f"{name} {v if v is None else f'{v:.3f}'} (n={d[f'{key}_n']})")


def _print_calibration(report: EvalReport) -> None:
    print("\ncalibration (scores against outcomes; Brier and ECE: lower is better)")
    for label, c in report.calibration().items():
        print(f"{label:<11} Brier {c['brier']}  ECE {c['ece']}  (n={c['n']})")
        for b in c["bins"]:
            print(
                f"    {b['bin']}  n={b['n']:<4d} mean {b['mean']:.3f}  observed {b['observed']:.3f}"
            )


def _cmd_eval(args: argparse.Namespace) -> int:
    report = evaluate(load_labelled(args.file) if args.file else load_eval(args.data))
    if args.json:
        d = report.to_dict()
        if args.errors:
            d["errors"] = [{"id": e["id"], "errors": e["errors"]} for e in report.errors]
        if args.calibration:
            d["calibration"] = report.calibration()
        print(orjson.dumps(d).decode())
        return 0
    _print_figures(report)
    if args.calibration:
        _print_calibration(report)
    if len(report.languages) > 1:
        for lang, sub in sorted(report.languages.items()):
            print(f"\n[{lang}]")
            _print_figures(sub)
    if args.errors:
        print("\nerrors:")
        for e in report.errors:
            print(f"{e['id']}: {', '.join(e['errors'])}\n    {e['text'][:300]}")
    return 0
