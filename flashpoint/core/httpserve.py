"""The one way a process serves HTTP: its /metrics and probes, the WebSub callback, the demo's
feeds and webhook receiver.

Every server is an aiohttp application on an address and port (0: the system picks a free
one, read back once bound), with no access log: requests that matter are counted in metrics,
and a scrape every few seconds would drown the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from flashpoint.core.health import Health, add_aiohttp_routes

__all__ = ["serve", "serve_metrics"]


async def serve(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on host:port; returns the runner (``await runner.cleanup()`` stops it)
    and the port it listens on."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = getattr(site, "_server", None)
    sockets = getattr(server, "sockets", None) or []
    return runner, int(sockets[0].getsockname()[1]) if sockets else port


async def serve_metrics(
    host: str,
    port: int,
    registry: CollectorRegistry,
    health: Health,
    extra: Callable[[], dict[str, Any]] = dict,
) -> web.AppRunner:
    """Serve /metrics and the probes (/healthz, /livez, /readyz) on host:port; returns the
    runner. The probes answer 503 with the failing checks' reasons when red; ``extra`` adds
    the process's own fields to their bodies.

    /metrics is prometheus_client's own handler: it answers OpenMetrics when the scraper's
    Accept asks for it (exemplars, ``_created``), gzip when Accept-Encoding does, and
    ``name[]=`` filters.
    """
    app = web.Application()
    app.router.add_get("/metrics", make_aiohttp_handler(registry))
    add_aiohttp_routes(app, health, extra)
    runner, _port = await serve(app, host, port)
    return runner
