"""The one duration parser (flashpoint.core.durations): rules, feeds.yaml and silences read
durations alike."""

from __future__ import annotations

import pytest

from flashpoint.core.durations import format_seconds, parse_duration


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90.0),
        (1.5, 1.5),
        ("90", 90.0),
        ("1e3", 1000.0),
        ("500ms", 0.5),
        (" 90s ", 90.0),
        ("10m", 600.0),
        ("6h", 21600.0),
        ("1.5d", 129600.0),
        ("1w", 604800.0),
    ],
)
def test_seconds_and_units(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("soon", "invalid duration 'soon'"),
        ("5y", "invalid duration"),
        ("-5m", "invalid duration"),
        (True, "invalid duration"),
        (None, "invalid duration"),
        ([60], "invalid duration"),
        (10**400, "invalid duration"),  # an int too large for a float
        ("inf", "finite"),
        (float("nan"), "finite"),
        (-1, "cannot be negative"),
    ],
)
def test_bad_values_say_why(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_duration(value)


def test_bounds_are_inclusive_and_optional() -> None:
    assert parse_duration("1s", minimum=1, maximum=604800) == 1
    assert parse_duration("7d", minimum=1, maximum=604800) == 604800
    with pytest.raises(ValueError, match=r"at least 1s \(got '500ms'\)"):
        parse_duration("500ms", minimum=1)
    with pytest.raises(ValueError, match=r"at most 1w \(got '8d'\)"):
        parse_duration("8d", maximum=604800)
    assert parse_duration(-5, minimum=None) == -5


def test_format_seconds_picks_the_largest_whole_unit() -> None:
    assert [format_seconds(s) for s in (604800, 86400 * 3, 7200, 90, 1.5, 0)] == [
        "1w",
        "3d",
        "2h",
        "90s",
        "1.5s",
        "0s",
    ]
