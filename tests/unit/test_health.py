"""Liveness and readiness: the loop-lag probe, the broker check, agent progress and death.

The agent tests run :func:`streams.batching.run_batches` in a Faust agent through
``agent.test_context()`` (no Kafka). The broker tests use loopback sockets: a closed port, and a
server that accepts and never answers. The positive broker path (a real Kafka answering the
metadata request) is covered by tests/faults/test_faults_health.py.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import faust
import pytest
from prometheus_client import CollectorRegistry

from flashpoint.core.health import BrokerProbe, Health, HealthSettings
from streams.batching import run_batches
from streams.metrics import WorkerMetrics
from streams.progress import AgentProgress, WorkerProbes
from tests.support.faustapp import offline_app


async def _until(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)  # the polling step of a bounded wait


async def test_a_blocked_loop_turns_liveness_red_with_the_lag_in_the_reason() -> None:
    health = Health(HealthSettings(loop_lag_interval=0.02, loop_lag_max=0.2), CollectorRegistry())
    health.start()
    try:
        await asyncio.sleep(0.05)
        ok, body = await health.liveness()
        assert ok, body
        time.sleep(0.5)  # block the event loop itself: the fault under test
        ok, body = await health.liveness()
        assert not ok
        assert body["status"] == "fail"
        assert "event loop lag" in body["reasons"][0]
        assert body["checks"]["loop"]["lag_s"] >= 0.4
        registry = health.metrics.loop_lag_observed
        await _until(lambda: registry._sum.get() >= 0.4, 5, "the overshoot observed")
        await _until(lambda: health.lag.lag() < 0.2, 5, "the lag to clear")
        assert (await health.liveness())[0]
    finally:
        await health.stop()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_broker_check_fails_fast_on_a_closed_port_and_caches_its_answer() -> None:
    probe = BrokerProbe([f"127.0.0.1:{_closed_port()}"], timeout=1.0, cache=30.0)
    assert probe.last_ok is None
    verdict = await probe.check()
    assert not verdict.ok
    assert "kafka unreachable" in verdict.reason
    probe.servers = ["127.0.0.1:1"]  # a second check within the cache asks nobody
    assert (await probe.check()) is verdict
    assert probe.last_ok is False


async def test_broker_check_times_out_on_a_server_that_never_answers() -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def silent(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        health = Health(
            HealthSettings(broker_timeout=0.3, broker_cache=0),
            CollectorRegistry(),
            servers=[f"127.0.0.1:{port}"],
        )
        t0 = time.monotonic()
        ok, body = await health.readiness()
        assert not ok
        assert time.monotonic() - t0 < 5
        assert "TimeoutError" in body["reasons"][0]
        assert accepted, "the check did connect"
        assert health.metrics.ready._value.get() == 0
        assert health.metrics.broker_reachable._value.get() == 0
    finally:
        for w in accepted:
            w.close()
        server.close()
        await server.wait_closed()


def _agent_app(
    tmp_path: Path, handler: Any, progress: AgentProgress
) -> tuple[faust.App, faust.types.AgentT[Any]]:
    app = offline_app("health", tmp_path)
    topic = app.topic("unit-health-in", key_type=bytes, value_type=bytes)

    @app.agent(topic, name="unit.health")
    async def agent(stream: faust.StreamT) -> None:
        await run_batches(stream, 10, handler, progress=progress)

    return app, agent


@pytest.mark.timeout(60)
async def test_a_handler_error_is_acted_on_without_waiting_for_the_next_record(
    tmp_path: Path,
) -> None:
    metrics = WorkerMetrics(CollectorRegistry())
    fatal: list[tuple[str, BaseException]] = []
    progress = AgentProgress(
        "unit.health", stall_after=60, metrics=metrics, on_fatal=lambda n, e: fatal.append((n, e))
    )
    handled = asyncio.Event()

    async def handler(manual: faust.Stream, batch: list[faust.EventT]) -> None:
        handled.set()
        await asyncio.sleep(0.05)  # the reader is back waiting on the (quiet) stream by now
        raise OSError("disk full")

    _, agent = _agent_app(tmp_path, handler, progress)
    async with agent.test_context() as ctx:
        await ctx.put(key=b"k", value=b"v")
        await asyncio.wait_for(handled.wait(), 10)
        # No second record: the failure must surface on its own.
        await _until(lambda: bool(fatal), 10, "the agent's death to be reported")
    assert fatal[0][0] == "unit.health"
    assert isinstance(fatal[0][1], OSError)
    verdict = progress.verdict()
    assert not verdict.ok
    assert "died: OSError: disk full" in verdict.reason
    assert metrics.agent_failures.labels(agent="unit.health")._value.get() == 1


@pytest.mark.timeout(60)
async def test_a_handler_that_never_returns_is_stalled_and_recovers_when_it_does(
    tmp_path: Path,
) -> None:
    registry = CollectorRegistry()
    metrics = WorkerMetrics(registry)
    health = Health(HealthSettings(stall_after=0.3), registry)
    probes = WorkerProbes(health, metrics)
    progress = probes.agent("unit.health")
    release = asyncio.Event()

    async def handler(manual: faust.Stream, batch: list[faust.EventT]) -> None:
        await release.wait()
        for event in batch:
            await manual.ack(event)

    _, agent = _agent_app(tmp_path, handler, progress)
    async with agent.test_context() as ctx:
        ok, body = await health.liveness()
        assert ok, body  # idle with nothing waiting is not a stall
        await ctx.put(key=b"k", value=b"v")
        await _until(lambda: progress.waiting() == 1, 10, "the batch in the handler")
        await _until(lambda: progress.stalled(), 10, "the stall")
        ok, body = await health.liveness()
        assert not ok
        assert "agent unit.health stalled: 1 records waiting" in body["reasons"][0]
        stalled = registry.get_sample_value(
            "flashpoint_worker_agent_stalled", {"agent": "unit.health"}
        )
        assert stalled == 1
        release.set()
        await _until(lambda: progress.batches == 1, 10, "the batch to finish")
        assert (await health.liveness())[0]


@pytest.mark.timeout(60)
async def test_the_test_only_hang_fault_fires_once_and_removes_its_file(tmp_path: Path) -> None:
    trigger = tmp_path / "hang"
    trigger.touch()
    progress = AgentProgress("unit.health", stall_after=60, hang_file=trigger)
    hung = asyncio.ensure_future(progress.begin(3))
    await _until(lambda: not trigger.exists(), 5, "the fault to fire")
    await asyncio.sleep(0.05)
    assert not hung.done() and progress.waiting() == 3
    hung.cancel()
    await progress.begin(2)  # the file is gone: the next batch runs
    assert progress.in_batch == 2


def test_the_hang_fault_is_off_by_default() -> None:
    from streams.settings import WorkerSettings

    assert WorkerSettings().fault_hang_file is None


@pytest.mark.timeout(60)
async def test_the_test_only_noack_fault_loses_the_acks_of_one_batch(tmp_path: Path) -> None:
    trigger = tmp_path / "noack"
    trigger.touch()
    progress = AgentProgress("unit.health", stall_after=60, noack_file=trigger)
    streams: list[Any] = []
    acks: list[list[bool]] = []
    release = asyncio.Event()

    async def handler(manual: faust.Stream, batch: list[faust.EventT]) -> None:
        streams.append(manual)
        if len(streams) == 1:
            await release.wait()  # the next records queue up meanwhile
        acks.append([await manual.ack(event) for event in batch])

    _, agent = _agent_app(tmp_path, handler, progress)
    async with agent.test_context() as ctx:
        await ctx.put(key=b"k", value=b"v1")
        await _until(lambda: len(streams) == 1, 10, "the first batch")
        assert trigger.exists()  # a batch of one record does not fire it
        await ctx.put(key=b"k", value=b"v2")
        await ctx.put(key=b"k", value=b"v3")
        await _until(lambda: progress.held() == 3, 10, "two records queued")
        release.set()
        await _until(lambda: progress.batches == 2, 10, "the second batch")
        assert not trigger.exists()  # fired once, on the batch of two
    assert isinstance(streams[0], faust.Stream)
    assert not isinstance(streams[1], faust.Stream)
    assert acks[1] == [False, False]  # the second batch's acks went nowhere


def test_the_noack_fault_is_off_by_default() -> None:
    from streams.settings import WorkerSettings

    assert WorkerSettings().fault_noack_file is None


async def test_task_stacks_show_where_each_task_waits_down_to_the_innermost_await(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from streams.progress import log_task_stacks

    gate = asyncio.Event()

    async def waits_for_the_gate() -> None:
        await gate.wait()

    async def hands_over() -> None:
        await waits_for_the_gate()

    task = asyncio.create_task(hands_over(), name="stuck-agent")
    await asyncio.sleep(0)
    with caplog.at_level("ERROR", logger="streams.progress"):
        n = log_task_stacks("test")
    gate.set()
    await task
    assert n >= 2
    (record,) = [r for r in caplog.records if "task=stuck-agent" in r.getMessage()]
    lines = record.getMessage().splitlines()
    assert [ln.split(" in ")[-1] for ln in lines[1:4]] == [
        "hands_over",
        "waits_for_the_gate",
        "wait",
    ]
