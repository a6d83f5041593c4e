"""The rules runtime reads its table through a cache (streams.enginestate.ReadCache): each key
is decoded once, writes and deletes pass through, and a failed write leaves no stale value."""

from __future__ import annotations

from typing import Any

import pytest

from streams.enginestate import ReadCache


class Counting(dict[str, Any]):
    """A mapping that counts reads (a Faust table decodes a value on each) and can fail writes."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.reads = 0
        self.fail = False

    def __getitem__(self, key: str) -> Any:
        self.reads += 1
        return super().__getitem__(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if self.fail:
            super().__setitem__(key, value)  # stored, then the changelog send fails
            raise RuntimeError("send failed")
        super().__setitem__(key, value)


def test_reads_hit_the_table_once_per_key_and_writes_pass_through() -> None:
    base = Counting({"a": 1})
    c = ReadCache(base)
    assert c["a"] == 1 and c["a"] == 1 and c.get("a") == 1
    assert base.reads == 1
    assert c.get("missing") is None and "missing" not in c and c.get("missing") is None
    assert base.reads == 2  # an absent key is remembered too
    c["b"] = 2
    assert base["b"] == 2 and c["b"] == 2 and base.reads == 3  # the one read is the check
    del c["a"]
    assert "a" not in base and "a" not in c and c.get("a") is None
    assert sorted(c) == ["b"] and len(c) == 1
    base["b"] = 3  # changed behind the cache (a changelog recovery)
    assert c["b"] == 2
    c.clear_cache()
    assert c["b"] == 3


def test_a_failed_write_leaves_no_stale_value_and_the_size_is_bounded() -> None:
    base = Counting({"a": 1})
    c = ReadCache(base, max_keys=3)
    assert c["a"] == 1
    base.fail = True
    with pytest.raises(RuntimeError):
        c["a"] = 2
    base.fail = False
    assert c["a"] == 2  # read again from the table, which holds the new value
    for k in "bcdef":
        c[k] = k
    assert len(c.cache) <= 3 and all(c[k] == k for k in "bcdef")


def test_the_runtime_reads_state_through_the_cache() -> None:
    import asyncio

    from alerts.rules import parse_rules
    from streams.rules_agent import RulesRuntime
    from tests.unit.test_engine_windows import mk

    rules = parse_rules(
        {
            "rules": [
                {
                    "name": "toll",
                    "window": {"type": "tumbling", "size": "24h"},
                    "aggregate": "max_killed",
                    "group_by": ["incident"],
                    "thresholds": [{"at": 10, "severity": "warning"}],
                }
            ]
        },
        file="test.yaml",
    )
    table = Counting()

    async def publish(alert: Any) -> None:
        return None

    async def known() -> set[str]:
        return set()

    rt = RulesRuntime(rules, table, publish, known)

    async def go() -> None:
        for n in range(20):
            await rt.handle_batch(0, [mk(n, n, ("casualty",), feed=f"f{n}", killed=12)])

    asyncio.run(go())
    # one incident, one window record, one seen segment: each read from the table about once,
    # then from the cache (without it: several reads per batch)
    assert table.reads < 20
    rt.on_assignment_changed(set())
    assert not rt.table.cache
