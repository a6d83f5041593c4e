"""The /metrics, /healthz (/livez) and /readyz endpoints of the delivery process (aiohttp)."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from flashpoint.health import Health, add_aiohttp_routes

__all__ = ["start_http"]


async def start_http(
    host: str, port: int, registry: CollectorRegistry, health: Health
) -> web.AppRunner:
    """Serve /metrics and the probes on host:port; returns the runner (``await
    runner.cleanup()``). The probes answer 503 with the failing checks' reasons when red."""

    async def metrics(_: web.Request) -> web.Response:
        body = generate_latest(registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/metrics", metrics)
    add_aiohttp_routes(app, health, dict)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner
