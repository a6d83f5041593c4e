"""SSRF guard for outgoing HTTP (feeds and webhooks): only http(s), no private, loopback or
link-local targets.

Checked twice: the URL's host up front (a clear, permanent error; this also covers IP
literals, which aiohttp never resolves) and every resolved address in the connector's
resolver, so a name that later resolves to an internal address (DNS rebinding) is refused.
An allow-list of addresses or CIDR ranges opens chosen targets (tests allow 127.0.0.1).

Every form an address can take is normalised before the decision: the legacy IPv4 spellings a
resolver accepts (``2130706433``, ``0x7f.1``, ``0177.0.0.1``), IPv6 zone ids (``fe80::1%eth0``),
and IPv6 addresses that carry an IPv4 address (IPv4-mapped ``::ffff:a.b.c.d``,
IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo): such an
address is judged by the IPv4 addresses inside it. The allow-list opens an address as written
or IPv4-mapped, never through another embedding.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from pydantic import BaseModel, ConfigDict, Field, field_validator

from flashpoint.core.errors import ConfigError

__all__ = [
    "BlockedAddressError",
    "GuardedResolver",
    "NetGuard",
    "embedded_ipv4",
    "parse_address",
    "parse_networks",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_LEGACY_V4 = re.compile(r"^[0-9a-fA-FxX.]+$")


def parse_address(host: str) -> IPAddress | None:
    """The address ``host`` stands for when it is a literal in any form, else None (a name).

    Accepts IPv6 with or without brackets and with a zone id (dropped), dotted-quad IPv4, and
    the shorthand, decimal, octal and hex IPv4 forms that ``inet_aton`` (so the system
    resolver) accepts: ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` are all 127.0.0.1.
    """
    text = host.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if text and _LEGACY_V4.match(text) and any(c.isdigit() for c in text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """An allow-list's entries as networks (blank entries skipped); ValueError names a bad one.

    The settings validate their ``allowed_hosts`` with this, so a typo fails at start-up
    (and in ``--check``), not at the first request.
    """
    networks: list[IPNetwork] = []
    for entry in entries:
        if not entry.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"not an address or CIDR range: {entry!r}") from None
    return tuple(networks)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (the traffic may end up there).

    IPv4-mapped (``::ffff:a.b.c.d``), IPv4-compatible (``::a.b.c.d``, deprecated but still
    routed by some stacks), NAT64 (``64:ff9b::/96``), 6to4 (``2002:AABB:CCDD::``) and Teredo
    (server and client). ``::`` and ``::1`` are not IPv4-compatible addresses.
    """
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    value = int(ip)
    if value >> 32 == 0 and value > 1:
        found.append(ipaddress.IPv4Address(value))
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


class GuardSettings(BaseModel):
    """The guard's options, one shape for every settings section that sends requests out.

    The producer (feeds) and delivery (webhooks, Alertmanager) inherit them, so both read
    ``allow_private_networks`` and ``allowed_hosts`` the same way and validate the allow-list
    at start-up.
    """

    model_config = ConfigDict(frozen=True)

    allow_private_networks: bool = Field(
        default=False,
        description="Allow loopback/private/link-local targets (SSRF guard off).",
    )
    allowed_hosts: tuple[str, ...] = Field(
        default=(),
        description="Addresses or CIDR ranges allowed despite the SSRF guard (e.g. 127.0.0.1).",
    )

    @field_validator("allowed_hosts")
    @classmethod
    def _allowed_hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        parse_networks(value)  # a bad entry fails at start-up, naming the entry
        return value

    def net_guard(self) -> NetGuard:
        """The guard these settings describe."""
        return NetGuard(allow_private=self.allow_private_networks, allowed=self.allowed_hosts)


class BlockedAddressError(OSError):
    """Every address of a host name is in a blocked range."""


class NetGuard:
    """Decides whether an address may be contacted."""

    def __init__(self, *, allow_private: bool = False, allowed: Iterable[str] = ()) -> None:
        self.allow_private = allow_private
        try:
            self.allowed: tuple[IPNetwork, ...] = parse_networks(allowed)
        except ValueError as exc:
            raise ConfigError(str(exc), field="allowed_hosts") from exc

    def _listed(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in self.allowed)

    def address_allowed(self, address: str | IPAddress) -> bool:
        """Whether ``address`` (a literal in any form, see :func:`parse_address`) may be used.

        An IPv6 address carrying IPv4 addresses is judged by those: unless allow-listed, it
        is open only when every one of them is public (the IPv6 prefixes themselves,
        ``::ffff:0:0/96`` or ``2001::/32``, say nothing).
        """
        ip = parse_address(address) if isinstance(address, str) else address
        if ip is None:
            return False
        inner: list[IPAddress] = []
        if isinstance(ip, ipaddress.IPv6Address):
            inner.extend(embedded_ipv4(ip))
        if ip.is_unspecified or ip.is_multicast:
            return False
        # The allow-list opens an address as written or IPv4-mapped (the same socket
        # address); the other embeddings route elsewhere (a NAT64 gateway, a 6to4 relay),
        # so allowing 127.0.0.1 does not open 64:ff9b::7f00:1 or ::127.0.0.1.
        mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
        if self._listed(ip) or (mapped is not None and self._listed(mapped)):
            return True
        if self.allow_private:
            return not any(v4.is_unspecified or v4.is_multicast for v4 in inner)
        # is_global is False for private, loopback, link-local, CGNAT, reserved and
        # documentation ranges.
        return all(a.is_global and not a.is_multicast for a in (inner or [ip]))

    def check_url(self, url: str) -> str | None:
        """None when the URL may be requested, else the reason it may not."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return "unparsable URL"
        if parts.scheme.lower() not in ("http", "https"):
            return f"scheme {parts.scheme or '(none)'} is not http or https"
        try:
            host = parts.hostname
            parts.port  # noqa: B018 - reading it validates it
        except ValueError as exc:
            return f"unparsable URL ({exc})"
        if not host:
            return "URL has no host"
        if parse_address(host) is None:
            name = host.lower()
            is_localhost = name == "localhost" or name.endswith(".localhost")
            if is_localhost and not self.address_allowed("127.0.0.1"):
                return f"host {host} is loopback (a blocked range)"
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
