"""The worker's one use of a private Faust name (streams.faust_event), pinned.

If a faust-streaming upgrade moves, renames or changes the context variable behind
``faust.current_event()``, the import of streams.faust_event fails or these tests do, before
the rules agent writes a table row to the wrong partition.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import faust
from faust.types.tuples import Message

from streams.faust_event import processing


def _event(app: faust.App, partition: int, offset: int) -> faust.EventT:
    message = Message(
        topic="unit.in",
        partition=partition,
        offset=offset,
        timestamp=0.0,
        timestamp_type=0,
        headers=[],
        key=b"k",
        value=b"v",
        checksum=None,
    )
    return app.create_event(b"k", b"v", [], message)


def _app(tmp_path: Path) -> faust.App:
    return faust.App(
        f"unit-faust-event-{tmp_path.name}",
        broker="kafka://127.0.0.1:1",
        store="memory://",
        datadir=str(tmp_path),
    )


async def test_processing_sets_the_current_event_and_restores_the_previous_one(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    first, second = _event(app, 1, 10), _event(app, 3, 7)
    assert faust.current_event() is None
    with processing(first):
        assert faust.current_event() is first
        with processing(second) as current:
            assert current is second
            assert faust.current_event() is second
        assert faust.current_event() is first
    assert faust.current_event() is None


async def test_a_table_write_in_a_task_of_its_own_goes_to_the_events_partition(
    tmp_path: Path,
) -> None:
    # Outside Faust's stream iteration a table cannot tell its partition, which is why the
    # rules agent needs processing() at all.
    app = _app(tmp_path)
    table = app.Table("unit-state", partitions=4)

    async def batch_task() -> int | None:
        with processing(_event(app, 3, 7)):
            await asyncio.sleep(0)  # the block spans awaits, as a batch does
            return table.partition_for_key("3/incidents/x")

    assert await asyncio.ensure_future(batch_task()) == 3
    try:
        table.partition_for_key("3/incidents/x")
    except TypeError as exc:
        assert "outside of stream iteration" in str(exc)
    else:
        raise AssertionError("a table write outside any event found a partition")
