"""Profile a busy ``flashpoint worker`` with py-spy (sampling, from outside the process).

A broker is started, the raw topic is preloaded, one worker drains it and py-spy records it for
``--seconds``. Prints the top frames by own time and by inclusive time, and by area (classifier,
rules engine, agents, serialisation, Faust/aiokafka/mode, asyncio), from the collapsed stacks.

    .venv/bin/pip install py-spy
    .venv/bin/python -m benchmarks.profile_worker [--items 3000] [--seconds 20] [--out FILE]
        [--worker-env K=V ...]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from kafka import KafkaConsumer

from benchmarks.common import ROOT, broker, end_offsets, progress, wait_for
from benchmarks.latency import ALERT_EVERY_ITEM_RULES
from benchmarks.pipeline import _alive, preload_run, start_workers, worker_env
from flashpoint.procs import ChildGroup

__all__ = ["area", "main", "summarise"]

_AREAS = (
    ("streams/classify/", "classifier (streams/classify)"),
    ("streams/engine.py", "rules engine (streams/engine.py)"),
    ("streams/incidents.py", "incidents (streams/incidents.py)"),
    ("streams/rules_agent.py", "rules agent"),
    ("streams/classify_agent.py", "classify agent"),
    ("pydantic", "pydantic"),
    ("orjson", "orjson"),
    ("json/", "stdlib json"),
    ("rocksdict", "rocksdict"),
    ("faust/tables", "faust tables"),
    ("faust/", "faust (other)"),
    ("aiokafka/", "aiokafka"),
    ("mode/", "mode"),
    ("asyncio/", "asyncio"),
    ("prometheus_client", "prometheus_client"),
)


def area(frame: str) -> str | None:
    for needle, name in _AREAS:
        if needle in frame:
            return name
    return None


def summarise(raw: Path, top: int = 25) -> str:
    """Top frames (own, inclusive) and areas (innermost project area on the stack)."""
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
        label = "other"
        for f in reversed(frames):  # the innermost frame with a known area names the cost
            if (a := area(f)) is not None:
                label = a
                break
        if "idle" in frames[-1] or "select" in frames[-1]:
            label = "idle (select/poll)"
        areas[label] += n
    out = [f"samples: {total}", "by area (innermost known frame):"]
    out += [f"  {100 * n / total:5.1f}%  {a}" for a, n in areas.most_common()]
    out.append("top own time:")
    out += [f"  {100 * n / total:5.1f}%  {f}" for f, n in own.most_common(top)]
    out.append("top inclusive time:")
    out += [f"  {100 * n / total:5.1f}%  {f}" for f, n in incl.most_common(top)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Profile a busy worker with py-spy.")
    ap.add_argument("--items", type=int, default=3000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--partitions", type=int, default=2)
    ap.add_argument("--out", type=Path, help="also keep the collapsed stacks here")
    ap.add_argument("--worker-env", action="append", default=[], metavar="K=V")
    ap.add_argument(
        "--alerting",
        action="store_true",
        help="every item alerts (labelled texts, a feed per item, a count>=1 rule per feed)",
    )
    ap.add_argument(
        "--after-classify",
        action="store_true",
        help="start recording once every item is classified (the rules agent's backlog alone)",
    )
    args = ap.parse_args(argv)
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    extra = dict(kv.split("=", 1) for kv in args.worker_env)
    with tempfile.TemporaryDirectory(prefix="flashpoint-prof-") as tmp:
        work = Path(tmp)
        with broker(work / "kafka") as kafka:
            pre = preload_run(
                kafka.bootstrap, args.partitions, args.items, "prof", feed_per_item=args.alerting
            )
            rules = ROOT / "deploy" / "rules.yaml"
            if args.alerting:
                rules = work / "rules.yaml"
                rules.write_text(yaml.safe_dump(ALERT_EVERY_ITEM_RULES))
            group = ChildGroup()
            env = worker_env(pre.kafka, work, rules, extra=extra)
            consumer = KafkaConsumer(bootstrap_servers=kafka.bootstrap, group_id=None)
            try:
                (child,) = start_workers(group, env, work, 1, "prof")
                wait_for(
                    lambda: sum(end_offsets(consumer, pre.kafka.classified_topic).values()) > 0,
                    timeout=120,
                    what="the first classified record",
                    alive=lambda: _alive(group),
                )
                if args.after_classify:
                    wait_for(
                        lambda: (
                            sum(end_offsets(consumer, pre.kafka.classified_topic).values()) >= pre.n
                        ),
                        timeout=600,
                        what="every item classified",
                        alive=lambda: _alive(group),
                    )
                assert child.proc is not None
                raw = work / "stacks.txt"
                progress(f"py-spy record pid={child.proc.pid} for {args.seconds:.0f}s")
                subprocess.run(
                    [
                        pyspy,
                        "record",
                        "--pid",
                        str(child.proc.pid),
                        "--duration",
                        str(int(args.seconds)),
                        "--rate",
                        "200",
                        "--gil",
                        "--format",
                        "raw",
                        "--output",
                        str(raw),
                    ],
                    check=True,
                    capture_output=True,
                )
                time.sleep(0)
            finally:
                consumer.close()
                group.stop()
            if args.out:
                shutil.copyfile(raw, args.out)
            print(summarise(raw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
