"""The one backoff schedule (flashpoint.core.backoff, on tenacity's waits) that delivery retries and
feed errors share."""

from __future__ import annotations

import pytest

from flashpoint.core.backoff import Backoff


def test_ceiling_grows_and_caps_without_overflow() -> None:
    b = Backoff(initial=1, cap=30, multiplier=2, jitter=0.5)
    assert [b.ceiling(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    assert b.ceiling(10_000) == 30
    assert b.delay(10**9) <= 30


@pytest.mark.parametrize(
    ("initial", "cap", "failures"), [(1, 300, 1), (1, 300, 3), (60, 3600, 2), (60, 3600, 12)]
)
def test_equal_jitter_spreads_each_wait_over_its_upper_half(
    initial: float, cap: float, failures: int
) -> None:
    b = Backoff(initial=initial, cap=cap)  # the documented defaults: x2, jitter 0.5
    top = b.ceiling(failures)
    draws = [b.delay(failures) for _ in range(2000)]
    assert all(top / 2 <= d <= top for d in draws)
    assert min(draws) < top * 0.55 and max(draws) > top * 0.95  # the whole half is used
    assert len(set(draws)) > 1900  # not lockstep


def test_jitter_fraction_and_multiplier() -> None:
    fixed = Backoff(initial=2, cap=100, multiplier=3, jitter=0)
    assert [fixed.delay(n) for n in range(1, 6)] == [2, 6, 18, 54, 100]
    full = Backoff(initial=2, cap=100, multiplier=3, jitter=1)
    draws = [full.delay(3) for _ in range(2000)]
    assert all(0 <= d <= 18 for d in draws) and min(draws) < 1
    assert Backoff(initial=0, cap=10).delay(4) == 0


def test_retry_after_is_a_floor_never_shortened() -> None:
    b = Backoff(initial=1, cap=30)
    assert b.delay(1, retry_after=120) == 120
    assert 0.5 <= b.delay(1, retry_after=0.1) <= 1


@pytest.mark.parametrize(
    "kw", [{"initial": -1}, {"cap": -1}, {"multiplier": 0.5}, {"jitter": 1.5}, {"jitter": -0.1}]
)
def test_bad_parameters_are_refused(kw: dict[str, float]) -> None:
    args: dict[str, float] = {"initial": 1, "cap": 10, **kw}
    with pytest.raises(ValueError):
        Backoff(**args)
