"""Webhooks signed the Standard Webhooks way, or Slack- and Teams-compatible messages.

Headers of every request (https://www.standardwebhooks.com/):

- ``webhook-id``: the alert id, the same on every retry, so receivers can deduplicate;
- ``webhook-timestamp``: Unix seconds of this attempt;
- ``webhook-signature``: ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` keyed with the
  base64-decoded part of each ``whsec_`` secret; several, space-separated, while a key
  rotates. Each signature is made by the reference ``standardwebhooks`` package, the same
  code receivers verify with, so the two cannot drift apart.

The payload schema is documented in docs/webhooks.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import aiohttp
import orjson
from pydantic import SecretStr
from standardwebhooks import Webhook

from alerts.channels._http import HttpChannel
from alerts.channels._text import one_line, place_label, subject_line
from alerts.channels.config import WebhookChannelConfig
from alerts.schema import Alert
from flashpoint.core.netguard import NetGuard

__all__ = [
    "WebhookChannel",
    "sign",
    "signature_header",
    "slack_payload",
    "standard_payload",
    "teams_payload",
]


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """One Standard Webhooks signature, ``v1,<base64>``, for ``whsec_`` ``secret``.

    The secret was checked when the channels loaded (``decode_webhook_secret``: strict base64,
    at least 16 bytes); the library's own decoding is lenient, so that check stays there.
    """
    when = datetime.fromtimestamp(timestamp, tz=UTC)
    return Webhook(secret).sign(msg_id, when, body)


def signature_header(secrets: Sequence[SecretStr], msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: one signature per secret, space-separated."""
    return " ".join(sign(s.get_secret_value(), msg_id, timestamp, body) for s in secrets)


def standard_payload(alert: Alert) -> dict[str, Any]:
    """``{"type": "alert.<status>", "timestamp": ..., "data": <alert>}``."""
    return {
        "type": f"alert.{alert.status}",
        "timestamp": alert.fired_at.isoformat(),
        "data": alert.model_dump(mode="json"),
    }


def _slack_escape(text: str) -> str:
    # Slack mrkdwn treats <...> as links and mentions (<!channel>); escape them.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _facts(alert: Alert) -> list[tuple[str, str]]:
    facts = [("Severity", alert.severity), ("Rule", alert.rule)]
    place = place_label(alert)
    if place:
        facts.append(("Place", place))
    inc = alert.incident
    if inc is not None:
        if inc.killed is not None:
            facts.append(("Killed", str(inc.killed)))
        if inc.wounded is not None:
            facts.append(("Wounded", str(inc.wounded)))
        if inc.lat is not None and inc.lon is not None:
            facts.append(("Coordinates", f"{inc.lat:.4f}, {inc.lon:.4f}"))
        if inc.sources:
            facts.append(("Sources", str(len(inc.sources))))
    facts.append(("Value", f"{alert.value:g} ({alert.aggregation}, threshold {alert.threshold:g})"))
    return facts


def _headlines(alert: Alert, limit: int = 5) -> list[tuple[str, str | None]]:
    if alert.incident is None:
        return []
    return [
        (
            one_line(h.title, 200),
            h.url if h.url and h.url.startswith(("http://", "https://")) else None,
        )
        for h in alert.incident.headlines[:limit]
    ]


def slack_payload(alert: Alert) -> dict[str, Any]:
    """A Slack incoming-webhook message (text fallback plus Block Kit blocks)."""
    title = _slack_escape(subject_line(alert))
    fields = [
        {"type": "mrkdwn", "text": f"*{k}*\n{_slack_escape(one_line(v))}"} for k, v in _facts(alert)
    ]
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": one_line(subject_line(alert), 150)},
        },
        {"type": "section", "fields": fields[:10]},
    ]
    if alert.summary:
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _slack_escape(one_line(alert.summary, 2900))},
            }
        )
    lines = []
    for text, url in _headlines(alert):
        safe = _slack_escape(text).replace("|", "¦")
        lines.append(f"• <{url}|{safe}>" if url else f"• {safe}")
    if lines:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:2900]}}
        )
    return {"text": title, "blocks": blocks}


def teams_payload(alert: Alert) -> dict[str, Any]:
    """A Teams (Workflows / incoming webhook) message holding an Adaptive Card."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": one_line(subject_line(alert), 250),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        },
        {
            "type": "FactSet",
            "facts": [{"title": k, "value": one_line(v)} for k, v in _facts(alert)],
        },
    ]
    if alert.summary:
        body.append({"type": "TextBlock", "text": one_line(alert.summary, 2000), "wrap": True})
    for text, url in _headlines(alert):
        body.append({"type": "TextBlock", "text": text, "wrap": True})
        if url:
            body.append(
                {
                    "type": "ActionSet",
                    "actions": [{"type": "Action.OpenUrl", "title": "Open", "url": url}],
                }
            )
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


_FORMATS: dict[str, Callable[[Alert], dict[str, Any]]] = {
    "standard": standard_payload,
    "slack": slack_payload,
    "teams": teams_payload,
}


class WebhookChannel(HttpChannel[WebhookChannelConfig]):
    """POSTs one alert to one endpoint; raises DeliveryError (see ``alerts.channels._http``)."""

    type = "webhook"

    def __init__(
        self,
        config: WebhookChannelConfig,
        session: aiohttp.ClientSession,
        guard: NetGuard,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(config, session, guard)
        self._clock = clock

    def request(self, alert: Alert) -> tuple[bytes, dict[str, str]]:
        """The body and headers of one attempt (fresh timestamp, same webhook-id)."""
        body = orjson.dumps(_FORMATS[self.config.format](alert))
        timestamp = int(self._clock())
        headers = {
            "Content-Type": "application/json",
            "webhook-id": alert.id,
            "webhook-timestamp": str(timestamp),
        }
        if self.config.secrets:
            headers["webhook-signature"] = signature_header(
                self.config.secrets, alert.id, timestamp, body
            )
        return body, headers

    async def send(self, alert: Alert) -> None:
        body, headers = self.request(alert)
        await self._post(self.config.url, body, headers)
