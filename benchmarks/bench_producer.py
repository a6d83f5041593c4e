"""Producer benchmark: parsing overhead vs bare feedparser, and a 2,000-feed poll cycle.

Run: .venv/bin/python benchmarks/bench_producer.py   (prints figures; the last line is JSON)

The client side is pinned to one core. The loopback feed server runs in a subprocess (pinned to
another core when there is one) so that its cost is not charged to the producer.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import feedparser  # noqa: E402
from prometheus_client import CollectorRegistry  # noqa: E402

from producers.feeds import FeedConfig  # noqa: E402
from producers.items import Item  # noqa: E402
from producers.metrics import ProducerMetrics  # noqa: E402
from producers.parse import parse_bytes  # noqa: E402
from producers.parsepool import ParserPool  # noqa: E402
from producers.runner import Producer  # noqa: E402
from producers.settings import ProducerSettings  # noqa: E402
from producers.state import State  # noqa: E402

SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "data"
N_FEEDS = 2000

SERVER = r"""
import sys, itertools
from aiohttp import web
body = open(sys.argv[2], "rb").read()
counter = itertools.count()
async def handler(req):
    i = int(req.match_info["i"])
    if i % 10 != 0 and req.headers.get("If-None-Match") == '"e"':
        return web.Response(status=304, headers={"ETag": '"e"'})
    n = next(counter)
    # changed feeds carry fresh guids on every request
    b = body
    if i % 10 == 0:
        b = b.replace(b"https://", b"https://r%d-%d." % (i, n))
    return web.Response(body=b, content_type="application/rss+xml", headers={"ETag": '"e"'})
app = web.Application()
app.router.add_get("/f/{i}", handler)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def bench_parse(rounds: int = 15) -> dict[str, float]:
    bodies = [p.read_bytes() for p in sorted((SHARED / "feeds" / "real").iterdir())]
    now = datetime.now(UTC)
    n = rounds * len(bodies)

    def bare() -> float:
        t0 = time.perf_counter()
        for _ in range(rounds):
            for b in bodies:
                feedparser.parse(io.BytesIO(b))
        return time.perf_counter() - t0

    def ours() -> float:
        t0 = time.perf_counter()
        for _ in range(rounds):
            for b in bodies:
                parse_bytes(b, feed="bench", fetched_at=now)
        return time.perf_counter() - t0

    async def pooled() -> float:
        pool = ParserPool(1, timeout=30)
        pool.start()
        await pool.parse(bodies[0], feed="warm", fetched_at=now)
        t0 = time.perf_counter()
        for _ in range(rounds):
            for b in bodies:
                await pool.parse(b, feed="bench", fetched_at=now)
        dt = time.perf_counter() - t0
        pool.close()
        return dt

    bare()  # warm-up
    t_bare = min(bare(), bare())
    t_ours = min(ours(), ours())
    t_pool = asyncio.run(pooled())
    return {
        "parse_bare_feeds_per_s": n / t_bare,
        "parse_ours_feeds_per_s": n / t_ours,
        "parse_pool_feeds_per_s": n / t_pool,
        "parse_overhead_inprocess": t_ours / t_bare,
        "parse_overhead_pool": t_pool / t_bare,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _bare_cycle(urls: list[str], concurrency: int) -> float:
    conn = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    async with aiohttp.ClientSession(connector=conn) as session:

        async def get(u: str) -> None:
            async with session.get(u, headers={"If-None-Match": '"e"'}) as r:
                await r.read()

        t0 = time.perf_counter()
        await asyncio.gather(*(get(u) for u in urls))
        return time.perf_counter() - t0


async def _our_cycle(urls: list[str], tmp: Path, concurrency: int) -> dict[str, float]:
    settings = ProducerSettings(
        allowed_hosts=("127.0.0.1",),
        state_path=str(tmp / "bench-state.sqlite3"),
        max_concurrency=concurrency,
        per_host_concurrency=concurrency,
        parse_workers=1,
        metrics_port=0,
    )
    state = State(settings.state_path)
    feeds = [FeedConfig(name=f"f{i}", url=u) for i, u in enumerate(urls)]

    class NullPublisher:
        def __init__(self) -> None:
            self.n = 0

        def start(self) -> None: ...
        def recover(self) -> None: ...
        def has_pending(self) -> bool:
            return False

        def publish(self, items: Sequence[Item], keys: dict[str, list[str]]) -> int:
            rows = [(i.id, i.feed, i.sources, keys[i.id], i.to_json()) for i in items]
            state.begin_batch("bench", rows)
            state.mark_published("bench", [(i.id, 0, k) for k, i in enumerate(items)])
            return len(items)

        def close(self, timeout: float = 30.0) -> None: ...

    producer = Producer(
        settings,
        feeds,
        state=state,
        publisher=NullPublisher(),
        metrics=ProducerMetrics(CollectorRegistry()),
    )
    producer.pool.start()
    try:
        await producer.cycle(feeds)  # priming: every feed 200, ETags stored
        t0 = time.perf_counter()
        report = await producer.cycle(feeds)
        dt = time.perf_counter() - t0
    finally:
        producer.pool.close()
        await producer.fetcher.close()
        state.close()
    return {
        "cycle_s": dt,
        "cycle_not_modified": report.outcomes.get("not-modified", 0),
        "cycle_ok": report.outcomes.get("ok", 0),
        "cycle_new_items": report.new_items,
    }


def bench_cycle(tmp: Path, concurrency: int = 100) -> dict[str, float]:
    port = _free_port()
    body = SHARED / "feeds" / "real" / "natasha.xml"
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0]
    cmd = [sys.executable, "-c", SERVER, str(port), str(body)]
    if len(cpus) > 1 and Path("/usr/bin/taskset").exists():
        cmd = ["taskset", "-c", str(cpus[-1]), *cmd]
    server = subprocess.Popen(cmd)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        _pin()
        urls = [f"http://127.0.0.1:{port}/f/{i}" for i in range(N_FEEDS)]
        ours = asyncio.run(_our_cycle(urls, tmp, concurrency))
        bare = min(asyncio.run(_bare_cycle(urls, concurrency)) for _ in range(2))
    finally:
        server.terminate()
        server.wait(10)
    # The fair floor for the same work: bare GETs plus bare feedparser on the changed bodies.
    raw = body.read_bytes()
    t0 = time.perf_counter()
    for _ in range(20):
        feedparser.parse(io.BytesIO(raw))
    parse_each = (time.perf_counter() - t0) / 20
    ours["cycle_bare_gets_s"] = bare
    ours["cycle_ratio_to_bare"] = ours["cycle_s"] / bare
    ours["cycle_bare_gets_plus_parse_s"] = bare + parse_each * ours["cycle_ok"]
    ours["cycle_ratio_to_bare_plus_parse"] = ours["cycle_s"] / ours["cycle_bare_gets_plus_parse_s"]
    return ours


def main() -> None:
    import tempfile

    _pin()
    figures: dict[str, float] = {}
    figures.update(bench_parse())
    print(
        f"parse: bare feedparser {figures['parse_bare_feeds_per_s']:.0f} feeds/s, "
        f"ours in-process {figures['parse_ours_feeds_per_s']:.0f} feeds/s "
        f"(overhead {figures['parse_overhead_inprocess']:.2f}x), "
        f"ours via bounded worker {figures['parse_pool_feeds_per_s']:.0f} feeds/s "
        f"(overhead {figures['parse_overhead_pool']:.2f}x)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        figures.update(bench_cycle(Path(tmp)))
    print(
        f"cycle: {N_FEEDS} loopback feeds ({figures['cycle_not_modified']} not modified, "
        f"{figures['cycle_ok']} changed, {figures['cycle_new_items']} new items) in "
        f"{figures['cycle_s']:.2f}s; bare async GETs {figures['cycle_bare_gets_s']:.2f}s; "
        f"ratio {figures['cycle_ratio_to_bare']:.2f}x; bare GETs + bare feedparser on the "
        f"changed bodies {figures['cycle_bare_gets_plus_parse_s']:.2f}s, "
        f"ratio {figures['cycle_ratio_to_bare_plus_parse']:.2f}x"
    )
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
