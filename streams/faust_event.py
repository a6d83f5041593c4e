"""The one place the worker reaches into a private part of Faust: the task's current event.

Why it is needed: a Faust table finds the partition of a write (its changelog partition, and
the RocksDB store of that partition) through the current event of the running task
(``faust.current_event()``), and only Faust's own stream iteration sets it. The rules agent
handles a batch in a task of its own, one source partition at a time (:mod:`streams.batching`
explains why it does not use ``Stream.take``), so it has to say which partition the writes
belong to. faust-streaming has no public way to do that: tables cannot be written from a
``take`` batch at all (faust-streaming issue #497), and ``Table.send_changelog(partition, ...)``
covers the changelog but not the store, which still asks for the current event.

So the private context variable is used here and nowhere else, through
:func:`processing`, and tests/unit/test_faust_event.py fails loudly if a Faust upgrade moves
or changes it (the import below fails first).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import faust
from faust.streams import _current_event

__all__ = ["processing"]


@contextmanager
def processing(event: faust.EventT) -> Iterator[faust.EventT]:
    """Make ``event`` the current event (``faust.current_event()``) of the running task until
    the block ends, then restore the previous one; table writes in the block go to the
    partition of ``event``."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield event
    finally:
        _current_event.reset(token)
