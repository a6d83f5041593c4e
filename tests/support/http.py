"""An aiohttp application served on loopback for one test, closed on exit.

Feed servers, webhook receivers and hubs of the tests are real HTTP servers on 127.0.0.1;
this is the one way they are started and stopped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestServer

__all__ = ["serve"]


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[TestServer]:
    """``app`` on 127.0.0.1, on a free port, for the ``async with`` block."""
    srv = TestServer(app, host="127.0.0.1")
    await srv.start_server()
    try:
        yield srv
    finally:
        await srv.close()
