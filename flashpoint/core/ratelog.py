"""One log line per interval for a repeated message, with a count of the lines held back.

A fault that lasts (a missing topic, an Alertmanager that is down) otherwise writes the same
line many times a second: a client library's metadata loop logged ``Topic ... not found`` 174
times in 7 seconds. :class:`RepeatFilter` is a ``logging.Filter``: attached to the loggers
that repeat themselves (ours or a library's), it lets the first record of a kind through,
drops identical records (same logger, level, message template and arguments) for
``interval`` seconds, and adds ``suppressed=N`` to the next line it lets through. Each
dropped line is counted on a callback (a Prometheus counter in the processes).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

__all__ = ["RepeatFilter", "limit_repeats"]

_MAX_KEYS = 1000


class RepeatFilter(logging.Filter):
    """Rate-limits identical log records to one per ``interval`` seconds (see module doc).

    ``on_suppressed(logger_name)`` is called once per dropped record; ``clock`` gives
    monotonic seconds (tests pass a fake one). At most 1,000 kinds of record are tracked;
    the least recently seen is forgotten first.
    """

    def __init__(
        self,
        interval: float,
        *,
        on_suppressed: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.interval = interval
        self._on_suppressed = on_suppressed
        self._clock = clock
        # key -> [time of the last line let through, records dropped since]
        self._seen: OrderedDict[tuple[object, ...], list[float]] = OrderedDict()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            args = repr(record.args)
        except Exception:  # an argument whose repr fails must not break logging
            args = ""
        key = (record.name, record.levelno, str(record.msg), args)
        now = self._clock()
        state = self._seen.get(key)
        if state is not None and now - state[0] < self.interval:
            state[1] += 1
            self._seen.move_to_end(key)
            if self._on_suppressed is not None:
                self._on_suppressed(record.name)
            return False
        if state is not None and state[1]:
            record.msg = f"{record.msg} suppressed={int(state[1])}"
        self._seen[key] = [now, 0]
        self._seen.move_to_end(key)
        while len(self._seen) > _MAX_KEYS:
            self._seen.popitem(last=False)
        return True


@contextmanager
def limit_repeats(
    loggers: Iterable[str],
    interval: float,
    *,
    on_suppressed: Callable[[str], None] | None = None,
) -> Iterator[RepeatFilter]:
    """Attach one :class:`RepeatFilter` to the named loggers for the ``with`` block.

    A logger's filters do not apply to its children: name the logger that emits the line
    (``aiokafka.cluster``, not ``aiokafka``).
    """
    flt = RepeatFilter(interval, on_suppressed=on_suppressed)
    targets = [logging.getLogger(name) for name in loggers]
    for logger in targets:
        logger.addFilter(flt)
    try:
        yield flt
    finally:
        for logger in targets:
            logger.removeFilter(flt)
