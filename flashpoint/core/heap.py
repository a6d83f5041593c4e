"""The garbage collector and a long-running process's start-up objects.

A worker loads tens of thousands of long-lived objects before its first record: Faust, aiokafka
and pydantic's modules, the rules, and in a classifier process the gazetteer and the language
packs (about 290,000 objects). CPython's full (generation 2) collection walks every one of them
each time it runs, which in a busy worker was every second or two, 50 to 200 ms each: the event
loop stands still for that long, and records that arrive meanwhile wait (the tail of send ->
alert latency). None of these objects is ever garbage. :func:`freeze_startup_objects` moves them
out of the collector's reach once they are loaded (``gc.freeze``, CPython 3.7+): later
collections walk only what was made after it. Reference cycles made later are still collected.
"""

from __future__ import annotations

import gc
import logging

__all__ = ["freeze_startup_objects"]

log = logging.getLogger(__name__)


def freeze_startup_objects(what: str) -> int:
    """Collect once (so that start-up garbage is not kept for ever), then freeze every object
    that is left. Returns how many objects are now frozen."""
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.debug("start-up objects kept out of garbage collection what=%s objects=%d", what, frozen)
    return frozen
