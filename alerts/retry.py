"""The retry policy of delivery: how many attempts, the backoff between them, Retry-After."""

from __future__ import annotations

from dataclasses import dataclass, field

from alerts.settings import DeliverySettings
from flashpoint.core.backoff import Backoff

__all__ = ["RetryPolicy"]


def _default_backoff() -> Backoff:
    return Backoff(initial=1.0, cap=300.0, multiplier=2.0, jitter=0.5)


@dataclass(frozen=True)
class RetryPolicy:
    """When to try again. ``delay(n)`` is the wait after the n-th failed attempt (1-based).

    The waits are the project's one backoff schedule (:class:`flashpoint.core.backoff.Backoff`,
    exponential with jitter). A Retry-After above ``retry_after_max`` is not waited for: the
    dispatcher dead-letters the alert at once.
    """

    max_attempts: int = 8
    backoff: Backoff = field(default_factory=_default_backoff)
    retry_after_max: float = 3600.0

    @classmethod
    def from_settings(cls, settings: DeliverySettings) -> RetryPolicy:
        return cls(
            max_attempts=settings.max_attempts,
            backoff=Backoff(
                initial=settings.retry_initial_delay,
                cap=settings.retry_max_delay,
                multiplier=settings.retry_multiplier,
                jitter=settings.retry_jitter,
            ),
            retry_after_max=settings.retry_after_max,
        )

    def delay(self, failed_attempts: int, retry_after: float | None = None) -> float:
        """The wait before the next attempt, seconds; a Retry-After is a floor."""
        return self.backoff.delay(failed_attempts, retry_after)
