"""Security properties, checked end to end against real loopback servers and processes.

Already covered elsewhere (referenced, not repeated): the webhook unit tests check that a
secret never reaches the log of one delivery and that Slack/Teams text is escaped; the e-mail
unit tests check escaping of one hostile alert; the fetch unit tests check the SSRF guard of
the fetcher and redirects to file: and metadata addresses. Here: the guard is on by default in
both the producer's poll cycle and the webhook channel, with the allow-list as the only way in;
secrets stay out of every log line at debug level and out of the CLI's output; the e-mail's
HTML never carries live markup from feed text, and headers cannot be injected; the worker's
JSON API refuses mutations without the token.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from alerts.channels._http import make_session
from alerts.channels.config import EmailChannelConfig, WebhookChannelConfig, parse_channels
from alerts.channels.email import build_message
from alerts.channels.webhook import WebhookChannel
from alerts.errors import DeliveryError
from alerts.schema import Alert, Headline, IncidentSummary
from alerts.settings import DeliverySettings
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.netguard import NetGuard
from flashpoint.procs import Child, ChildGroup
from producers.feeds import FeedConfig, parse_feeds
from producers.settings import ProducerSettings
from producers.state import State
from tests.faults.report import Collector
from tests.ports import free_port
from tests.support.http import serve
from tests.support.producer import memory_producer, rss

pytestmark = [pytest.mark.integration, pytest.mark.faults]

SECRET = "whsec_" + base64.b64encode(b"flashpoint-faults-secret-0123").decode()
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
async def loopback() -> AsyncIterator[tuple[TestServer, dict[str, int]]]:
    hits: dict[str, int] = {}

    async def any_path(request: web.Request) -> web.Response:
        hits[request.path] = hits.get(request.path, 0) + 1
        await request.read()
        if request.path == "/feed":
            return web.Response(body=rss([("s1", "Strike on Sumy")]), content_type="text/xml")
        if request.path == "/fail" and hits[request.path] == 1:
            return web.Response(status=500, text="try again")
        return web.Response(status=200)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", any_path)
    async with serve(app) as srv:
        yield srv, hits


class _Tags(HTMLParser):
    """Every element of an HTML document with its attributes (what a mail client renders)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


def _alert(**incident: object) -> Alert:
    return Alert(
        id="al_security0001",
        rule="toll",
        fired_at=datetime.now(UTC),
        title=f"Toll {HOSTILE}",
        summary=f"Summary {HOSTILE}",
        channels=("hook",),
        incident=IncidentSummary(id="inc-1", **incident),
    )


# ---- SSRF guard: on by default, allow-list only ------------------------------------------------


async def test_ssrf_guard_is_on_by_default_for_feeds_and_webhooks(
    loopback: tuple[TestServer, dict[str, int]], tmp_path: Path, reliability: Collector
) -> None:
    srv, hits = loopback
    port = srv.port
    assert ProducerSettings().allow_private_networks is False
    assert ProducerSettings().allowed_hosts == ()
    assert DeliverySettings().allow_private_networks is False
    assert DeliverySettings().allowed_hosts == ()
    targets = {
        "loopback": f"http://127.0.0.1:{port}/feed",
        "localhost": f"http://localhost:{port}/feed",
        "ipv6-loopback": f"http://[::1]:{port}/feed",
        "metadata": "http://169.254.169.254/latest/meta-data/",
        "private": "http://10.1.2.3/feed",
        "mapped": f"http://[::ffff:127.0.0.1]:{port}/feed",
        # Other spellings of loopback: IPv4-compatible, NAT64, 6to4, decimal, hex, octal.
        "compatible": f"http://[::127.0.0.1]:{port}/feed",
        "nat64": f"http://[64:ff9b::7f00:1]:{port}/feed",
        "6to4": f"http://[2002:7f00:1::]:{port}/feed",
        "decimal": f"http://2130706433:{port}/feed",
        "hex": f"http://0x7f.1:{port}/feed",
        "octal": f"http://0177.0.0.1:{port}/feed",
    }
    same_as_listed = ("loopback", "mapped", "localhost", "decimal", "hex", "octal")

    async def cycle(settings: ProducerSettings) -> dict[str, str]:
        state = State(settings.state_path)
        feeds = [FeedConfig(name=n, url=u) for n, u in targets.items()]
        producer = memory_producer(settings, feeds, state)
        producer.pool.start()
        try:
            out = {}
            for feed in feeds:
                result, _ = await producer.poll(feed)
                out[feed.name] = result.outcome
            return out
        finally:
            producer.pool.close()
            await producer.fetcher.close()
            state.close()

    base = {"state_path": str(tmp_path / "s.sqlite3"), "metrics_port": 0, "connect_timeout": 1.0}
    default = await cycle(ProducerSettings(**base))
    assert default == dict.fromkeys(targets, "blocked"), default
    assert hits.get("/feed", 0) == 0
    allowed = await cycle(ProducerSettings(**base, allowed_hosts=("127.0.0.1",)))
    assert allowed["loopback"] == "ok" and allowed["mapped"] == "ok"
    # Allowing 127.0.0.1 opens its spellings, not the embeddings routed elsewhere.
    assert {k: v for k, v in allowed.items() if k not in same_as_listed} == {
        "ipv6-loopback": "blocked",
        "metadata": "blocked",
        "private": "blocked",
        "compatible": "blocked",
        "nat64": "blocked",
        "6to4": "blocked",
    }

    # The webhook channel, with the default delivery settings, then with the allow-list.
    async def send(settings: DeliverySettings, url: str) -> str:
        guard = NetGuard(
            allow_private=settings.allow_private_networks, allowed=settings.allowed_hosts
        )
        cfg = parse_channels(
            {"channels": {"hook": {"type": "webhook", "url": url, "secret_env": "S"}}},
            environ={"S": SECRET},
        ).channels["hook"]
        assert isinstance(cfg, WebhookChannelConfig)
        session = make_session(guard, user_agent="t")
        try:
            await WebhookChannel(cfg, session, guard).send(_alert())
            return "delivered"
        except DeliveryError as exc:
            return exc.kind
        finally:
            await session.close()

    hook_targets = [
        f"http://127.0.0.1:{port}/hook",
        f"http://localhost:{port}/hook",
        f"http://[::1]:{port}/hook",
        "http://169.254.169.254/hook",
        "http://192.168.1.1/hook",
        f"http://[::127.0.0.1]:{port}/hook",
        f"http://[2002:a9fe:a9fe::]:{port}/hook",
        f"http://2130706433:{port}/hook",
    ]
    kinds = [await send(DeliverySettings(), u) for u in hook_targets]
    assert "delivered" not in kinds and hits.get("/hook", 0) == 0, kinds
    allow = DeliverySettings(allowed_hosts=("127.0.0.1",))
    assert await send(allow, hook_targets[0]) == "delivered"
    assert await send(allow, hook_targets[3]) != "delivered"
    assert hits.get("/hook", 0) == 1
    reliability.record(
        group="security",
        name="SSRF guard on by default",
        fault="feeds and webhooks at loopback, localhost, ::1, ::ffff:127.0.0.1, 10/8, "
        "192.168/16, 169.254.169.254, and loopback as ::127.0.0.1, NAT64, 6to4, 2130706433, "
        "0x7f.1, 0177.0.0.1",
        sent=len(targets) + len(hook_targets),
        outcome=f"all refused before connecting (feeds: blocked; webhooks: {sorted(set(kinds))});"
        " the allow-list admits only the listed address",
    )


def test_feed_urls_are_http_or_https_only(reliability: Collector) -> None:
    from flashpoint.core.errors import ConfigError

    refused = []
    for url in (
        "file:///etc/passwd",
        "file:/etc/passwd",
        "ftp://x.example/feed",
        "gopher://x.example/",
        "data:text/xml,<rss/>",
        "javascript:alert(1)",
        "http:///no-host",
    ):
        with pytest.raises(ConfigError) as info:
            parse_feeds({"feeds": [{"name": "a", "url": url}]}, file="feeds.yaml")
        assert info.value.field == "url" and info.value.file == "feeds.yaml"
        refused.append(url.split(":")[0])
    assert parse_feeds({"feeds": [{"name": "a", "url": "https://x.example/rss"}]})
    reliability.record(
        group="security",
        name="feed URLs http(s) only",
        fault="feeds.yaml with file:, ftp:, gopher:, data:, javascript: and host-less URLs",
        sent=len(refused),
        outcome="each refused at load time with file, feed and field named",
    )


# ---- secrets -------------------------------------------------------------------------------------


async def test_webhook_secrets_never_logged_nor_dumped(
    loopback: tuple[TestServer, dict[str, int]],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    reliability: Collector,
) -> None:
    srv, _hits = loopback
    raw_key = base64.b64decode(SECRET.removeprefix("whsec_")).decode()
    needles = (SECRET, SECRET.removeprefix("whsec_"), raw_key)
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    cfg = parse_channels(
        {
            "channels": {
                "a": {"type": "webhook", "url": f"{srv.make_url('/fail')}", "secret_env": "S"},
                "b": {"type": "webhook", "url": "https://x.example/h", "secret_file": [
                    str(secret_file)]},
            }
        },
        environ={"S": SECRET},
    )  # fmt: skip
    dumps = [cfg.model_dump_json(), repr(cfg), str(cfg), repr(cfg.channels["a"])]
    # One delivery that fails once (500), is retried and succeeds, all at debug level.
    caplog.set_level(logging.DEBUG)
    guard = NetGuard(allowed=("127.0.0.1",))
    session = make_session(guard, user_agent="t")
    hook = cfg.channels["a"]
    assert isinstance(hook, WebhookChannelConfig)
    errors = []
    try:
        channel = WebhookChannel(hook, session, guard)
        for _ in range(2):
            try:
                await channel.send(_alert())
            except DeliveryError as exc:
                errors.append(f"{exc} {exc.reason!r}")
    finally:
        await session.close()
    assert len(errors) == 1  # the 500
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    # The CLI: `deliver --check` at debug verbosity, and the composed settings' dump.
    channels_file = tmp_path / "channels.yaml"
    channels_file.write_text(
        f"channels:\n  a:\n    type: webhook\n    url: https://x.example/h\n"
        f"    secret_env: FP_SECRET\n  b:\n    type: webhook\n    url: https://y.example/h\n"
        f"    secret_file: {secret_file}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHPOINT_")}
    env.update({"FP_SECRET": SECRET, "FLASHPOINT_DELIVERY__CHANNELS_FILE": str(channels_file)})
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint", "-vv", "deliver", "--check", "--no-kafka"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    from flashpoint.settings import Settings

    everything = "\n".join([*dumps, logged, *errors, proc.stdout, proc.stderr])
    everything += str(Settings().dump())
    leaks = [n for n in needles if n in everything]
    assert not leaks, f"a secret leaked ({len(leaks)} forms)"
    reliability.record(
        group="security",
        name="webhook secrets",
        fault="secret from env and from a file; a 500 then a retry at DEBUG; deliver --check -vv",
        sent=3,
        outcome="absent from logs, errors, config dumps, repr and CLI output (3 encodings "
        "searched)",
    )


# ---- e-mail HTML ---------------------------------------------------------------------------------


def test_email_escapes_feed_text_and_headers(reliability: Collector) -> None:
    cfg = parse_channels(
        {
            "channels": {
                "mail": {
                    "type": "email",
                    "host": "smtp.example",
                    "from": "Flashpoint <alerts@flash.example>",
                    "to": ["desk@example.org"],
                }
            }
        }
    ).channels["mail"]
    assert isinstance(cfg, EmailChannelConfig)
    alert = _alert(
        place=f"Kharkiv {HOSTILE}",
        country="UA",
        sources=(f"feed {HOSTILE}",),
        headlines=(
            Headline(title=f"Headline {HOSTILE}", url="https://n.example/a", source=HOSTILE),
            Headline(title="Bad link", url='javascript:alert(1)//"><script>x</script>'),
            Headline(title="Quote", url='https://n.example/"onmouseover="alert(1)'),
        ),
    ).model_copy(update={"rule": "toll\r\nBcc: victim@example.org", "title": "T\r\nX-Evil: 1"})
    msg = build_message(alert, cfg)
    html_part = msg.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    tags = _Tags()
    tags.feed(html)
    assert not {"script", "img", "iframe", "svg"} & {t for t, _ in tags.seen}, tags.seen
    events = [(t, k) for t, attrs in tags.seen for k, _ in attrs if k.lower().startswith("on")]
    assert not events, events
    hrefs = [v or "" for _, attrs in tags.seen for k, v in attrs if k in ("href", "src")]
    assert all(h.startswith(("https://", "http://", "mailto:")) for h in hrefs), hrefs
    assert "&lt;script&gt;" in html  # shown as text, not dropped silently
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert all("\n" not in str(v) and "\r" not in str(v) for v in msg.values())
    reliability.record(
        group="security",
        name="e-mail escapes feed text",
        fault="script/img/onerror in title, summary, place, sources, headlines; javascript: "
        "and quote-breaking URLs; CRLF in rule and title",
        sent=1,
        outcome="no live markup or link in the HTML part, text shown escaped, no header injected",
    )


# ---- the worker's JSON API -----------------------------------------------------------------------


@pytest.mark.timeout(180)
async def test_api_mutations_require_the_token(
    faults_kafka: KafkaSettings, tmp_path: Path, reliability: Collector
) -> None:
    kafka = faults_kafka
    token = "t0k-" + base64.b16encode(os.urandom(8)).decode()
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "version: 1\nrules:\n  - name: toll\n    when: {categories: [casualty]}\n"
        "    window: {type: tumbling, size: 1d}\n    aggregate: max_killed\n"
        "    group_by: [incident]\n    thresholds: [{at: 10, severity: warning}]\n"
    )
    group = ChildGroup()
    ports = {"with": free_port(), "without": free_port()}
    for name, port in ports.items():
        env = {
            "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
            "FLASHPOINT_KAFKA__TOPIC_PREFIX": kafka.topic_prefix,
            "FLASHPOINT_KAFKA__PARTITIONS": str(kafka.partitions),
            "FLASHPOINT_WORKER__APP_ID": f"{kafka.topic_prefix}-{name}",
            "FLASHPOINT_WORKER__DATADIR": str(tmp_path / name),
            "FLASHPOINT_WORKER__WEB_PORT": str(port),
            "FLASHPOINT_WORKER__RULES_FILE": str(rules),
            "FLASHPOINT_API_TOKEN": token if name == "with" else "",
        }
        group.add(Child(f"worker-{name}", ["worker"], env, tmp_path / f"{name}.log"))
    results: dict[str, int] = {}
    try:
        async with aiohttp.ClientSession() as http:

            async def status(method: str, port: int, path: str, **kw: object) -> int:
                async with http.request(method, f"http://127.0.0.1:{port}{path}", **kw) as resp:  # type: ignore[arg-type]
                    await resp.read()
                    return resp.status

            async def up(port: int) -> bool:
                try:
                    return await status("GET", port, "/healthz") == 200
                except aiohttp.ClientError:
                    return False

            deadline = time.monotonic() + 150
            for port in ports.values():
                while not await up(port):
                    if (child := group.failed()) is not None:
                        raise AssertionError(f"{child.name} exited:\n{child.tail(30)}")
                    assert time.monotonic() < deadline, "the workers' web servers never came up"
                    await asyncio.sleep(0.5)
            body = {"rule": "toll", "duration": 600, "comment": "faults", "created_by": "test"}
            p = ports["with"]
            results["GET alerts, no token"] = await status("GET", p, "/api/alerts")
            results["POST silences, no token"] = await status("POST", p, "/api/silences", json=body)
            results["POST silences, wrong token"] = await status(
                "POST", p, "/api/silences", json=body, headers={"Authorization": "Bearer nope"}
            )
            results["POST silences, token as query"] = await status(
                "POST", p, f"/api/silences?token={token}", json=body
            )
            results["DELETE silence, no token"] = await status(
                "DELETE", p, "/api/silences/si_0123456789abcdef"
            )
            results["POST silences, empty-token worker"] = await status(
                "POST",
                ports["without"],
                "/api/silences",
                json=body,
                headers={"Authorization": "Bearer "},
            )
            results["POST silences, right token"] = await status(
                "POST", p, "/api/silences", json=body, headers={"Authorization": f"Bearer {token}"}
            )
    finally:
        await asyncio.to_thread(group.stop)
    expected = {
        "GET alerts, no token": 200,
        "POST silences, no token": 401,
        "POST silences, wrong token": 401,
        "POST silences, token as query": 401,
        "DELETE silence, no token": 401,
        "POST silences, empty-token worker": 403,
        "POST silences, right token": 201,
    }
    reliability.record(
        group="security",
        name="API mutations need the token",
        fault="POST/DELETE without, with a wrong, a query-string or an empty token",
        sent=len(results),
        outcome=", ".join(f"{k}: {v}" for k, v in results.items()),
        notes="" if results == expected else f"expected {expected}",
    )
    assert results == expected
