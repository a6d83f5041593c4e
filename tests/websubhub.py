"""A real WebSub hub on loopback for the tests: flask-websub's hub, written by others.

flask-websub runs its hub work (verification of intent, content distribution) as celery tasks.
Here celery runs them eagerly in the request thread, with an in-memory broker, so the hub needs
no Redis or worker process: a subscribe request returns after the hub has verified intent, and a
publish request returns after the hub has delivered to every subscriber.

Run: ``python -m tests.websubhub --port N --db PATH [--algorithm sha512] [--min-lease 1]``.
The hub accepts ``hub.mode=publish`` (flask-websub's PUBLISH_SUPPORTED), which fetches the topic
URL and distributes it; the topic's response must carry Link rel=hub and rel=self headers.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from aiohttp import web

from tests.ports import free_port
from tests.support.http import serve
from tests.support.producer import rss

__all__ = [
    "HubProcess",
    "Newsroom",
    "hub",
    "main",
    "newsroom",
    "producer_settings",
    "subscription_active",
]


def main(argv: list[str] | None = None) -> None:
    from celery import Celery
    from flask import Flask
    from flask_websub.hub import Hub, SQLite3HubStorage
    from werkzeug.serving import run_simple

    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--algorithm", default="sha512")
    ap.add_argument("--min-lease", type=int, default=60)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    celery = Celery("websubhub", broker="memory://", backend="cache+memory://")
    celery.conf.task_always_eager = True
    app = Flask("websubhub")
    app.config["PUBLISH_SUPPORTED"] = True
    app.config["HUB_MIN_LEASE_SECONDS"] = args.min_lease
    hub = Hub(
        SQLite3HubStorage(args.db),
        celery,
        SIGNATURE_ALGORITHM=args.algorithm,
        MAX_ATTEMPTS=1,
        BACKOFF_BASE=0.01,
        REQUEST_TIMEOUT=5,
    )
    app.register_blueprint(hub.build_blueprint(url_prefix="/hub"))

    @app.get("/healthz")
    def _health() -> str:
        return "ok"

    run_simple("127.0.0.1", args.port, app, threaded=True)


class HubProcess:
    """The hub as a child process on ``port``; ``stop()`` is the hub going quiet."""

    def __init__(self, port: int, db: Path, *, algorithm: str = "sha512", min_lease: int = 60):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/hub"
        self.db = db
        self.algorithm = algorithm
        self.min_lease = min_lease
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = db.with_suffix(".log")

    def start(self, timeout: float = 30.0) -> None:
        cmd = [
            sys.executable,
            "-m",
            "tests.websubhub",
            "--port",
            str(self.port),
            "--db",
            str(self.db),
            "--algorithm",
            self.algorithm,
            "--min-lease",
            str(self.min_lease),
        ]
        root = Path(__file__).resolve().parent.parent
        env = {**os.environ, "PYTHONPATH": str(root)}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("hub did not start")

    def publish(self, topic: str) -> requests.Response:
        """Tell the hub that ``topic`` changed; returns once the hub has distributed it."""
        return requests.post(self.url, data={"hub.mode": "publish", "hub.topic": topic}, timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def __enter__(self) -> HubProcess:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class Newsroom:
    """Feeds served with Link rel=hub/self headers, as a publisher behind a hub does.

    ``items[name]`` is the feed's (guid, title) list, newest first; the tests edit it.
    """

    def __init__(self) -> None:
        self.items: dict[str, list[tuple[str, str]]] = {}
        self.hub_url = ""
        self.base = ""

    def topic(self, name: str) -> str:
        return f"{self.base}/{name}.xml"

    def feed(self, name: str, first: tuple[str, str], **config: Any) -> Any:
        """Open feed ``name`` with its ``first`` (guid, title) item; return its FeedConfig."""
        from producers.feeds import FeedConfig

        self.items[name] = [first]
        return FeedConfig(name=name, url=self.topic(name), language="en", **config)

    def app(self) -> web.Application:
        async def handler(req: web.Request) -> web.Response:
            name = req.match_info["name"]
            link = f'<{self.hub_url}>; rel="hub", <{self.topic(name)}>; rel="self"'
            return web.Response(
                body=rss(self.items[name]),
                content_type="application/rss+xml",
                headers={"Link": link},
            )

        app = web.Application()
        app.router.add_get("/{name}.xml", handler)
        return app


def producer_settings(tmp_path: Path, **over: object) -> Any:
    """Producer settings for WebSub tests: loopback allowed, callback on a free port."""
    from producers.settings import ProducerSettings

    port = free_port()
    values: dict[str, object] = {
        "allowed_hosts": ("127.0.0.1",),
        "state_path": str(tmp_path / "state.sqlite3"),
        "parse_workers": 1,
        "metrics_port": 0,
        "websub_callback_base": f"http://127.0.0.1:{port}/websub",
        "websub_port": port,
        "websub_max_body_bytes": 8192,
        "min_interval": 1.0,
    }
    values.update(over)
    return ProducerSettings.model_validate(values)


def subscription_active(state_path: str, feed: str) -> bool:
    """The producer's state (read afresh) holds an active subscription of ``feed``."""
    from producers.state import State

    state = State(state_path)
    try:
        sub = state.subscriptions().get(feed)
        return sub is not None and sub.status == "active"
    finally:
        state.close()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """flask-websub's hub on a free loopback port, for one test."""
    proc = HubProcess(free_port(), tmp_path / "hub.sqlite3")
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
async def newsroom(hub: HubProcess) -> AsyncIterator[Newsroom]:
    """A loopback newsroom whose feeds advertise ``hub``."""
    room = Newsroom()
    room.hub_url = hub.url
    async with serve(room.app()) as srv:
        room.base = str(srv.make_url("")).rstrip("/")
        yield room


if __name__ == "__main__":
    main()
