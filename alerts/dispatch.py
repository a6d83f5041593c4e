"""The dispatcher: one alert to its channels, with retries, the ledger and dead letters.

Each channel of an alert is tried on its own (concurrently with the others), with
exponential backoff and jitter, honouring Retry-After. 5xx, 408, 429, timeouts and
connection errors are retried; 410 disables a webhook endpoint; any other 4xx is permanent.
The ledger makes delivery idempotent per (alert, channel): a channel that took an alert is
never sent it again, across restarts too. After the last attempt, the alert goes to the
dead-letter sink with the channel and the reason.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Literal

from alerts.channels.base import Channel
from alerts.channels.config import ChannelsConfig, WebhookChannelConfig
from alerts.deadletter import DeadLetter, DeadLetterSink
from alerts.errors import DeliveryError, EndpointGoneError
from alerts.ledger import Ledger
from alerts.metrics import DeliveryMetrics
from alerts.retry import RetryPolicy
from alerts.schema import Alert

__all__ = ["ChannelOutcome", "Dispatcher", "SourcePosition"]

log = logging.getLogger(__name__)

ChannelOutcome = Literal["delivered", "deadlettered", "skipped_duplicate", "skipped_resolved"]
SourcePosition = tuple[str, int, int]  # topic, partition, offset

Sleep = Callable[[float], Awaitable[None]]


class Dispatcher:
    """Delivers alerts to named channels. Build one per process; it holds no connections.

    ``sleep`` is injectable so tests can observe the retry schedule without waiting.
    """

    def __init__(
        self,
        channels: Mapping[str, Channel],
        *,
        ledger: Ledger,
        deadletters: DeadLetterSink,
        metrics: DeliveryMetrics,
        policy: RetryPolicy | None = None,
        config: ChannelsConfig | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.channels = dict(channels)
        self.ledger = ledger
        self.deadletters = deadletters
        self.metrics = metrics
        self.policy = policy or RetryPolicy()
        self.config = config
        self._sleep = sleep
        self._clock = clock
        # One delivery per (alert, channel) at a time in this process, so a duplicate record
        # consumed while the first copy is still being delivered waits and then finds the
        # ledger entry instead of sending a second time.
        self._busy: dict[tuple[str, str], asyncio.Lock] = {}

    async def deliver(
        self,
        alert: Alert,
        channels: Sequence[str] | None = None,
        *,
        replay: int = 0,
        source: SourcePosition | None = None,
    ) -> dict[str, ChannelOutcome]:
        """Resolve every channel of ``alert``: delivered, dead-lettered or skipped.

        ``channels`` defaults to ``alert.channels``. ``replay`` > 0 (the replay count) sends
        again to channels that were dead-lettered before; delivered channels are skipped.
        Returns only when every channel is resolved (the caller may then commit).
        """
        names = list(dict.fromkeys(channels if channels is not None else alert.channels))
        results = await asyncio.gather(
            *(self._deliver_one(alert, name, replay=replay, source=source) for name in names)
        )
        return dict(zip(names, results, strict=True))

    def _disabled(self, name: str) -> bool:
        cfg = self.config.get(name) if self.config is not None else None
        return isinstance(cfg, WebhookChannelConfig) and self.ledger.is_disabled(name, cfg.url)

    async def _deliver_one(
        self, alert: Alert, name: str, *, replay: int, source: SourcePosition | None
    ) -> ChannelOutcome:
        key = (alert.id, name)
        lock = self._busy.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                return await self._resolve(alert, name, replay=replay, source=source)
        finally:
            if not lock.locked() and self._busy.get(key) is lock:
                del self._busy[key]

    async def _resolve(
        self, alert: Alert, name: str, *, replay: int, source: SourcePosition | None
    ) -> ChannelOutcome:
        previous = self.ledger.outcome(alert.id, name)
        if previous == "delivered":
            self.metrics.deliveries.labels(name, "skipped_duplicate").inc()
            log.info("already delivered alert_id=%s channel=%s", alert.id, name)
            return "skipped_duplicate"
        if previous == "deadlettered" and not replay:
            log.info("already dead-lettered alert_id=%s channel=%s", alert.id, name)
            return "skipped_resolved"
        channel = self.channels.get(name)
        attempts = 0
        error: DeliveryError
        if channel is None:
            error = DeliveryError(
                "no such channel in the channels file",
                channel=name,
                retryable=False,
                kind="unknown-channel",
            )
            return await self._dead_letter(alert, name, error, attempts, replay, source)
        while True:
            if self._disabled(name):
                error = DeliveryError(
                    "endpoint disabled after 410 Gone (change its URL or run "
                    "'flashpoint replay-deadletter --enable-endpoints')",
                    channel=name,
                    retryable=False,
                    kind="disabled",
                )
                break
            attempts += 1
            try:
                await channel.send(alert)
            except DeliveryError as exc:
                error = exc
            except Exception as exc:  # a bug in a channel must not kill the consumer
                log.exception("channel crashed alert_id=%s channel=%s", alert.id, name)
                error = DeliveryError(
                    f"{type(exc).__name__}: {exc}", channel=name, retryable=False, kind="error"
                )
            else:
                self._delivered(alert, name, attempts)
                return "delivered"
            self.metrics.attempts.labels(
                name, "retryable" if error.retryable else "permanent"
            ).inc()
            self.metrics.errors.labels(name, error.kind).inc()
            if isinstance(error, EndpointGoneError):
                self._disable(name, error)
                break
            if not error.retryable or attempts >= self.policy.max_attempts:
                break
            if error.retry_after is not None and error.retry_after > self.policy.retry_after_max:
                error = DeliveryError(
                    f"{error.reason} (Retry-After {error.retry_after:g}s exceeds "
                    f"{self.policy.retry_after_max:g}s)",
                    channel=name,
                    retryable=True,
                    kind=error.kind,
                    status=error.status,
                )
                break
            delay = self.policy.delay(attempts, error.retry_after)
            log.info(
                "retrying alert_id=%s channel=%s attempt=%d delay=%.3f error=%s",
                alert.id,
                name,
                attempts,
                delay,
                error.reason,
            )
            await self._sleep(delay)
        return await self._dead_letter(alert, name, error, attempts, replay, source)

    def _delivered(self, alert: Alert, name: str, attempts: int) -> None:
        self.metrics.attempts.labels(name, "ok").inc()
        self.metrics.deliveries.labels(name, "delivered").inc()
        latency = self._clock() - alert.created_at.timestamp()
        self.metrics.latency.labels(name).observe(max(0.0, latency))
        self.ledger.record(alert.id, name, "delivered", attempts=attempts)
        log.info("delivered alert_id=%s channel=%s attempts=%d", alert.id, name, attempts)

    def _disable(self, name: str, error: DeliveryError) -> None:
        cfg = self.config.get(name) if self.config is not None else None
        if isinstance(cfg, WebhookChannelConfig):
            self.ledger.disable_endpoint(name, cfg.url, error.reason)
        self.metrics.endpoints_disabled.labels(name).inc()
        log.warning("webhook endpoint disabled channel=%s reason=%s", name, error.reason)

    async def _dead_letter(
        self,
        alert: Alert,
        name: str,
        error: DeliveryError,
        attempts: int,
        replay: int,
        source: SourcePosition | None,
    ) -> ChannelOutcome:
        letter = DeadLetter(
            alert=alert,
            channel=name,
            reason=error.reason,
            kind=error.kind,
            status=error.status,
            attempts=attempts,
            retryable=error.retryable,
            failed_at=datetime.fromtimestamp(self._clock(), UTC),
            replayed=replay,
            source_topic=source[0] if source else None,
            source_partition=source[1] if source else None,
            source_offset=source[2] if source else None,
        )
        await self.put_dead_letter(letter)
        self.ledger.record(alert.id, name, "deadlettered", attempts=attempts, detail=error.reason)
        self.metrics.deliveries.labels(name, "deadlettered").inc()
        self.metrics.deadletters.labels(name, error.kind).inc()
        log.warning(
            "dead-lettered alert_id=%s channel=%s attempts=%d kind=%s reason=%s",
            alert.id,
            name,
            attempts,
            error.kind,
            error.reason,
        )
        return "deadlettered"

    async def put_dead_letter(self, letter: DeadLetter) -> None:
        """Store a dead letter, retrying until it is stored (an alert is never dropped)."""
        failures = 0
        while True:
            try:
                await self.deadletters.put(letter)
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failures += 1
                delay = self.policy.delay(min(failures, 10))
                log.error(
                    "cannot store dead letter channel=%s failures=%d delay=%.3f error=%s",
                    letter.channel,
                    failures,
                    delay,
                    exc,
                )
                await self._sleep(delay)
