"""The worker's stall check on the group's committed offsets (streams.lag, streams.progress).

The case behind it: after a restart, Faust's consumer can skip a run of records of one
partition; the agent handles everything it is given and goes idle, Faust's own read offset is
at the end, and the partition's committed offset stays where the skipped run starts, for good
(docs/reliability.md). Only the committed offsets in Kafka show it. These tests drive the
check with lag readings given by the test (no Kafka); tests/faults/test_faults_health.py runs
it against a real broker.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable

import pytest
from prometheus_client import CollectorRegistry

from flashpoint.core.health import Health, HealthSettings
from streams.lag import PartitionLag, lag_of
from streams.metrics import WorkerMetrics
from streams.progress import AgentProgress, WorkerProbes
from tests.unit.test_health import _until

IN = "unit.items.classified"


def test_partition_lag_counts_from_the_committed_offset_or_the_log_start() -> None:
    assert PartitionLag(committed=258, begin=0, end=1113).behind == 855
    assert PartitionLag(committed=None, begin=40, end=50).behind == 10  # never committed
    assert PartitionLag(committed=10, begin=40, end=50).behind == 10  # older than retention
    assert PartitionLag(committed=50, begin=0, end=50).behind == 0
    snapshot = {
        (IN, 0): PartitionLag(258, 0, 1113),
        (IN, 1): PartitionLag(387, 0, 387),
        ("other", 0): PartitionLag(0, 0, 9),
    }
    assert lag_of(snapshot, IN, [(IN, 0), (IN, 1), ("other", 0)]) == (855, 645)
    assert lag_of(snapshot, IN, [(IN, 1)]) == (0, 387)
    assert lag_of(snapshot, IN, [(IN, 2)]) is None  # assigned, not read yet


async def test_an_idle_agent_whose_committed_offset_stays_behind_the_end_is_stalled() -> None:
    # Everything the agent was given is handled (nothing held), but Kafka holds 855 records
    # past the committed offset, which does not move: liveness must turn red.
    progress = AgentProgress("unit.rules", stall_after=0.2)
    progress.lag = lambda: (855, 258)
    progress.done()  # its last batch
    assert progress.held() == 0
    assert progress.waiting() == 855
    assert not progress.stalled()
    await _until(progress.stalled, 5, "the stall")
    verdict = progress.verdict()
    assert not verdict.ok
    assert "agent unit.rules stalled: 855 records waiting" in verdict.reason


async def test_a_committed_offset_that_moves_is_progress() -> None:
    progress = AgentProgress("unit.rules", stall_after=0.2)
    committed = iter(range(100, 100_000))
    progress.lag = lambda: (50, next(committed))  # behind, and committing all the time
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.6:
        assert not progress.stalled()
        await asyncio.sleep(0.02)


async def test_an_unknown_lag_counts_only_the_records_held() -> None:
    progress = AgentProgress("unit.rules", stall_after=0.2)
    progress.lag = lambda: None
    assert progress.waiting() == 0
    await asyncio.sleep(0.3)
    assert not progress.stalled()  # idle, nothing known to wait: not a stall

    def broken() -> tuple[int, int] | None:
        raise RuntimeError("consumer not started")

    progress.lag = broken
    assert progress.waiting() == 0


class _Offsets:
    """Stands for :class:`streams.lag.GroupOffsets`: answers with a snapshot set by the test."""

    def __init__(self) -> None:
        self.snapshot: dict[tuple[str, int], PartitionLag] = {}
        self.asked: list[frozenset[tuple[str, int]]] = []
        self.error: Exception | None = None
        self.closed = False

    def read(self, partitions: Iterable[tuple[str, int]]) -> dict[tuple[str, int], PartitionLag]:
        self.asked.append(frozenset(partitions))
        if self.error is not None:
            raise self.error
        return dict(self.snapshot)

    def close(self) -> None:
        self.closed = True


def _probes(offsets: _Offsets) -> tuple[WorkerProbes, AgentProgress]:
    registry = CollectorRegistry()
    probes = WorkerProbes(
        Health(HealthSettings(stall_after=0.2), registry), WorkerMetrics(registry)
    )
    probes.offsets = offsets  # type: ignore[assignment]
    progress = probes.agent("unit.rules", topic=IN)
    return probes, progress


async def test_the_worker_reads_the_lag_of_its_assignment_and_not_while_settling() -> None:
    offsets = _Offsets()
    offsets.snapshot = {(IN, 0): PartitionLag(258, 0, 1113)}
    probes, progress = _probes(offsets)
    assigned = {(IN, 0)}
    settling = [False]
    probes.assignment = lambda: assigned
    probes.settling = lambda: settling[0]
    assert probes.lag_of(IN) is None  # nothing read yet
    await probes.refresh_lag()
    assert offsets.asked == [frozenset({(IN, 0)})]
    assert probes.lag_of(IN) == (855, 258)
    assert progress.waiting() == 855
    # A rebalance or a table recovery: nothing is counted, and the reading is dropped.
    settling[0] = True
    assert probes.lag_of(IN) is None
    await probes.refresh_lag()
    assert len(offsets.asked) == 1
    settling[0] = False
    assert probes.lag_of(IN) is None
    await probes.refresh_lag()
    assert probes.lag_of(IN) == (855, 258)
    # The assignment changed since the last reading: not known until the next one.
    assigned = {(IN, 0), (IN, 1)}
    assert probes.lag_of(IN) is None


async def test_a_stuck_commit_turns_liveness_red_and_a_broker_error_forgets_the_lag() -> None:
    offsets = _Offsets()
    offsets.snapshot = {(IN, 0): PartitionLag(258, 0, 1113)}
    probes, progress = _probes(offsets)
    probes.assignment = lambda: {(IN, 0)}
    await probes.refresh_lag()
    await _until(progress.stalled, 5, "the stall")
    ok, body = await probes.health.liveness()
    assert not ok
    assert "agent unit.rules stalled: 855 records waiting" in body["reasons"][0]
    offsets.error = OSError("broker gone")
    await probes.refresh_lag()
    assert probes.lag_of(IN) is None
    assert (await probes.health.liveness())[0]


@pytest.mark.timeout(30)
async def test_the_lag_watcher_refreshes_until_cancelled_and_closes_its_client() -> None:
    offsets = _Offsets()
    probes, _ = _probes(offsets)
    probes.assignment = lambda: {(IN, 0)}
    task = asyncio.ensure_future(probes.watch_lag(0.01))
    await _until(lambda: len(offsets.asked) >= 3, 5, "three readings")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert offsets.closed
