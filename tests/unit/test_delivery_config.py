"""The channels file: validation, errors naming file/channel/field, secrets kept secret."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alerts.channels.config import (
    EmailChannelConfig,
    WebhookChannelConfig,
    load_channels,
    parse_channels,
)
from flashpoint.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
SECRET = "whsec_" + base64.b64encode(os.urandom(24)).decode()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "channels.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_file_loads(tmp_path: Path) -> None:
    secret_file = tmp_path / "hook.secret"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    path = write(
        tmp_path,
        f"""
channels:
  hook:
    type: webhook
    url: https://hooks.example.org/x
    secret_file: {secret_file}
  slack:
    type: webhook
    url: https://hooks.slack.com/services/T/B/X
    format: slack
  mail:
    type: email
    host: smtp.example.org
    security: tls
    username: u
    password_env: PW
    from: "Flashpoint <a@example.org>"
    to: b@example.org
  events: {{type: kafka}}
  am: {{type: alertmanager, url: "http://am:9093/"}}
""",
    )
    cfg = load_channels(path, environ={"PW": "pw"})
    hook = cfg.channels["hook"]
    assert isinstance(hook, WebhookChannelConfig)
    assert [s.get_secret_value() for s in hook.secrets] == [SECRET]
    assert hook.timeout == 15.0
    mail = cfg.channels["mail"]
    assert isinstance(mail, EmailChannelConfig)
    assert mail.effective_port == 465 and mail.to == ("b@example.org",)
    assert mail.password is not None and mail.password.get_secret_value() == "pw"
    assert cfg.channels["am"].url == "http://am:9093"  # type: ignore[union-attr]
    dump = cfg.model_dump_json() + repr(cfg)
    assert SECRET not in dump and "pw" not in dump.replace("password", "")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("hook: {type: webhook, url: 'ftp://x', secret_env: S}", "url"),
        ("hook: {type: webhook, url: 'file:///etc/passwd', secret_env: S}", "url"),
        ("hook: {type: webhook, url: 'https://x', secret_env: S, timeout: -1}", "timeout"),
        ("hook: {type: webhook, url: 'https://x', secret_env: S, format: xml}", "format"),
        ("hook: {type: webhook, url: 'https://x'}", "secret_env"),
        ("hook: {type: webhook, url: 'https://x', secret_env: MISSING}", "secret_env"),
        ("hook: {type: webhook, url: 'https://x', secret_env: BAD}", "secret_env"),
        ("hook: {type: webhook, url: 'https://x', secret_file: /nonexistent/s}", "secret_file"),
        ("hook: {type: webhook, url: 'https://x', secrets: [x]}", "secrets"),
        ("mail: {type: email, host: h, to: [nobody]}", "to.0"),
        ("mail: {type: email, host: h, to: [a@example.org, desk@localhost]}", "to.1"),
        ("mail: {type: email, host: h, to: ['a b@example.org']}", "to.0"),
        ("mail: {type: email, host: h, to: [ops@flashpoint.test]}", "to.0"),
        ("mail: {type: email, host: h, to: []}", "to"),
        ("mail: {type: email, host: h, to: [a@b.c], security: ssl}", "security"),
        ("mail: {type: email, host: h, to: [a@b.c], username: u}", "password_env"),
        ("mail: {type: email, host: h, to: [a@b.c], colour: red}", "colour"),
        ("k: {type: kafka, topic: 'bad topic'}", "topic"),
        ("x: {type: pigeon}", "type"),
        ("x: {url: 'https://x'}", "type"),
    ],
)
def test_errors_name_file_channel_and_field(tmp_path: Path, body: str, field: str) -> None:
    where = body.split(":", 1)[0]  # the error is about the one channel the body defines
    path = write(tmp_path, "channels:\n  " + body + "\n")
    with pytest.raises(ConfigError) as info:
        load_channels(path, environ={"S": SECRET, "BAD": "whsec_tooshort"})
    err = info.value
    assert (err.file, err.where, err.field) == (str(path), where, field)
    assert str(err).startswith(f"{path}: {where}: {field}: ")
    assert "tooshort" not in str(err)


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_channels(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_channels(write(tmp_path, "channels: [\n"))
    with pytest.raises(ConfigError, match="unknown top-level"):
        load_channels(write(tmp_path, "chanels: {}\n"))
    with pytest.raises(ConfigError) as info:
        load_channels(write(tmp_path, "channels:\n  'bad name!': {type: kafka}\n"))
    assert info.value.where == "bad name!"


def test_rotation_secrets_from_list_and_space_separated() -> None:
    other = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    cfg = parse_channels(
        {"channels": {"h": {"type": "webhook", "url": "https://x", "secret_env": ["A", "B"]}}},
        environ={"A": SECRET, "B": f"{other} {SECRET}"},
    )
    hook = cfg.channels["h"]
    assert isinstance(hook, WebhookChannelConfig)
    assert len(hook.secrets) == 3


def test_bundled_channels_file_is_valid() -> None:
    cfg = load_channels(ROOT / "deploy" / "channels.yaml", environ={})
    assert "events" in cfg


def test_cli_check_reports_bad_file_in_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "channels:\n  hook: {type: webhook, url: 'gopher://x'}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint", "deliver", "--check", "--channels", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert f"{path}: hook: url:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_email_recipients_are_checked_by_email_validator(tmp_path: Path) -> None:
    """Internationalised addresses pass; a display name is dropped, keeping the address."""
    path = write(
        tmp_path,
        "channels:\n  mail: {type: email, host: h, to: ['d\u00e9sk@exampl\u00e9.org',"
        " 'Desk <desk@example.org>']}\n",
    )
    mail = load_channels(path, environ={}).channels["mail"]
    assert isinstance(mail, EmailChannelConfig)
    assert mail.to == ("d\u00e9sk@exampl\u00e9.org", "desk@example.org")
    with pytest.raises(ConfigError, match="should have a period"):
        load_channels(write(tmp_path, "channels:\n  m: {type: email, host: h, to: [a@b]}\n"))
