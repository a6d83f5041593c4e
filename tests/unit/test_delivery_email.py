"""E-mail delivery against a real SMTP server (aiosmtpd) on loopback.

Checks the headers, both MIME parts, per-incident threading, escaping of hostile feed
text, STARTTLS with AUTH, and how SMTP errors are classified.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from alerts.channels.config import EmailChannelConfig, parse_channels
from alerts.channels.email import EmailChannel, build_message
from alerts.errors import DeliveryError
from alerts.schema import Alert, Headline
from tests.ports import free_port
from tests.support.reports import ganja_incident

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> Strike & <b>"ruins"</b>'


def make_alert(n: int, incident: str = "inc-ganja-1", severity: str = "critical") -> Alert:
    return Alert(
        id=f"al_mail{n:04d}",
        rule="casualties-rising",
        severity=severity,
        fired_at=datetime(2020, 10, 11, 1, 0, tzinfo=UTC),
        created_at=datetime(2020, 10, 11, 1, 0, 5, tzinfo=UTC),
        title=f"Toll rises in Ganja\r\nBcc: victim@example.org {n}",
        summary=HOSTILE,
        value=12,
        threshold=10,
        channels=("mail",),
        incident=ganja_incident(
            incident,
            wounded=40,
            sources=("Example Wire",),
            headlines=(
                Headline(title=HOSTILE, url="https://example.org/ganja", source="<i>Src</i>"),
                Headline(title="Second report", url="javascript:alert(1)"),
            ),
        ),
    )


class Sink:
    def __init__(self, reply: str | None = None) -> None:
        self.messages: list[tuple[Any, EmailMessage]] = []
        self.reply = reply
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reply:
            return self.reply
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope, msg))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login, auth_data.password))
        ok = auth_data.login == b"flash" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)


@pytest.fixture
def smtp() -> Iterator[tuple[Sink, int]]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def channel(port: int, *, clock: Any = None, **extra: Any) -> EmailChannel:
    body = {
        "type": "email",
        "host": "127.0.0.1",
        "port": port,
        "security": "plain",
        "from": "Flashpoint <alerts@flash.example>",
        "to": ["desk@example.org", "duty@example.org"],
        "timeout": 10,
        **extra,
    }
    cfg = parse_channels({"channels": {"mail": body}}, environ={"SMTP_PW": "s3cret"})
    mail = cfg.channels["mail"]
    assert isinstance(mail, EmailChannelConfig)
    return EmailChannel(mail, clock=clock)


async def test_headers_parts_and_escaping(smtp: tuple[Sink, int]) -> None:
    sink, port = smtp
    await channel(port).send(make_alert(1))
    ((envelope, msg),) = sink.messages
    assert envelope.mail_from == "alerts@flash.example"
    assert sorted(envelope.rcpt_tos) == ["desk@example.org", "duty@example.org"]
    subject = msg["Subject"]
    assert subject.startswith("[CRITICAL] casualties-rising: Ganja, AZ: Toll rises in Ganja")
    assert "\n" not in subject and "\r" not in subject
    assert msg["Bcc"] is None  # no header injection through the title
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Message-ID"] == "<al_mail0001@flash.example>"
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    html = msg.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "Killed:     12" in text and "https://example.org/ganja" in text
    assert HOSTILE in text  # plain text carries the feed text verbatim
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;i&gt;Src&lt;/i&gt;" in html
    assert 'href="https://example.org/ganja"' in html
    assert "javascript:" not in html


async def test_alerts_of_one_incident_thread_together(smtp: tuple[Sink, int]) -> None:
    sink, port = smtp
    ch = channel(port)
    await ch.send(make_alert(1))
    await ch.send(make_alert(2, severity="warning"))
    await ch.send(make_alert(3, incident="inc-other"))
    (_, a), (_, b), (_, c) = sink.messages
    assert a["Message-ID"] != b["Message-ID"]
    assert a["References"] == b["References"] == a["In-Reply-To"] == b["In-Reply-To"]
    assert a["References"].startswith("<incident.") and a["References"].endswith("@flash.example>")
    assert c["References"] != a["References"]


async def test_date_is_the_time_of_sending(smtp: tuple[Sink, int]) -> None:
    """A mail sent a day after the alert fired (a retry, a replay) is dated when it is sent;
    the firing time stays in its own header."""
    sink, port = smtp
    sent = datetime(2020, 10, 12, 9, 30, 15, tzinfo=UTC)
    await channel(port, clock=lambda: sent).send(make_alert(1))
    ((_, msg),) = sink.messages
    assert email.utils.parsedate_to_datetime(msg["Date"]) == sent
    assert msg["X-Flashpoint-Fired-At"] == "2020-10-11T01:00:00+00:00"


def test_message_id_is_stable_across_retries() -> None:
    ch = channel(25)
    first = build_message(make_alert(7), ch.config)
    second = build_message(make_alert(7), ch.config)
    assert first["Message-ID"] == second["Message-ID"]


async def test_smtp_errors_are_classified() -> None:
    for reply, retryable in (("451 4.3.0 try later", True), ("554 5.7.1 rejected", False)):
        sink = Sink(reply=reply)
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with pytest.raises(DeliveryError) as info:
                await channel(port).send(make_alert(1))
        finally:
            controller.stop()
        assert info.value.retryable is retryable
        assert info.value.status == int(reply[:3])


async def test_connection_refused_is_retryable() -> None:
    with pytest.raises(DeliveryError) as info:
        await channel(free_port()).send(make_alert(1))
    assert info.value.retryable and info.value.kind in ("connection", "timeout")


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    assert shutil.which("openssl"), "openssl makes the test certificate: make system-deps"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


async def test_starttls_and_auth(tls_files: tuple[Path, Path]) -> None:
    cert, key = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    sink = Sink()
    port = free_port()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=port,
        tls_context=server_ctx,
        require_starttls=True,
        authenticator=sink.authenticate,
        auth_require_tls=True,
    )
    controller.start()
    try:
        cfg = channel(port, security="starttls", username="flash", password_env="SMTP_PW").config
        client_ctx = ssl.create_default_context(cafile=str(cert))
        await EmailChannel(cfg, tls_context=client_ctx).send(make_alert(1))
        bad = cfg.model_copy(update={"password": None, "username": None})
        with pytest.raises(DeliveryError):
            # the server requires AUTH? no: it requires TLS; a plain client is refused
            await EmailChannel(bad.model_copy(update={"security": "plain"})).send(make_alert(2))
    finally:
        controller.stop()
    assert sink.logins == [(b"flash", b"s3cret")]
    assert len(sink.messages) == 1
