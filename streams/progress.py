"""Progress of the worker's agents, and the worker's liveness and readiness checks.

An agent (:func:`streams.batching.run_batches`) reports here when it takes a batch, when it
finishes one, and when it dies. An agent is **stalled** when records wait for it and it has
made no progress for ``health.stall_after`` seconds; time spent idle with nothing to do does
not count. Records wait when the agent holds some (in its batch queue or the batch it handles)
or when its input partitions assigned to this worker hold records past the group's committed
offset in Kafka (:mod:`streams.lag`). Progress is a finished batch or a committed offset that
moved. So an agent that handled everything it was given while a partition's committed offset
stays behind its end (records skipped by the consumer: see :mod:`streams.lag`) is stalled
too. A stalled or dead agent turns liveness red: a restart re-reads its uncommitted records.
While the group rebalances or the tables recover, nothing is counted.

An agent that dies on an infrastructure error (anything its handler raises: a bad item is
dead-lettered inside the handler and never gets here) ends the process. Faust's supervisor would
restart the agent in place, but the records the dead batch took stay unacknowledged, so the
partition's committed offset can never pass them again until the process restarts; exiting at
once (after a clean stop) lets the process supervisor restart it and re-read them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.core.errors import FlashpointError
from flashpoint.core.health import Health, Verdict
from streams.lag import GroupOffsets, PartitionLag, lag_of
from streams.metrics import WorkerMetrics

__all__ = ["AgentProgress", "InjectedFault", "WorkerProbes", "log_task_stacks"]

log = logging.getLogger(__name__)

Fatal = Callable[[str, BaseException], None]


def _await_chain(task: asyncio.Task[Any], limit: int) -> list[str]:
    """Where ``task`` waits, outermost first: its coroutine and everything it awaits in turn
    (``Task.print_stack`` shows the outermost frame alone), ending with the awaited object."""
    out: list[str] = []
    obj: Any = task.get_coro()
    while obj is not None and len(out) < limit:
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "ag_frame", None)
        frame = frame or getattr(obj, "gi_frame", None)
        if frame is None:
            out.append(f"awaiting {obj!r:.200}")
            break
        out.append(f"{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
        obj = (
            getattr(obj, "cr_await", None)
            or getattr(obj, "ag_await", None)
            or getattr(obj, "gi_yieldfrom", None)
        )
    return out


def log_task_stacks(reason: str, *, limit: int = 40) -> int:
    """Log where every task of the running event loop waits (up to ``limit`` frames each):
    what an operator needs to see why a stalled agent made no progress. Returns the number of
    tasks."""
    tasks = asyncio.all_tasks()
    for task in sorted(tasks, key=lambda t: t.get_name()):
        chain = "\n  ".join(_await_chain(task, limit))
        log.error("task stack reason=%s task=%s\n  %s", reason, task.get_name(), chain)
    return len(tasks)


class InjectedFault(FlashpointError):
    """The test-only ``worker.fault_fail_file`` fault: stands for an infrastructure error."""


def _fires(trigger: Path | None) -> bool:
    """Whether a test-only fault whose trigger file is ``trigger`` fires now: once, when the
    file exists, which it removes (a restarted process runs on)."""
    if trigger is None or not trigger.exists():
        return False
    trigger.unlink(missing_ok=True)
    return True


@dataclass(eq=False)
class AgentProgress:
    """What one agent has done, and whether records wait for it.

    ``hang_file``, ``fail_file`` and ``noack_file`` are the test-only faults'
    (``worker.fault_*_file``) trigger files; None in production.
    """

    name: str
    _: KW_ONLY
    stall_after: float
    metrics: WorkerMetrics | None = None
    on_fatal: Fatal | None = None
    hang_file: Path | None = None
    fail_file: Path | None = None
    noack_file: Path | None = None
    in_batch: int = field(default=0, init=False)
    batches: int = field(default=0, init=False)
    dead: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.last_progress = time.monotonic()
        # (records past the group's committed offsets, sum of those offsets) on this agent's
        # input partitions assigned here, as Kafka last answered; None when not known (no
        # answer yet, a rebalance or recovery in progress). Set by the worker.
        self.lag: Callable[[], tuple[int, int] | None] = lambda: None
        self._queue: asyncio.Queue[Any] | None = None
        self._behind_since: float | None = None
        self._committed: int | None = None
        if self.metrics is not None:
            agent = self.name
            self.metrics.agent_idle.labels(agent=agent).set_function(self.seconds_since_progress)
            self.metrics.agent_stalled.labels(agent=agent).set_function(
                lambda: 1.0 if self.stalled() else 0.0
            )
            self.metrics.agent_waiting.labels(agent=agent).set_function(
                lambda: float(self.waiting())
            )
            self.metrics.agent_failures.labels(agent=agent)

    def attach(self, queue: asyncio.Queue[Any]) -> None:
        """The agent's batch queue (records taken from the stream, not yet in a batch)."""
        self._queue = queue

    def held(self) -> int:
        """Records the agent holds and has not finished: queued plus the current batch."""
        return (self._queue.qsize() if self._queue is not None else 0) + self.in_batch

    def behind(self) -> int:
        """Records of the agent's assigned input past the group's committed offsets (0 when
        not known); a committed offset that moved counts as progress."""
        try:
            seen = self.lag()
        except Exception:  # the consumer is (re)starting: nothing known
            seen = None
        if seen is None:
            self._committed = None
            return 0
        behind, committed = seen
        if self._committed is not None and committed > self._committed:
            self.last_progress = time.monotonic()
        self._committed = committed
        return max(0, behind)

    def waiting(self) -> int:
        """Records waiting for the agent: those it holds, or those past the committed offsets
        in Kafka if more (held records are uncommitted, so they are part of those)."""
        held = self.held()
        behind = self.behind()
        if behind > 0 and self._behind_since is None:
            self._behind_since = time.monotonic()
        elif behind <= 0:
            self._behind_since = None
        return max(held, behind)

    def seconds_since_progress(self) -> float:
        # Time idle with nothing to do is not a stall: the clock starts when records were
        # first seen waiting in Kafka, if that is later than the last progress.
        start = self.last_progress
        if self.held() == 0 and self._behind_since is not None:
            start = max(start, self._behind_since)
        return time.monotonic() - start

    def stalled(self) -> bool:
        return self.waiting() > 0 and self.seconds_since_progress() > self.stall_after

    def woke(self) -> None:
        """The agent was idle and got a record: idle time is not a stall."""
        self.last_progress = time.monotonic()

    async def begin(self, size: int) -> None:
        """A batch of ``size`` records starts (and the test-only faults may fire here)."""
        self.in_batch = size
        if _fires(self.fail_file):
            log.warning("fault injection: agent fails agent=%s batch=%d", self.name, size)
            raise InjectedFault(f"injected infrastructure error in agent {self.name}")
        if _fires(self.hang_file):
            log.warning("fault injection: agent hangs agent=%s batch=%d", self.name, size)
            await asyncio.Event().wait()

    def drop_acks(self) -> bool:
        """The test-only ``worker.fault_noack_file`` fault: True once (the file is removed) when
        the acknowledgements of the batch about to run must be lost. It waits for a batch of
        two records or more: Faust commits past a single unacknowledged offset at the head of
        a partition (its gap check is off by one), which would hide the fault."""
        if self.in_batch < 2 or not _fires(self.noack_file):
            return False
        log.warning(
            "fault injection: agent's acks dropped agent=%s batch=%d", self.name, self.in_batch
        )
        return True

    def done(self) -> None:
        self.in_batch = 0
        self.batches += 1
        self.last_progress = time.monotonic()

    def fail(self, exc: BaseException) -> None:
        """The agent died: count it, log the cause, turn liveness red, end the process."""
        if self.dead is not None:
            return
        self.dead = f"{type(exc).__name__}: {exc}"
        if self.metrics is not None:
            self.metrics.agent_failures.labels(agent=self.name).inc()
        log.error(
            "agent died agent=%s waiting=%d error=%s",
            self.name,
            self.waiting(),
            self.dead,
            exc_info=exc,
        )
        if self.on_fatal is not None:
            self.on_fatal(self.name, exc)

    def verdict(self) -> Verdict:
        details = {
            "waiting": self.waiting(),
            "since_progress_s": round(self.seconds_since_progress(), 3),
            "batches": self.batches,
        }
        if self.dead is not None:
            return Verdict(False, f"agent {self.name} died: {self.dead}", details)
        if self.stalled():
            return Verdict(
                False,
                f"agent {self.name} stalled: {self.waiting()} records waiting, no batch done or"
                f" commit for {self.seconds_since_progress():.0f}s (> {self.stall_after:g}s)",
                details,
            )
        return Verdict(True, details=details)


@dataclass(eq=False)
class WorkerProbes:
    """The worker's checks on a :class:`~flashpoint.core.health.Health`.

    Agents live, consumer ready.
    """

    health: Health
    metrics: WorkerMetrics
    _: KW_ONLY
    hang_file: Path | None = None  # the test-only faults' trigger files (see AgentProgress)
    fail_file: Path | None = None
    noack_file: Path | None = None

    def __post_init__(self) -> None:
        self.agents: dict[str, AgentProgress] = {}
        self.on_fatal: Fatal | None = None
        self.assigned = False
        self.rebalancing: Callable[[], bool] = lambda: False
        # Set by the worker: True while the group rebalances or the tables recover (no lag is
        # counted then), the partitions assigned here, and the reader of the group's offsets.
        self.settling: Callable[[], bool] = lambda: False
        self.assignment: Callable[[], Iterable[tuple[str, int]]] = lambda: ()
        self.offsets: GroupOffsets | None = None
        self._lag: dict[tuple[str, int], PartitionLag] = {}
        self._lag_for: frozenset[tuple[str, int]] | None = None
        self._lag_error: str | None = None
        self.health.live_checks["agents"] = self._agents_live
        self.health.ready_checks["consumer"] = self._consumer_ready

    def agent(self, name: str, *, faults: bool = False, topic: str = "") -> AgentProgress:
        """The progress record of agent ``name`` (``faults``: the test-only faults apply;
        ``topic``: its input, whose records past the committed offsets count as waiting)."""
        if name not in self.agents:
            self.agents[name] = AgentProgress(
                name,
                stall_after=self.health.settings.stall_after,
                metrics=self.metrics,
                on_fatal=self._fatal,
                hang_file=self.hang_file if faults else None,
                fail_file=self.fail_file if faults else None,
                noack_file=self.noack_file if faults else None,
            )
            if topic:
                self.agents[name].lag = lambda: self.lag_of(topic)
        return self.agents[name]

    def lag_of(self, topic: str) -> tuple[int, int] | None:
        """(records past the committed offsets, sum of the committed offsets) of ``topic``'s
        partitions assigned here, from the last read of Kafka; None while settling or before
        a read for the current assignment."""
        if self.settling():
            self._lag, self._lag_for = {}, None
            return None
        assigned = self._assigned()
        if assigned is None or self._lag_for != assigned:
            return None
        return lag_of(self._lag, topic, assigned)

    async def refresh_lag(self) -> None:
        """Read the group's committed offsets and the log ends of the partitions assigned
        here (in a thread: kafka-python blocks); on a broker error the lag is unknown."""
        assigned = self._assigned()
        if self.offsets is None or assigned is None or self.settling():
            self._lag, self._lag_for = {}, None
            return
        try:
            snapshot = await asyncio.to_thread(self.offsets.read, assigned)
        except Exception as exc:
            self._lag, self._lag_for = {}, None
            error = f"{type(exc).__name__}: {exc}"
            if error != self._lag_error:  # once per kind of failure, not every few seconds
                log.warning("group offsets not read error=%s", error)
            self._lag_error = error
            return
        self._lag_error = None
        if self._assigned() == assigned and not self.settling():
            self._lag, self._lag_for = snapshot, assigned

    def _assigned(self) -> frozenset[tuple[str, int]] | None:
        try:
            return frozenset(self.assignment())
        except Exception:  # the consumer is not started (or is restarting)
            return None

    async def watch_lag(self, interval: float) -> None:
        """Refresh the lag every ``interval`` seconds until cancelled."""
        try:
            while True:
                await self.refresh_lag()
                await asyncio.sleep(interval)
        finally:
            if self.offsets is not None:
                await asyncio.to_thread(self.offsets.close)

    def _fatal(self, name: str, exc: BaseException) -> None:
        if self.on_fatal is not None:
            self.on_fatal(name, exc)

    def _agents_live(self) -> Verdict:
        verdicts = {name: p.verdict() for name, p in self.agents.items()}
        details: dict[str, Any] = {name: v.details for name, v in verdicts.items()}
        failing = [v.reason for v in verdicts.values() if not v.ok]
        broker = self.health.broker
        if failing and broker is not None and broker.last_ok is False:
            # Without Kafka no agent can progress and a restart would not help: readiness
            # reports the outage. A dead agent still fails liveness.
            dead = [p for p in self.agents.values() if p.dead is not None]
            if not dead:
                details["note"] = "agents wait for Kafka: " + "; ".join(failing)
                return Verdict(True, details=details)
        return Verdict(not failing, "; ".join(failing), details)

    def _consumer_ready(self) -> Verdict:
        if not self.assigned:
            return Verdict(False, "consumer has no partition assignment yet")
        if self.rebalancing():
            return Verdict(False, "consumer group is rebalancing")
        live = self._agents_live()
        if not live.ok:
            return Verdict(False, live.reason)
        return Verdict(True)
