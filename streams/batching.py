"""Batches from a Faust stream, with manual acks.

Faust's ``take``/``noack_take`` hand the stream to a background drainer that fills a buffer and
waits for it to be consumed; in a busy worker that handshake can miss its wake-up, and the
drainer then waits for a full buffer to be consumed while the agent waits for it to fill (the
worker stalls for good with records unacknowledged). This helper keeps the stream's iteration in
the agent and hands records over through a bounded queue: a batch is what the stream holds
when the processor is free (one record at a low rate, up to ``max_size`` under a backlog), plus
what arrives within an optional linger.

Progress is reported to an optional :class:`streams.progress.AgentProgress` (batches taken and
finished, records waiting, the error that ended the loop), which the worker's liveness reads.

Each event keeps the context the stream's iteration gave it (:class:`EventBatch`): while Faust
iterates a stream it makes the event current (``faust.current_event()``), and a Faust table finds
the partition of a write through the current event. :meth:`EventBatch.run_as` runs a step of the
handler in that context, so the handler's task, which is not the stream's, writes a table with
Faust's public API alone (faust-streaming offers no public way to name the partition of a write:
``Table.partition_for_key`` and the RocksDB store's ``_set`` both read ``current_event()``).

With ``contiguous=True`` (a topic whose offsets have no holes: not compacted, written without
transactions) the reader also checks that, within one consumer-group generation, each record of
a partition follows the previous one. Faust treats a hole in the offsets it reads as records
acknowledged (meant for compaction and transaction markers), so a record it lost on the way would
be committed past without ever being processed; here such a jump ends the agent instead
(:class:`StreamGapError`), before any later record is acknowledged, and the restarted worker
reads again from the committed offset.

Records are not acknowledged here: the handler acknowledges them (``stream.ack(event)`` on the
stream it is given) once their results are safe, so Faust commits only processed offsets.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar, cast

import faust

from flashpoint.core.errors import FlashpointError
from streams.progress import AgentProgress

__all__ = ["EventBatch", "StreamGapError", "run_batches"]

T = TypeVar("T")


class StreamGapError(FlashpointError):
    """The stream handed over a record after skipping others of its partition."""


class _Continuity:
    """The last offset handed over per partition, within one consumer-group generation."""

    def __init__(self) -> None:
        self.last: dict[tuple[str, int], tuple[int | None, int]] = {}

    def check(self, event: faust.EventT) -> None:
        msg = event.message
        key = (msg.topic, msg.partition)
        generation = getattr(msg, "generation_id", None)
        prev = self.last.get(key)
        if prev is not None and prev[0] == generation and msg.offset > prev[1] + 1:
            raise StreamGapError(
                f"records skipped on {msg.topic}[{msg.partition}]: got offset {msg.offset} after"
                f" {prev[1]} (offsets {prev[1] + 1}-{msg.offset - 1} never reached the agent)"
            )
        # A lower offset is a record read again after a seek back: follow it from there.
        self.last[key] = (generation, msg.offset)


class EventBatch(list[faust.EventT]):
    """A batch of events in stream order, each with the context the stream's iteration gave it
    (in which ``faust.current_event()`` is that event)."""

    def __init__(self) -> None:
        super().__init__()
        self._contexts: dict[int, contextvars.Context] = {}

    def add(self, event: faust.EventT, context: contextvars.Context) -> None:
        self.append(event)
        self._contexts[id(event)] = context  # the batch holds the event: its id stays its own

    async def run_as(self, event: faust.EventT, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` in a task of the context ``event`` was iterated in: there
        ``faust.current_event()`` is ``event``, so table writes go to its partition."""
        return await asyncio.create_task(coro, context=self._contexts[id(event)])


Handler = Callable[[faust.Stream, EventBatch], Awaitable[None]]


class _AcksLost:
    """Stands for the stream in a batch whose acknowledgements are lost (the test-only
    ``worker.fault_noack_file`` fault): the handler's acks go nowhere."""

    async def ack(self, event: faust.EventT) -> bool:
        return False


async def run_batches(
    stream: faust.StreamT,
    max_size: int,
    handle: Handler,
    *,
    linger: float = 0.0,
    progress: AgentProgress | None = None,
    contiguous: bool = False,
) -> None:
    """Iterate ``stream`` without auto-acks and call ``handle(manual_stream, batch)`` on batches
    of its events, in order, one batch at a time. A batch waits up to ``linger`` seconds after
    its first record for more. Returns when the stream ends; an error of the handler is raised
    here (so the agent crashes instead of stalling), after ``progress.fail`` reported it.
    ``contiguous``: raise :class:`StreamGapError` when a partition's offsets jump (see the
    module)."""
    manual = cast(faust.Stream, cast(faust.Stream, stream).noack())
    queue: asyncio.Queue[tuple[faust.EventT, contextvars.Context]] = asyncio.Queue(maxsize=max_size)
    if progress is not None:
        progress.attach(queue)

    loop = asyncio.get_running_loop()

    async def process() -> None:
        while True:
            idle = queue.empty()
            batch = EventBatch()
            batch.add(*await queue.get())
            if idle and progress is not None:
                progress.woke()
            deadline = loop.time() + linger
            while len(batch) < max_size:
                if queue.empty():
                    # Let the reader hand over what the stream already holds (one record per
                    # turn of the event loop); then wait for more until the linger is over.
                    await asyncio.sleep(0)
                if queue.empty():
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        break
                    try:
                        batch.add(*await asyncio.wait_for(queue.get(), remaining))
                    except TimeoutError:
                        break
                    continue
                batch.add(*queue.get_nowait())
            if progress is not None:
                await progress.begin(len(batch))
            lossy = progress is not None and progress.drop_acks()  # a test-only fault
            await handle(cast(faust.Stream, _AcksLost()) if lossy else manual, batch)
            if progress is not None:
                progress.done()

    worker = asyncio.ensure_future(process())

    def _ended(task: asyncio.Future[None]) -> None:
        # Report a handler error at once: the reader below notices only when the next record
        # arrives (which may be never on a quiet topic).
        if progress is not None and not task.cancelled() and task.exception() is not None:
            progress.fail(cast(BaseException, task.exception()))

    worker.add_done_callback(_ended)
    try:
        continuity = _Continuity() if contiguous else None
        async for event in manual.events():
            if worker.done():
                break
            if continuity is not None:
                continuity.check(event)
            # The stream made ``event`` current in this task's context: keep a copy with it.
            item = (event, contextvars.copy_context())
            if not queue.full():
                queue.put_nowait(item)
                continue
            put = asyncio.ensure_future(queue.put(item))
            await asyncio.wait({put, worker}, return_when=asyncio.FIRST_COMPLETED)
            if worker.done():
                put.cancel()
                break
        if worker.done():
            worker.result()  # raise the handler's error
            raise RuntimeError("the batch processor stopped")
    except Exception as exc:
        if progress is not None:
            progress.fail(exc)
        raise
    finally:
        worker.cancel()
