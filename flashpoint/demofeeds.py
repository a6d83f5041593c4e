"""The demo's recorded feeds, served on loopback and revealed over time.

Items of ``demo_data/timeline.json`` appear in their feed ``offset / speed`` seconds after the
server starts, with that moment as their publication date, so a run tells the story as it
happened: a strike reported by several outlets, a toll that rises, a denial, then talks.
Feeds answer conditional GETs (ETag) like a real server, so the producer's 304 path is exercised.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

from flashpoint.core.httpserve import serve

__all__ = ["DemoFeedServer", "load_timeline"]


def load_timeline() -> dict[str, Any]:
    """The bundled timeline: ``{"feeds": {name: {...}}, "items": [{offset, feed, ...}]}``."""
    text = resources.files("flashpoint").joinpath("demo_data/timeline.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass
class DemoFeedServer:
    """An aiohttp server on 127.0.0.1 serving ``/feeds/<name>.xml`` and ``/articles/<guid>``."""

    port: int = 0
    speed: float = 1.0
    host: str = "127.0.0.1"

    def __post_init__(self) -> None:
        self.timeline = load_timeline()
        self._t0 = time.monotonic()
        self._wall0 = datetime.now(UTC)
        self._runner: web.AppRunner | None = None

    @property
    def feed_names(self) -> list[str]:
        return list(self.timeline["feeds"])

    def url(self, feed: str) -> str:
        return f"http://{self.host}:{self.port}/feeds/{feed}.xml"

    @property
    def total_duration(self) -> float:
        """Seconds until the last item is revealed."""
        return max(it["offset"] for it in self.timeline["items"]) / self.speed

    def revealed(self, feed: str) -> list[dict[str, Any]]:
        elapsed = (time.monotonic() - self._t0) * self.speed
        items = self.timeline["items"]
        return [it for it in items if it["feed"] == feed and it["offset"] <= elapsed]

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/feeds/{name}.xml", self._feed)
        app.router.add_get("/articles/{guid}", self._article)
        self._runner, self.port = await serve(app, self.host, self.port)
        self._t0 = time.monotonic()
        self._wall0 = datetime.now(UTC)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _published(self, item: dict[str, Any]) -> datetime:
        return self._wall0 + timedelta(seconds=item["offset"] / self.speed)

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        meta = self.timeline["feeds"].get(name)
        if meta is None:
            raise web.HTTPNotFound()
        items = self.revealed(name)
        etag = f'"{name}-{len(items)}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        base = f"http://{self.host}:{self.port}"
        entries = []
        for it in reversed(items):
            entries.append(
                "<item>"
                f"<title>{escape(it['title'])}</title>"
                f"<link>{base}/articles/{escape(it['guid'])}</link>"
                f'<guid isPermaLink="false">{escape(it["guid"])}</guid>'
                f"<pubDate>{format_datetime(self._published(it))}</pubDate>"
                f"<description>{escape(it['text'])}</description>"
                f'<source url="{base}/feeds/{escape(name)}.xml">{escape(it["source"])}</source>'
                "</item>"
            )
        body = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(meta['title'])}</title><link>{base}/</link>"
            "<description>Flashpoint demo feed built from real reporting; each item names its "
            "source.</description>"
            f"<language>{escape(meta.get('language', 'en'))}</language>"
            + "".join(entries)
            + "</channel></rss>"
        )
        return web.Response(
            body=body.encode("utf-8"),
            content_type="application/rss+xml",
            charset="utf-8",
            headers={"ETag": etag, "Cache-Control": "no-cache"},
        )

    async def _article(self, request: web.Request) -> web.StreamResponse:
        guid = request.match_info["guid"]
        for it in self.timeline["items"]:
            if it["guid"] == guid:
                html = (
                    f"<html><head><title>{escape(it['title'])}</title></head><body>"
                    f"<h1>{escape(it['title'])}</h1><p>{escape(it['text'])}</p>"
                    f"<p><small>Source: {escape(it['source'])}</small></p></body></html>"
                )
                return web.Response(text=html, content_type="text/html")
        raise web.HTTPNotFound()
