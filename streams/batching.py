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

Records are not acknowledged here: the handler acknowledges them (``stream.ack(event)`` on the
stream it is given) once their results are safe, so Faust commits only processed offsets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import cast

import faust

from streams.progress import AgentProgress

__all__ = ["run_batches"]

Handler = Callable[[faust.Stream, list[faust.EventT]], Awaitable[None]]


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
) -> None:
    """Iterate ``stream`` without auto-acks and call ``handle(manual_stream, batch)`` on batches
    of its events, in order, one batch at a time. A batch waits up to ``linger`` seconds after
    its first record for more. Returns when the stream ends; an error of the handler is raised
    here (so the agent crashes instead of stalling), after ``progress.fail`` reported it."""
    manual = cast(faust.Stream, cast(faust.Stream, stream).noack())
    queue: asyncio.Queue[faust.EventT] = asyncio.Queue(maxsize=max_size)
    if progress is not None:
        progress.attach(queue)

    loop = asyncio.get_running_loop()

    async def process() -> None:
        while True:
            idle = queue.empty()
            batch = [await queue.get()]
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
                        batch.append(await asyncio.wait_for(queue.get(), remaining))
                    except TimeoutError:
                        break
                    continue
                batch.append(queue.get_nowait())
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
        async for event in manual.events():
            if worker.done():
                break
            if not queue.full():
                queue.put_nowait(event)
                continue
            put = asyncio.ensure_future(queue.put(event))
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
