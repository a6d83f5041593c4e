"""Interleaved A/B of two checkouts of the classifier, English only, on one pinned core.

Each run is a child process with ``PYTHONPATH`` set to one side's checkout, pinned with
``taskset -c CORE``; the sides alternate A, B, A, B... Every child warms up as a worker does
(``streams.classify_pool._warm_up`` and 50 snippets), then measures, with
``bench_classify``'s own timing (items per CPU second of the process), the CASE 2021 snippets
and the ~3 KB articles, ``--seconds`` each. Each pass over a corpus is also timed alone: the best
pass is the figure least touched by other processes on a shared core (interference only adds
time). Every run's figures are printed, then the medians; the last line is JSON.

    .venv/bin/python benchmarks/ab_classify.py --a /path/to/old --b /path/to/new \\
        [--rounds 3] [--seconds 6] [--core 1]

The child is this file (``--child``), so both sides run the same measuring code; only the
classifier comes from the side's checkout. Run it from any folder: the checkouts come first
on the children's ``sys.path`` through ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(seconds: float) -> None:
    # this file's folder is sys.path[0]: bench_classify from here, the classifier from PYTHONPATH
    from bench_classify import SHARED, _articles

    import streams
    from streams.classify import classify
    from streams.classify_pool import _warm_up

    snippets = [
        json.loads(line)["text"]
        for line in (SHARED / "eval" / "case2021-texts.jsonl").read_text().splitlines()
        if line.strip()
    ]
    seed = (SHARED / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")
    articles = _articles(snippets, seed)
    _warm_up()
    for t in snippets[:50]:
        classify(t)
    result: dict[str, object] = {"checkout": str(Path(streams.__file__).resolve().parents[1])}
    for name, texts in (("articles", articles), ("snippets", snippets)):
        overall, best = _passes(classify, texts, seconds)
        result[f"{name}_items_per_s"] = round(overall, 1)
        result[f"{name}_best_pass_items_per_s"] = round(best, 1)
    print(json.dumps(result))


def _passes(fn: Callable[[str], object], texts: list[str], seconds: float) -> tuple[float, float]:
    """Items per CPU second over whole passes until ``seconds`` have passed (as
    ``bench_classify._rate``), and that of the fastest pass."""
    gc.collect()
    n = 0
    best = 0.0
    start = time.process_time()
    while True:
        t0 = time.process_time()
        for t in texts:
            fn(t)
        t1 = time.process_time()
        n += len(texts)
        best = max(best, len(texts) / (t1 - t0))
        if t1 - start >= seconds:
            return n / (t1 - start), best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", type=Path, help="checkout A (the old code)")
    ap.add_argument("--b", type=Path, help="checkout B (the new code)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=6.0, help="CPU seconds per measurement")
    ap.add_argument("--core", type=int, default=1, help="the core every run is pinned to")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.seconds)
        return
    if args.a is None or args.b is None:
        ap.error("--a and --b are required")
    taskset = shutil.which("taskset")
    runs: dict[str, list[dict[str, float]]] = {"A": [], "B": []}
    for r in range(1, args.rounds + 1):
        for side, path in (("A", args.a), ("B", args.b)):
            cmd = [sys.executable, __file__, "--child", "--seconds", str(args.seconds)]
            if taskset:
                cmd = [taskset, "-c", str(args.core), *cmd]
            env = {**os.environ, "PYTHONPATH": str(path.resolve())}
            out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
            got = json.loads(out.stdout.strip().splitlines()[-1])
            runs[side].append(got)
            print(
                f"round {r} {side}: articles {got['articles_items_per_s']:7.1f} items/CPU-s"
                f" (best pass {got['articles_best_pass_items_per_s']:7.1f})"
                f"   snippets {got['snippets_items_per_s']:7.1f}"
                f" (best pass {got['snippets_best_pass_items_per_s']:7.1f})   {got['checkout']}",
                flush=True,
            )
    summary: dict[str, object] = {"rounds": args.rounds, "seconds": args.seconds}
    for key in (
        "articles_items_per_s",
        "articles_best_pass_items_per_s",
        "snippets_items_per_s",
        "snippets_best_pass_items_per_s",
    ):
        a = statistics.median(x[key] for x in runs["A"])
        b = statistics.median(x[key] for x in runs["B"])
        print(f"{key}: median A {a:.1f}, B {b:.1f}, B/A {b / a:.3f}")
        summary[key] = {
            "a": [x[key] for x in runs["A"]],
            "b": [x[key] for x in runs["B"]],
            "ratio_of_medians": round(b / a, 3),
        }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
