"""Run the real pipeline (producer, worker, delivery as child processes) in tests.

The integration and fault suites start the same processes with the same environment (unique
topics, group ids, data folders and ports per test); it is built here once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import Child, ChildGroup


def worker_app_id(kafka: KafkaSettings) -> str:
    """The worker's app id (its consumer group) in the tests' environment for ``kafka``."""
    return f"{kafka.topic_prefix}-worker"


def pipeline_env(
    kafka: KafkaSettings,
    workdir: Path,
    *,
    feeds_file: Path,
    rules_file: Path,
    web_port: int,
    worker_dir: str = "worker",
    **extra: str,
) -> dict[str, str]:
    """Environment for child processes: unique topics, group ids, data folders and ports;
    ``extra`` adds or overrides variables (a fault file, a shorter backoff)."""
    return {
        "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka.topic_prefix,
        "FLASHPOINT_KAFKA__PARTITIONS": str(kafka.partitions),
        "FLASHPOINT_PRODUCER__FEEDS_FILE": str(feeds_file),
        "FLASHPOINT_PRODUCER__STATE_PATH": str(workdir / "producer.sqlite3"),
        "FLASHPOINT_PRODUCER__ALLOWED_HOSTS": '["127.0.0.1"]',
        "FLASHPOINT_PRODUCER__METRICS_PORT": "0",
        "FLASHPOINT_PRODUCER__MIN_INTERVAL": "1",
        "FLASHPOINT_WORKER__APP_ID": worker_app_id(kafka),
        "FLASHPOINT_WORKER__DATADIR": str(workdir / worker_dir),
        "FLASHPOINT_WORKER__WEB_PORT": str(web_port),
        "FLASHPOINT_WORKER__RULES_FILE": str(rules_file),
        **extra,
    }


def start(
    group: ChildGroup, name: str, args: list[str], env: dict[str, str], workdir: Path
) -> Child:
    return group.add(Child(name, args, env, workdir / f"{name}.log"))


def alive(group: ChildGroup) -> None:
    """Fail with the log tail of a child of ``group`` that exited (a check between polls)."""
    if (child := group.failed()) is not None:
        raise AssertionError(f"{child.name} exited with {child.exited}:\n{child.tail(40)}")


def consume_until(
    kafka: KafkaSettings,
    topic: str,
    done: Callable[[list[Any]], bool],
    *,
    timeout: float,
    group: ChildGroup | None = None,
) -> list[Any]:
    """Read ``topic`` from the beginning until ``done(records)`` or the deadline.

    Fails fast with the child's log tail when a child process exits.
    """
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=kafka.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=500,
    )
    records: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            for rec in consumer:
                records.append(rec)
            if done(records):
                return records
            if group is not None:
                alive(group)
    finally:
        consumer.close()
    return records


async def read_until(*args: Any, **kw: Any) -> list[Any]:
    """:func:`consume_until` off the event loop (a test's feed server runs on it)."""
    return await asyncio.to_thread(consume_until, *args, **kw)
