"""The one duration parser: rules windows and cooldowns, feed intervals, silences.

A duration is a number of seconds (int or float, or a string of one: ``"90"``, ``"1e3"``) or a
number with a unit: ``ms``, ``s``, ``m``, ``h``, ``d``, ``w`` (``"500ms"``, ``"10m"``, ``"1.5d"``,
``"1w"``). It must be finite (``inf`` and ``nan`` are refused, and so is an integer too large
for a float), and at least ``minimum`` / at most ``maximum`` seconds when the caller bounds
it (default: not negative). Errors are ``ValueError`` with a message that reads after the
field's name ("invalid duration ...", "must be ..."), so pydantic validators and hand-written
checks can both use it.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

__all__ = ["Duration", "format_seconds", "parse_duration"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0, None: 1.0}
_SYNTAX = "a number of seconds or a number with a unit: 500ms, 90s, 10m, 6h, 2d, 1w"


def format_seconds(seconds: float) -> str:
    """``seconds`` in the largest unit that divides it: ``7d``, ``90s``, ``1.5s``."""
    for unit in ("w", "d", "h", "m"):
        size = _UNITS[unit]
        if seconds and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def parse_duration(
    value: Any, *, minimum: float | None = 0.0, maximum: float | None = None
) -> float:
    """Seconds from ``value`` (see the module docstring); ValueError saying what is wrong.

    ``minimum`` (default 0: not negative; None: unbounded) and ``maximum`` are inclusive.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"invalid duration {value!r}: {_SYNTAX}")
    seconds: float
    if isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    else:
        try:
            seconds = float(value)  # a plain number, or a numeric string such as "1e3", "inf"
        except (ValueError, OverflowError):
            raise ValueError(f"invalid duration {value!r}: {_SYNTAX}") from None
    if not math.isfinite(seconds):
        raise ValueError("must be a finite number of seconds")
    if minimum is not None and seconds < minimum:
        if minimum == 0:
            raise ValueError(f"cannot be negative (got {value!r})")
        raise ValueError(f"must be at least {format_seconds(minimum)} (got {value!r})")
    if maximum is not None and seconds > maximum:
        raise ValueError(f"must be at most {format_seconds(maximum)} (got {value!r})")
    return seconds


# A non-negative duration field of a pydantic model, in seconds.
Duration = Annotated[float, BeforeValidator(parse_duration)]
