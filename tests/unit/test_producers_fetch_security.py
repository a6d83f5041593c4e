"""Fetching: secrets in feed URLs never reach logs or errors; the size cap counts bytes read."""

from __future__ import annotations

import logging
import warnings
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from producers.errors import FetchError, UnsafeURLError
from producers.feeds import FeedConfig
from producers.fetch import Fetcher
from producers.settings import ProducerSettings
from producers.state import State
from tests.support.cli import clean_env, python
from tests.support.http import serve
from tests.support.producer import loopback_settings, memory_producer

SECRET = "FeedPassw0rd"
KEY = "k3y-0f-the-feed"

warnings.filterwarnings("ignore", category=web.NotAppKeyWarning)


@pytest.fixture
async def server() -> AsyncIterator[TestServer]:
    async def fail(req: web.Request) -> web.Response:
        return web.Response(status=500)

    async def bad_redirect(req: web.Request) -> web.Response:
        # A Location aiohttp cannot even parse: its error quotes the URL.
        return web.Response(status=302, headers={"Location": f"http://u:{SECRET}@[::1/x"})

    app = web.Application()
    app.router.add_get("/fail", fail)
    app.router.add_get("/bad-redirect", bad_redirect)
    async with serve(app) as srv:
        yield srv


def _settings(tmp_path: Path) -> ProducerSettings:
    return loopback_settings(tmp_path, max_body_bytes=64 * 1024, total_timeout=5.0)


async def test_failed_poll_logs_no_credentials(
    server: TestServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path)
    state = State(settings.state_path)
    secret_url = f"http://feeduser:{SECRET}@127.0.0.1:{server.port}/fail?apikey={KEY}&page=1"
    feeds = [FeedConfig(name="locked", url=secret_url)]
    producer = memory_producer(settings, feeds, state)
    try:
        with caplog.at_level(logging.DEBUG):
            result, fs = await producer.poll(feeds[0])
        await producer.fetcher.close()
    finally:
        state.close()
    assert result.outcome == "http-error"
    # aiohttp's access log of the test server is the far side, not Flashpoint's logging.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "aiohttp.access")
    assert "poll failed feed=locked" in logged
    assert f"127.0.0.1:{server.port}/fail?apikey=***&page=1" in logged
    for text in (logged, result.error or "", fs.last_error or ""):
        assert SECRET not in text and KEY not in text and "feeduser" not in text


async def test_errors_quoting_the_url_are_redacted(server: TestServer, tmp_path: Path) -> None:
    async with Fetcher(_settings(tmp_path)) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch(f"http://127.0.0.1:{server.port}/bad-redirect?token={KEY}")
        assert SECRET not in str(info.value) and KEY not in str(info.value)
        with pytest.raises(UnsafeURLError) as blocked:
            await f.fetch(f"http://feeduser:{SECRET}@[::127.0.0.1]:{server.port}/?sig={KEY}")
        assert "SSRF" in str(blocked.value)
        assert SECRET not in str(blocked.value) and KEY not in str(blocked.value)


def test_aiohttp_errors_embed_the_url() -> None:
    """Why messages are redacted as text too: aiohttp puts the URL in its errors."""
    exc = aiohttp.InvalidURL(f"http://u:{SECRET}@host/?apikey={KEY}")
    err = FetchError(f"invalid URL: {exc}", url="http://host/")
    assert SECRET in str(exc) and SECRET not in str(err) and KEY not in str(err)


async def test_local_file_cap_counts_bytes_read(tmp_path: Path) -> None:
    """/dev/zero states a size of 0 and never ends: the cap must count what is read."""
    async with Fetcher(_settings(tmp_path)) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch("file:///dev/zero")
        assert info.value.outcome == "too-large"
        small = tmp_path / "small.xml"
        small.write_bytes(b"x" * 1000)
        assert (await f.fetch(small.as_uri())).body == b"x" * 1000
        exact = tmp_path / "exact.xml"
        exact.write_bytes(b"y" * 64 * 1024)
        assert len((await f.fetch(exact.as_uri())).body or b"") == 64 * 1024
        exact.write_bytes(b"y" * (64 * 1024 + 1))
        with pytest.raises(FetchError, match="larger than"):
            await f.fetch(exact.as_uri())


@pytest.mark.timeout(60)
def test_fetch_cli_on_dev_zero_fails_cleanly(tmp_path: Path) -> None:
    env = clean_env(FLASHPOINT_PRODUCER__MAX_BODY_BYTES=str(1024 * 1024))
    proc = python(["-m", "flashpoint", "fetch", "/dev/zero"], env, cwd=tmp_path, timeout=50)
    assert proc.returncode == 3, proc.stderr  # ExitCode.DATA: the feed is unusable
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "larger than 1048576 bytes" in lines[0], proc.stderr
