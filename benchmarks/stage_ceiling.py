"""How much of the classify stage is Faust and how much is the classifier.

Runs the real worker (``flashpoint.commands.worker.run_worker``) on a preloaded raw topic
three times: with the real classifier in its own process (the default), with it in the event
loop (``classify_processes=0``), and with ``classify_item`` replaced by a function that labels
nothing, and prints the three classify-stage rates. The last is the ceiling Faust's per-event
machinery (consume, deserialise, send, commit) puts on the stage whatever the classifier costs.

Run: ``.venv/bin/python -m benchmarks.stage_ceiling [N]`` (default 3,000 items of ~3.5 KB).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kafka import KafkaConsumer, TopicPartition

from benchmarks.common import broker, free_port, new_settings, preload, progress
from flashpoint.core.kafkaconf import KafkaSettings

_CHILD = """
import sys
if sys.argv[1] == "noop":
    import streams.classify_pool as pool
    from streams.models import ClassifiedItem
    pool.classify_item = lambda item: ClassifiedItem(item=item)
from flashpoint.core.kafkaconf import KafkaSettings
from streams.settings import WorkerSettings
from flashpoint.commands.worker import run_worker
kafka = KafkaSettings.model_validate_json(sys.argv[2])
worker = WorkerSettings.model_validate_json(sys.argv[3])
run_worker(worker, kafka, loglevel="warning")
"""


def _stage_rate(kafka: KafkaSettings, n: int, mode: str, workdir: Path) -> float:
    from streams.settings import WorkerSettings

    rules = workdir / "rules.yaml"
    rules.write_text("version: 1\nrules: []\n")
    worker = WorkerSettings(
        app_id=f"{kafka.topic_prefix}-{mode}",
        datadir=workdir / mode,
        web_enabled=False,
        web_port=free_port(),
        rules_file=rules,
        # The no-op classifier is patched into this process only; "inline" is the real one in
        # the event loop, "real" the default (classifier processes beside the event loop).
        classify_processes=0 if mode in ("noop", "inline") else WorkerSettings().classify_processes,
    )
    log = open(workdir / f"{mode}.log", "wb")  # noqa: SIM115 - handed to the child
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, mode, kafka.model_dump_json(), worker.model_dump_json()],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    consumer = KafkaConsumer(bootstrap_servers=kafka.bootstrap_servers)
    tps = [TopicPartition(kafka.classified_topic, p) for p in range(kafka.partitions)]
    try:
        t_first = None
        first = 0
        while True:
            done = sum(consumer.end_offsets(tps).values())
            if done and t_first is None:
                t_first, first = time.perf_counter(), done
            if done >= n:
                return (n - first) / (time.perf_counter() - (t_first or time.perf_counter()))
            if child.poll() is not None:
                raise SystemExit(f"worker exited; see {workdir / f'{mode}.log'}")
            time.sleep(0.1)
    finally:
        consumer.close()
        child.terminate()
        child.wait(30)
        log.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as tmp, broker(Path(tmp) / "kafka") as kafka:
        rates = {}
        for mode in ("noop", "inline", "real"):
            settings = new_settings(kafka.bootstrap, 1, mode)
            preload(settings, n, run=mode)
            progress(f"{mode}: {n} items preloaded; running the worker")
            rates[mode] = _stage_rate(settings, n, mode, Path(tmp))
            progress(f"{mode}: {rates[mode]:.0f} items/s through the classify stage")
        print(
            f"classify stage: {rates['real']:.0f} items/s with the classifier in its own "
            f"process, {rates['inline']:.0f} items/s with it in the event loop, "
            f"{rates['noop']:.0f} items/s with a classifier that does nothing "
            f"(Faust's ceiling: {1000 / rates['noop']:.2f} ms per item)"
        )


if __name__ == "__main__":
    main()
