"""Forward alerts to a Prometheus Alertmanager (``POST <url>/api/v2/alerts``), as its clients do.

Alertmanager resolves an alert by itself once its ``endsAt`` passes (or, without one, after
its ``resolve_timeout``, 5 minutes by default). Its clients therefore re-send every firing
alert on an interval with ``endsAt`` a few intervals ahead, as Prometheus does on each
evaluation, and post the resolution (``endsAt`` = now) once. This channel does the same:

- a ``firing`` or ``escalated`` alert is posted with ``endsAt`` = now + 4 resend intervals and
  joins the channel's **active set**, kept in the delivery ledger (SQLite), so it survives a
  restart of the delivery process;
- :meth:`AlertmanagerChannel.resend` (called every ``resend_interval`` seconds by the delivery
  process) posts the whole active set again with a fresh ``endsAt``;
- a ``resolved`` alert of a rule group posts every label set the group posted while it fired
  with ``endsAt`` = now, once, and empties the group's entries;
- an alert of a rule that never sends a resolution (no ``resolve_after``: held for the rule's
  cooldown; the contested rule: for its ``within``) carries ``hold_for`` and ends that long
  after its last firing record; any entry whose last firing record is older than ``max_age``
  ends too, so the set stays bounded whatever the records say.

Identity. Alertmanager identifies an alert by its label set. Labels that change during one
rule group's episode (``severity`` on escalation, ``incident`` when a later incident hits the
group) would make the resolution a different alert from the firing one. The resolution is
therefore not built from the resolved record's labels but from the label sets stored when the
group fired: each escalation step stays its own alert (as Prometheus' warning and critical
rules do, for an inhibition rule to act on) and all of them resolve together.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import orjson

from alerts.channels._http import HttpChannel
from alerts.channels._text import one_line
from alerts.channels.config import AlertmanagerChannelConfig
from alerts.errors import DeliveryError
from alerts.ledger import ActiveAlert, Ledger
from alerts.metrics import DeliveryMetrics
from alerts.schema import Alert
from flashpoint.core.netguard import NetGuard

__all__ = [
    "ENDS_AT_INTERVALS",
    "AlertmanagerChannel",
    "ResendReport",
    "alertmanager_payload",
    "keep_alive",
    "rule_group",
]

log = logging.getLogger(__name__)

# endsAt of a firing alert lies this many resend intervals ahead (Prometheus uses 4 times its
# resend delay): a re-send or two may fail before Alertmanager resolves the alert by itself.
ENDS_AT_INTERVALS = 4


def rule_group(alert: Alert) -> str:
    """The key of the rule group an alert belongs to (what one resolution resolves)."""
    return f"{alert.rule}\x1f{alert.group}"


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat()


def alertmanager_payload(
    alert: Alert, *, now: datetime | None = None, ends_in: float | None = None
) -> list[dict[str, Any]]:
    """The postable alerts list (one alert) of the Alertmanager v2 API.

    A resolved alert gets ``endsAt`` = ``now``; a firing one gets ``now + ends_in`` seconds
    when ``ends_in`` is given (else no ``endsAt``: Alertmanager's ``resolve_timeout`` applies).
    """
    at = now or datetime.now(UTC)
    labels = {
        "alertname": alert.rule,
        "severity": alert.severity,
        "source": "flashpoint",
    }
    if alert.group:
        labels["group"] = one_line(alert.group, 200)
    inc = alert.incident
    if inc is not None:
        labels["incident"] = inc.id
        if inc.country:
            labels["country"] = inc.country
        if inc.place:
            labels["place"] = one_line(inc.place, 100)
    for key, value in alert.labels.items():
        labels.setdefault(key, one_line(value, 200))
    annotations = {
        "summary": one_line(alert.title or alert.rule, 300),
        "alert_id": alert.id,
        "value": f"{alert.value:g}",
        "threshold": f"{alert.threshold:g}",
    }
    if alert.summary:
        annotations["description"] = alert.summary[:2000]
    item: dict[str, Any] = {
        "labels": labels,
        "annotations": annotations,
        "startsAt": _iso(alert.fired_at),
    }
    if alert.status == "resolved":
        item["endsAt"] = _iso(at)
    elif ends_in is not None:
        item["endsAt"] = _iso(at + timedelta(seconds=ends_in))
    if inc is not None and inc.headlines and inc.headlines[0].url:
        url = inc.headlines[0].url
        if url.startswith(("http://", "https://")):
            item["generatorURL"] = url
    return [item]


def _fingerprint(labels: dict[str, str]) -> str:
    blob = orjson.dumps(labels, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(blob).hexdigest()[:32]


class ResendReport:
    """What one :meth:`AlertmanagerChannel.resend` did."""

    __slots__ = ("error", "expired", "sent")

    def __init__(self, sent: int = 0, expired: int = 0, error: str | None = None) -> None:
        self.sent = sent
        self.expired = expired
        self.error = error


class AlertmanagerChannel(HttpChannel[AlertmanagerChannelConfig]):
    """POSTs alerts to Alertmanager and keeps firing ones alive; raises DeliveryError.

    ``resend_interval`` and ``max_age`` are seconds; ``clock`` gives Unix time (tests pass a
    fake one).
    """

    type = "alertmanager"

    def __init__(
        self,
        config: AlertmanagerChannelConfig,
        session: aiohttp.ClientSession,
        guard: NetGuard,
        *,
        ledger: Ledger,
        resend_interval: float = 60.0,
        max_age: float = 3 * 86400.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(config, session, guard)
        self.resend_interval = resend_interval
        self.max_age = max_age
        self._ledger = ledger
        self._clock = clock or (lambda: datetime.now(UTC).timestamp())

    @property
    def ends_in(self) -> float:
        """Seconds from a post to the ``endsAt`` of a firing alert."""
        return ENDS_AT_INTERVALS * self.resend_interval

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    async def _post_alerts(self, items: list[dict[str, Any]]) -> None:
        await self._post(
            f"{self.config.url}/api/v2/alerts",
            orjson.dumps(items),
            {"Content-Type": "application/json"},
        )

    async def send(self, alert: Alert) -> None:
        now = self._now()
        key = rule_group(alert)
        if alert.status == "resolved":
            await self._resolve_group(alert, key, now)
            return
        resolved_at = self._ledger.am_resolved_at(self.name, key)
        if resolved_at is not None and alert.fired_at.timestamp() <= resolved_at:
            # The group's resolution was consumed first (records of one group may sit on
            # different partitions): tell Alertmanager it is over, and keep nothing.
            item = alertmanager_payload(alert, now=now)[0]
            item["endsAt"] = _iso(now)
            await self._post_alerts([item])
            log.info("firing alert already resolved alert_id=%s channel=%s", alert.id, self.name)
            return
        item = alertmanager_payload(alert, now=now, ends_in=self.ends_in)[0]
        await self._post_alerts([item])
        self._ledger.am_put(
            ActiveAlert(
                channel=self.name,
                rule_group=key,
                fingerprint=_fingerprint(item["labels"]),
                payload=orjson.dumps(item).decode(),
                since=now.timestamp(),
                until=None if alert.hold_for is None else now.timestamp() + alert.hold_for,
            )
        )

    async def _resolve_group(self, alert: Alert, key: str, now: datetime) -> None:
        entries = self._ledger.am_active(self.name, key)
        items = [_ended(e, now) for e in entries]
        own = alertmanager_payload(alert, now=now)[0]
        if _fingerprint(own["labels"]) not in {e.fingerprint for e in entries}:
            # Nothing (or not this label set) was posted while firing, e.g. the entries
            # expired: the resolution still goes out, so the receiver's state is right.
            items.append(own)
        await self._post_alerts(items)
        self._ledger.am_resolve(self.name, key, alert.fired_at.timestamp(), now=now.timestamp())
        log.info(
            "resolved on alertmanager alert_id=%s channel=%s alerts=%d",
            alert.id,
            self.name,
            len(items),
        )

    async def resend(self) -> ResendReport:
        """Post the active set again with a fresh ``endsAt``; resolve and drop expired entries.

        Never raises for a delivery failure: the report carries the error, and the entries
        stay for the next round (Alertmanager keeps them active until their ``endsAt``).
        """
        now = self._now()
        report = ResendReport()
        expired = self._ledger.am_expire(self.name, self.max_age, now=now.timestamp())
        items = [_ended(e, now) for e in expired]
        report.expired = len(expired)
        ends = _iso(now + timedelta(seconds=self.ends_in))
        for entry in self._ledger.am_active(self.name):
            item = orjson.loads(entry.payload)
            item["endsAt"] = ends
            items.append(item)
        if not items:
            return report
        try:
            await self._post_alerts(items)
        except DeliveryError as exc:
            report.error = exc.kind
            log.debug("alertmanager re-send failed channel=%s error=%s", self.name, exc.reason)
            return report
        report.sent = len(items) - len(expired)
        return report

    def active_count(self) -> int:
        """How many alerts the channel keeps active."""
        return len(self._ledger.am_active(self.name))


def _ended(entry: ActiveAlert, now: datetime) -> dict[str, Any]:
    item: dict[str, Any] = orjson.loads(entry.payload)
    item["endsAt"] = _iso(now)
    return item


async def keep_alive(
    channels: Sequence[AlertmanagerChannel],
    metrics: DeliveryMetrics,
    *,
    every: float,
    stop: asyncio.Event,
) -> None:
    """Re-send each channel's firing alerts every ``every`` seconds until ``stop`` is set.

    The first round runs at once, so alerts kept in the ledger across a restart are
    refreshed before Alertmanager lets them lapse. A failed round is counted and logged
    (once per interval: the delivery process rate-limits repeated lines), never raised.
    """
    if not channels:
        return
    while not stop.is_set():
        for channel in channels:
            try:
                report = await channel.resend()
            except Exception:  # a bug must not stop the re-sends of the other channels
                log.exception("alertmanager re-send crashed channel=%s", channel.name)
                metrics.am_resends.labels(channel.name, "error").inc()
                continue
            metrics.am_expired.labels(channel.name).inc(report.expired)
            metrics.am_resends.labels(channel.name, "error" if report.error else "ok").inc()
            metrics.am_active.labels(channel.name).set(channel.active_count())
            if report.error:
                log.warning(
                    "alertmanager re-send failed (alerts stay active until endsAt) "
                    "channel=%s error=%s",
                    channel.name,
                    report.error,
                )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)
