"""The /metrics and /healthz endpoints of the delivery process (aiohttp)."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

__all__ = ["start_http"]


async def start_http(
    host: str,
    port: int,
    registry: CollectorRegistry,
    health: Callable[[], tuple[bool, dict[str, object]]],
) -> web.AppRunner:
    """Serve /metrics and /healthz on host:port; returns the runner (``await runner.cleanup()``)."""

    async def metrics(_: web.Request) -> web.Response:
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(_: web.Request) -> web.Response:
        ok, details = health()
        return web.json_response(
            {"status": "ok" if ok else "unhealthy", **details}, status=200 if ok else 503
        )

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner
