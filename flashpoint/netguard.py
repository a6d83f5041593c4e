"""SSRF guard for outgoing HTTP (feeds and webhooks): only http(s), no private, loopback or
link-local targets.

Checked twice: the URL's host up front (a clear, permanent error; this also covers IP
literals, which aiohttp never resolves) and every resolved address in the connector's
resolver, so a name that later resolves to an internal address (DNS rebinding) is refused.
An allow-list of addresses or CIDR ranges opens chosen targets (tests allow 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from flashpoint.errors import ConfigError

__all__ = ["BlockedAddressError", "GuardedResolver", "NetGuard"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class BlockedAddressError(OSError):
    """Every address of a host name is in a blocked range."""


class NetGuard:
    """Decides whether an address may be contacted."""

    def __init__(self, *, allow_private: bool = False, allowed: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        networks: list[IPNetwork] = []
        for entry in allowed:
            if not entry.strip():
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError as exc:
                raise ConfigError(
                    f"not an address or CIDR range: {entry!r}", field="allowed_hosts"
                ) from exc
        self.allowed: tuple[IPNetwork, ...] = tuple(networks)

    def address_allowed(self, address: str) -> bool:
        try:
            ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if any(ip in net for net in self.allowed):
            return True
        if self.allow_private:
            return not (ip.is_multicast or ip.is_unspecified)
        # is_global is False for private, loopback, link-local, CGNAT, reserved and
        # documentation ranges.
        return ip.is_global and not ip.is_multicast

    def check_url(self, url: str) -> str | None:
        """None when the URL may be requested, else the reason it may not."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return "unparsable URL"
        if parts.scheme.lower() not in ("http", "https"):
            return f"scheme {parts.scheme or '(none)'} is not http or https"
        host = parts.hostname
        if not host:
            return "URL has no host"
        try:
            ipaddress.ip_address(host)
        except ValueError:
            name = host.lower()
            is_localhost = name == "localhost" or name.endswith(".localhost")
            if is_localhost and not self.address_allowed("127.0.0.1"):
                return f"host {host} is loopback"
            return None  # a name: checked again on resolution
        if not self.address_allowed(host):
            return f"address {host} is in a blocked range (private, loopback, link-local...)"
        return None


class GuardedResolver(AbstractResolver):
    """An aiohttp resolver that drops addresses the guard refuses."""

    def __init__(self, guard: NetGuard, inner: AbstractResolver | None = None) -> None:
        self._guard = guard
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        allowed = [r for r in results if self._guard.address_allowed(r["host"])]
        if not allowed:
            raise BlockedAddressError(f"{host} resolves only to blocked addresses")
        return allowed

    async def close(self) -> None:
        await self._inner.close()
