"""Failover time with and without standby copies of the rules state (issue 19).

Two workers share the topics (``--partitions``, default 4); a backlog of ``--state`` items
builds the rules state first (each item its own feed, so each leaves a window, a rule group, a
seen hash and an incident in the changelog). Then items are offered at ``--rate`` items/s, and
after ``--warm`` seconds one worker is killed with SIGKILL (its process group: the worker and
its classifier process), as a crash would. The figures (:mod:`benchmarks.steady`) say how long
alerts for the dead worker's partitions stalled. Runs alternate ``table_standby_replicas`` 0
and 1 (``--rounds`` each) on one broker, each on fresh topics and a fresh consumer group.

    .venv/bin/python -m benchmarks.failover [--rounds 1] [--state 3000] [--rate 20]

The last line printed is one JSON object. The group notices a killed member only after
``worker.session_timeout`` (15 s by default): both sides wait for it, so the difference between
them is the moved partitions' table recovery.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from benchmarks.common import broker, end_offsets, progress
from benchmarks.pipeline import _alive, start_workers, worker_env
from benchmarks.steady import SteadyStream, event_figures
from flashpoint.procs import ChildGroup
from streams.rules_agent import state_changelog_topic

__all__ = ["main"]


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def one_run(bootstrap: str, work: Path, standby: int, args: argparse.Namespace) -> dict[str, Any]:
    stream = SteadyStream(bootstrap, args.partitions, work, tag=f"fo{standby}")
    kafka = stream.kafka
    env = worker_env(
        kafka,
        work,
        stream.rules_file,
        extra={"FLASHPOINT_WORKER__TABLE_STANDBY_REPLICAS": str(standby)},
    )
    group = ChildGroup()
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    load = {"load_start": _uptime()}
    try:
        children = start_workers(group, env, work, 2, kafka.topic_prefix)
        stream.send(args.state, prefix="state")
        stream.wait_alerts(timeout=600, alive=lambda: _alive(group))
        changelog = state_changelog_topic(env["FLASHPOINT_WORKER__APP_ID"])
        records = sum(end_offsets(consumer, changelog).values())
        progress(
            f"standby={standby}: state of {args.state} items built ({records} changelog records)"
        )
        stream.start(args.rate)
        time.sleep(args.warm)
        victim = children[1]
        assert victim.proc is not None
        t_kill = time.time()
        os.killpg(victim.proc.pid, signal.SIGKILL)
        progress(f"standby={standby}: killed {victim.name} (SIGKILL, its process group)")
        time.sleep(args.after)
        stream.stop()
        with contextlib.suppress(TimeoutError):  # reported as missing_after
            stream.wait_alerts(timeout=120)  # the killed worker is gone: no liveness check
        figures = event_figures(stream, t_kill)
        missing = stream.missing()
    finally:
        consumer.close()
        group.stop()
        stream.close()
    load["load_end"] = _uptime()
    out = {"standby": standby, "changelog_records": records, **figures, **missing, **load}
    progress(
        f"standby={standby}: alerts stalled {figures['stall_s']:.1f}s "
        f"(first delayed alert {figures['resume_s']:.1f}s, settled {figures['settled_s']:.1f}s, "
        f"max latency {figures['max_latency_after_ms'] / 1000:.1f}s); "
        f"{int(figures['missing_after'])} missing"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Failover time, table_standby_replicas 0 and 1.")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--state", type=int, default=3000, help="items that build the state first")
    ap.add_argument("--rate", type=float, default=20.0, help="items/s offered around the kill")
    ap.add_argument("--warm", type=float, default=8.0, help="seconds of steady load before")
    ap.add_argument("--after", type=float, default=40.0, help="seconds of load after the kill")
    args = ap.parse_args(argv)
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="flashpoint-failover-") as tmp:
        work = Path(tmp)
        with broker(work / "kafka") as kafka:
            for r in range(args.rounds):
                for standby in (0, 1):
                    progress(f"round {r + 1}: table_standby_replicas={standby}")
                    runs.append(one_run(kafka.bootstrap, work, standby, args))
    summary: dict[str, Any] = {"runs": runs}
    for standby in (0, 1):
        mine = [r for r in runs if r["standby"] == standby]
        for k in ("stall_s", "resume_s", "settled_s", "max_latency_after_ms"):
            summary[f"standby{standby}_{k}"] = round(statistics.median(r[k] for r in mine), 2)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
