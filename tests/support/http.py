"""An aiohttp application served on loopback for one test, closed on exit.

Feed servers, webhook receivers and hubs of the tests are real HTTP servers on 127.0.0.1;
this is the one way they are started and stopped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol, TypeVar

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

__all__ = ["routes", "serve", "site_fixture"]

S = TypeVar("S", bound="Site")


class Site(Protocol):
    """What a test's loopback server serves and records: ``app()`` builds its application."""

    def app(self) -> web.Application: ...


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def routes(*table: tuple[str, str, Handler]) -> web.Application:
    """An application answering the ``(method, path, handler)`` routes of ``table``."""
    app = web.Application()
    for method, path, handler in table:
        app.router.add_route(method, path, handler)
    return app


def site_fixture(factory: Callable[[], S]) -> Any:
    """A pytest fixture that serves a new ``factory()`` site on loopback for one test and
    yields ``(site, server)``."""

    @pytest.fixture
    async def served() -> AsyncIterator[tuple[S, TestServer]]:
        site = factory()
        async with serve(site.app()) as srv:
            yield site, srv

    return served


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[TestServer]:
    """``app`` on 127.0.0.1, on a free port, for the ``async with`` block."""
    srv = TestServer(app, host="127.0.0.1")
    await srv.start_server()
    try:
        yield srv
    finally:
        await srv.close()
