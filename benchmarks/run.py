"""All benchmarks in one run, side by side; the last line printed is a JSON summary.

    python -m benchmarks.run --quick   # about 2 minutes: 1 worker, no producer poll cycle
    python -m benchmarks.run --full    # adds repeats, 2 workers / 2 passthrough processes,
                                       # three latency runs at half load (the median) and
                                       # one at a quarter, time to alert (push, poll,
                                       # burst) and the producer benchmark

Order: classifier (no broker running), then the reference classifier (benchmarks.reference)
and a local Kafka broker on free ports with a temporary data folder, passthrough and pipeline
over the same preloaded raw topic (the reference measured just before and just after the
pipeline), latency at half the measured rate of the every-item-alerts workload, the broker is
stopped, then the producer benchmark.
Figures on a shared machine are noisy: compare figures from the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, broker, progress

__all__ = ["main"]


def _script_json(name: str, args: list[str], timeout: float) -> dict[str, Any]:
    """Run ``benchmarks/<name>`` and parse the JSON on its last line (its other lines echoed)."""
    path = ROOT / "benchmarks" / name
    proc = subprocess.run(
        [sys.executable, str(path), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    for ln in lines[:-1]:
        print(f"    {ln}")
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{name} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load {load:.1f}"


def start_of_run_classify_ms(cls: dict[str, Any], non_english: float) -> float | None:
    """The classifier's CPU ms per article of the mix, from ``bench_classify.py`` at the start
    of the run (English articles, and a share ``non_english`` of the pack languages' articles in
    equal turns: the mean of their per-article CPU)."""
    en = cls.get("articles_items_per_s")
    langs = [
        rates["articles_items_per_s"]
        for rates in (cls.get("languages") or {}).values()
        if rates.get("articles_items_per_s")
    ]
    if not en or (non_english > 0 and not langs):
        return None
    classify_ms = (1 - non_english) * 1000 / en
    if non_english > 0:
        classify_ms += non_english * statistics.mean(1000 / r for r in langs)
    return classify_ms


def overhead(
    summary: dict[str, Any],
    classify_ms: float | None,
    non_english: float,
    *,
    start_of_run_ms: float | None = None,
) -> dict[str, Any]:
    """The framework's share of an item, from figures of this run (issue 19)::

        overhead = pipeline CPU per item
                   / (bare passthrough CPU per item + bare classifier CPU per 3 KB article)

    ``classify_ms`` is the bare classifier's CPU per article of the same mix as the pipeline's
    items, measured just before and just after the pipeline run (``benchmarks.reference``): the
    mean of the two. 1.0 would mean the pipeline costs only the copy through Kafka and the
    classification; what is above is Faust, the changelog and the rules state.
    ``start_of_run_ms``, the classifier's figure from the start of the run, gives
    ``overhead_start_of_run`` beside it (how the figure was computed before: see
    docs/benchmarks.md, eleventh round).
    """
    pipe = summary.get("pipeline_items_per_cpu_s")
    bare = summary.get("passthrough_items_per_cpu_s")
    if not classify_ms or not pipe or not bare:
        return {}
    pipe_ms = 1000 / pipe
    bare_ms = 1000 / bare
    out = {
        "overhead": round(pipe_ms / (bare_ms + classify_ms), 2),
        "overhead_pipeline_cpu_ms_per_item": round(pipe_ms, 3),
        "overhead_passthrough_cpu_ms_per_item": round(bare_ms, 3),
        "overhead_classify_cpu_ms_per_item": round(classify_ms, 3),
        "non_english_share": non_english,
    }
    if start_of_run_ms:
        out["overhead_start_of_run"] = round(pipe_ms / (bare_ms + start_of_run_ms), 2)
        out["overhead_classify_cpu_ms_start_of_run"] = round(start_of_run_ms, 3)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Flashpoint benchmarks (figures, not tests).")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="about 2 minutes (the default)")
    mode.add_argument("--full", action="store_true", help="repeats, 2 workers, producer bench")
    ap.add_argument("--items", type=int, help="items per throughput run (default 2000/6000)")
    ap.add_argument("--partitions", type=int, default=2, help="partitions of every topic")
    ap.add_argument(
        "--worker-env",
        action="append",
        default=[],
        metavar="K=V",
        help="extra FLASHPOINT_* setting for the workers (to compare settings)",
    )
    ap.add_argument(
        "--non-english",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="share of pipeline items in the other pack languages, e.g. 0.3 (default 0)",
    )
    args = ap.parse_args(argv)
    if not 0.0 <= args.non_english <= 1.0:
        ap.error("--non-english is a share between 0 and 1")
    full = bool(args.full)
    n_items = args.items or (6000 if full else 2000)
    repeats = 2 if full else 1
    lat_seconds = 20.0 if full else 10.0
    lat_runs = 3 if full else 1
    extra_env = dict(kv.split("=", 1) for kv in args.worker_env)
    summary: dict[str, Any] = {}
    started = time.monotonic()
    progress(f"machine: {_machine()}; mode {'full' if full else 'quick'}; {n_items} items/run")

    progress("classifier: benchmarks/bench_classify.py")
    cls = _script_json("bench_classify.py", ["--seconds", "3" if full else "1"], 300)
    summary["classify_items_per_s"] = cls.get("classify_items_per_s")
    summary["classify_bare_ratio"] = cls.get("classify_bare_ratio")
    summary["classify_articles_items_per_s"] = cls.get("articles_items_per_s")
    for code, rates in sorted((cls.get("languages") or {}).items()):
        summary[f"classify_{code}_items_per_s"] = rates.get("snippets_items_per_s")
        summary[f"classify_{code}_articles_items_per_s"] = rates.get("articles_items_per_s")

    import yaml

    from benchmarks.latency import ALERT_EVERY_ITEM_RULES, measure_latency
    from benchmarks.pipeline import measure_passthrough, measure_pipeline, preload_run
    from benchmarks.reference import ClassifierReference

    ref_seconds = 3.0 if full else 2.0

    with tempfile.TemporaryDirectory(prefix="flashpoint-bench-") as tmp:
        work = Path(tmp)
        progress("the reference classifier (benchmarks.reference), then a local Kafka broker")
        with ClassifierReference(args.non_english) as ref, broker(work / "kafka") as kafka:
            progress(f"broker at {kafka.bootstrap}")
            rules = ROOT / "deploy" / "rules.yaml"
            cpu_rates: list[float] = []
            pass_cpu: list[float] = []
            pass_rates: list[float] = []
            pipe_rates: list[float] = []
            cls_rates: list[float] = []
            ref_ms: list[tuple[float, float]] = []
            producer_rates: list[float] = []
            for r in range(repeats):
                pre = preload_run(
                    kafka.bootstrap, args.partitions, n_items, f"r{r}", non_english=args.non_english
                )
                producer_rates.append(pre.producer_items_per_s)
                summary["item_json_bytes"] = pre.item_bytes
                resp = measure_passthrough(pre, work)
                pass_rates.append(resp["items_per_s"])
                pass_cpu.append(resp["items_per_cpu_s"])
                before = ref.measure(ref_seconds)
                res = measure_pipeline(pre, work, rules, workers=1, extra_env=extra_env)
                ref_ms.append((before, ref.measure(ref_seconds)))
                progress(
                    "bare classifier just before and just after the pipeline run: "
                    f"{ref_ms[-1][0]:.2f} and {ref_ms[-1][1]:.2f} CPU ms per article"
                )
                cpu_rates.append(res["items_per_cpu_s"])
                pipe_rates.append(res["items_per_s"])
                cls_rates.append(res["classify_stage_items_per_s"])
                for k, v in res.items():
                    if k.startswith("changelog_"):
                        summary[k] = round(v, 2)
            pipe = statistics.median(pipe_rates)
            passthrough = statistics.median(pass_rates)
            summary["pipeline_items_per_s"] = round(pipe, 1)
            summary["pipeline_classify_stage_items_per_s"] = round(statistics.median(cls_rates), 1)
            summary["passthrough_items_per_s"] = round(passthrough, 1)
            summary["pipeline_ratio"] = round(pipe / passthrough, 4)
            summary["pipeline_items_per_cpu_s"] = round(statistics.median(cpu_rates), 1)
            summary["passthrough_items_per_cpu_s"] = round(statistics.median(pass_cpu), 1)
            summary["raw_producer_items_per_s"] = round(statistics.median(producer_rates), 1)
            summary.update(
                overhead(
                    summary,
                    statistics.median(statistics.mean(pair) for pair in ref_ms),
                    args.non_english,
                    start_of_run_ms=start_of_run_classify_ms(cls, args.non_english),
                )
            )
            summary["overhead_classify_cpu_ms_before_after"] = [
                [round(b, 3), round(a, 3)] for b, a in ref_ms
            ]
            if repeats > 1:
                summary["pipeline_runs_items_per_s"] = [round(x, 1) for x in pipe_rates]
                summary["passthrough_runs_items_per_s"] = [round(x, 1) for x in pass_rates]
            if full:
                pre = preload_run(kafka.bootstrap, args.partitions, n_items, "x2")
                p2 = measure_passthrough(pre, work, procs=2)["items_per_s"]
                res2 = measure_pipeline(pre, work, rules, workers=2, extra_env=extra_env)
                summary["passthrough_2proc_items_per_s"] = round(p2, 1)
                summary["pipeline_2workers_items_per_s"] = round(res2["items_per_s"], 1)
                summary["pipeline_2workers_scaling"] = round(res2["items_per_s"] / pipe, 2)
            # The latency workload alerts on every item, which costs more than the mix above:
            # its own maximum, measured the same way, sets the offered rate (half of it).
            alert_rules = work / "every-item-rules.yaml"
            alert_rules.write_text(yaml.safe_dump(ALERT_EVERY_ITEM_RULES))
            pre = preload_run(
                kafka.bootstrap, args.partitions, n_items // 2, "alerting", feed_per_item=True
            )
            resa = measure_pipeline(pre, work, alert_rules, workers=1, extra_env=extra_env)
            alerting = resa["items_per_s"]
            summary["pipeline_alerting_items_per_s"] = round(alerting, 1)
            latency_at = partial(
                measure_latency,
                kafka.bootstrap,
                args.partitions,
                work,
                seconds=lat_seconds,
                extra_env=extra_env,
            )
            # --full: three runs, each with its own worker and lead-in; every figure is the
            # median over the runs of that run's figure, as the throughput figures are over
            # their repeats (one run disturbed by the host does not make the figure), and each
            # run's p99 is listed
            lats = [latency_at(rate=max(1.0, alerting / 2)) for _ in range(lat_runs)]
            lat = {k: statistics.median(run[k] for run in lats) for k in lats[0]}
            for key in ("latency_p50_ms", "latency_p95_ms", "latency_p99_ms"):
                summary[key] = round(lat[key], 1)
            if lat_runs > 1:
                summary["latency_runs"] = lat_runs
                summary["latency_runs_p99_ms"] = [round(run["latency_p99_ms"], 1) for run in lats]
            summary["latency_offered_items_per_s"] = round(lat["offered_items_per_s"], 1)
            summary["latency_alerts_missing"] = int(sum(run["alerts_missing"] for run in lats))
            summary["classified_latency_p50_ms"] = round(lat["classified_p50_ms"], 1)
            summary["classified_latency_p99_ms"] = round(lat["classified_p99_ms"], 1)
            summary["rules_stage_latency_p50_ms"] = round(lat["rules_stage_p50_ms"], 1)
            summary["rules_stage_latency_p99_ms"] = round(lat["rules_stage_p99_ms"], 1)
            summary["latency_lead_in_s"] = lat["lead_in_s"]
            summary["lead_in_latency_p50_ms"] = round(lat["lead_in_latency_p50_ms"], 1)
            summary["lead_in_latency_p99_ms"] = round(lat["lead_in_latency_p99_ms"], 1)
            if full:  # a second point below the knee, for context
                lat25 = latency_at(rate=max(1.0, alerting / 4))
                for key in ("latency_p50_ms", "latency_p99_ms", "classified_p99_ms"):
                    summary[f"at25pct_{key}"] = round(lat25[key], 1)
            if full:
                from benchmarks.time_to_alert import measure_time_to_alert

                progress("time to alert: benchmarks/time_to_alert.py (about 6 minutes)")
                tta = measure_time_to_alert(kafka.bootstrap, work)
                for group in ("push", "poll", "poll_burst"):
                    for q in ("p50_s", "p95_s", "p99_s"):
                        if q in tta[group]:
                            summary[f"time_to_alert_{group}_{q}"] = tta[group][q]
                    summary[f"time_to_alert_{group}_missing"] = tta[group]["missing"]
                summary["time_to_alert_poll_interval_s"] = tta["poll_interval_s"]
            else:
                progress(
                    "time to alert: skipped in --quick (about 6 minutes); `make bench` runs it"
                )
            progress("stopping the broker")
    if full:
        progress("producer: benchmarks/bench_producer.py")
        prod = _script_json("bench_producer.py", [], 600)
        summary.update({f"producer_{k}": v for k, v in prod.items()})
    else:
        progress("producer: skipped in --quick (about a minute); `make bench` runs it")
    progress(f"done in {time.monotonic() - started:.0f}s")
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
