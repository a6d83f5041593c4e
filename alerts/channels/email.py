"""Alert e-mails over SMTP (aiosmtplib): multipart text + HTML, threaded per incident.

- Bodies come from jinja2 templates (``alerts/templates``); the HTML one is rendered with
  autoescape on, because headlines and summaries are feed text and feed text is hostile.
- ``Message-ID`` is derived from the alert id (the same on every retry), and
  ``In-Reply-To``/``References`` point at a per-incident thread id, so mail clients thread all
  alerts of one incident together.
- ``Auto-Submitted: auto-generated`` keeps auto-responders quiet.
"""

from __future__ import annotations

import email.utils
import hashlib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import jinja2

from alerts.channels._text import one_line, place_label, subject_line
from alerts.channels.config import EmailChannelConfig
from alerts.errors import DeliveryError
from alerts.schema import Alert

__all__ = ["EmailChannel", "build_message", "message_domain", "render_bodies", "thread_id"]

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("alerts", "templates"),
    # Every *.html.j2 template is escaped; the plain-text one is not HTML.
    autoescape=jinja2.select_autoescape(
        enabled_extensions=("html.j2", "html"), default_for_string=True, default=False
    ),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def message_domain(config: EmailChannelConfig) -> str:
    """The right-hand side of our Message-IDs: the From address's domain."""
    _, addr = email.utils.parseaddr(config.from_)
    domain = addr.rpartition("@")[2].strip().lower()
    return domain or "flashpoint.invalid"


def thread_id(alert: Alert, domain: str) -> str | None:
    """The Message-ID every alert of the alert's incident refers to, or None without one."""
    key = alert.incident.id if alert.incident is not None else ""
    if not key:
        return None
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<incident.{digest}@{domain}>"


def _headline_rows(alert: Alert) -> list[dict[str, Any]]:
    if alert.incident is None:
        return []
    rows = []
    for h in alert.incident.headlines[:10]:
        url = h.url if h.url and h.url.lower().startswith(("http://", "https://")) else None
        rows.append(
            {
                "title": one_line(h.title, 300),
                "url": url,
                "safe_url": url,
                "source": one_line(h.source, 100) if h.source else None,
            }
        )
    return rows


def render_bodies(alert: Alert) -> tuple[str, str]:
    """The text and HTML bodies of one alert."""
    context = {
        "alert": alert,
        "inc": alert.incident,
        "place": place_label(alert),
        "subject": subject_line(alert),
        "headlines": _headline_rows(alert),
    }
    text = _ENV.get_template("email.txt.j2").render(context)
    html = _ENV.get_template("email.html.j2").render(context)
    return text, html


def build_message(
    alert: Alert, config: EmailChannelConfig, *, sent_at: datetime | None = None
) -> EmailMessage:
    """The complete message: headers, text part and HTML alternative.

    ``Date:`` is the time of sending (``sent_at``, default now), as RFC 5322 means it: a mail
    sent again after a retry or a replay sorts where it arrives. When the alert fired is in
    the body and in its own header, ``X-Flashpoint-Fired-At``.
    """
    domain = message_domain(config)
    msg = EmailMessage()
    msg["Subject"] = subject_line(alert)
    msg["From"] = config.from_
    msg["To"] = ", ".join(config.to)
    msg["Date"] = email.utils.format_datetime(sent_at or datetime.now(UTC))
    msg["Message-ID"] = f"<{alert.id}@{domain}>"
    root = thread_id(alert, domain)
    if root is not None:
        msg["In-Reply-To"] = root
        msg["References"] = root
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Flashpoint-Alert-Id"] = alert.id
    msg["X-Flashpoint-Rule"] = one_line(alert.rule, 100)
    msg["X-Flashpoint-Severity"] = alert.severity
    msg["X-Flashpoint-Fired-At"] = alert.fired_at.isoformat()
    text, html = render_bodies(alert)
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def _smtp_error(channel: str, exc: Exception) -> DeliveryError:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [e.code for e in exc.recipients]
        retryable = any(400 <= c < 500 for c in codes)
        return DeliveryError(
            f"recipients refused: {', '.join(str(c) for c in codes)}",
            channel=channel,
            retryable=retryable,
            kind="smtp",
            status=codes[0] if codes else None,
        )
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        retryable = 400 <= exc.code < 500
        return DeliveryError(
            f"SMTP {exc.code}: {one_line(exc.message, 200)}",
            channel=channel,
            retryable=retryable,
            kind="smtp",
            status=exc.code,
        )
    if isinstance(exc, aiosmtplib.SMTPTimeoutError | TimeoutError):
        return DeliveryError("SMTP timeout", channel=channel, retryable=True, kind="timeout")
    if isinstance(exc, aiosmtplib.SMTPConnectError | aiosmtplib.SMTPServerDisconnected | OSError):
        return DeliveryError(
            f"cannot talk to the SMTP server: {exc}",
            channel=channel,
            retryable=True,
            kind="connection",
        )
    return DeliveryError(f"SMTP error: {exc}", channel=channel, retryable=True, kind="smtp")


class EmailChannel:
    """Sends one alert mail to the channel's recipients."""

    type = "email"

    def __init__(
        self,
        config: EmailChannelConfig,
        *,
        tls_context: ssl.SSLContext | None = None,
        clock: Callable[[], datetime] | None = None,
    ):
        self.name = config.name
        self.config = config
        self._tls_context = tls_context
        self._clock = clock or (lambda: datetime.now(UTC))

    async def send(self, alert: Alert) -> None:
        cfg = self.config
        msg = build_message(alert, cfg, sent_at=self._clock())
        _, sender = email.utils.parseaddr(cfg.from_)
        try:
            await aiosmtplib.send(
                msg,
                sender=sender or None,
                recipients=list(cfg.to),
                hostname=cfg.host,
                port=cfg.effective_port,
                username=cfg.username,
                password=cfg.password.get_secret_value() if cfg.password else None,
                use_tls=cfg.security == "tls",
                start_tls=cfg.security == "starttls",
                validate_certs=cfg.validate_certs,
                tls_context=self._tls_context,
                timeout=cfg.timeout,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise _smtp_error(self.name, exc) from exc

    async def close(self) -> None:
        return None
