"""A clean leave: one of two workers is stopped with SIGTERM mid-stream (a scale-in, a rolling
restart, a node drain), and its partitions move to the other worker with their table state.

Unlike the kill -9 scenario, the leaving worker stops its agents, commits what it acknowledged
and leaves the group at once, so the other worker takes over within a rebalance, not a session
timeout; batches in flight at the stop (classified but not sent, alerts of a state transaction
not yet published) must be redone or re-sent by the other worker. The checks are those of
``test_faults_kafka``: every item classified, every alert owed on the alerts topic exactly once,
and each alert's incident as the engine recomputes it. The worker that stayed must end with
exactly its changelog's state, and no item may become a dead letter.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import Child, ChildGroup
from tests.faults import workers
from tests.faults.report import Collector
from tests.support.kafka import end_offsets
from tests.support.pipeline import alive
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.faults]


@pytest.mark.timeout(300)
def test_second_worker_leaves_cleanly_mid_stream(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    n = 2000
    group = ChildGroup()
    try:
        env_a = workers.worker_env(kafka, tmp_path)
        env_b = {**env_a, **workers.worker_env(kafka, tmp_path, worker_dir="worker-b")}
        ports = [int(env["FLASHPOINT_WORKER__WEB_PORT"]) for env in (env_a, env_b)]
        group.add(Child("worker-a", ["worker"], env_a, tmp_path / "worker-a.log"))
        b = group.add(Child("worker-b", ["worker"], env_b, tmp_path / "worker-b.log"))
        # Both in the group with their share of the partitions (ready: assigned, settled). One
        # worker alone in the group is ready too, with every partition: wait for both.
        wait_until(
            lambda: all(workers.probe_ok(port, "/readyz") for port in ports),
            180,
            "both workers ready with partitions",
            lambda: alive(group),
        )
        # The items go in only now, with both workers holding partitions: preloaded, a slow
        # second start let the first worker classify them all before the leave.
        workers.publish_raw(kafka, n)
        # Stop it early in the stream (classified records, which run ahead of alerts), so that
        # most of the work is still to do when its partitions move.
        workers.until_records(
            kafka, kafka.classified_topic, 100, 120, "records classified after the join", group
        )
        at_leave = end_offsets(kafka, kafka.classified_topic)
        alerts_at_leave = end_offsets(kafka, kafka.alerts_topic)
        t_leave = time.monotonic()
        exit_code = workers.sigterm(b)
        stop_s = time.monotonic() - t_leave
        group.children.remove(b)
        t, caught_up = workers.settle(kafka, group, n, 240, since=t_leave)
    finally:
        group.stop()
    problems = workers.check_alerts(t) + workers.check_incidents(t)
    # The worker that stayed holds every partition at the end: its state must be the
    # changelog's, including what it took over from the one that left.
    problems += workers.check_state_matches_changelog(kafka, tmp_path / "worker")
    problems += workers.check_dead_letters(kafka)
    assert at_leave < n, "every item was classified before the leave; add items"
    reliability.record(
        group="kafka",
        name="worker leaves (SIGTERM), partitions move",
        fault=f"one of two workers stopped with SIGTERM after {at_leave} classified records and "
        f"{alerts_at_leave} alerts (exit {exit_code} in {stop_s:.1f} s)",
        **t.figures(),
        outcome=f"caught up {caught_up:.0f} s after the stop; incident maxima and sources of "
        f"{len(t.expected)} alerts checked; {t.reclassified} re-classified records "
        "(at-least-once)",
        notes="; ".join(problems),
    )
    assert t.classified == n, f"{n - t.classified} items never classified"
    # The workers' warnings are read only for the message of a failure.
    assert not problems, "\n".join(
        [*problems, *(workers.log_tail(tmp_path / f"worker-{w}.log") for w in "ab")]
    )
    left_log = (tmp_path / "worker-b.log").read_text(errors="replace")
    assert exit_code == 0, left_log[-3000:]
    assert "Traceback" not in left_log, left_log[-3000:]
