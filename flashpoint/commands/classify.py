"""``flashpoint classify`` and ``flashpoint eval``.

Both read JSON lines; a line that cannot be used is named on stderr (``FILE:LINE: why``),
skipped, and makes the command exit 1 once the good lines are done (:mod:`flashpoint.badlines`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from flashpoint.badlines import BadLines
from flashpoint.commands.parsers import add_command, add_switches
from flashpoint.core.exitcodes import ExitCode
from streams.classify._eval import EvalReport, evaluate, load_eval, load_labelled
from streams.classify.errors import EvalDataError
from streams.classify.pipeline import classify
from streams.models import LABELS

__all__ = ["register"]

log = logging.getLogger(__name__)

_REPO_ROOT = Path(__file__).resolve().parents[2]
_GOLDEN = Path("tests") / "golden" / "classify"
SHARED_ENV = "FLASHPOINT_SHARED"  # the shared data set's folder; its eval set is data/eval


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "classify",
        "classify JSON lines (id, text, title) from FILE or stdin",
        """
        Read JSON Lines with "id", "text" and an optional "title"; write one JSON line per
        input, in order: id, labels, scores, casualties {killed, wounded}, places, evidence,
        language (detected from the text) and language_supported (false: no language pack,
        nothing labelled); truncated: true when only the first 200,000 characters were read.
        An optional "lang" in the input is a hint (the feed's declared language).
        A malformed line yields {"id": ..., "error": ...} and processing goes on.

        examples:
          flashpoint classify items.jsonl > labels.jsonl
          echo '{"id": "1", "text": "Two drones were shot down over Kyiv."}' | flashpoint classify
        """,
    )
    p.add_argument("file", nargs="?", default="-", help="input file (default: stdin)")
    p.set_defaults(func=_cmd_classify)

    e = add_command(
        sub,
        "eval",
        "score the classifier on a labelled evaluation set",
        f"""
        Per-label precision/recall/F1, macro-F1, exact match of killed/wounded counts, and
        event-country and event-place accuracy where the rows give a gold country/place;
        the same per language (the row's lang, else the detected one) when there are
        several. Rows: id, text, optional title and lang, labels, killed, wounded,
        optional place, country (streams/classify/lang/README.md). Bad lines are named on
        stderr and skipped; the scores cover the good ones and the exit code is 1.

        what to score (one of):
          --data DIR    the CASE 2021 dev set: DIR holds case2021-texts.jsonl and
                        case2021-dev-labels.jsonl (in the shared data set, data/eval);
                        without --data and --file, ${SHARED_ENV}/data/eval is used
                        when that variable is set
          --file FILE   a labelled JSONL file, e.g. the sets in the repository's
                        {_GOLDEN}/ (challenge.jsonl, lang/*.jsonl)

        examples:
          flashpoint eval --data ../shared/data/eval
          FLASHPOINT_SHARED=/srv/shared flashpoint eval --json
          flashpoint eval --data DIR --errors          list the misclassified ids
          flashpoint eval --data DIR --calibration     reliability of scores (Brier, ECE)
          flashpoint eval --file tests/golden/classify/challenge.jsonl
          flashpoint eval --file tests/golden/classify/lang/fr-dev.jsonl --json
        """,
    )
    e.add_argument(
        "--data",
        type=Path,
        default=None,
        help=f"eval directory (default: ${SHARED_ENV}/data/eval when {SHARED_ENV} is set)",
    )
    e.add_argument(
        "--file",
        type=Path,
        default=None,
        help="score a labelled JSONL file instead (rows with text, labels, killed, wounded, "
        "optional lang, place, country)",
    )
    add_switches(
        e,
        {
            "--json": "print the scores as one JSON object, alone on stdout",
            "--errors": "also list misclassified ids with their errors",
            "--calibration": "also print each label's reliability table, Brier score and ECE "
            "of its scores",
        },
    )
    e.set_defaults(func=_cmd_eval)


def _error_line(ident: Any, n: int, message: str, out: IO[bytes], bad: BadLines) -> None:
    out.write(orjson.dumps({"id": ident, "error": message}) + b"\n")
    bad.add(n, message)


def _problem(obj: Any) -> str | None:
    """Why a decoded line is not a classifiable item, or None."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    if "id" not in obj:
        return 'missing "id"'
    text, title = obj.get("text"), obj.get("title")
    if text is None:
        return 'missing "text"'
    if not isinstance(text, str):
        return '"text" must be a string'
    if title is not None and not isinstance(title, str):
        return '"title" must be a string when given'
    return None


def _flushed_after(lines: Iterable[bytes], out: IO[bytes]) -> Iterator[bytes]:
    """``lines``, flushing ``out`` before each next line is read (the output of the line
    before, good or bad, is out before the read waits)."""
    for line in lines:
        yield line
        out.flush()


def classify_stream(
    inp: Iterable[bytes], out: IO[bytes], bad: BadLines | None = None, *, flush: bool = False
) -> tuple[int, int]:
    """Classify JSON lines from ``inp`` to ``out``, one output line per input line.

    A line that cannot be classified yields ``{"id", "error"}`` and is counted in ``bad``
    (named on stderr). ``flush``: flush ``out`` after each line, so a reader downstream of a
    pipe sees each result as it is made. Returns (items classified, bad lines).
    """
    bad = bad if bad is not None else BadLines("-")
    done = errors = 0
    for n, raw in enumerate(_flushed_after(inp, out) if flush else inp, 1):
        if not raw.strip():
            continue
        ident: Any = f"line {n}"
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            _error_line(ident, n, f"invalid JSON ({exc})", out, bad)
            errors += 1
            continue
        problem = _problem(obj)
        if problem is not None:
            if isinstance(obj, dict) and "id" in obj:
                ident = obj["id"]
            _error_line(ident, n, problem, out, bad)
            errors += 1
            continue
        ident = obj["id"]
        try:
            hint = obj.get("lang")
            result = classify(
                obj["text"], obj.get("title"), language=hint if isinstance(hint, str) else None
            )
        except Exception as exc:  # a bad item never stops the stream
            log.exception("classify failed id=%s", ident)
            _error_line(ident, n, f"classification failed: {exc}", out, bad)
            errors += 1
            continue
        out.write(orjson.dumps(result.to_output(ident)) + b"\n")
        done += 1
    out.flush()
    return done, errors


def _cmd_classify(args: argparse.Namespace) -> int:
    out = sys.stdout.buffer
    bad = BadLines(args.file)
    if args.file == "-":
        classify_stream(sys.stdin.buffer, out, bad, flush=True)
        return bad.finish("classify")
    path = Path(args.file)
    try:
        fh = path.open("rb")
    except OSError as exc:
        from streams.classify.errors import ClassifyError

        raise ClassifyError(f"{path}: cannot open ({exc.strerror})") from exc
    with fh:
        classify_stream(fh, out, bad)
    return bad.finish("classify")


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


def _eval_usage() -> str:
    """What ``flashpoint eval`` needs, and where the sets are, for a run without arguments."""
    sets = sorted(p.relative_to(_REPO_ROOT) for p in (_REPO_ROOT / _GOLDEN).rglob("*.jsonl"))
    lines = [
        "flashpoint eval: nothing to score; give one of:",
        "  --data DIR   the CASE 2021 dev set (case2021-texts.jsonl and",
        "               case2021-dev-labels.jsonl), in the shared data set's data/eval;",
        f"               or set {SHARED_ENV} to the shared data set's folder",
        "  --file FILE  a labelled JSONL file (id, text, labels, killed, wounded)",
    ]
    if sets:
        lines.append(f"labelled sets in this checkout ({_REPO_ROOT}):")
        lines += [f"  {p}" for p in sets[:12]]
        if len(sets) > 12:
            lines.append(f"  ... and {len(sets) - 12} more under {_GOLDEN}/")
    lines.append("see: flashpoint eval --help")
    return "\n".join(lines)


def _eval_pairs(args: argparse.Namespace, bad: BadLines) -> list[Any] | None:
    def on_bad(path: Path, n: int, reason: str) -> None:
        bad.add(n, reason, source=str(path))

    if args.file is not None:
        return load_labelled(args.file, on_bad)
    data = args.data
    if data is None and os.environ.get(SHARED_ENV):
        data = Path(os.environ[SHARED_ENV]) / "data" / "eval"
    if data is None:
        return None
    return load_eval(data, on_bad)


def _print_calibration(report: EvalReport) -> None:
    print("\ncalibration (scores against outcomes; Brier and ECE: lower is better)")
    for label, c in report.calibration().items():
        print(f"{label:<11} Brier {c['brier']}  ECE {c['ece']}  (n={c['n']})")
        for b in c["bins"]:
            print(
                f"    {b['bin']}  n={b['n']:<4d} mean {b['mean']:.3f}  observed {b['observed']:.3f}"
            )


def _cmd_eval(args: argparse.Namespace) -> int:
    bad = BadLines(str(args.file or args.data or "-"))
    pairs = _eval_pairs(args, bad)
    if pairs is None:
        print(_eval_usage(), file=sys.stderr)
        return ExitCode.USAGE
    if not pairs:
        bad.finish("eval")
        raise EvalDataError("no labelled row to score", path=str(args.file or args.data))
    report = evaluate(pairs)
    if args.json:
        d = report.to_dict()
        d["bad_lines"] = bad.count
        if args.errors:
            d["errors"] = [{"id": e["id"], "errors": e["errors"]} for e in report.errors]
        if args.calibration:
            d["calibration"] = report.calibration()
        print(orjson.dumps(d).decode())
        return bad.finish("eval")
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
    return bad.finish("eval")
