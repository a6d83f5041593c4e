"""HTTP plumbing shared by the webhook and Alertmanager channels."""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Generic, Protocol, TypeVar

import aiohttp

from alerts.errors import DeliveryError, EndpointGoneError, UnsafeURLError
from flashpoint.core.netguard import BlockedAddressError, GuardedResolver, NetGuard

__all__ = ["HttpChannel", "make_session", "parse_retry_after", "post"]

_BODY_EXCERPT = 200


def make_session(guard: NetGuard, *, user_agent: str) -> aiohttp.ClientSession:
    """A session whose resolver refuses blocked addresses (SSRF guard)."""
    connector = aiohttp.TCPConnector(resolver=GuardedResolver(guard), limit=100, ttl_dns_cache=60)
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": user_agent},
        # Receivers' cookies mean nothing to us.
        cookie_jar=aiohttp.DummyCookieJar(),
    )


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


async def post(
    session: aiohttp.ClientSession,
    *,
    channel: str,
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    guard: NetGuard,
) -> int:
    """POST ``body``; return the 2xx status or raise a classified DeliveryError.

    Redirects are not followed (a receiver must be configured with its final URL, and a
    redirect could point inside the network). 408, 429 and 5xx are retryable, 410 is
    :class:`EndpointGoneError`, any other status is permanent.
    """
    problem = guard.check_url(url)
    if problem:
        raise UnsafeURLError(problem, channel=channel)
    try:
        async with session.post(
            url,
            data=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=timeout),
            allow_redirects=False,
        ) as resp:
            status = resp.status
            if 200 <= status < 300:
                await resp.read()
                return status
            excerpt = (await resp.content.read(_BODY_EXCERPT)).decode("utf-8", "replace")
            retry_after = parse_retry_after(resp.headers.get("Retry-After"))
    except TimeoutError as exc:
        raise DeliveryError(
            f"timed out after {timeout:g}s", channel=channel, retryable=True, kind="timeout"
        ) from exc
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, BlockedAddressError):
            raise UnsafeURLError(str(exc.os_error), channel=channel) from exc
        raise DeliveryError(
            f"cannot connect: {exc.os_error}", channel=channel, retryable=True, kind="connection"
        ) from exc
    except (aiohttp.ClientError, asyncio.IncompleteReadError, OSError) as exc:
        raise DeliveryError(
            f"{type(exc).__name__}: {exc}", channel=channel, retryable=True, kind="connection"
        ) from exc
    excerpt = " ".join(excerpt.split())[:_BODY_EXCERPT]
    message = f"HTTP {status}" + (f": {excerpt}" if excerpt else "")
    if status == 410:
        raise EndpointGoneError(message, channel=channel)
    if status in (408, 429) or status >= 500:
        kind = "http-429" if status == 429 else "http-5xx" if status >= 500 else "http-4xx"
        raise DeliveryError(
            message,
            channel=channel,
            retryable=True,
            kind=kind,
            status=status,
            retry_after=retry_after,
        )
    kind = "http-3xx" if 300 <= status < 400 else "http-4xx"
    raise DeliveryError(message, channel=channel, retryable=False, kind=kind, status=status)


class _HttpConfig(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def timeout(self) -> float: ...


_C = TypeVar("_C", bound=_HttpConfig)


class HttpChannel(Generic[_C]):
    """What the webhook and Alertmanager channels share: their config, the dispatcher's
    session (which they do not close) and the SSRF guard that every POST passes."""

    def __init__(self, config: _C, session: aiohttp.ClientSession, guard: NetGuard) -> None:
        self.name = config.name
        self.config = config
        self._session = session
        self._guard = guard

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        """POST to the receiver with the channel's timeout (see :func:`post`)."""
        await post(
            self._session,
            channel=self.name,
            url=url,
            body=body,
            headers=headers,
            timeout=self.config.timeout,
            guard=self._guard,
        )

    async def close(self) -> None:
        return None  # the session belongs to the dispatcher
