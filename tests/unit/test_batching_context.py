"""Table writes from a batch, with Faust's public API alone (streams.batching.EventBatch).

A Faust table finds the partition of a write through ``faust.current_event()``, which only the
stream's own iteration sets, in the task that iterates. The batch handler runs in a task of its
own; :meth:`EventBatch.run_as` runs a step of it in the context the stream gave an event. These
tests run :func:`streams.batching.run_batches` in a Faust agent through ``agent.test_context()``
(no Kafka), with events on several partitions in one batch.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import faust
import pytest

from streams.batching import EventBatch, run_batches
from tests.support.faustapp import offline_app


@pytest.mark.timeout(60)
async def test_run_as_gives_each_partitions_writes_that_partition(tmp_path: Path) -> None:
    app = offline_app("batching", tmp_path)
    topic = app.topic("unit-batching-in", key_type=bytes, value_type=bytes, partitions=4)
    table = app.Table("unit-batching-state", partitions=4)
    seen: list[tuple[int, int | None, bool]] = []
    in_handler: list[faust.EventT | None] = []
    done = asyncio.Event()

    async def write_step(event: faust.EventT) -> None:
        await asyncio.sleep(0)  # a step spans awaits, as a batch does
        current = faust.current_event()
        key = f"{event.message.partition}/incidents/x"
        seen.append((event.message.partition, table.partition_for_key(key), current is event))

    async def handler(manual: faust.Stream, batch: EventBatch) -> None:
        in_handler.append(faust.current_event())
        for event in batch:
            await batch.run_as(event, write_step(event))
        in_handler.append(faust.current_event())
        if len(seen) >= 3:
            done.set()

    @app.agent(topic, name="unit.batching")
    async def agent(stream: faust.StreamT) -> None:
        # A linger long enough that the three records make one batch.
        await run_batches(stream, 10, handler, linger=0.5)

    async with agent.test_context() as ctx:
        for partition in (3, 1, 2):
            await ctx.put(key=b"k", value=b"v", partition=partition)
        await asyncio.wait_for(done.wait(), 20)

    assert seen == [(3, 3, True), (1, 1, True), (2, 2, True)]
    # The handler's own task has no current event: without run_as a write finds no partition.
    assert in_handler == [None, None]


@pytest.mark.timeout(60)
async def test_outside_an_events_context_a_table_write_finds_no_partition(
    tmp_path: Path,
) -> None:
    # Why run_as exists: Faust offers no public way to name the partition of a write.
    app = offline_app("batching-none", tmp_path)
    table = app.Table("unit-batching-none", partitions=4)
    with pytest.raises(TypeError, match="outside of stream iteration"):
        table.partition_for_key("3/incidents/x")


@pytest.mark.timeout(60)
async def test_a_hole_in_a_partitions_offsets_ends_the_agent_before_the_record_is_handled(
    tmp_path: Path,
) -> None:
    # Faust counts a hole in the offsets it reads as acknowledged records: a record lost between
    # the consumer and the agent would be committed past, never processed.
    from streams.batching import StreamGapError

    app = offline_app("batching-gap", tmp_path)
    topic = app.topic("unit-batching-gap", key_type=bytes, value_type=bytes, partitions=2)
    handled: list[tuple[int, int]] = []

    async def handler(manual: faust.Stream, batch: EventBatch) -> None:
        for event in batch:
            handled.append((event.message.partition, event.message.offset))
            await manual.ack(event)

    @app.agent(topic, name="unit.batching.gap")
    async def agent(stream: faust.StreamT) -> None:
        await run_batches(stream, 10, handler, contiguous=True)

    async with agent.test_context() as ctx:
        # The test context numbers offsets across partitions: partition 0 gets 0, 1, then 3.
        for n, partition in enumerate((0, 0, 1), start=1):
            await ctx.put(key=b"k", value=b"v", partition=partition)
            for _ in range(500):  # bounded wait for the batch that holds it
                if len(handled) >= n:
                    break
                await asyncio.sleep(0.01)
        with pytest.raises(StreamGapError, match=r"offset 3 after 1 \(offsets 2-2"):
            await ctx.put(key=b"k", value=b"v", partition=0)
    assert handled == [(0, 0), (0, 1), (1, 2)]


@pytest.mark.timeout(60)
async def test_without_the_check_or_across_generations_offsets_may_jump(tmp_path: Path) -> None:
    from streams.batching import StreamGapError, _Continuity

    app = offline_app("batching-gen", tmp_path)
    check = _Continuity()

    def event(offset: int, generation: int) -> faust.EventT:
        from faust.types import Message

        message = Message(
            topic="t",
            partition=0,
            offset=offset,
            timestamp=0.0,
            timestamp_type=0,
            headers=[],
            key=b"k",
            value=b"v",
            checksum=None,
            generation_id=generation,
        )
        return faust.Event(app, b"k", b"v", {}, message)

    check.check(event(5, 1))
    check.check(event(6, 1))
    check.check(event(2, 1))  # read again after a seek back
    check.check(event(3, 1))
    check.check(event(40, 2))  # another generation: another owner may have moved it on
    with pytest.raises(StreamGapError, match="got offset 42 after 40"):
        check.check(event(42, 2))
