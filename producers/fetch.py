"""Polite, bounded HTTP fetching of feeds (aiohttp).

- conditional GET (If-None-Match / If-Modified-Since);
- connect, read and total timeouts;
- a body cap that also bounds the decompressed size (we decompress ourselves, in bounded steps,
  so a gzip bomb costs at most ``max_body_bytes`` of memory);
- redirects followed by hand, at most ``max_redirects``, http(s) only, loops detected;
- 429/503 report Retry-After; 410 raises FeedGoneError;
- a per-host concurrency limit (the connector's ``limit_per_host``) and a global one;
- an SSRF guard: private, loopback, link-local, multicast and reserved addresses are refused
  unless allow-listed, both for literal hosts (checked at every hop) and for every address a
  name resolves to (checked in the resolver, so DNS answers cannot smuggle them in).
"""

from __future__ import annotations

import asyncio
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import aiohttp

from flashpoint.core.netguard import BlockedAddressError, GuardedResolver, NetGuard
from producers.errors import FeedGoneError, FetchError, UnsafeURLError
from producers.settings import ProducerSettings

__all__ = ["FetchResult", "Fetcher", "parse_max_age", "parse_retry_after"]

_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024


@dataclass
class FetchResult:
    """A successful fetch: 200 with a body, or 304 with none."""

    status: int
    url: str
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    max_age: float | None = None
    redirects: int = 0
    link: str | None = None  # the HTTP Link header (WebSub discovery reads rel=hub/self)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date); None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def parse_max_age(value: str | None) -> float | None:
    """``max-age`` seconds from a Cache-Control header (``s-maxage`` ignored)."""
    if not value:
        return None
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        if name.strip().lower() == "max-age":
            arg = arg.strip().strip('"')
            if arg.isdigit():
                return float(int(arg))
    return None


class _Decoder:
    """Incremental Content-Encoding decoder that never produces more than the cap."""

    def __init__(self, encoding: str, cap: int, url: str) -> None:
        self.cap = cap
        self.url = url
        self.size = 0
        self.parts: list[bytes] = []
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._z: Any = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped; raw retried below
            self._raw_fallback = True
        else:
            raise FetchError(
                f"unsupported Content-Encoding {encoding!r}", url=url, outcome="http-error"
            )

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise FetchError(
                f"body larger than {self.cap} bytes (decompressed)",
                url=self.url,
                outcome="too-large",
            )
        self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._z.decompress(data, self.cap - self.size + 1)
            except zlib.error as exc:
                if getattr(self, "_raw_fallback", False) and self.size == 0:
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._raw_fallback = False
                    continue
                raise FetchError(f"corrupt compressed body: {exc}", url=self.url) from exc
            self._add(out)
            data = self._z.unconsumed_tail
            if self._z.eof:
                break

    def body(self) -> bytes:
        return b"".join(self.parts)


class Fetcher:
    """One HTTP client for all feeds. Use as ``async with Fetcher(settings) as f``."""

    def __init__(self, settings: ProducerSettings, *, guard: NetGuard | None = None) -> None:
        self.settings = settings
        self.guard = guard or settings.net_guard()
        self._session: aiohttp.ClientSession | None = None
        self._sem = asyncio.Semaphore(settings.max_concurrency)

    async def __aenter__(self) -> Fetcher:
        self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def open(self) -> None:
        if self._session is not None:
            return
        s = self.settings
        connector = aiohttp.TCPConnector(
            limit=s.max_concurrency,
            limit_per_host=s.per_host_concurrency,
            resolver=GuardedResolver(self.guard),
            ttl_dns_cache=300,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=s.total_timeout, sock_connect=s.connect_timeout, sock_read=s.read_timeout
            ),
            auto_decompress=False,
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            max_line_size=16384,
            max_field_size=16384,
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _check_url(self, url: str, *, first: bool) -> None:
        what = "URL" if first else "redirect target"
        try:
            scheme = urlsplit(url).scheme
        except ValueError as exc:
            raise UnsafeURLError(f"invalid {what}: {exc}", url=url, outcome="blocked") from exc
        if scheme not in ("http", "https"):
            raise UnsafeURLError(
                f"{what} scheme {scheme!r} not allowed (http/https only)",
                url=url,
                outcome="blocked",
            )
        # Host literals in every spelling (IPv6 with an IPv4 inside, 0x7f.1, ...) are judged
        # here; names are judged again on resolution, by the connector's resolver.
        problem = self.guard.check_url(url)
        if problem:
            raise UnsafeURLError(
                f"{what} not allowed by the SSRF guard: {problem}", url=url, outcome="blocked"
            )

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET a feed. Raises FetchError (``outcome`` says why), FeedGoneError on 410."""
        if url.startswith("file:"):
            return self._read_file(url)
        self.open()
        assert self._session is not None
        headers = {
            "Accept": (
                "application/rss+xml, application/atom+xml, application/xml;q=0.9,"
                " text/xml;q=0.8, */*;q=0.5"
            )
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = {url}
        current = url
        async with self._sem:
            for hop in range(self.settings.max_redirects + 1):
                self._check_url(current, first=hop == 0)
                try:
                    result = await self._get(current, headers, hop)
                except aiohttp.InvalidURL as exc:
                    raise UnsafeURLError(
                        f"invalid URL: {exc}", url=current, outcome="blocked"
                    ) from exc
                except (TimeoutError, aiohttp.ClientError) as exc:
                    raise _transport_error(exc, current) from exc
                if isinstance(result, str):
                    try:
                        target = urljoin(current, result)
                    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
                        raise UnsafeURLError(
                            f"invalid redirect target: {exc} ({result})",
                            url=current,
                            outcome="blocked",
                        ) from exc
                    if target in seen:
                        raise FetchError("redirect loop", url=url, outcome="http-error")
                    seen.add(target)
                    current = target
                    continue
                result.redirects = hop
                return result
        raise FetchError(
            f"more than {self.settings.max_redirects} redirects", url=url, outcome="http-error"
        )

    async def _get(self, url: str, headers: dict[str, str], hop: int) -> FetchResult | str:
        assert self._session is not None
        cap = self.settings.max_body_bytes
        async with self._session.get(url, headers=headers, allow_redirects=False) as resp:
            status = resp.status
            if status in _REDIRECTS:
                location = resp.headers.get("Location")
                if not location:
                    raise FetchError(f"HTTP {status} without Location", url=url, status=status)
                return location
            if status == 304:
                return FetchResult(
                    status=304,
                    url=url,
                    etag=resp.headers.get("ETag"),
                    last_modified=resp.headers.get("Last-Modified"),
                    max_age=parse_max_age(resp.headers.get("Cache-Control")),
                )
            if status == 410:
                raise FeedGoneError("HTTP 410 Gone", url=url, outcome="gone", status=410)
            if status in (429, 503):
                raise FetchError(
                    f"HTTP {status}",
                    url=url,
                    outcome="rate-limited",
                    status=status,
                    retry_after=parse_retry_after(resp.headers.get("Retry-After")),
                )
            if status != 200:
                raise FetchError(f"HTTP {status}", url=url, outcome="http-error", status=status)
            length = resp.content_length
            if length is not None and length > cap:
                raise FetchError(
                    f"Content-Length {length} above the {cap}-byte cap",
                    url=url,
                    outcome="too-large",
                )
            decoder = _Decoder(resp.headers.get("Content-Encoding", ""), cap, url)
            received = 0
            async for chunk in resp.content.iter_chunked(_CHUNK):
                received += len(chunk)
                if received > cap:
                    raise FetchError(f"body larger than {cap} bytes", url=url, outcome="too-large")
                decoder.feed(chunk)
            return FetchResult(
                status=200,
                url=url,
                body=decoder.body(),
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                content_type=resp.headers.get("Content-Type"),
                max_age=parse_max_age(resp.headers.get("Cache-Control")),
                link=", ".join(resp.headers.getall("Link", [])) or None,
            )

    async def post_form(self, url: str, form: dict[str, str]) -> tuple[int, str]:
        """POST a form (a WebSub subscription request) through the same SSRF guard, timeouts
        and User-Agent as fetching. A hub that moved (301, 302, 307, 308) gets the same POST at
        its new address, at most ``max_redirects`` hops, each checked by the guard. Returns the
        final status and at most 4 KiB of its text.

        Raises UnsafeURLError for a refused target, FetchError for network trouble or a loop.
        """
        self.open()
        assert self._session is not None
        current = url
        seen = {url}
        for hop in range(self.settings.max_redirects + 1):
            self._check_url(current, first=hop == 0)
            try:
                async with self._session.post(current, data=form, allow_redirects=False) as resp:
                    location = resp.headers.get("Location")
                    if resp.status in (301, 302, 307, 308) and location:
                        target = urljoin(current, location)
                        if target in seen:
                            raise FetchError("redirect loop", url=url, outcome="http-error")
                        seen.add(target)
                        current = target
                        continue
                    text = (await resp.content.read(4096)).decode("utf-8", "replace")
                    return resp.status, text
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise _transport_error(exc, current) from exc
        raise FetchError(
            f"more than {self.settings.max_redirects} redirects", url=url, outcome="http-error"
        )

    def _read_file(self, url: str) -> FetchResult:
        """Read a local file, counting the bytes actually read against the cap.

        The stated size is not trusted: ``/dev/zero``, a FIFO or a file growing while read
        report a small or zero size. At most ``cap + 1`` bytes are read, in chunks.
        """
        path = Path(unquote(urlsplit(url).path))
        cap = self.settings.max_body_bytes
        parts: list[bytes] = []
        size = 0
        try:
            with path.open("rb") as fh:
                while size <= cap:
                    chunk = fh.read(min(_CHUNK, cap + 1 - size))
                    if not chunk:
                        break
                    parts.append(chunk)
                    size += len(chunk)
        except OSError as exc:
            raise FetchError(
                f"cannot read: {exc.strerror or exc}", url=url, outcome="http-error"
            ) from exc
        if size > cap:
            raise FetchError(f"file larger than {cap} bytes", url=url, outcome="too-large")
        return FetchResult(status=200, url=url, body=b"".join(parts))


def now_utc() -> datetime:
    return datetime.now(UTC)


def _transport_error(exc: TimeoutError | aiohttp.ClientError, url: str) -> FetchError:
    """The error of a request that failed below HTTP: a timeout, a connection refused or
    blocked by the address guard (:class:`UnsafeURLError`), or another client error."""
    if isinstance(exc, TimeoutError):
        return FetchError("timed out", url=url, outcome="timeout")
    if isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, BlockedAddressError):
            return UnsafeURLError(str(exc.os_error), url=url, outcome="blocked")
        return FetchError(f"cannot connect: {exc.os_error}", url=url, outcome="network-error")
    return FetchError(f"{type(exc).__name__}: {exc}", url=url, outcome="network-error")
