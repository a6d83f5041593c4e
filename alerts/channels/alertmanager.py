"""Forward alerts to a Prometheus Alertmanager (``POST <url>/api/v2/alerts``).

Users who already route through Alertmanager get its grouping, silences and inhibition.
A resolved alert is sent with ``endsAt`` set, which resolves it there too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aiohttp
import orjson

from alerts.channels._http import post
from alerts.channels._text import one_line
from alerts.channels.config import AlertmanagerChannelConfig
from alerts.schema import Alert
from flashpoint.netguard import NetGuard

__all__ = ["AlertmanagerChannel", "alertmanager_payload"]


def alertmanager_payload(alert: Alert, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """The postable alerts list (one alert) of the Alertmanager v2 API."""
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
        "startsAt": alert.fired_at.isoformat(),
    }
    if alert.status == "resolved":
        item["endsAt"] = (now or datetime.now(UTC)).isoformat()
    if inc is not None and inc.headlines and inc.headlines[0].url:
        url = inc.headlines[0].url
        if url.startswith(("http://", "https://")):
            item["generatorURL"] = url
    return [item]


class AlertmanagerChannel:
    """POSTs one alert to Alertmanager; raises DeliveryError like the webhook channel."""

    type = "alertmanager"

    def __init__(
        self, config: AlertmanagerChannelConfig, session: aiohttp.ClientSession, guard: NetGuard
    ) -> None:
        self.name = config.name
        self.config = config
        self._session = session
        self._guard = guard

    async def send(self, alert: Alert) -> None:
        await post(
            self._session,
            channel=self.name,
            url=f"{self.config.url}/api/v2/alerts",
            body=orjson.dumps(alertmanager_payload(alert)),
            headers={"Content-Type": "application/json"},
            timeout=self.config.timeout,
            guard=self._guard,
        )

    async def close(self) -> None:
        return None
