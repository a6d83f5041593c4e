"""A clean leave: one of two workers is stopped with SIGTERM mid-stream (a scale-in, a rolling
restart, a node drain), and its partitions move to the other worker with their table state.

Unlike the kill -9 scenario, the leaving worker stops its agents, commits what it acknowledged
and leaves the group at once, so the other worker takes over within a rebalance, not a session
timeout; batches in flight at the stop (classified but not sent, alerts of a state transaction
not yet published) must be redone or re-sent by the other worker. The checks are those of
``test_faults_kafka``: every item classified, every alert owed on the alerts topic exactly once,
and each alert's incident as the engine recomputes it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import Child, ChildGroup
from tests.faults.flow import tally
from tests.faults.report import Collector
from tests.faults.workers import (
    check_alerts,
    check_incidents,
    probe_ok,
    publish_raw,
    settled,
    worker_env,
)
from tests.support.kafka import end_offsets
from tests.support.pipeline import alive
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def _sigterm(child: Child, timeout: float = 60.0) -> int:
    """SIGTERM the child's process group (the worker and its classifier process, as a container
    stop does) and wait for it to exit; its exit code."""
    assert child.proc is not None
    os.killpg(child.proc.pid, signal.SIGTERM)
    return child.proc.wait(timeout)


@pytest.mark.timeout(300)
def test_second_worker_leaves_cleanly_mid_stream(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 2000
    group = ChildGroup()
    try:
        env_a = worker_env(kafka, tmp_path)
        env_b = {**env_a, **worker_env(kafka, tmp_path, worker_dir="worker-b")}
        port_b = int(env_b["FLASHPOINT_WORKER__WEB_PORT"])
        group.add(Child("worker-a", ["worker"], env_a, tmp_path / "worker-a.log"))
        b = group.add(Child("worker-b", ["worker"], env_b, tmp_path / "worker-b.log"))
        # Both in the group with their share of the partitions (ready: assigned, settled).
        wait_until(
            lambda: probe_ok(port_b, "/readyz"),
            180,
            "the second worker ready with partitions",
            lambda: alive(group),
        )
        # The items go in only now, with both workers holding partitions: preloaded, a slow
        # second start let the first worker classify them all before the leave.
        publish_raw(kafka, n)
        # Stop it early in the stream (classified records, which run ahead of alerts), so that
        # most of the work is still to do when its partitions move.
        wait_until(
            lambda: end_offsets(kafka, kafka.classified_topic) >= 100,
            120,
            "records classified after the second worker joined",
            lambda: alive(group),
        )
        at_leave = end_offsets(kafka, kafka.classified_topic)
        alerts_at_leave = end_offsets(kafka, kafka.alerts_topic)
        t_leave = time.monotonic()
        exit_code = _sigterm(b)
        stop_s = time.monotonic() - t_leave
        group.children.remove(b)
        settled(kafka, group, n, 240)
        caught_up = time.monotonic() - t_leave
        left_log = (tmp_path / "worker-b.log").read_text(errors="replace")
        group.stop()
        t = tally(kafka, n)
    finally:
        group.stop()
    s = t.summary()
    problems = check_alerts(t) + check_incidents(t)
    classified = len(t.classified_ids)
    assert at_leave < n, "every item was classified before the leave; add items"
    reliability.record(
        group="kafka",
        name="worker leaves (SIGTERM), partitions move",
        fault=f"one of two workers stopped with SIGTERM after {at_leave} classified records and "
        f"{alerts_at_leave} alerts (exit {exit_code} in {stop_s:.1f} s)",
        sent=n,
        classified=classified,
        lost=n - classified,
        alerts=s["alert_distinct"],
        duplicates=s["alert_duplicates"],
        outcome=f"caught up {caught_up:.0f} s after the stop; incident maxima and sources of "
        f"{len(t.expected)} alerts checked; "
        f"{sum(t.classified_ids.values()) - classified} re-classified records (at-least-once)",
        notes="; ".join(problems),
    )
    assert classified == n, f"{n - classified} items never classified"
    assert not problems, problems
    assert exit_code == 0, left_log[-3000:]
    assert "Traceback" not in left_log, left_log[-3000:]
