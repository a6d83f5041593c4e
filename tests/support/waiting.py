"""Bounded waits of the tests: poll a condition until it holds or a deadline passes.

Every suite waits the same way (a real broker, a real server, a child process): poll, fail
with what was awaited after the deadline, never sleep a fixed time and hope. The sync form
is for threads and child processes, the async one for code on the event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

__all__ = ["until", "wait_until"]


def wait_until(
    cond: Callable[[], bool],
    timeout: float,
    what: str,
    check: Callable[[], None] | None = None,
    *,
    step: float = 0.25,
) -> float:
    """Poll ``cond`` until true (returns the seconds waited) or fail after ``timeout``;
    ``check`` runs before each look (to fail fast when a child process died)."""
    t0 = time.monotonic()
    while not cond():
        if check is not None:
            check()
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(step)  # the polling step of a deadline wait
    return time.monotonic() - t0


async def until(
    cond: Callable[[], bool],
    what: str,
    timeout: float = 30.0,
    *,
    step: float = 0.05,
    in_thread: bool = False,
) -> float:
    """The event-loop form of :func:`wait_until`: poll ``cond`` every ``step`` seconds (in a
    worker thread when ``in_thread``, for a condition that blocks on I/O); return the seconds
    waited or fail after ``timeout``."""
    t0 = time.monotonic()
    while not (await asyncio.to_thread(cond) if in_thread else cond()):
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(step)  # the polling step of a deadline wait
    return time.monotonic() - t0
