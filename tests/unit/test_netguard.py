"""The SSRF guard normalises every spelling of an address before deciding."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from alerts.settings import DeliverySettings
from flashpoint.core.netguard import GuardSettings, NetGuard, embedded_ipv4, parse_address
from producers.settings import ProducerSettings

# Loopback, private, link-local and metadata addresses in the spellings a resolver or a
# socket accepts. Every one must be refused by the default guard.
BLOCKED = [
    "127.0.0.1",
    "::1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::127.0.0.1",  # IPv4-compatible
    "::7f00:1",  # the same, in hex
    "::169.254.169.254",
    "::ffff:169.254.169.254",
    "64:ff9b::127.0.0.1",  # NAT64 well-known prefix
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "2002:7f00:1::",  # 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
    "2002:0a00:0001::",  # 6to4 of 10.0.0.1
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    "fe80::1%eth0",  # scoped link-local
    "[fe80::1%25eth0]",
    "2130706433",  # decimal 127.0.0.1
    "0x7f.1",  # hex, shorthand
    "0x7f000001",
    "0177.0.0.1",  # octal
    "017700000001",
    "127.1",
    "0",
    "0.0.0.0",
    "::",
    "10.0.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "fc00::1",
    "ff02::1",
    "224.0.0.1",
]
PUBLIC = [
    "8.8.8.8",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::",
]


@pytest.mark.parametrize("address", BLOCKED)
def test_default_guard_refuses_every_spelling(address: str) -> None:
    guard = NetGuard()
    assert not guard.address_allowed(address)
    host = address if address.startswith("[") or ":" not in address else f"[{address}]"
    host = host.replace("%eth0", "%25eth0")
    assert guard.check_url(f"http://{host}/x") is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert NetGuard().address_allowed(address)


@pytest.mark.parametrize(
    ("spelling", "plain"),
    [("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1")],
)
def test_legacy_ipv4_forms_are_parsed_like_the_resolver(spelling: str, plain: str) -> None:
    assert parse_address(spelling) == ipaddress.ip_address(plain)


@pytest.mark.parametrize("name", ["example.org", "deadbeef", "a.b", "1.example", "xn--e1a"])
def test_names_are_not_addresses(name: str) -> None:
    assert parse_address(name) is None


def test_allow_list_applies_to_the_normalised_address() -> None:
    guard = NetGuard(allowed=["127.0.0.1"])
    for spelling in ("127.0.0.1", "::ffff:127.0.0.1", "0x7f.1", "2130706433", "127.0.0.1%lo"):
        assert guard.address_allowed(spelling), spelling
    # Other embeddings route elsewhere (NAT64 gateway, 6to4 relay): not opened by 127.0.0.1.
    for other in ("::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "::1", "10.0.0.1"):
        assert not guard.address_allowed(other), other
    assert guard.check_url("http://localhost:8080/x") is None
    assert NetGuard().check_url("http://localhost:8080/x") is not None


def test_allow_private_still_refuses_multicast_and_unspecified() -> None:
    guard = NetGuard(allow_private=True)
    assert guard.address_allowed("10.0.0.1") and guard.address_allowed("::127.0.0.1")
    for address in ("0.0.0.0", "::", "224.0.0.1", "ff02::1", "::ffff:0.0.0.0"):
        assert not guard.address_allowed(address), address


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_an_ipv6_form_is_never_more_open_than_its_ipv4(value: int) -> None:
    v4 = ipaddress.IPv4Address(value)
    guard = NetGuard()
    forms = [
        ipaddress.IPv6Address(f"::ffff:{v4}"),
        ipaddress.IPv6Address((0x64FF9B << 96) | value),
        ipaddress.IPv6Address((0x2002 << 112) | (value << 80)),
    ]
    if value > 1:
        forms.append(ipaddress.IPv6Address(value))
    for form in forms:
        assert v4 in embedded_ipv4(form)
        if not guard.address_allowed(str(v4)):
            assert not guard.address_allowed(str(form)), form


def test_unparsable_urls_are_refused_not_raised() -> None:
    guard = NetGuard()
    assert guard.check_url("http://[::1") is not None
    assert guard.check_url("http://host:99999/") is not None


@pytest.mark.parametrize("section", [ProducerSettings, DeliverySettings])
def test_every_outbound_section_shares_one_guard_shape(section: type[GuardSettings]) -> None:
    """The producer and delivery read the guard's options one way (GuardSettings)."""
    assert issubclass(section, GuardSettings)
    with pytest.raises(ValidationError, match=r"not an address or CIDR range: 'ten\.0\.0\.1'"):
        section(allowed_hosts=("ten.0.0.1",))
    guard = section(allowed_hosts=("127.0.0.1",)).net_guard()
    assert guard.address_allowed("127.0.0.1")
    assert not guard.address_allowed("127.0.0.2")
    assert section(allow_private_networks=True).net_guard().address_allowed("10.1.2.3")
