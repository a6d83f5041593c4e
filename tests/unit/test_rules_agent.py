"""The Faust rules agent through ``agent.test_context()`` (no Kafka): engine on a Faust table,
outbox and id ledger."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from alerts.rules import parse_rules
from alerts.schema import Alert
from flashpoint.core.kafkaconf import KafkaSettings
from streams.incidents import short_id
from streams.models import ClassifiedItem
from streams.rules_agent import RulesRuntime
from streams.settings import WorkerSettings
from tests.support.reports import TOLL_RULE, toll_report

T0 = datetime(2020, 10, 11, tzinfo=UTC)
RULES = parse_rules({"rules": [{**TOLL_RULE, "channels": ["desk"]}]})


def item(n: int, killed: int, minutes: int = 0) -> ClassifiedItem:
    return toll_report(f"i{n}", T0 + timedelta(minutes=minutes + n), killed, feed=f"f{n}")


async def processed(rt: RulesRuntime, n: int) -> None:
    """Wait until the agent's batches have handled ``n`` items (the test context hands records
    over when the stream yields them, before the batch that holds them has run)."""
    import asyncio

    for _ in range(500):
        if rt.handled >= n:
            return
        await asyncio.sleep(0.01)  # the polling step of a bounded wait
    raise AssertionError(f"the agent did not process {n} items")


async def _nothing_queued() -> None:
    """The test context has no running producer: nothing to wait for."""


def make_app(
    tmp_path: Path,
    published: list[Alert],
    known: set[str],
    state_handed_over: Callable[[], Awaitable[None]] = _nothing_queued,
) -> tuple[Any, RulesRuntime]:
    import faust
    from prometheus_client import CollectorRegistry

    from streams.metrics import WorkerMetrics
    from streams.rules_agent import register_rules
    from streams.topics import declare_topics

    kafka = KafkaSettings(topic_prefix="unit", partitions=1)
    settings = WorkerSettings(datadir=tmp_path, store="memory://", web_enabled=False)
    app = faust.App(
        "unit-rules", broker="kafka://127.0.0.1:1", store="memory://", datadir=str(tmp_path)
    )
    topics = declare_topics(app, kafka)

    async def publish(alert: Alert) -> None:
        published.append(alert)

    async def load_known() -> set[str]:
        return set(known)

    runtime = register_rules(
        app,
        topics,
        WorkerMetrics(CollectorRegistry()),
        settings,
        kafka,
        rules=RULES,
        publish=publish,
        load_known=load_known,
        state_handed_over=state_handed_over,
    )
    return app, runtime


@pytest.mark.timeout(60)
async def test_agent_publishes_escalation_once(tmp_path: Path) -> None:
    published: list[Alert] = []
    _, runtime = make_app(tmp_path, published, set())
    async with runtime.agent.test_context() as agent:
        for ci in [item(1, 3), item(2, 12), item(3, 12), item(2, 12), item(4, 60)]:
            await agent.put(key=b"AZ", value=ci.to_json())
        await processed(runtime, 5)
    assert [(a.severity, a.status) for a in published] == [
        ("warning", "firing"),
        ("critical", "escalated"),
    ]
    assert published[0].channels == ("desk",)
    assert len(runtime.pending(0)) == 0


@pytest.mark.timeout(60)
async def test_a_batch_is_acknowledged_only_after_its_state_is_handed_to_the_client(
    tmp_path: Path,
) -> None:
    # Faust commits the acknowledged offsets; a commit that passed an item whose table writes
    # were still queued in the producer would lose that state in a crash for good.
    events: list[Any] = []
    seen: list[tuple[list[bool], int]] = []

    async def state_handed_over() -> None:
        seen.append(([e.message.acked for e in events], runtime.handled))

    _, runtime = make_app(tmp_path, [], set(), state_handed_over)
    async with runtime.agent.test_context() as agent:
        for n, ci in enumerate([item(1, 3), item(2, 12)], start=1):
            events.append(await agent.put(key=b"AZ", value=ci.to_json(), wait=False))
            await processed(runtime, n)
            for _ in range(100):  # the acks follow the delivery in the same handler call
                if events[-1].message.acked:
                    break
                await asyncio.sleep(0.01)  # polling step of a bounded wait
    assert [e.message.acked for e in events] == [True, True]
    # once per batch, after the batch was handled (its writes queued), before any of its acks
    assert seen == [([False], 1), ([True, False], 2)]


@pytest.mark.timeout(60)
async def test_agent_skips_ids_already_on_the_topic_and_drains_pending(tmp_path: Path) -> None:
    first: list[Alert] = []
    _, rt1 = make_app(tmp_path / "a", first, set())
    async with rt1.agent.test_context() as agent:
        for ci in [item(1, 12)]:
            await agent.put(key=b"AZ", value=ci.to_json())
        await processed(rt1, 1)
    assert len(first) == 1
    # the same stream again, with that id already on the alerts topic: nothing is re-sent
    again: list[Alert] = []
    _, rt2 = make_app(tmp_path / "b", again, {first[0].id})
    async with rt2.agent.test_context() as agent:
        await agent.put(key=b"AZ", value=item(1, 12).to_json())
        await processed(rt2, 1)
    assert again == []
    assert rt2.duplicates_skipped == 1


@pytest.mark.timeout(60)
async def test_pending_alerts_left_by_a_crash_are_sent_once(tmp_path: Path) -> None:
    sent: list[Alert] = []
    _, rt = make_app(tmp_path, sent, set())
    ghost = Alert(id="al_ghost", rule="toll", fired_at=T0, title="left pending by a crash")
    already = Alert(id="al_known", rule="toll", fired_at=T0)
    rt.known = {"al_known"}
    async with rt.agent.test_context() as agent:
        # a crash between the outbox write and the send leaves pending entries in the table
        rt.table.base.data["0/pending/al_ghost"] = ghost.to_json().decode()  # type: ignore[attr-defined]
        rt.table.base.data["0/pending/al_known"] = already.to_json().decode()  # type: ignore[attr-defined]
        await agent.put(key=b"AZ", value=item(1, 1).to_json())
        await agent.put(key=b"AZ", value=item(2, 2).to_json())
        await processed(rt, 2)
    assert [a.id for a in sent] == ["al_ghost"]
    assert len(rt.pending(0)) == 0


async def test_runtime_on_a_dict_resends_pending_without_clearing_and_never_twice() -> None:
    import asyncio

    sent: list[str] = []

    async def slow_publish(alert: Alert) -> None:
        await asyncio.sleep(0)  # yield, as a real send does, so publishers interleave
        sent.append(alert.id)

    async def load_known() -> set[str]:
        return set()

    table: dict[str, Any] = {}
    rt = RulesRuntime(RULES, table, slow_publish, load_known)
    ghost = Alert(id="al_ghost", rule="toll", fired_at=T0)
    table["1/pending/al_ghost"] = ghost.to_json().decode()
    # the timer sweep and the agent's drain race for the same pending alert
    results = await asyncio.gather(rt.resend_pending(1), rt.drain(1), rt.resend_pending(1))
    assert sent == ["al_ghost"]
    assert sorted(results) == [0, 0, 1]
    assert "1/pending/al_ghost" not in table  # drain (in event context) cleared it
    assert await rt.resend_pending(1) == 0


async def test_runtime_engine_error_leaves_no_state() -> None:
    from streams.rules_agent import EngineError

    async def publish(alert: Alert) -> None:
        raise AssertionError("nothing to publish")

    async def load_known() -> set[str]:
        return set()

    table: dict[str, Any] = {}
    rt = RulesRuntime(RULES, table, publish, load_known)
    await rt.handle(0, item(1, 3))
    before = dict(table)
    eng = rt.engine(0)
    eng.rules = RULES.model_copy(update={"rules": (None,)})  # a broken rule set
    with pytest.raises(EngineError):
        await rt.handle(0, item(2, 3))
    assert table == before


def measured() -> tuple[RulesRuntime, list[Alert], Any]:
    """A runtime with metrics on a fresh registry, the alerts it publishes, the registry."""
    from prometheus_client import CollectorRegistry

    from streams.metrics import WorkerMetrics

    published: list[Alert] = []

    async def publish(alert: Alert) -> None:
        published.append(alert)

    async def load_known() -> set[str]:
        return set()

    registry = CollectorRegistry()
    rt = RulesRuntime(RULES, {}, publish, load_known, metrics=WorkerMetrics(registry))
    return rt, published, registry


async def test_runtime_counts_engine_events_and_incident_metrics() -> None:
    rt, _published, registry = measured()
    unlabelled = item(9, 0).model_copy(update={"labels": ()})
    for ci in [item(1, 3), item(2, 12), item(2, 12), unlabelled]:
        await rt.handle(0, ci)

    def value(name: str, **labels: str) -> float:
        return registry.get_sample_value(name, labels) or 0.0

    assert value("flashpoint_rules_events_total", event="item") == 4
    assert value("flashpoint_rules_events_total", event="duplicate") == 1
    assert value("flashpoint_rules_events_total", event="unlabelled") == 1
    # one incident in Ganja; its toll rose to 12 across two reports: counted once, not summed
    assert value("flashpoint_incidents_opened_total", category="casualty") == 1
    assert value("flashpoint_casualties_reported_total", country="AZ", kind="killed") == 12
    assert (
        value("flashpoint_alerts_fired_total", rule="toll", severity="warning", status="firing")
        == 1
    )


def recording(table: dict[str, Any] | None = None) -> tuple[RulesRuntime, list[Alert]]:
    """A runtime on a plain mapping (no ids on the alerts topic) and the alerts it publishes."""
    sent: list[Alert] = []

    async def publish(alert: Alert) -> None:
        sent.append(alert)

    async def load_known() -> set[str]:
        return set()

    return RulesRuntime(RULES, table if table is not None else {}, publish, load_known), sent


async def test_batch_with_a_failing_item_matches_the_items_one_by_one() -> None:
    from streams.rules_agent import EngineError

    single_table: dict[str, Any] = {}
    single, one_by_one = recording(single_table)
    for ci in [item(1, 12), item(3, 60)]:
        await single.handle(0, ci)

    table: dict[str, Any] = {}
    rt, batched = recording(table)
    eng = rt.engine(0)
    real_process = eng.process

    def process(ci: ClassifiedItem) -> list[Alert]:
        out = real_process(ci)  # writes its state into the item's buffer first
        if ci.item.id == "i2":
            raise RuntimeError("broken item")
        return out

    eng.process = process  # type: ignore[method-assign]
    result = await rt.handle_batch(0, [item(1, 12), item(2, 30), item(3, 60)])
    assert [(i, type(e)) for i, e in result.failed] == [(1, EngineError)]
    assert [a.id for a in result.alerts] == [a.id for a in one_by_one]
    assert sorted(a.id for a in batched) == sorted(a.id for a in one_by_one)
    assert [(a.severity, a.status) for a in result.alerts] == [
        ("warning", "firing"),
        ("critical", "escalated"),
    ]
    # the failed item left nothing behind: the state is the one-by-one state, no pending left
    assert table.keys() == single_table.keys()
    assert not any("/pending/" in k for k in table)
    held = [h for k, v in table.items() if "/seen/" in k for h in v]
    assert short_id("i2") not in held and short_id("i3") in held


class _CrashingTable(dict[str, Any]):
    """A table whose process dies (an exception here) after ``budget`` more writes."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget

    def __setitem__(self, key: str, value: Any) -> None:
        if self.budget == 0:
            raise KeyboardInterrupt("killed")  # not an engine error: nothing catches it
        self.budget -= 1
        super().__setitem__(key, value)


# The batch below writes five state keys (seen, incident, window, group, watermark): a crash
# after the record and 0 to 4 of them, every point where part of the batch reached the table.
@pytest.mark.parametrize("survives", [0, 1, 2, 3, 4])
async def test_a_batch_cut_short_by_a_crash_is_applied_whole_on_restart(survives: int) -> None:
    batch = [item(1, 12), item(2, 30), item(3, 60)]
    clean: dict[str, Any] = {}
    ref, clean_sent = recording(clean)
    await ref.handle_batch(0, batch)
    assert len(clean) == 5  # the crash points above cover every key write

    # The first worker dies after the transaction record and ``survives`` of its key writes.
    table = _CrashingTable(budget=1 + survives)
    crashed, crashed_sent = recording(table)
    with pytest.raises(KeyboardInterrupt):
        await crashed.handle_batch(0, batch)
    assert crashed_sent == []  # it died before publishing
    assert "0/txn" in table

    # The restarted worker gets the same (uncommitted) batch again over what reached the table.
    restarted = dict(table)
    rt, sent = recording(restarted)
    # before any item arrives, the timer's sweep already sees the batch's pending alerts
    assert await rt.resend_pending(0) == len(clean_sent)
    result = await rt.handle_batch(0, batch)
    assert result.alerts == []  # every item is known now: nothing new fires
    assert sorted(a.id for a in sent) == sorted(a.id for a in clean_sent)
    assert restarted == clean


async def test_a_batch_writes_each_key_once() -> None:
    writes: list[str] = []

    class Recording(dict[str, Any]):
        def __setitem__(self, key: str, value: Any) -> None:
            writes.append(key)
            super().__setitem__(key, value)

    table = Recording()
    # three reports of one incident in one window: one incident and one window key
    await recording(table)[0].handle_batch(0, [item(1, 3), item(2, 4), item(3, 5)])
    state_writes = [k for k in writes if k != "0/txn"]
    assert len(state_writes) == len(set(state_writes))
    assert writes.count("0/txn") == 1 and "0/txn" not in table
    # the three ids share one record of short hashes, not one key each
    assert sum(1 for k in state_writes if "/seen/" in k) == 1
    assert sum(1 for k in state_writes if "/incidents/" in k) == 1


async def test_a_write_error_mid_transaction_is_recovered_by_the_next_batch() -> None:
    clean: dict[str, Any] = {}
    ref, clean_sent = recording(clean)
    await ref.handle_batch(0, [item(1, 12)])
    await ref.handle_batch(0, [item(2, 3)])

    class FailingOnce(dict[str, Any]):
        fail_at = 3

        def __setitem__(self, key: str, value: Any) -> None:
            self.fail_at -= 1
            if self.fail_at == 0:
                raise OSError("disk full")
            super().__setitem__(key, value)

    table = FailingOnce()
    rt, sent = recording(table)
    with pytest.raises(OSError):
        await rt.handle_batch(0, [item(1, 12)])
    assert "0/txn" in table and sent == []
    # The agent restarts its actor in the same process, and its offsets were not committed
    # past item 1, but here the next batch holds only a later item: the interrupted
    # transaction must be applied first, and its alert sent.
    await rt.handle_batch(0, [item(2, 3)])
    assert dict(table) == clean
    assert [a.id for a in sent] == [a.id for a in clean_sent]


async def test_alert_carries_time_to_alert_and_the_histogram_counts_it_by_mode() -> None:
    import time_machine

    rt, published, registry = measured()
    first = item(1, 3)
    trigger = item(2, 12).model_copy(
        update={"item": item(2, 12).item.model_copy(update={"mode": "push"})}
    )
    now = T0 + timedelta(minutes=2, seconds=7)  # item 2 is published at T0 + 2 min
    with time_machine.travel(now, tick=False):
        await rt.handle(0, first)
        await rt.handle(0, trigger)
    assert len(published) == 1
    alert = published[0]
    assert alert.detected_at == now
    assert alert.first_published == first.item.published  # the incident's earliest report
    assert alert.mode == "push"

    def value(name: str, **labels: str) -> float:
        return registry.get_sample_value(name, labels) or 0.0

    assert value("flashpoint_time_to_alert_seconds_count", mode="push") == 1
    assert value("flashpoint_time_to_alert_seconds_sum", mode="push") == 7.0
    assert value("flashpoint_time_to_alert_seconds_count", mode="poll") == 0
