"""A/B of worker settings on one broker: A, B, A, B... over fresh preloaded topics.

On a shared machine only interleaved runs compare fairly. Settings are FLASHPOINT_* variables.

    .venv/bin/python -m benchmarks.ab --items 3000 --rounds 2 \\
        --a FLASHPOINT_WORKER__COMMIT_INTERVAL=1 --b FLASHPOINT_WORKER__COMMIT_INTERVAL=3

``--latency RATE`` measures send -> alert latency instead, at a fixed offered rate (the
every-item-alerts workload, as in ``benchmarks.run``), so both sides get the same load. Each
run offers the rate for ``--lead-in`` seconds (default 5) before the items it counts (see
``benchmarks.latency``).

A fresh broker is slow for its first half minute of traffic (the JVM compiles its hot paths):
the first run of round 1 used to take the brunt, at 117 items/s a p50 of 0.5 to 3 s where every
later run gave 0.1 to 0.3 s. So one run with A's settings goes first and is discarded
(``--warmup 0`` skips it).

To compare two checkouts rather than two settings, run it from an empty folder (the workers'
working directory comes first on their ``sys.path``) and set ``PYTHONPATH`` per side:

    cd "$(mktemp -d)" && PYTHONPATH=/path/to/new python -m benchmarks.ab \
        --a PYTHONPATH=/path/to/old --b PYTHONPATH=/path/to/new
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import yaml

from benchmarks.common import ROOT, broker, progress
from benchmarks.latency import ALERT_EVERY_ITEM_RULES, LEAD_IN_S
from benchmarks.pipeline import measure_pipeline, preload_run

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="A/B of worker settings (pipeline items/s).")
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=2)
    ap.add_argument(
        "--alerting", action="store_true", help="the every-item-alerts workload (see latency)"
    )
    ap.add_argument(
        "--latency",
        type=float,
        metavar="RATE",
        help="measure send -> alert latency at this offered rate (items/s) instead",
    )
    ap.add_argument("--seconds", type=float, default=10.0, help="latency run length")
    ap.add_argument(
        "--lead-in",
        type=float,
        default=LEAD_IN_S,
        help=f"seconds at the rate before the measured items, not counted (default {LEAD_IN_S:g})",
    )
    ap.add_argument(
        "--warmup",
        type=int,
        default=1,
        choices=(0, 1),
        help="a first run with A's settings, discarded: it warms the broker up (default 1)",
    )
    ap.add_argument("--a", action="append", default=[], metavar="K=V")
    ap.add_argument("--b", action="append", default=[], metavar="K=V")
    args = ap.parse_args(argv)
    if args.latency is not None:
        return _latency_ab(args)
    envs = _envs(args)
    rates: dict[str, list[float]] = {"a": [], "b": []}
    stage: dict[str, list[float]] = {"a": [], "b": []}
    per_cpu: dict[str, list[float]] = {"a": [], "b": []}
    for r, name, work, bootstrap in _interleaved(args.rounds, args.warmup):
        rules = ROOT / "deploy" / "rules.yaml"
        if args.alerting:
            rules = work / "rules.yaml"
            rules.write_text(yaml.safe_dump(ALERT_EVERY_ITEM_RULES))
        progress(f"{_round_name(r)} {name}: {envs[name]}")
        pre = preload_run(
            bootstrap, args.partitions, args.items, f"{name}{r}", feed_per_item=args.alerting
        )
        res = measure_pipeline(pre, work, rules, extra_env=envs[name])
        if r < 0:
            continue
        rates[name].append(res["items_per_s"])
        stage[name].append(res["classify_stage_items_per_s"])
        per_cpu[name].append(res["items_per_cpu_s"])
    out: dict[str, object] = {
        f"{name}_items_per_s": round(statistics.median(rates[name]), 1) for name in ("a", "b")
    }
    out.update(
        {
            f"{n}_classify_stage_items_per_s": round(statistics.median(stage[n]), 1)
            for n in ("a", "b")
        }
    )
    out.update(
        {f"{n}_items_per_cpu_s": round(statistics.median(per_cpu[n]), 1) for n in ("a", "b")}
    )
    out["a_runs"] = [round(x, 1) for x in rates["a"]]
    out["b_runs"] = [round(x, 1) for x in rates["b"]]
    print(json.dumps(out))
    return 0


def _envs(args: argparse.Namespace) -> dict[str, dict[str, str]]:
    return {
        "a": dict(kv.split("=", 1) for kv in args.a),
        "b": dict(kv.split("=", 1) for kv in args.b),
    }


def _round_name(r: int) -> str:
    return f"round {r + 1}" if r >= 0 else "warm-up (discarded)"


def _interleaved(rounds: int, warmup: int = 0) -> Iterator[tuple[int, str, Path, str]]:
    """(round, side, work folder, bootstrap) for A, B, A, B... on one local broker, after
    ``warmup`` runs of A numbered -1 (the caller discards them)."""
    with tempfile.TemporaryDirectory(prefix="flashpoint-ab-") as tmp:
        work = Path(tmp)
        with broker(work / "kafka") as kafka:
            for _ in range(warmup):
                yield -1, "a", work, kafka.bootstrap
            for r in range(rounds):
                for name in ("a", "b"):
                    yield r, name, work, kafka.bootstrap


def _latency_ab(args: argparse.Namespace) -> int:
    """Send -> alert latency at one fixed rate, A, B, A, B... (the medians of the rounds)."""
    from benchmarks.latency import measure_latency

    envs = _envs(args)
    keys = (
        "latency_p50_ms",
        "latency_p99_ms",
        "classified_p99_ms",
        "rules_stage_p99_ms",
        "lead_in_latency_p99_ms",
    )
    runs: dict[str, dict[str, list[float]]] = {n: {k: [] for k in keys} for n in ("a", "b")}
    for r, name, work, bootstrap in _interleaved(args.rounds, args.warmup):
        progress(f"{_round_name(r)} {name}: {envs[name]}; {args.latency:g} items/s")
        lat = measure_latency(
            bootstrap,
            args.partitions,
            work,
            rate=args.latency,
            seconds=args.seconds,
            extra_env=envs[name],
            lead_in=args.lead_in,
        )
        if r < 0:
            continue
        for k in keys:
            runs[name][k].append(round(lat[k], 1))
    out: dict[str, object] = {"offered_items_per_s": args.latency}
    for name in ("a", "b"):
        for k in keys:
            out[f"{name}_{k}"] = round(statistics.median(runs[name][k]), 1)
            out[f"{name}_{k}_runs"] = runs[name][k]
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
