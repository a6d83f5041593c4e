"""WebSub (W3C Recommendation) subscriber: a hub pushes a feed's new content within seconds.

Polling bounds the time from publication to alert by the poll interval (minutes). A feed that
advertises a hub lets us subscribe once and be told at once. What this module does:

- discovery: the hub and topic come from the HTTP ``Link`` header first, else from the
  document's ``<atom:link rel="hub">`` / ``rel="self"`` (Atom, or RSS with the Atom namespace);
- subscription with a fresh random secret per subscription, kept in the producer's SQLite state;
  the request goes through the fetcher's SSRF guard, timeouts and User-Agent;
- verification of intent: ``hub.challenge`` is echoed only when the feed, topic and mode match a
  subscription we asked for (subscribing or active for ``subscribe``, unsubscribing for
  ``unsubscribe``); anything else gets 404, so nobody can subscribe us to what we did not ask;
- content delivery: a body size cap and a read timeout, then the ``X-Hub-Signature`` HMAC
  (sha1, sha256, sha384, sha512) compared in constant time. Unsigned or wrongly signed bodies
  are dropped and counted; they are acknowledged with 202 as the spec allows, so a forger learns
  nothing. Good bodies go to the producer's own parse-and-publish path (same parser pool, same
  dedup), so a pushed item that a later poll sees again is one item;
- leases renewed before they expire; subscriptions of feeds gone from feeds.yaml unsubscribed.

A subscribed feed is still polled, at ``websub_safety_interval``: a hub that goes quiet delays
items, it never loses them.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import math
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from flashpoint.core.urls import http_url_problem
from producers.errors import FetchError, ParseError
from producers.feeds import FeedConfig
from producers.fetch import Fetcher
from producers.metrics import ProducerMetrics
from producers.settings import ProducerSettings
from producers.state import State, Subscription

__all__ = [
    "ALGORITHMS",
    "Discovery",
    "WebSub",
    "callback_token",
    "discover",
    "parse_link_header",
    "renewal_due",
    "verify_signature",
]

log = logging.getLogger(__name__)

ALGORITHMS: Mapping[str, Callable[..., Any]] = {
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.IGNORECASE)
_CHUNK = 64 * 1024

# Called with a feed, a delivered body and its Content-Type; returns items published.
DeliveryHandler = Callable[[FeedConfig, bytes, str | None], Awaitable[int]]


@dataclass(frozen=True)
class Discovery:
    hub: str
    topic: str


def parse_link_header(value: str | None) -> dict[str, str]:
    """``rel`` → first URL of an HTTP ``Link`` header (several rels per link allowed)."""
    out: dict[str, str] = {}
    if not value:
        return out
    for m in _LINK.finditer(value[:16384]):
        url, params = m.group(1).strip(), m.group(2)
        for rel_m in _REL.finditer(params):
            for rel in (rel_m.group(1) or rel_m.group(2) or "").lower().split():
                out.setdefault(rel, url)
    return out


def _http(url: str | None, base: str) -> str | None:
    if not url:
        return None
    try:
        absolute = urljoin(base, url.strip())
    except ValueError:  # an unparsable link (``http://]x``) is no link
        return None
    if len(absolute) > 2048 or http_url_problem(absolute) is not None:
        return None
    return absolute


def discover(
    link_header: str | None, doc_hub: str | None, doc_self: str | None, feed_url: str
) -> Discovery | None:
    """The hub and topic of a feed, or None when it advertises no (usable) hub.

    The HTTP ``Link`` header wins over the document, as the spec says; each source gives hub and
    self together. Without ``rel=self`` the topic is the URL we fetched (a lenient reading: some
    publishers forget ``self``; the hub refuses the subscription if the topic is wrong).
    """
    links = parse_link_header(link_header)
    hub = _http(links.get("hub"), feed_url)
    topic = _http(links.get("self"), feed_url)
    if hub is None:
        hub = _http(doc_hub, feed_url)
        topic = _http(doc_self, feed_url)
    if hub is None:
        return None
    return Discovery(hub=hub, topic=topic or feed_url)


def verify_signature(header: str | None, body: bytes, secret: str) -> str:
    """``ok``, ``unsigned`` or ``bad-signature`` for a delivery's ``X-Hub-Signature``."""
    if not header or not header.strip():
        return "unsigned"
    algo, sep, digest = header.strip().partition("=")
    make = ALGORITHMS.get(algo.strip().lower())
    if not sep or make is None:
        return "bad-signature"
    expected = hmac.new(secret.encode("utf-8"), body, make).hexdigest()
    if hmac.compare_digest(expected, digest.strip().lower()):
        return "ok"
    return "bad-signature"


def callback_token(secret: str) -> str:
    """The callback path token of a subscription: derived from its secret, one-way."""
    return hmac.new(secret.encode("utf-8"), b"flashpoint-websub-callback", "sha256").hexdigest()[
        :32
    ]


def renewal_due(sub: Subscription, now: float, *, margin: float, verify_timeout: float) -> bool:
    """Whether to (re)send a subscription request for ``sub`` at ``now``.

    Active: when less than ``margin`` of the lease (at least 60 s) is left, unless a renewal
    was sent less than ``verify_timeout`` ago (hubs may verify later: no request per tick).
    Subscribing: when the hub has not verified within ``verify_timeout``. Denied: after a day.
    """
    if sub.status == "active" and sub.lease_expires is not None:
        lease = sub.lease_seconds or max(0.0, sub.lease_expires - sub.requested)
        if sub.lease_expires - now > max(60.0, margin * lease):
            return False
        return now - sub.requested >= min(verify_timeout, margin * lease / 2)
    if sub.status == "subscribing":
        return now - sub.requested >= verify_timeout
    if sub.status == "denied":
        return now - sub.requested >= 86400.0
    return False


class WebSub:
    """The subscriber side of a producer: subscription bookkeeping and the callback server."""

    def __init__(
        self,
        settings: ProducerSettings,
        feeds: Sequence[FeedConfig],
        *,
        state: State,
        fetcher: Fetcher,
        metrics: ProducerMetrics,
        on_delivery: DeliveryHandler,
        on_active: Callable[[], None] | None = None,
    ) -> None:
        assert settings.websub_callback_base, "WebSub needs websub_callback_base"
        self.settings = settings
        self.base = settings.websub_callback_base.rstrip("/")
        self.feeds = {f.name: f for f in feeds}
        self.state = state
        self.fetcher = fetcher
        self.metrics = metrics
        self.on_delivery = on_delivery
        self.on_active = on_active  # a subscription became active: the poll beat changes
        self.subs: dict[str, Subscription] = state.subscriptions()
        self._runner: Any = None
        self.port: int | None = None
        self._update_gauge()

    # ---- bookkeeping -------------------------------------------------------------------------
    def callback_url(self, feed: str) -> str:
        """``<base>/<feed>/<token>``: unique per subscription and unguessable (the spec's
        "should"), so nobody can verify, deny or deliver for a callback they did not get."""
        sub = self.subs.get(feed)
        token = callback_token(sub.secret) if sub is not None else "none"
        return f"{self.base}/{quote(feed, safe='')}/{token}"

    def _ours(self, feed: str, token: str) -> Subscription | None:
        sub = self.subs.get(feed)
        if sub is None or not hmac.compare_digest(callback_token(sub.secret), token):
            return None
        return sub

    def active(self, feed: str) -> bool:
        sub = self.subs.get(feed)
        return sub is not None and sub.status == "active"

    def _save(self, sub: Subscription) -> None:
        self.subs[sub.feed] = sub
        self.state.save_subscription(sub)
        self._update_gauge()

    def _forget(self, feed: str) -> None:
        self.subs.pop(feed, None)
        self.state.delete_subscription(feed)
        self._update_gauge()

    def _update_gauge(self) -> None:
        counts = dict.fromkeys(("subscribing", "active", "unsubscribing", "denied"), 0)
        for sub in self.subs.values():
            counts[sub.status] = counts.get(sub.status, 0) + 1
        for status, n in counts.items():
            self.metrics.websub_subscriptions.labels(status).set(n)

    async def consider(self, feed: FeedConfig, found: Discovery | None, now: float) -> None:
        """After a poll: subscribe when a hub is advertised that we are not subscribed to."""
        if found is None:
            return
        sub = self.subs.get(feed.name)
        if sub is not None and (sub.hub, sub.topic) == (found.hub, found.topic):
            return
        await self.subscribe(feed.name, found.hub, found.topic, now)

    async def subscribe(self, feed: str, hub: str, topic: str, now: float) -> bool:
        """Send a subscription request; True when the hub accepted it (2xx).

        A renewal of an active subscription to the same hub and topic keeps its secret and its
        status, so deliveries signed meanwhile still verify. Anything else gets a new secret.
        The subscription is saved before the request: the hub may verify before answering.
        """
        old = self.subs.get(feed)
        if old is not None and old.status == "active" and (old.hub, old.topic) == (hub, topic):
            sub = replace(old, requested=now)
        else:
            sub = Subscription(
                feed=feed,
                hub=hub,
                topic=topic,
                secret=secrets.token_urlsafe(32),
                status="subscribing",
                requested=now,
            )
        self._save(sub)
        return await self._request(sub, "subscribe")

    async def unsubscribe(self, feed: str, now: float) -> bool:
        sub = self.subs.get(feed)
        if sub is None:
            return False
        sub = replace(sub, status="unsubscribing", requested=now)
        self._save(sub)
        return await self._request(sub, "unsubscribe")

    async def _request(self, sub: Subscription, mode: str) -> bool:
        form = {
            "hub.mode": mode,
            "hub.topic": sub.topic,
            "hub.callback": self.callback_url(sub.feed),
        }
        if mode == "subscribe":
            form["hub.secret"] = sub.secret
            form["hub.lease_seconds"] = str(self.settings.websub_lease_seconds)
        try:
            status, text = await self.fetcher.post_form(sub.hub, form)
        except FetchError as exc:
            self.metrics.websub_requests.labels(mode, "error").inc()
            log.warning(
                "websub request failed feed=%s mode=%s hub=%s outcome=%s error=%s",
                sub.feed,
                mode,
                sub.hub,
                exc.outcome,
                exc,
            )
            return False
        if 200 <= status < 300:
            self.metrics.websub_requests.labels(mode, "accepted").inc()
            log.info(
                "websub %s requested feed=%s hub=%s status=%d", mode, sub.feed, sub.hub, status
            )
            return True
        self.metrics.websub_requests.labels(mode, "refused").inc()
        log.warning(
            "websub %s refused feed=%s hub=%s status=%d body=%r",
            mode,
            sub.feed,
            sub.hub,
            status,
            text[:200],
        )
        return False

    async def maintain(self, now: float) -> None:
        """Renew leases due, retry unverified requests, unsubscribe feeds no longer configured."""
        s = self.settings
        for feed, sub in list(self.subs.items()):
            if feed not in self.feeds:
                if sub.status != "unsubscribing":
                    await self.unsubscribe(feed, now)
                elif now - sub.requested >= s.websub_verify_timeout:
                    log.info("websub unsubscribe unverified, forgotten feed=%s", feed)
                    self._forget(feed)
            elif sub.status == "unsubscribing":
                continue
            elif (
                sub.status == "active"
                and sub.lease_expires is not None
                and sub.lease_expires <= now
            ):
                log.warning("websub lease expired feed=%s hub=%s", feed, sub.hub)
                self.metrics.websub_lease_expired.inc()
                await self.subscribe(feed, sub.hub, sub.topic, now)
            elif renewal_due(
                sub, now, margin=s.websub_renew_margin, verify_timeout=s.websub_verify_timeout
            ):
                await self.subscribe(feed, sub.hub, sub.topic, now)

    # ---- the callback ------------------------------------------------------------------------
    def verify_intent(
        self, feed: str, token: str, query: Mapping[str, str], now: float
    ) -> str | None:
        """The challenge to echo for a hub's GET, or None (404) if we did not ask for this."""
        mode = query.get("hub.mode", "")
        topic = query.get("hub.topic", "")
        sub = self._ours(feed, token)
        if sub is None or topic != sub.topic:
            self.metrics.websub_verifications.labels("refused").inc()
            log.warning("websub verification refused feed=%s mode=%s reason=unknown", feed, mode)
            return None
        if mode == "denied" and sub.status == "subscribing":
            # only a pending request can be denied: a forged "denied" must not end an active
            # subscription (we would then answer the hub's deliveries with 410)
            self._save(replace(sub, status="denied", requested=now))
            self.metrics.websub_verifications.labels("denied").inc()
            log.warning(
                "websub subscription denied feed=%s hub=%s reason=%r",
                feed,
                sub.hub,
                query.get("hub.reason", "")[:200],
            )
            return ""
        challenge = query.get("hub.challenge", "")
        ok_status = ("subscribing", "active") if mode == "subscribe" else ("unsubscribing",)
        if mode not in ("subscribe", "unsubscribe") or sub.status not in ok_status or not challenge:
            self.metrics.websub_verifications.labels("refused").inc()
            log.warning(
                "websub verification refused feed=%s mode=%s status=%s", feed, mode, sub.status
            )
            return None
        if mode == "subscribe":
            asked = float(self.settings.websub_lease_seconds)
            try:
                lease = float(query.get("hub.lease_seconds", ""))
            except ValueError:
                lease = asked
            if not math.isfinite(lease) or lease <= 0:
                lease = asked
            lease = min(max(1.0, lease), 10 * asked)  # a bogus huge lease would never renew
            self._save(
                replace(sub, status="active", lease_expires=now + lease, lease_seconds=lease)
            )
            if sub.status != "active" and self.on_active is not None:
                self.on_active()
            log.info("websub subscription active feed=%s hub=%s lease=%.0fs", feed, sub.hub, lease)
        else:
            self._forget(feed)
            log.info("websub unsubscribed feed=%s hub=%s", feed, sub.hub)
        self.metrics.websub_verifications.labels("confirmed").inc()
        return challenge

    async def _read_body(self, request: Any) -> bytes | None:
        """The body, or None if it exceeds the cap."""
        cap = self.settings.websub_max_body_bytes
        if request.content_length is not None and request.content_length > cap:
            return None
        parts: list[bytes] = []
        size = 0
        async with asyncio.timeout(self.settings.websub_read_timeout):
            while chunk := await request.content.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    return None
                parts.append(chunk)
        return b"".join(parts)

    async def deliver(self, request: Any) -> Any:
        from aiohttp import web

        name = request.match_info["feed"]
        feed = self.feeds.get(name)
        sub = self._ours(name, request.match_info["token"])
        count = self.metrics.websub_deliveries.labels
        if feed is None or sub is None or sub.status not in ("active", "subscribing"):
            count("unknown-subscription").inc()
            log.warning("websub delivery for no subscription feed=%s", name[:100])
            return web.Response(status=410, text="no such subscription\n")
        try:
            body = await self._read_body(request)
        except TimeoutError:
            count("timeout").inc()
            log.warning("websub delivery timed out feed=%s", name)
            return web.Response(status=408, text="body too slow\n")
        if body is None:
            count("too-large").inc()
            log.warning(
                "websub delivery too large feed=%s cap=%d",
                name,
                self.settings.websub_max_body_bytes,
            )
            return web.Response(status=413, text="body too large\n")
        verdict = verify_signature(request.headers.get("X-Hub-Signature"), body, sub.secret)
        if verdict != "ok":
            count(verdict).inc()
            log.warning("websub delivery rejected feed=%s reason=%s", name, verdict)
            return web.Response(status=202, text="ignored\n")
        try:
            published = await self.on_delivery(feed, body, request.headers.get("Content-Type"))
        except ParseError as exc:
            count("parse-error").inc()
            log.warning("websub delivery not parsed feed=%s error=%s", name, exc)
            return web.Response(status=202, text="not a feed\n")
        count("accepted").inc()
        log.info("websub delivery feed=%s bytes=%d published=%d", name, len(body), published)
        return web.Response(status=204)

    async def verify(self, request: Any) -> Any:
        from aiohttp import web

        info = request.match_info
        challenge = self.verify_intent(info["feed"], info["token"], request.query, time.time())
        if challenge is None:
            return web.Response(status=404, text="no such subscription request\n")
        return web.Response(status=200, text=challenge, content_type="text/plain")

    async def serve(self) -> None:
        """Start the callback server on ``websub_host:websub_port``."""
        from aiohttp import web

        from flashpoint.core.httpserve import serve

        app = web.Application(client_max_size=self.settings.websub_max_body_bytes + 1)
        path = urlsplit(self.base).path.rstrip("/") + "/{feed}/{token}"
        app.router.add_get(path, self.verify)
        app.router.add_post(path, self.deliver)
        self._runner, self.port = await serve(
            app, self.settings.websub_host, self.settings.websub_port
        )
        log.info("websub callback on %s:%s path=%s", self.settings.websub_host, self.port, path)

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
