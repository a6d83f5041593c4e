"""The rules agent: ``items.classified`` -> incidents, rules (:mod:`streams.engine`) -> ``alerts``.

State lives in one Faust table (rocksdict store, changelog topic), with keys namespaced by
source partition and store (``"<partition>/<store>/<key>"``), so each classified-topic partition
has its own engine and its state moves with it on a rebalance. One table means one changelog
partition per source partition, so the writes of one item reach the changelog in order.

No alert is lost or duplicated across a crash, without Kafka transactions:

1. the agent takes a batch; each item runs on a write-buffer (:class:`streams.enginestate.Overlay`)
   over the batch's;
2. the batch's writes and its alerts (the outbox) are written as one record first
   (``"<partition>/txn"``), then the writes key by key; all go to the same changelog
   partition, in that order, so after a crash the changelog holds all of the batch in the
   record or none of it, and :meth:`RulesRuntime.recover` applies it again, keeping its alerts
   as *pending* entries (``"<partition>/pending/<id>"``);
3. each alert is sent to ``flashpoint.alerts`` keyed by its deterministic id, and the sends are
   awaited (acks=all) before the batch is acknowledged, so its input offsets are committed only
   after; the batch's changelog records are handed to the Kafka client first
   (:func:`changelog_handed_over`): Faust's own flush before a commit can return with table
   writes still queued;
4. the record is deleted once its alerts are acknowledged (at once for a batch without
   alerts): two changelog records per batch for the outbox, not two per alert.

After a restart or a rebalance the agent reads the ids already on the alerts topic
(:class:`AlertLedger`) and re-sends only the pending alerts (of a recovered record, or of
pending keys) that are not there; a re-processed item is either known (``seen``) or recomputed
to the same ids, which the ledger filters.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import faust
import orjson
from pydantic import ValidationError

from alerts.rules import RuleSet, load_rules
from alerts.schema import Alert
from flashpoint.core.errors import FlashpointError
from flashpoint.core.kafkaconf import KafkaSettings
from streams.alertledger import AlertLedger
from streams.batching import EventBatch, run_batches
from streams.deadletter import dead_letter
from streams.engine import Engine
from streams.enginestate import EngineState, EngineStats, Overlay, ReadCache
from streams.incidents import FoldResult
from streams.metrics import WorkerMetrics
from streams.models import ClassifiedItem
from streams.progress import WorkerProbes
from streams.settings import WorkerSettings
from streams.topics import Topics

__all__ = [
    "STATE_RECORD_MAX_BYTES",
    "BatchResult",
    "PartitionView",
    "RulesRuntime",
    "changelog_handed_over",
    "register_rules",
    "state_changelog_topic",
]

log = logging.getLogger(__name__)

STATE_TABLE = "rules-state"
_STORES = ("incidents", "windows", "groups", "seen", "meta")
STATE_RECORD_MAX_BYTES = 32 * 1024 * 1024  # the changelog's and the producer's record limit
_TXN = "txn"  # "<partition>/txn": a batch's writes, while they are applied (see _commit)


def state_changelog_topic(app_id: str) -> str:
    """The changelog topic of the rules state of worker app ``app_id`` (Faust's naming)."""
    return f"{app_id}-{STATE_TABLE}-changelog"


Publisher = Callable[[Alert], Awaitable[None]]


class EngineError(FlashpointError):
    """The rule engine failed on one item (the item is parked as a dead letter)."""


class PartitionView(MutableMapping[str, Any]):
    """A key-prefixed view of a mapping (a Faust table): one partition's one store."""

    def __init__(self, table: MutableMapping[str, Any], prefix: str) -> None:
        self.table = table
        self.prefix = prefix

    def __getitem__(self, key: str) -> Any:
        return self.table[self.prefix + key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.table[self.prefix + key] = value

    def __delitem__(self, key: str) -> None:
        del self.table[self.prefix + key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (self.prefix + key) in self.table

    def __iter__(self) -> Iterator[str]:
        n = len(self.prefix)
        for k in list(self.table.keys()):
            if isinstance(k, str) and k.startswith(self.prefix):
                yield k[n:]

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclasses.dataclass
class BatchResult:
    """The alerts of a batch, and the items the engine failed on (index in the batch, error)."""

    alerts: list[Alert] = dataclasses.field(default_factory=list)
    failed: list[tuple[int, EngineError]] = dataclasses.field(default_factory=list)


class RulesRuntime:
    """The agent's logic, independent of how alerts are sent and where ids are read back.

    ``table`` is the state mapping (a Faust table in the worker). ``publish`` sends one alert and
    returns once the broker acknowledged it. ``load_known`` returns ids already published (called
    before the first send and after every partition assignment).
    """

    def __init__(
        self,
        rules: RuleSet,
        table: MutableMapping[str, Any],
        publish: Publisher,
        load_known: Callable[[], Awaitable[set[str]]],
        metrics: WorkerMetrics | None = None,
    ) -> None:
        self.rules = rules
        self.table = ReadCache(table)  # see ReadCache; cleared on every assignment change
        self.publish_one = publish
        self.load_known = load_known
        self.metrics = metrics
        self.engines: dict[int, Engine] = {}
        self.drained: set[int] = set()
        self.known: set[str] | None = None
        self.duplicates_skipped = 0
        self.handled = 0  # items whose batch has been processed and published
        self.agent: Any = None
        self._lock: asyncio.Lock | None = None  # one publisher at a time: check-then-send

    def _bursts(self, alert: Alert) -> bool:
        """Whether ``alert`` asks for burst polling: its rule says so, and it opens or escalates."""
        if alert.status not in ("firing", "escalated"):
            return False
        try:
            return self.rules.rule(alert.rule).burst
        except KeyError:
            return False

    # -- partitions --------------------------------------------------------------------------
    def engine(self, partition: int) -> Engine:
        eng = self.engines.get(partition)
        if eng is None:
            views = [PartitionView(self.table, f"{partition}/{name}/") for name in _STORES]
            eng = Engine(self.rules, EngineState(*views))
            self.engines[partition] = eng
        return eng

    def pending(self, partition: int) -> PartitionView:
        return PartitionView(self.table, f"{partition}/pending/")

    def on_assignment_changed(self, revoked: set[int] | None = None) -> None:
        """Forget caches and id knowledge: state may have moved, other workers may have sent."""
        self.table.clear_cache()  # a recovery may have changed the table behind it
        for p in revoked if revoked is not None else list(self.engines):
            self.engines.pop(p, None)
            self.drained.discard(p)
        self.known = None

    # -- publishing --------------------------------------------------------------------------
    async def _known(self) -> set[str]:
        if self.known is None:
            self.known = set(await self.load_known())
        return self.known

    async def publish(self, alerts: list[Alert]) -> int:
        """Send alerts not yet on the topic; each send is awaited (acknowledged)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            return await self._publish_locked(alerts)

    async def _publish_locked(self, alerts: list[Alert]) -> int:
        known = await self._known()
        todo = []
        for alert in alerts:
            if alert.id in known:
                self.duplicates_skipped += 1
                log.info("alert already published alert_id=%s rule=%s", alert.id, alert.rule)
            else:
                todo.append(alert)
        # All sends are in flight together and each is acknowledged before this returns.
        results = await asyncio.gather(*(self.publish_one(a) for a in todo), return_exceptions=True)
        sent = 0
        first_error: BaseException | None = None
        for alert, res in zip(todo, results, strict=True):
            if isinstance(res, BaseException):
                first_error = first_error or res
                continue
            known.add(alert.id)
            sent += 1
            if self.metrics is not None:
                self.metrics.alerts_fired.labels(
                    rule=alert.rule, severity=alert.severity, status=alert.status
                ).inc()
        if first_error is not None:
            raise first_error
        return sent

    def _pending_alerts(self, partition: int) -> tuple[list[str], list[Alert]]:
        pending = self.pending(partition)
        keys = list(pending)
        raw = {k: pending[k] for k in keys}
        # The alerts of a transaction record not yet deleted: a crash interrupted its batch
        # (:meth:`recover` applies it on the partition's next batch).
        txn = self._txn(partition) or {}
        for v in txn.get("alerts", ()):
            raw.setdefault(_alert_key(v), v)
        prefix = f"{partition}/pending/"  # a record of the older layout: the outbox in "set"
        for k, v in txn.get("set", {}).items():
            if k.startswith(prefix):
                raw.setdefault(k[len(prefix) :], v)
        alerts = []
        for k, v in raw.items():
            try:
                alerts.append(Alert.from_json(v))
            except (ValidationError, ValueError, KeyError):
                log.warning("unreadable pending alert partition=%s key=%s", partition, k)
        alerts.sort(key=lambda a: (a.fired_at, a.id))
        return keys, alerts

    async def resend_pending(self, partition: int) -> int:
        """Send the partition's pending alerts missing from the topic, without clearing them.

        For a timer: after a crash, pending alerts go out even if no new item arrives (only a
        stream event may delete them; :meth:`drain` does on the partition's next item).
        """
        if partition in self.drained:
            return 0
        _, alerts = self._pending_alerts(partition)
        return await self.publish(alerts) if alerts else 0

    async def drain(self, partition: int) -> int:
        """Re-send the partition's pending alerts left by a crash; clear them. In event context."""
        if partition in self.drained:
            return 0
        pending = self.pending(partition)
        keys, alerts = self._pending_alerts(partition)
        sent = await self.publish(alerts)
        for k in keys:
            pending.pop(k, None)
        self.drained.add(partition)
        if keys:
            log.info(
                "pending alerts drained partition=%s pending=%d sent=%d", partition, len(keys), sent
            )
        return sent

    # -- one item ----------------------------------------------------------------------------
    async def _retry(self, what: str, fn: Callable[[], Awaitable[Any]]) -> Any:
        """Run ``fn`` until it succeeds: without the alerts topic the stream must not advance."""
        delay = 0.5
        while True:
            try:
                return await fn()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("%s failed, retrying in %.1fs error=%s", what, delay, exc)
                self.known = None  # re-read the ledger: a send may have landed
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def handle(self, partition: int, ci: ClassifiedItem) -> list[Alert]:
        """Process one item of ``partition``; raise :class:`EngineError` if the engine failed."""
        result = await self.handle_batch(partition, [ci])
        if result.failed:
            raise result.failed[0][1]
        return result.alerts

    async def handle_batch(self, partition: int, items: Sequence[ClassifiedItem]) -> BatchResult:
        """Process a batch of ``partition``'s items, in order (inside the stream); return alerts.

        Each item runs on its own write-buffer over the batch's. An engine error discards that
        item's writes only (it is returned in ``failed`` and the caller parks it as a dead
        letter); the others go on. The batch's writes and its alerts (the outbox) reach the
        table as one transaction (:meth:`_commit`), each key once. The batch's alerts are then
        published together, and the transaction record, which holds them until then, is
        deleted. Publishing and reading back the alerts topic are retried until they succeed,
        so the input offsets never pass an unsent alert.
        """
        if partition not in self.drained:
            self.recover(partition)
        await self._retry("re-sending pending alerts", lambda: self.drain(partition))
        eng = self.engine(partition)
        base = eng.state
        before = dataclasses.replace(eng.stats)
        result = BatchResult()
        folds = []
        alert_ages: list[float] = []
        time_to_alert: list[tuple[str, float]] = []
        batch_tx = base.overlay()
        try:
            for i, ci in enumerate(items):
                item_tx = batch_tx.overlay()
                eng.use_state(item_tx)
                try:
                    alerts = eng.process(ci)
                except Exception as exc:
                    eng.use_state(batch_tx)
                    eng.invalidate()  # the caches saw the discarded writes
                    result.failed.append((i, EngineError(f"{type(exc).__name__}: {exc}")))
                    continue
                item_tx.flush()  # into the batch's buffer
                if eng.last_fold is not None:
                    folds.append(eng.last_fold)
                if alerts:
                    detected = datetime.now(UTC)
                    result.alerts.extend(
                        stamp_detection(a, ci, detected, burst=self._bursts(a)) for a in alerts
                    )
                    alert_ages.append((detected - ci.item.published).total_seconds())
                    if not ci.item.published_estimated:
                        time_to_alert.append(
                            (ci.item.mode, (detected - ci.item.published).total_seconds())
                        )
        finally:
            eng.use_state(base)
        self._commit(partition, batch_tx, result.alerts)
        if result.alerts:
            try:
                await self._retry("publishing alerts", lambda: self.publish(result.alerts))
            except BaseException:
                # Cancelled (the agent stops or restarts in this process): the record, the
                # outbox of these alerts, stays; the partition's next batch recovers it before
                # its own record would overwrite it.
                self.drained.discard(partition)
                raise
            # The alerts are on the topic: the transaction record, their outbox, can go.
            self._txn_delete(partition)
        if self.metrics is not None:
            self._observe(eng, before, folds, alert_ages)
            for mode, seconds in time_to_alert:
                self.metrics.time_to_alert.labels(mode).observe(max(0.0, seconds))
        self.handled += len(items)
        return result

    # -- transactions ------------------------------------------------------------------------
    def _txn_key(self, partition: int) -> str:
        return f"{partition}/{_TXN}"

    def _txn(self, partition: int) -> dict[str, Any] | None:
        txn: dict[str, Any] | None = self.table.get(self._txn_key(partition))
        return txn

    def _txn_delete(self, partition: int) -> None:
        self.table.pop(self._txn_key(partition), None)

    def _commit(self, partition: int, batch_tx: EngineState, alerts: list[Alert]) -> None:
        """Write a batch's state and outbox so that a crash leaves all of it or none.

        The writes go to the table first as one record (``<partition>/txn``: every key it sets
        and deletes, and the batch's alerts), then key by key. Table writes reach the changelog
        in order, so after a crash the changelog holds either no part of the batch, or the
        whole batch in the record; :meth:`recover` applies it again. Without alerts the record
        is deleted at once; with alerts it is their outbox (the pending alerts) and is deleted
        once they are on the alerts topic (:meth:`handle_batch`): two changelog records per
        batch, rather than two more per alert for an outbox key and its deletion.

        The record is a table write like the others, so it is in the local store as well as
        in the changelog: Faust marks a changelog offset as persisted in the local store once
        it is sent, so a worker that restarts on its kept local tables (after a clean stop)
        does not read it back from the changelog, and an outbox known only to the changelog
        would be lost.
        """
        sets: dict[str, Any] = {}
        dels: list[str] = []
        for name, store in zip(_STORES, batch_tx.stores(), strict=True):
            assert isinstance(store, Overlay)
            for k, v in store.writes.items():
                full = f"{partition}/{name}/{k}"
                if v is Overlay.DELETED:
                    dels.append(full)
                else:
                    sets[full] = v
        if not sets and not dels and not alerts:
            return
        txn: dict[str, Any] = {"set": sets, "del": dels}
        if alerts:
            txn["alerts"] = [a.to_json().decode("utf-8") for a in alerts]
        self.table[self._txn_key(partition)] = txn
        try:
            self._apply(txn)
            if not alerts:
                self._txn_delete(partition)
        except Exception:
            # Leave the record for recover(), which the partition's next batch now runs.
            self.table.clear_cache()
            self.drained.discard(partition)
            self.engines.pop(partition, None)
            raise
        for store in batch_tx.stores():
            assert isinstance(store, Overlay)
            store.writes.clear()

    def _apply(self, txn: dict[str, Any]) -> None:
        for k, v in txn["set"].items():
            self.table[k] = v
        for k in txn["del"]:
            self.table.pop(k, None)

    def recover(self, partition: int) -> bool:
        """Apply a transaction a crash interrupted (in event context); True if there was one.

        Its alerts may not have reached the alerts topic: they become pending entries
        (``<partition>/pending/<id>``), which :meth:`drain` sends if missing and clears.
        """
        txn = self._txn(partition)
        if txn is None:
            return False
        self._apply(txn)
        for raw in txn.get("alerts", ()):
            self.table[f"{partition}/pending/{_alert_key(raw)}"] = raw
        self._txn_delete(partition)
        self.engines.pop(partition, None)  # its caches did not see these writes
        log.warning(
            "applied an interrupted state transaction partition=%s keys=%d alerts=%d",
            partition,
            len(txn["set"]) + len(txn["del"]),
            len(txn.get("alerts", ())),
        )
        return True

    def _observe(
        self, eng: Engine, before: EngineStats, folds: list[FoldResult], alert_ages: list[float]
    ) -> None:
        assert self.metrics is not None
        after = eng.stats
        for event, delta in (
            ("item", after.items - before.items),
            ("duplicate", after.duplicates - before.duplicates),
            ("unlabelled", after.unlabelled - before.unlabelled),
            ("late", after.late - before.late),
            ("suppressed", after.suppressed - before.suppressed),
        ):
            if delta > 0:
                self.metrics.rules_events.labels(event=event).inc(delta)
        for fold in folds:
            self.metrics.observe_incident(fold.incident, created=fold.created)
        self.metrics.open_incidents.set(sum(e.open_incidents for e in self.engines.values()))
        for age in alert_ages:
            self.metrics.latency_alert.observe(max(0.0, age))


def _alert_key(raw: str) -> str:
    """The pending-entry key of an alert's JSON: its id (``?`` when unreadable, which
    :meth:`RulesRuntime._pending_alerts` then logs and skips)."""
    try:
        return str(orjson.loads(raw)["id"])
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return "?"


def stamp_detection(
    alert: Alert, ci: ClassifiedItem, detected: datetime, *, burst: bool = False
) -> Alert:
    """The alert with its time-to-alert fields: when it was raised, how its triggering report
    arrived, and the publication time of the earliest report (the incident's first event time,
    or the triggering report's when that is earlier); ``burst`` asks the producer for a burst."""
    first = ci.item.published
    if alert.incident is not None and alert.incident.first_seen is not None:
        first = min(first, alert.incident.first_seen)
    return alert.model_copy(
        update={
            "detected_at": detected,
            "first_published": first,
            "mode": ci.item.mode,
            "burst": burst,
        }
    )


async def changelog_handed_over(producer: Any) -> None:
    """Return once every table write queued so far is in the Kafka client's hands.

    A Faust table write is queued in the producer's buffer (``send_soon``) and handed to the
    Kafka client by a background task. Before committing offsets Faust flushes that buffer and
    then the client (which waits for the broker's acknowledgements), but its buffer flush
    returns as soon as one record waits more than 0.1 s to be handed over (a full client batch
    under load), and the client's flush covers only what it was handed. A commit could then
    pass items whose state was still queued, and a crash lost that state for good (the items
    are not read again). So the agent empties the buffer before it acknowledges a batch; the
    commit's own client flush then covers the batch's writes.
    """
    buffer = producer.buffer
    while buffer.size:
        await buffer.flush()


def _store_url(url: str) -> tuple[str, dict[str, Any] | None]:
    """Faust knows the rocksdict driver as ``rocksdb://`` with ``driver=rocksdict``; accept both."""
    scheme, sep, rest = url.partition("://")
    if scheme == "rocksdict":
        return f"rocksdb://{rest}" if sep else "rocksdb://", {"driver": "rocksdict"}
    if scheme == "rocksdb":
        return url, {"driver": "rocksdict"}
    return url, None


def register_rules(
    app: faust.App,
    topics: Topics,
    metrics: WorkerMetrics,
    settings: WorkerSettings,
    kafka: KafkaSettings,
    *,
    rules: RuleSet | None = None,
    publish: Publisher | None = None,
    load_known: Callable[[], Awaitable[set[str]]] | None = None,
    probes: WorkerProbes | None = None,
    state_handed_over: Callable[[], Awaitable[None]] | None = None,
) -> RulesRuntime:
    """Register the rules agent and its state table on ``app``; return its runtime.

    The rules file (``settings.rules_file``) is validated here, at start-up: a broken file raises
    :class:`flashpoint.core.errors.ConfigError`. ``publish`` and ``load_known`` default to the
    alerts topic, ``state_handed_over`` to :func:`changelog_handed_over` on the app's producer
    (tests inject their own). ``probes`` receives the agent's progress (liveness).
    """
    ruleset = rules if rules is not None else load_rules(settings.rules_file)
    store, options = _store_url(settings.store)
    table = app.Table(
        STATE_TABLE,
        store=store,
        options=options,
        partitions=kafka.partitions,
        schema=faust.Schema(key_serializer="json", value_serializer="json"),
        help="Rule engine state: incidents, windows, rule groups, seen ids, pending alerts.",
        # A batch's writes travel as one record (RulesRuntime._commit): allow large ones.
        extra_topic_configs={"max.message.bytes": str(STATE_RECORD_MAX_BYTES)},
    )
    ledger = AlertLedger(kafka, kafka.alerts_topic)

    async def _publish(alert: Alert) -> None:
        fut = await topics.alerts.send(key=alert.id.encode(), value=alert.to_json(), force=True)
        await fut  # the broker's ack (acks=all) before the input offset may be committed

    async def _load_known() -> set[str]:
        added = await asyncio.to_thread(ledger.refresh)
        log.info(
            "alert ids read back topic=%s added=%d known=%d", ledger.topic, added, len(ledger.known)
        )
        return ledger.known

    runtime = RulesRuntime(
        ruleset,
        table,
        publish or _publish,
        load_known or _load_known,
        metrics,
    )
    topic_name = topics.classified.get_topic_name()

    async def _revoked(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        revoked = args[0] if args else kwargs.get("revoked", set())
        runtime.on_assignment_changed({tp.partition for tp in revoked if tp.topic == topic_name})

    async def _assigned(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        runtime.on_assignment_changed(set())

    # mode's signal typing wants a plain callable; these are coroutine receivers, which it awaits.
    app.on_partitions_revoked.connect(cast(Any, _revoked))
    app.on_partitions_assigned.connect(cast(Any, _assigned))

    async def _park(event: faust.EventT, *, stage: str, reason: str, error: BaseException) -> None:
        """A bad item never stops the stream: it goes to the dead-letter topic, counted (the
        callers spell stage and reason out, for the metrics' known label values)."""
        await dead_letter(
            topics.items_deadletter,
            metrics,
            stage=stage,
            reason=reason,
            error=str(error),
            key=event.key,
            value=event.value,
        )

    async def handle(manual: faust.Stream, events: EventBatch) -> None:
        by_partition: dict[int, list[tuple[faust.EventT, ClassifiedItem]]] = {}
        for event in events:
            try:
                ci = ClassifiedItem.from_json(event.value)
            except (ValidationError, ValueError) as exc:
                await _park(event, stage="rules", reason="invalid_classified", error=exc)
                continue
            by_partition.setdefault(event.message.partition, []).append((event, ci))
        for partition, pairs in by_partition.items():
            # Table writes find their partition through Faust's current event: run the batch in
            # the context the stream gave an event of this partition (streams.batching).
            result = await events.run_as(
                pairs[-1][0], runtime.handle_batch(partition, [ci for _, ci in pairs])
            )
            for i, err in result.failed:  # a bad item never stops the stream
                event, ci = pairs[i]
                log.error("rules engine failed item=%s error=%s", ci.item.id, err)
                await _park(event, stage="rules", reason="engine_error", error=err)
        # The batch's state must reach the changelog before its offsets may be committed.
        await (state_handed_over or (lambda: changelog_handed_over(app.producer)))()
        for event in events:
            await manual.ack(event)

    @app.agent(topics.classified, name="flashpoint.rules")
    async def rules_agent(stream: faust.StreamT) -> None:
        name, topic = "flashpoint.rules", topic_name
        progress = probes.agent(name, faults=True, topic=topic) if probes else None
        # items.classified is written by the worker alone, without transactions, and is not
        # compacted: a hole in its offsets is a record the stream lost (streams.batching).
        await run_batches(
            stream,
            settings.batch_max,
            handle,
            linger=settings.batch_wait,
            progress=progress,
            contiguous=True,
        )

    runtime.agent = rules_agent

    @app.timer(interval=5.0, name="flashpoint.rules.pending")
    async def pending_sweep() -> None:
        if app.rebalancing or not app.tables.actives_ready:
            return  # the table may still be recovering
        for tp in app.assignor.assigned_actives():
            if tp.topic == topic_name:
                try:
                    await runtime.resend_pending(tp.partition)
                except Exception as exc:
                    log.warning("pending sweep failed partition=%s error=%s", tp.partition, exc)

    return runtime
