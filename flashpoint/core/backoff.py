"""Exponential backoff with jitter: the one schedule of alert delivery retries and feed errors.

The wait after the n-th consecutive failure (n >= 1) is ``d = min(cap, initial *
multiplier**(n-1))`` with a random fraction up to ``jitter`` taken off: uniform in
``[d * (1 - jitter), d]``. With ``jitter = 0.5`` that is "equal jitter" (half fixed, half
random), so many clients failing together do not retry in lockstep, yet none retries at once.
A server's Retry-After is a floor, never shortened by jitter.

The schedule is built from tenacity's wait strategies (the fixed part ``wait_exponential``
plus the random part ``wait_random_exponential``, both capped) rather than computed by hand.
tenacity's own ``wait_exponential_jitter`` is not used: its jitter is an absolute number of
seconds added to the wait, so it spreads a 1 s retry and a 5 min retry by the same amount.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tenacity import RetryCallState, Retrying, wait_exponential, wait_random_exponential
from tenacity.wait import wait_base

__all__ = ["Backoff"]


@dataclass(frozen=True)
class Backoff:
    """Waits, in seconds, after consecutive failures.

    ``initial`` is the wait after the first failure before jitter, ``cap`` the longest wait,
    ``multiplier`` the growth per failure, ``jitter`` (0..1) the fraction of each wait that is
    random (0: fixed waits; 1: "full jitter", anywhere in ``[0, d]``).
    """

    initial: float
    cap: float
    multiplier: float = 2.0
    jitter: float = 0.5
    _retrying: Retrying = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.initial < 0 or self.cap < 0:
            raise ValueError("initial and cap must not be negative")
        if self.multiplier < 1:
            raise ValueError("multiplier must be at least 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")
        fixed = 1.0 - self.jitter
        wait: wait_base = wait_exponential(
            multiplier=self.initial * fixed, exp_base=self.multiplier, max=self.cap * fixed
        ) + wait_random_exponential(
            multiplier=self.initial * self.jitter,
            exp_base=self.multiplier,
            max=self.cap * self.jitter,
        )
        object.__setattr__(self, "_retrying", Retrying(wait=wait))

    def ceiling(self, failures: int) -> float:
        """The un-jittered wait after ``failures`` consecutive failures (capped): the most
        that :meth:`delay` returns without a Retry-After."""
        top = wait_exponential(multiplier=self.initial, exp_base=self.multiplier, max=self.cap)
        return float(top(self._state(failures)))

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        """The wait before the next attempt after ``failures`` (>= 1) consecutive failures.

        ``retry_after`` (seconds, from the server) raises the wait to at least that value;
        callers cap it first if they bound it.
        """
        wait = float(self._retrying.wait(self._state(failures)))
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait

    def _state(self, failures: int) -> RetryCallState:
        state = RetryCallState(self._retrying, None, (), {})
        state.attempt_number = max(1, failures)
        return state
