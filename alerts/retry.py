"""The retry schedule: exponential backoff with jitter, honouring Retry-After."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from alerts.settings import DeliverySettings

__all__ = ["RetryPolicy"]


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again. ``delay(n)`` is the wait after the n-th failed attempt (1-based)."""

    max_attempts: int = 8
    initial_delay: float = 1.0
    multiplier: float = 2.0
    max_delay: float = 300.0
    jitter: float = 0.5
    retry_after_max: float = 3600.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: DeliverySettings) -> RetryPolicy:
        return cls(
            max_attempts=settings.max_attempts,
            initial_delay=settings.retry_initial_delay,
            multiplier=settings.retry_multiplier,
            max_delay=settings.retry_max_delay,
            jitter=settings.retry_jitter,
            retry_after_max=settings.retry_after_max,
        )

    def backoff(self, failed_attempts: int) -> float:
        """The un-jittered wait after ``failed_attempts`` failures, seconds (capped)."""
        exponent = max(0, failed_attempts - 1)
        # Cap the exponent so the float never overflows on absurd attempt counts.
        raw = self.initial_delay * self.multiplier ** min(exponent, 64)
        return float(min(self.max_delay, raw))

    def delay(self, failed_attempts: int, retry_after: float | None = None) -> float:
        """The wait before the next attempt, seconds.

        A random fraction up to ``jitter`` is taken off the backoff so that many alerts
        failing together do not retry in lockstep. A Retry-After raises the wait to at
        least that value (it is never shortened by jitter).
        """
        base = self.backoff(failed_attempts)
        wait = base * (1.0 - self.jitter * self.rng.random())
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait
