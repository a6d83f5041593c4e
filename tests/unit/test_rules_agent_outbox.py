"""The rules agent's outbox: a batch's alerts stay in its transaction record until they are on
the alerts topic (two changelog records per batch, not two more per alert), and a crash at
any point still sends each alert exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from alerts.schema import Alert
from streams.rules_agent import RulesRuntime
from tests.unit.test_rules_agent import RULES, item, recording

BATCH = [item(1, 12), item(2, 30), item(3, 60)]  # two alerts: firing, then escalated


class Recording(dict[str, Any]):
    """A mapping that logs every write and delete, as the changelog would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, str]] = []

    def __setitem__(self, key: str, value: Any) -> None:
        self.log.append(("set", key))
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.log.append(("del", key))
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            self.log.append(("del", key))
        return super().pop(key, *default)


def _restarted(table: dict[str, Any], on_topic: list[Alert], sink: list[Alert]) -> RulesRuntime:
    """A worker restarted on ``table`` that reads the ids of ``on_topic`` (as they were at the
    restart) from the alerts topic and sends to ``sink``."""
    ids_on_topic = {a.id for a in on_topic}

    async def publish(alert: Alert) -> None:
        sink.append(alert)

    async def known() -> set[str]:
        return set(ids_on_topic)

    return RulesRuntime(RULES, table, publish, known)


async def test_an_alerting_batch_writes_no_outbox_key_per_alert() -> None:
    table = Recording()
    rt, sent = recording(table)  # type: ignore[arg-type]
    result = await rt.handle_batch(0, BATCH)
    assert len(result.alerts) == 2 and len(sent) == 2
    assert not any("/pending/" in k for _, k in table.log)
    # the record first, then the keys, then (the alerts acknowledged) its deletion
    assert table.log[0] == ("set", "0/txn") and table.log[-1] == ("del", "0/txn")
    assert [op for op in table.log if op[1] == "0/txn"] == [("set", "0/txn"), ("del", "0/txn")]
    assert "0/txn" not in table


async def test_the_record_holds_the_alerts_until_they_are_acknowledged() -> None:
    table: dict[str, Any] = {}
    seen_during_send: list[bool] = []

    async def publish(alert: Alert) -> None:
        txn = table.get("0/txn")
        seen_during_send.append(txn is not None and any(alert.id in a for a in txn["alerts"]))

    async def load_known() -> set[str]:
        return set()

    rt = RulesRuntime(RULES, table, publish, load_known)
    await rt.handle_batch(0, BATCH)
    assert seen_during_send == [True, True]
    assert "0/txn" not in table


class _DiesOnSend(Exception):
    """Stands for the process dying while the alerts are in flight."""


@pytest.mark.parametrize("sent_before_death", [0, 1])
async def test_a_crash_while_sending_sends_each_alert_once_after_restart(
    sent_before_death: int,
) -> None:
    clean: dict[str, Any] = {}
    ref, clean_sent = recording(clean)
    await ref.handle_batch(0, BATCH)

    table: dict[str, Any] = {}
    on_topic: list[Alert] = []

    async def dying_publish(alert: Alert) -> None:
        if len(on_topic) >= sent_before_death:
            raise _DiesOnSend
        on_topic.append(alert)

    async def nothing_known() -> set[str]:
        return set()

    crashed = RulesRuntime(RULES, table, dying_publish, nothing_known)
    crashed._retry = _no_retry  # type: ignore[method-assign]  # the process is gone
    with pytest.raises(_DiesOnSend):
        await crashed.handle_batch(0, BATCH)
    assert "0/txn" in table  # the outbox survived the crash

    restarted = dict(table)
    rt = _restarted(restarted, on_topic, on_topic)
    result = await rt.handle_batch(0, BATCH)  # the uncommitted batch again
    assert result.alerts == []  # every item is known now
    assert sorted(a.id for a in on_topic) == sorted(a.id for a in clean_sent)
    assert restarted == clean


async def _no_retry(what: str, fn: Any) -> Any:
    return await fn()


async def test_a_record_of_the_older_layout_is_recovered_and_its_alerts_sent() -> None:
    clean: dict[str, Any] = {}
    ref, clean_sent = recording(clean)
    await ref.handle_batch(0, BATCH)
    # The older layout: the outbox as pending keys inside the record's "set".
    table: dict[str, Any] = {}
    old_sets = {k: v for k, v in clean.items()}
    old_sets.update({f"0/pending/{a.id}": a.to_json().decode() for a in clean_sent})
    table["0/txn"] = {"set": old_sets, "del": []}
    rt, sent = recording(table)
    assert await rt.resend_pending(0) == 2
    await rt.handle_batch(0, BATCH)
    assert sorted(a.id for a in sent) == sorted(a.id for a in clean_sent)
    assert table == clean


class _Spy(dict[str, Any]):
    """A store that notes every key it is given (the table's local data)."""

    def __init__(self, seen: list[str]) -> None:
        super().__init__()
        self.seen = seen

    def __setitem__(self, key: str, value: Any) -> None:
        self.seen.append(key)
        super().__setitem__(key, value)


@pytest.mark.timeout(60)
async def test_in_the_worker_the_record_is_in_the_local_store_as_well(tmp_path: Path) -> None:
    """Faust marks a changelog offset persisted locally once sent: a record sent to the
    changelog alone would not come back to a worker restarting on its kept local tables."""
    from tests.unit.test_rules_agent import make_app, processed

    published: list[Alert] = []
    _, rt = make_app(tmp_path, published, set())
    table = rt.table.base
    changelog: list[tuple[str, bool]] = []
    send = table.send_changelog  # type: ignore[attr-defined]

    def spy(partition: Any, key: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        changelog.append((key, value is not None))
        return send(partition, key, value, *args, **kwargs)

    table.send_changelog = spy  # type: ignore[attr-defined]
    stored: list[str] = []
    async with rt.agent.test_context() as agent:
        table.data.data = _Spy(stored)  # type: ignore[attr-defined]  # the memory store's dict
        for ci in BATCH:
            await agent.put(key=b"AZ", value=ci.to_json())
        await processed(rt, len(BATCH))
    assert [(a.severity, a.status) for a in published] == [
        ("warning", "firing"),
        ("critical", "escalated"),
    ]
    records = [c for c in changelog if c[0] == "0/txn"]
    assert records and records[0] == ("0/txn", True) and records[-1] == ("0/txn", False)
    assert len(records) % 2 == 0  # each record followed by its tombstone
    assert stored.count("0/txn") == len(records) // 2  # each also in the local store
    assert "0/txn" not in table


class _DiesOnDelete(dict[str, Any]):
    """A table whose process dies when the transaction record is about to be deleted: after
    every write of the batch and every send, before the record's tombstone."""

    def __delitem__(self, key: str) -> None:
        if key == "0/txn":
            raise KeyboardInterrupt("killed")
        super().__delitem__(key)


async def test_a_crash_after_the_sends_before_the_record_is_deleted_sends_nothing_again() -> None:
    clean: dict[str, Any] = {}
    ref, clean_sent = recording(clean)
    await ref.handle_batch(0, BATCH)

    table = _DiesOnDelete()
    crashed, on_topic = recording(table)  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        await crashed.handle_batch(0, BATCH)
    assert sorted(a.id for a in on_topic) == sorted(a.id for a in clean_sent)
    assert "0/txn" in table  # its alerts are acknowledged, but the record says nothing of it

    restarted = dict(table)
    resent: list[Alert] = []
    rt = _restarted(restarted, on_topic, resent)
    result = await rt.handle_batch(0, BATCH)  # the uncommitted batch again
    assert result.alerts == [] and resent == []  # the ledger has every id: nothing twice
    assert rt.duplicates_skipped == len(clean_sent)
    assert restarted == clean


async def test_a_send_cancelled_in_a_running_worker_is_recovered_by_the_next_batch() -> None:
    """The agent stops or restarts its actor in the same process while the batch's sends are
    in flight: the record, the only outbox of those alerts, must not be overwritten by the
    next batch's record before its alerts are sent."""
    later = [item(4, 3, minutes=30)]
    clean: dict[str, Any] = {}
    ref, clean_sent = recording(clean)
    await ref.handle_batch(0, BATCH)
    await ref.handle_batch(0, later)

    table: dict[str, Any] = {}
    sent: list[Alert] = []
    cancel = [True]

    async def publish(alert: Alert) -> None:
        if cancel[0]:
            raise asyncio.CancelledError
        sent.append(alert)

    async def nothing_known() -> set[str]:
        return {a.id for a in sent}

    rt = RulesRuntime(RULES, table, publish, nothing_known)
    with pytest.raises(asyncio.CancelledError):
        await rt.handle_batch(0, BATCH)
    assert sent == [] and "0/txn" in table
    cancel[0] = False
    # The uncommitted batch is not read again here (the stream moved on in this process):
    # the next batch holds a later item only.
    await rt.handle_batch(0, later)
    assert [a.id for a in sent] == [a.id for a in clean_sent]
    assert table == clean


async def test_the_timer_sees_the_alerts_of_a_record_left_by_a_crash() -> None:
    table = _CrashAfterRecord()
    crashed, _ = recording(table)  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        await crashed.handle_batch(0, BATCH)
    restarted = dict(table)
    rt, sent = recording(restarted)
    # no item arrives on the partition: the timer's sweep sends the alerts, once
    assert await rt.resend_pending(0) == 2
    assert await rt.resend_pending(0) == 0
    assert [(a.severity, a.status) for a in sent] == [
        ("warning", "firing"),
        ("critical", "escalated"),
    ]


class _CrashAfterRecord(dict[str, Any]):
    """A table whose process dies right after the transaction record is written."""

    def __setitem__(self, key: str, value: Any) -> None:
        if key != "0/txn":
            raise KeyboardInterrupt("killed")
        super().__setitem__(key, value)
