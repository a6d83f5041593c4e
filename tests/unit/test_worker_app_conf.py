"""The worker's settings reach the Faust app they configure (nothing is connected here)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from streams.app import create_app
from streams.settings import WorkerSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("replicas", [0, 1, 2])
def test_table_standby_replicas_is_a_worker_setting(tmp_path: Path, replicas: int) -> None:
    settings = WorkerSettings(
        app_id=f"conf-test-{replicas}",
        datadir=tmp_path / "w",
        rules_file=ROOT / "deploy" / "rules.yaml",
        table_standby_replicas=replicas,
        web_enabled=False,
    )
    worker = create_app(settings, KafkaSettings(bootstrap_servers="127.0.0.1:9"))
    assert worker.app.conf.table_standby_replicas == replicas


def test_table_standby_replicas_defaults_to_one_standby() -> None:
    assert WorkerSettings().table_standby_replicas == 1


async def test_flow_stays_suspended_from_rebalance_complete_until_faust_resumes_it(
    tmp_path: Path,
) -> None:
    """Faust resumes flow control while the tables recover, and again (emptying the stream
    buffers) only after the seek that ends the rebalance: records let into the buffers between
    the two would be dropped. The worker holds flow control from ``on_rebalance_complete``."""
    from mode.utils.queues import FlowControlQueue

    settings = WorkerSettings(
        app_id="conf-test-flow",
        datadir=tmp_path / "w",
        rules_file=ROOT / "deploy" / "rules.yaml",
        web_enabled=False,
    )
    app = create_app(settings, KafkaSettings(bootstrap_servers="127.0.0.1:9")).app
    buffer: FlowControlQueue[int] = FlowControlQueue(
        maxsize=4, flow_control=app.flow_control, clear_on_resume=True
    )
    app.flow_control.resume()  # as during the tables' recovery
    await app.on_rebalance_complete.send()
    assert not app.flow_control.is_active()  # a record would wait, not enter the buffer
    put = asyncio.ensure_future(buffer.put(1))
    await asyncio.sleep(0.05)  # give the put its chance to run (it must not)
    assert buffer.qsize() == 0 and not put.done()
    app.flow_control.resume()  # Faust, once the seek is done: the buffer is emptied first
    await asyncio.wait_for(put, 1.0)
    assert buffer.qsize() == 1  # and the record is kept


class _SeekRecorder:
    """Stands for Faust's consumer in the seek that ends a rebalance: committed offsets per
    partition (None: never committed), the earliest offsets, and the seeks asked for."""

    def __init__(self, committed: dict[Any, int | None], earliest: dict[Any, int]) -> None:
        self.committed = committed
        self.earliest = earliest
        self.faust_seeks = 0
        self.committed_reads = 0
        self.seeks: dict[Any, int] = {}

    async def perform_seek(self) -> None:  # Faust's: the seek to committed, then its bookkeeping
        self.faust_seeks += 1
        await self.seek_to_committed()

    async def seek_to_committed(self) -> dict[Any, int | None]:  # seeks only offsets above 0
        self.committed_reads += 1
        return dict(self.committed)

    async def earliest_offsets(self, *tps: Any) -> dict[Any, int]:
        return {tp: self.earliest[tp] for tp in tps}

    async def seek_wait(self, targets: dict[Any, int]) -> None:
        self.seeks.update(targets)


async def test_a_partition_nobody_committed_is_read_from_its_start_after_a_rebalance(
    tmp_path: Path,
) -> None:
    """Faust's seek at the end of a rebalance leaves alone a partition without a committed
    offset, so records fetched and dropped before it were never read again (the clean-leave
    scenario lost classified records 0 to 929 this way). The worker seeks such partitions of
    its input topics to their earliest offset; committed ones and other topics are Faust's."""
    from faust.types import TP

    settings = WorkerSettings(
        app_id="conf-test-seek",
        datadir=tmp_path / "w",
        rules_file=ROOT / "deploy" / "rules.yaml",
        web_enabled=False,
    )
    worker = create_app(settings, KafkaSettings(bootstrap_servers="127.0.0.1:9"))
    classified = worker.topics.classified.get_topic_name()
    raw = worker.topics.raw.get_topic_name()
    fresh, zero, done = TP(classified, 0), TP(raw, 1), TP(classified, 1)
    other = TP("conf-test-seek-rules-state-changelog", 0)
    consumer = _SeekRecorder(
        committed={fresh: None, zero: 0, done: 412, other: None},
        earliest={fresh: 0, zero: 7, done: 0, other: 0},
    )
    worker.app._consumer = consumer  # what app.consumer returns once the worker runs
    await worker.app.on_partitions_assigned.send(set(consumer.committed))
    await consumer.perform_seek()
    assert consumer.faust_seeks == 1  # Faust's seek still runs first
    assert consumer.committed_reads == 1  # the committed offsets are read once per seek
    assert consumer.seeks == {fresh: 0, zero: 7}
    await worker.app.on_partitions_assigned.send(set(consumer.committed))  # installed once
    await consumer.perform_seek()
    assert consumer.faust_seeks == 2
