"""Liveness and readiness of a process: event-loop lag, broker reachability, extra checks.

Two questions, two endpoints:

- **liveness** (``/healthz``, also ``/livez``): is the process working at all? Red when the event
  loop lags more than ``health.loop_lag_max`` seconds behind a probe task that sleeps
  ``health.loop_lag_interval``, or when a process-specific check fails (the worker's agents make
  no progress while records wait). The remedy is a restart.
- **readiness** (``/readyz``): can it do its job now? Red when a Kafka broker does not answer a
  metadata request within ``health.broker_timeout`` seconds, or a process-specific check fails
  (the worker's consumers are not assigned). The remedy is to wait: traffic and alerts, not a
  restart.

The broker check is one Metadata request (version 4, asking for no topics) on a fresh TCP
connection: it proves a broker reads and answers the protocol, not only that a port is open.
Its answer is cached for ``health.broker_cache`` seconds so that probes of several kinds do not
hammer the broker, and a background task refreshes it so ``flashpoint_ready`` is current between
probes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry
from pydantic import BaseModel, ConfigDict, Field, PositiveFloat

from flashpoint.core.metrics import MetricSet

__all__ = [
    "BrokerProbe",
    "Check",
    "Health",
    "HealthMetrics",
    "HealthSettings",
    "LoopLagProbe",
    "Verdict",
    "add_aiohttp_routes",
]

log = logging.getLogger(__name__)


async def _cancel(task: asyncio.Task[Any] | None) -> None:
    """Cancel a background task (if there is one) and wait until it has ended."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class HealthSettings(BaseModel):
    """Thresholds of the liveness and readiness probes (every process)."""

    model_config = ConfigDict(frozen=True)

    loop_lag_interval: float = Field(
        0.5,
        gt=0,
        le=10,
        description="Seconds the event-loop lag probe sleeps between measurements.",
    )
    loop_lag_max: PositiveFloat = Field(
        5.0,
        description=(
            "Liveness turns red when the event loop is this many seconds late (a probe task's"
            " sleep overshoot, or the time since it should have woken)."
        ),
    )
    stall_after: PositiveFloat = Field(
        60.0,
        description=(
            "Worker liveness turns red when an agent has records waiting (in its batch queue or"
            " in the batch it handles) and has finished no batch for this many seconds."
        ),
    )
    broker_timeout: float = Field(
        2.0,
        gt=0,
        le=30,
        description="Seconds a broker has to answer the readiness metadata request.",
    )
    broker_cache: float = Field(
        2.0,
        ge=0,
        le=60,
        description="Seconds a broker check's answer is reused, so probes do not hammer Kafka.",
    )
    fatal_exit_grace: float = Field(
        5.0,
        gt=0,
        le=600,
        description=(
            "Seconds the worker gives its clean stop after an agent died (or when a stop finds"
            " an agent stalled) before it exits anyway. The stop does not wait for the stuck"
            " batch's records (they are re-read after the restart); this bounds a stop that"
            " hangs elsewhere."
        ),
    )
    refresh_interval: float = Field(
        5.0,
        gt=0,
        le=300,
        description="Seconds between background readiness checks (keeps flashpoint_ready current).",
    )


@dataclass(frozen=True)
class Verdict:
    """One check's answer: ``ok``, a reason when not, and details for the JSON body."""

    ok: bool
    reason: str = ""
    details: dict[str, Any] = field(default_factory=dict)


Check = Callable[[], Verdict | Awaitable[Verdict]]


class HealthMetrics(MetricSet):
    """Loop lag and probe states, on the process's registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        super().__init__(registry)
        self.loop_lag = self.gauge(
            "flashpoint_event_loop_lag_seconds",
            "How late the event loop is now: the last sleep overshoot of the lag probe, or the"
            " time since the probe should have woken if that is longer.",
        )
        self.loop_lag_observed = self.histogram(
            "flashpoint_event_loop_lag_observed_seconds",
            "Sleep overshoots measured by the event-loop lag probe.",
            buckets=(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
        )
        self.live = self.gauge("flashpoint_live", "1 when the liveness checks pass, else 0.")
        self.ready = self.gauge("flashpoint_ready", "1 when the readiness checks pass, else 0.")
        self.broker_reachable = self.gauge(
            "flashpoint_broker_reachable",
            "1 when a Kafka broker answered the last metadata request in time, else 0.",
        )


class LoopLagProbe:
    """A task that sleeps ``interval`` seconds and measures how late it wakes."""

    def __init__(self, interval: float, metrics: HealthMetrics | None = None) -> None:
        self.interval = interval
        self.metrics = metrics
        self.last_overshoot = 0.0
        self._due: float | None = None
        self._task: asyncio.Task[None] | None = None

    def lag(self) -> float:
        """Seconds the loop is late now (0 before the probe runs)."""
        if self._due is None:
            return 0.0
        return max(self.last_overshoot, time.monotonic() - self._due)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag")

    async def stop(self) -> None:
        await _cancel(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            self._due = time.monotonic() + self.interval
            await asyncio.sleep(self.interval)
            self.last_overshoot = max(0.0, time.monotonic() - self._due)
            if self.metrics is not None:
                self.metrics.loop_lag_observed.observe(self.last_overshoot)
            if self.last_overshoot > 1.0:
                log.warning("event loop lagged lag_s=%.1f", self.last_overshoot)


def _metadata_request(correlation_id: int) -> bytes:
    # Request header v1 (api key 3 Metadata, version 4, correlation id, client id), then the
    # body: an empty topic array (no topics, brokers only) and allow_auto_topic_creation=false.
    client = b"flashpoint-health"
    body = struct.pack(">hhih", 3, 4, correlation_id, len(client)) + client
    body += struct.pack(">ib", 0, 0)
    return struct.pack(">i", len(body)) + body


class BrokerProbe:
    """Whether a Kafka broker answers a metadata request; answers cached for ``cache`` s."""

    def __init__(
        self,
        servers: Sequence[str],
        *,
        timeout: float,
        cache: float,
        metrics: HealthMetrics | None = None,
    ) -> None:
        self.servers = list(servers)
        self.timeout = timeout
        self.cache = cache
        self.metrics = metrics
        self._last: tuple[float, Verdict] | None = None
        self._lock = asyncio.Lock()
        self._correlation = 0

    @property
    def last_ok(self) -> bool | None:
        """The last answer (None before the first check), without asking again."""
        return None if self._last is None else self._last[1].ok

    async def check(self) -> Verdict:
        async with self._lock:  # concurrent probes share one round-trip
            now = time.monotonic()
            if self._last is not None and now - self._last[0] < self.cache:
                return self._last[1]
            verdict = await self._ask_any()
            self._last = (time.monotonic(), verdict)
            if self.metrics is not None:
                self.metrics.broker_reachable.set(1 if verdict.ok else 0)
            return verdict

    async def _ask_any(self) -> Verdict:
        errors = []
        for server in self.servers:
            t0 = time.monotonic()
            try:
                await asyncio.wait_for(self._ask(server), self.timeout)
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError) as exc:
                errors.append(f"{server}: {type(exc).__name__} {exc}".strip())
                continue
            return Verdict(True, details={"broker": server, "rtt_s": time.monotonic() - t0})
        return Verdict(False, "kafka unreachable: " + "; ".join(errors))

    async def _ask(self, server: str) -> None:
        host, _, port = server.rpartition(":")
        reader, writer = await asyncio.open_connection(host.strip("[]") or "127.0.0.1", int(port))
        try:
            self._correlation = (self._correlation + 1) % 2**31
            writer.write(_metadata_request(self._correlation))
            await writer.drain()
            (size,) = struct.unpack(">i", await reader.readexactly(4))
            if size < 8:
                raise ValueError(f"short metadata response ({size} bytes)")
            head = await reader.readexactly(size)
            (correlation,) = struct.unpack(">i", head[:4])
            if correlation != self._correlation:
                raise ValueError("metadata response for another request")
            (brokers,) = struct.unpack(">i", head[8:12])  # after throttle_time_ms
            if brokers < 1:
                raise ValueError("metadata response lists no broker")
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _run_check(check: Check) -> Verdict:
    out = check()
    return await out if isinstance(out, Awaitable) else out


class Health:
    """The liveness and readiness of one process.

    ``live_checks`` and ``ready_checks`` are extra checks of the process (named); the loop lag
    is always a liveness check, the broker (when ``broker`` is given) a readiness check.
    """

    def __init__(
        self,
        settings: HealthSettings,
        registry: CollectorRegistry,
        *,
        servers: Sequence[str] | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = HealthMetrics(registry)
        self.lag = LoopLagProbe(settings.loop_lag_interval, self.metrics)
        self.broker = (
            BrokerProbe(
                servers,
                timeout=settings.broker_timeout,
                cache=settings.broker_cache,
                metrics=self.metrics,
            )
            if servers
            else None
        )
        self.live_checks: dict[str, Check] = {}
        self.ready_checks: dict[str, Check] = {}
        self.metrics.loop_lag.set_function(self.lag.lag)
        self.metrics.live.set_function(lambda: 1.0 if self._live_now() else 0.0)
        self.metrics.ready.set(0)
        self._refresher: asyncio.Task[None] | None = None

    def _live_now(self) -> bool:
        # Synchronous view for the gauge: the loop lag and every synchronous liveness check.
        if self.lag.lag() > self.settings.loop_lag_max:
            return False
        for check in self.live_checks.values():
            out = check()
            if isinstance(out, Verdict) and not out.ok:
                return False
        return True

    def start(self) -> None:
        """Start the lag probe and the background readiness refresh (in the running loop)."""
        self.lag.start()
        if self._refresher is None:
            self._refresher = asyncio.get_running_loop().create_task(
                self._refresh(), name="readiness-refresh"
            )

    async def stop(self) -> None:
        await self.lag.stop()
        await _cancel(self._refresher)
        self._refresher = None

    async def _refresh(self) -> None:
        while True:
            try:
                await self.readiness()
            except Exception as exc:  # a check's bug must not end the refresh
                log.warning("readiness refresh failed error=%r", exc)
            await asyncio.sleep(self.settings.refresh_interval)

    async def liveness(self) -> tuple[bool, dict[str, Any]]:
        """(ok, JSON body) of the liveness probe; the body names every failing check."""
        lag = self.lag.lag()
        verdicts = {"loop": Verdict(lag <= self.settings.loop_lag_max, details={"lag_s": lag})}
        if not verdicts["loop"].ok:
            verdicts["loop"] = Verdict(
                False,
                f"event loop lag {lag:.1f}s > {self.settings.loop_lag_max:g}s",
                {"lag_s": lag},
            )
        for name, check in self.live_checks.items():
            verdicts[name] = await _run_check(check)
        return _body(verdicts)

    async def readiness(self) -> tuple[bool, dict[str, Any]]:
        """(ok, JSON body) of the readiness probe; sets ``flashpoint_ready``."""
        verdicts: dict[str, Verdict] = {}
        if self.broker is not None:
            verdicts["kafka"] = await self.broker.check()
        for name, check in self.ready_checks.items():
            verdicts[name] = await _run_check(check)
        ok, body = _body(verdicts)
        self.metrics.ready.set(1 if ok else 0)
        return ok, body


def _body(verdicts: dict[str, Verdict]) -> tuple[bool, dict[str, Any]]:
    failing = {name: v.reason for name, v in verdicts.items() if not v.ok}
    body: dict[str, Any] = {
        "status": "ok" if not failing else "fail",
        "checks": {
            name: {"ok": v.ok, **({"reason": v.reason} if v.reason else {}), **v.details}
            for name, v in verdicts.items()
        },
    }
    if failing:
        body["reasons"] = [f"{name}: {reason}" for name, reason in failing.items()]
    return not failing, body


def add_aiohttp_routes(app: Any, health: Health, extra: Callable[[], dict[str, Any]]) -> None:
    """Add ``/healthz``, ``/livez`` and ``/readyz`` to an aiohttp application; 503 when red.

    ``extra`` adds process fields to every body (for example the producer's feed count).
    """
    from aiohttp import web

    async def live(_: web.Request) -> web.Response:
        ok, body = await health.liveness()
        return web.json_response({**body, **extra()}, status=200 if ok else 503)

    async def ready(_: web.Request) -> web.Response:
        ok, body = await health.readiness()
        return web.json_response({**body, **extra()}, status=200 if ok else 503)

    app.router.add_get("/healthz", live)
    app.router.add_get("/livez", live)
    app.router.add_get("/readyz", ready)
