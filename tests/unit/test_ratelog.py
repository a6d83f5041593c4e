"""A repeated log line is written once per interval, the rest counted."""

from __future__ import annotations

import logging
from collections import Counter

from flashpoint.core.ratelog import RepeatFilter, limit_repeats


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_one_line_per_interval_with_a_count() -> None:
    now = [0.0]
    dropped: Counter[str] = Counter()
    flt = RepeatFilter(
        60.0, on_suppressed=lambda name: dropped.update([name]), clock=lambda: now[0]
    )
    logger = logging.getLogger("tests.ratelog.one")
    logger.propagate = False
    out = Lines()
    logger.addHandler(out)
    logger.addFilter(flt)
    try:
        for _ in range(174):
            logger.error("Topic %s not found in cluster metadata", "custom")
            now[0] += 0.04  # 174 lines in about 7 seconds
        logger.error("Topic %s not found in cluster metadata", "other")  # another line: kept
        now[0] = 61.0
        logger.error("Topic %s not found in cluster metadata", "custom")
    finally:
        logger.removeFilter(flt)
        logger.removeHandler(out)
    assert out.lines == [
        "Topic custom not found in cluster metadata",
        "Topic other not found in cluster metadata",
        "Topic custom not found in cluster metadata suppressed=173",
    ]
    assert dropped == {"tests.ratelog.one": 173}


def test_limit_repeats_attaches_and_detaches() -> None:
    logger = logging.getLogger("tests.ratelog.two")
    with limit_repeats(["tests.ratelog.two"], 60.0) as flt:
        assert flt in logger.filters
    assert flt not in logger.filters
