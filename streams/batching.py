"""Batches from a Faust stream, with manual acks.

Faust's ``take``/``noack_take`` hand the stream to a background drainer that fills a buffer and
waits for it to be consumed; in a busy worker that handshake can miss its wake-up, and the
drainer then waits for a full buffer to be consumed while the agent waits for it to fill (the
worker stalls for good with records unacknowledged). This helper keeps the stream's iteration in
the agent and hands records over through a bounded queue: a batch is whatever has arrived when
the processor is free (one record at a low rate, up to ``max_size`` under a backlog), so
batching adds no waiting.

Records are not acknowledged here: the handler acknowledges them (``stream.ack(event)`` on the
stream it is given) once their results are safe, so Faust commits only processed offsets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import cast

import faust

__all__ = ["run_batches"]

Handler = Callable[[faust.Stream, list[faust.EventT]], Awaitable[None]]


async def run_batches(stream: faust.StreamT, max_size: int, handle: Handler) -> None:
    """Iterate ``stream`` without auto-acks and call ``handle(manual_stream, batch)`` on batches
    of its events, in order, one batch at a time. Returns when the stream ends; an error of the
    handler is raised here (so the agent crashes instead of stalling)."""
    manual = cast(faust.Stream, cast(faust.Stream, stream).noack())
    queue: asyncio.Queue[faust.EventT] = asyncio.Queue(maxsize=max_size)

    async def process() -> None:
        while True:
            batch = [await queue.get()]
            while len(batch) < max_size and not queue.empty():
                batch.append(queue.get_nowait())
            await handle(manual, batch)

    worker = asyncio.ensure_future(process())
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
    finally:
        worker.cancel()
