"""The /metrics, /healthz (/livez) and /readyz endpoints of the delivery process (aiohttp)."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from flashpoint.core.health import Health, add_aiohttp_routes

__all__ = ["start_http"]


async def start_http(
    host: str, port: int, registry: CollectorRegistry, health: Health
) -> web.AppRunner:
    """Serve /metrics and the probes on host:port; returns the runner (``await
    runner.cleanup()``). The probes answer 503 with the failing checks' reasons when red.

    /metrics is prometheus_client's own handler: it answers OpenMetrics when the scraper's
    Accept asks for it (exemplars, ``_created``), gzip when Accept-Encoding does, and
    ``name[]=`` filters."""
    app = web.Application()
    app.router.add_get("/metrics", make_aiohttp_handler(registry))
    add_aiohttp_routes(app, health, dict)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner
