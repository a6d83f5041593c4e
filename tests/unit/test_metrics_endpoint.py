"""The /metrics endpoints of the producer and the delivery process (prometheus_client's aiohttp
handler): the classic text format by default, OpenMetrics when the scraper asks for it, gzip
when it accepts it, and output that promtool accepts."""

from __future__ import annotations

import gzip
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.openmetrics.parser import text_string_to_metric_families

from alerts.metrics import DeliveryMetrics
from flashpoint.core.health import Health, HealthSettings
from flashpoint.core.httpserve import serve_metrics
from producers.metrics import ProducerMetrics
from producers.runner import _serve_metrics
from producers.settings import ProducerSettings
from tests.integration import promharness as ph

OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8"


async def _delivery(registry: CollectorRegistry) -> web.AppRunner:
    DeliveryMetrics(registry)
    return await serve_metrics("127.0.0.1", 0, registry, Health(HealthSettings(), registry))


async def _producer(registry: CollectorRegistry) -> web.AppRunner:
    metrics = ProducerMetrics(registry)
    metrics.polls.labels(outcome="ok").inc()
    producer: Any = SimpleNamespace(ready=True, feeds=[], last_tick=0.0)
    settings = ProducerSettings(metrics_host="127.0.0.1", metrics_port=0)
    runner: web.AppRunner = await _serve_metrics(
        settings, metrics, producer, Health(HealthSettings(), registry)
    )
    return runner


@pytest.fixture(params=[_delivery, _producer], ids=["delivery", "producer"])
async def metrics_url(
    request: pytest.FixtureRequest,
) -> AsyncIterator[str]:
    start: Callable[[CollectorRegistry], Awaitable[web.AppRunner]] = request.param
    runner = await start(CollectorRegistry())
    try:
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}/metrics"
    finally:
        await runner.cleanup()


async def _get(url: str, **headers: str) -> tuple[str, str, bytes]:
    async with (
        aiohttp.ClientSession(auto_decompress=False) as http,
        http.get(url, headers=headers) as resp,
    ):
        assert resp.status == 200
        return (
            resp.headers["Content-Type"],
            resp.headers.get("Content-Encoding", ""),
            await resp.read(),
        )


def _promtool_check(body: bytes) -> None:
    proc = subprocess.run(
        [ph.find_tool("promtool"), "check", "metrics"],
        input=body,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode() + proc.stdout.decode()


async def test_metrics_classic_text_by_default(metrics_url: str) -> None:
    ctype, encoding, body = await _get(metrics_url, **{"Accept-Encoding": "identity"})
    assert ctype.startswith("text/plain")
    assert encoding == ""
    assert b"# TYPE flashpoint_" in body and not body.rstrip().endswith(b"# EOF")
    _promtool_check(body)


async def test_metrics_openmetrics_when_asked(metrics_url: str) -> None:
    ctype, _, body = await _get(
        metrics_url, Accept="application/openmetrics-text", **{"Accept-Encoding": "identity"}
    )
    assert ctype == OPENMETRICS
    assert body.endswith(b"# EOF\n")
    # promtool's `check metrics` lints the classic format only; the OpenMetrics parser of
    # prometheus_client is strict (it rejects a missing # EOF, a bad suffix, a bad type)
    families = {f.name: f for f in text_string_to_metric_families(body.decode())}
    assert any(name.startswith("flashpoint_") for name in families)


async def test_metrics_gzip_when_asked(metrics_url: str) -> None:
    _, encoding, body = await _get(metrics_url, **{"Accept-Encoding": "gzip"})
    assert encoding == "gzip"
    text = gzip.decompress(body)
    assert b"# TYPE flashpoint_" in text
    _promtool_check(text)
