"""The shape of scaling out (issue 19): workers pinned to cores, and rebalances.

1. Throughput, 1 and 2 workers (``--rounds`` each, interleaved), every process pinned with
   ``taskset``: with one worker the broker has core 0 and the worker (its classifier process
   included) core 1; with two workers each worker has a core of its own and the broker runs
   where it can (this machine has two cores). Each run drains ``--items`` preloaded items
   (``deploy/rules.yaml``, ``--partitions`` partitions) as
   :func:`benchmarks.pipeline.measure_pipeline` does. Figures: items/s end to end, items per
   CPU-second of the workers, and the broker's CPU per item.
2. Rebalances under a steady stream (:mod:`benchmarks.steady`, every item alerting, ``--rate``
   items/s): a second worker joins a running one, then leaves again (SIGTERM, a clean stop).
   For each: the longest gap between two alerts (``max_gap_s``: the pause the rebalance
   caused), and the stall figures of :func:`benchmarks.steady.event_figures`.

    .venv/bin/python -m benchmarks.scaleout [--items 3000] [--rounds 1] [--rate 20] [--keep DIR]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, broker, cpu_seconds, progress
from benchmarks.pipeline import _alive, measure_pipeline, preload_run, start_workers, worker_env
from benchmarks.steady import SteadyStream, event_figures
from flashpoint.procs import Child, ChildGroup

__all__ = ["main"]


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _pin(pid: int, cores: str) -> None:
    """Pin ``pid`` and every thread of it (children started later inherit the mask)."""
    subprocess.run(["taskset", "-a", "-cp", cores, str(pid)], check=True, capture_output=True)


def _pin_tree(pid: int, cores: str) -> None:
    _pin(pid, cores)
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        for c in child.read_text().split():
            _pin_tree(int(c), cores)


def throughput(
    bootstrap: str, broker_pid: int, work: Path, workers: int, standby: int, args: Any, r: int
) -> dict[str, Any]:
    ncpu = os.cpu_count() or 1
    all_cores = f"0-{ncpu - 1}"
    if workers == 1:
        cores = ["1" if ncpu > 1 else "0"]
        broker_cores = "0"
    else:
        cores = [str(i % ncpu) for i in range(workers)]
        broker_cores = all_cores
    _pin_tree(broker_pid, broker_cores)

    def pin(children: list[Child]) -> None:
        for child, core in zip(children, cores, strict=True):
            assert child.proc is not None
            _pin_tree(child.proc.pid, core)

    pre = preload_run(bootstrap, args.partitions, args.items, f"so{workers}r{r}")
    load_start = _uptime()
    b0 = cpu_seconds(broker_pid)
    env = {"FLASHPOINT_WORKER__TABLE_STANDBY_REPLICAS": str(standby)}
    res = measure_pipeline(
        pre, work, ROOT / "deploy" / "rules.yaml", workers=workers, pin=pin, extra_env=env
    )
    broker_cpu = cpu_seconds(broker_pid) - b0
    _pin_tree(broker_pid, all_cores)
    out = {
        "workers": workers,
        "standby": standby,
        "worker_cores": cores,
        "broker_cores": broker_cores,
        "items_per_s": round(res["items_per_s"], 1),
        "classify_stage_items_per_s": round(res["classify_stage_items_per_s"], 1),
        "items_per_cpu_s": round(res["items_per_cpu_s"], 1),
        "broker_cpu_ms_per_item": round(1000 * broker_cpu / args.items, 3),
        "changelog_records_per_item": round(res["changelog_records_per_item"], 2),
        "load_start": load_start,
        "load_end": _uptime(),
    }
    progress(f"throughput x{workers}: {json.dumps(out)}")
    return out


def _max_gap(stream: SteadyStream, start: float, end: float) -> float:
    arrivals = sorted(
        a for f, t in stream.sent.items() if start <= t <= end and (a := stream.arr.alerts.get(f))
    )
    return max((b - a for a, b in itertools.pairwise(arrivals)), default=0.0)


def rebalances(bootstrap: str, work: Path, args: Any) -> dict[str, Any]:
    stream = SteadyStream(bootstrap, args.partitions, work, tag="rebal")
    env = worker_env(stream.kafka, work, stream.rules_file)
    group = ChildGroup()
    load_start = _uptime()
    try:
        start_workers(group, env, work, 1, "rebal-a")
        stream.send(20, prefix="warm")
        stream.wait_alerts(timeout=180, alive=lambda: _alive(group))
        stream.start(args.rate)
        time.sleep(args.settle)
        t_join = time.time()
        (second,) = start_workers(group, env, work, 1, "rebal-b")
        progress("rebalance: a second worker started")
        time.sleep(args.hold)
        t_leave = time.time()
        assert second.proc is not None
        os.killpg(second.proc.pid, signal.SIGTERM)
        progress("rebalance: the second worker stopped (SIGTERM)")
        time.sleep(args.settle * 2)
        stream.stop()
        with contextlib.suppress(TimeoutError):  # reported below
            stream.wait_alerts(timeout=120)  # the second worker has exited: no liveness check
        missing = stream.missing()
        join = event_figures(stream, t_join, until=t_leave)
        join["max_gap_s"] = _max_gap(stream, t_join - 2, t_leave - 2)
        leave = event_figures(stream, t_leave)
        leave["max_gap_s"] = _max_gap(stream, t_leave - 2, t_leave + args.settle * 2)
        base = _max_gap(stream, t_join - args.settle + 1, t_join - 1)
    finally:
        group.stop()
        stream.close()
    out = {
        "rate": args.rate,
        "gap_before_s": round(base, 3),
        "join": {k: round(v, 3) for k, v in join.items()},
        "leave": {k: round(v, 3) for k, v in leave.items()},
        **missing,
        "load_start": load_start,
        "load_end": _uptime(),
    }
    progress(f"rebalance: {json.dumps(out)}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Scale-out shape: pinned workers, rebalances.")
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--rate", type=float, default=20.0)
    ap.add_argument("--settle", type=float, default=10.0, help="seconds before an event")
    ap.add_argument("--hold", type=float, default=40.0, help="seconds the second worker runs")
    ap.add_argument(
        "--standby",
        type=int,
        action="append",
        help="table_standby_replicas of the two-worker runs (repeat for several; default 1)",
    )
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-rebalance", action="store_true")
    ap.add_argument(
        "--keep", type=Path, help="copy the workers' logs here when an alert is missing"
    )
    args = ap.parse_args(argv)
    summary: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="flashpoint-scaleout-") as tmp:
        work = Path(tmp)
        with broker(work / "kafka") as kafka:
            pid = kafka.pid()
            assert pid is not None
            if not args.skip_throughput:
                configs = [(1, 1)] + [(2, s) for s in args.standby or [1]]
                runs = [
                    throughput(kafka.bootstrap, pid, work, n, s, args, r)
                    for r in range(args.rounds)
                    for n, s in configs
                ]
                summary["throughput_runs"] = runs
                for n, s in configs:
                    mine = [x for x in runs if x["workers"] == n and x["standby"] == s]
                    name = "x1" if n == 1 else f"x2_standby{s}"
                    for k in ("items_per_s", "items_per_cpu_s", "broker_cpu_ms_per_item"):
                        summary[f"{name}_{k}"] = statistics.median(x[k] for x in mine)
            if not args.skip_rebalance:
                summary["rebalance"] = rebalances(kafka.bootstrap, work, args)
                if args.keep and summary["rebalance"]["missing_alerts"]:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    for log_file in work.glob("*.log"):
                        shutil.copy(log_file, args.keep / log_file.name)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
