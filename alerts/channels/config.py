"""The channels config: which endpoints and recipients each channel name stands for.

Rules name channels (``alert.channels``); this file says what the names mean::

    channels:
      desk-webhook:
        type: webhook
        url: https://hooks.example.org/flashpoint
        secret_env: FLASHPOINT_WEBHOOK_SECRET      # or secret_file; a list while keys rotate
      desk-email:
        type: email
        host: smtp.example.org
        to: [desk@example.org]

Secrets never sit in the file: a webhook secret (``whsec_...``) or an SMTP password comes
from an environment variable (``*_env``) or a file (``*_file``), is held as ``SecretStr``
and never appears in a log line or a dump. Errors name the file, the channel and the field.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    SecretStr,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from flashpoint.core.configfile import load_yaml, read_secret_file
from flashpoint.core.errors import ConfigError
from flashpoint.core.urls import http_url_problem

__all__ = [
    "AlertmanagerChannelConfig",
    "ChannelConfig",
    "ChannelsConfig",
    "EmailChannelConfig",
    "KafkaChannelConfig",
    "WebhookChannelConfig",
    "decode_webhook_secret",
    "load_channels",
    "parse_channels",
]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _str_list(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return value


def _http_url(value: str) -> str:
    """``value`` if it is an http(s) URL a channel may use; ValueError saying why not."""
    problem = http_url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def decode_webhook_secret(secret: str) -> bytes:
    """The HMAC key of a ``whsec_<base64>`` secret; ValueError when it is not one."""
    if not secret.startswith("whsec_"):
        raise ValueError("a webhook secret must start with 'whsec_'")
    try:
        key = base64.b64decode(secret[len("whsec_") :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the part after 'whsec_' is not valid base64") from exc
    if len(key) < 16:
        raise ValueError("a webhook secret must hold at least 16 bytes (24 recommended)")
    return key


class _Channel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    name: str = Field(default="", description="The channel name (the key in the file).")


class WebhookChannelConfig(_Channel):
    """An HTTP endpoint receiving signed JSON (Standard Webhooks), or Slack/Teams messages."""

    type: Literal["webhook"]
    url: str = Field(description="http(s) URL the alerts are POSTed to.")
    secret_env: tuple[str, ...] = Field(
        default=(), description="Env var(s) holding whsec_ secrets (several while a key rotates)."
    )
    secret_file: tuple[str, ...] = Field(
        default=(), description="File(s) holding whsec_ secrets, whitespace-separated."
    )
    format: Literal["standard", "slack", "teams"] = Field(
        default="standard", description="Payload format."
    )
    timeout: float = Field(default=15.0, gt=0, le=300, description="Request timeout, seconds.")
    secrets: tuple[SecretStr, ...] = Field(
        default=(),
        exclude=True,
        description="Resolved secrets (filled by the loader, never dumped).",
    )

    _list = field_validator("secret_env", "secret_file", mode="before")(_str_list)

    _url = field_validator("url")(_http_url)


class EmailChannelConfig(_Channel):
    """An SMTP relay and the recipients of the alert mails."""

    type: Literal["email"]
    host: str = Field(description="SMTP server host name.")
    port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="SMTP port (default 587, 465 for tls, 25 for plain).",
    )
    security: Literal["starttls", "tls", "plain"] = Field(
        default="starttls", description="starttls (submission), tls (implicit, smtps) or plain."
    )
    username: str | None = Field(default=None, description="SMTP user for AUTH.")
    password_env: str | None = Field(default=None, description="Env var holding the SMTP password.")
    password_file: str | None = Field(default=None, description="File holding the SMTP password.")
    from_: str = Field(
        default="Flashpoint <flashpoint@localhost>", alias="from", description="From address."
    )
    # EmailStr (email-validator): RFC 5321/6531 syntax, internationalised addresses, a domain
    # with a dot and not a special-use name (.test, .localhost, ...); "Name <addr>" keeps addr.
    to: tuple[EmailStr, ...] = Field(min_length=1, description="Recipients.")
    timeout: float = Field(default=30.0, gt=0, le=300, description="SMTP timeout, seconds.")
    validate_certs: bool = Field(default=True, description="Check the server's TLS certificate.")
    password: SecretStr | None = Field(default=None, exclude=True, description="Resolved password.")

    _list = field_validator("to", mode="before")(_str_list)

    @property
    def effective_port(self) -> int:
        if self.port is not None:
            return self.port
        return {"starttls": 587, "tls": 465, "plain": 25}[self.security]


class KafkaChannelConfig(_Channel):
    """Alerts as CloudEvents 1.0 structured JSON on a Kafka topic, for subscribers."""

    type: Literal["kafka"]
    topic: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Topic (default: KafkaSettings.events_topic).",
    )


class AlertmanagerChannelConfig(_Channel):
    """A Prometheus Alertmanager: alerts are POSTed to <url>/api/v2/alerts."""

    type: Literal["alertmanager"]
    url: str = Field(description="Alertmanager base URL, e.g. http://alertmanager:9093.")
    timeout: float = Field(default=15.0, gt=0, le=300, description="Request timeout, seconds.")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value).rstrip("/")


ChannelConfig = Annotated[
    WebhookChannelConfig | EmailChannelConfig | KafkaChannelConfig | AlertmanagerChannelConfig,
    Field(discriminator="type"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(ChannelConfig)


class ChannelsConfig(BaseModel):
    """Every configured channel by name."""

    model_config = ConfigDict(frozen=True)

    channels: dict[str, ChannelConfig] = Field(default_factory=dict)
    source: str = Field(default="<memory>", description="The file it was read from.")

    def get(self, name: str) -> ChannelConfig | None:
        return self.channels.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self.channels


def _resolve_webhook(
    ch: WebhookChannelConfig, *, file: str, env: Mapping[str, str]
) -> WebhookChannelConfig:
    values: list[str] = []
    for var in ch.secret_env:
        raw = env.get(var)
        if raw is None or not raw.strip():
            raise ConfigError(
                f"environment variable {var} is not set",
                file=file,
                where=ch.name,
                field="secret_env",
            )
        values.extend(raw.split())
    for path in ch.secret_file:
        raw = read_secret_file(path, file=file, where=ch.name, field="secret_file")
        if not raw:
            raise ConfigError(
                f"secret file {path} is empty", file=file, where=ch.name, field="secret_file"
            )
        values.extend(raw.split())
    for value in values:
        try:
            decode_webhook_secret(value)
        except ValueError as exc:
            field = "secret_env" if ch.secret_env else "secret_file"
            # The message never quotes the secret itself.
            raise ConfigError(str(exc), file=file, where=ch.name, field=field) from None
    if not values and ch.format == "standard":
        raise ConfigError(
            "a standard webhook must be signed: set secret_env or secret_file",
            file=file,
            where=ch.name,
            field="secret_env",
        )
    return ch.model_copy(update={"secrets": tuple(SecretStr(v) for v in values)})


def _resolve_email(
    ch: EmailChannelConfig, *, file: str, env: Mapping[str, str]
) -> EmailChannelConfig:
    password: str | None = None
    if ch.password_env and ch.password_file:
        raise ConfigError(
            "set password_env or password_file, not both",
            file=file,
            where=ch.name,
            field="password_env",
        )
    if ch.password_env:
        password = env.get(ch.password_env)
        if password is None:
            raise ConfigError(
                f"environment variable {ch.password_env} is not set",
                file=file,
                where=ch.name,
                field="password_env",
            )
    elif ch.password_file:
        password = read_secret_file(
            ch.password_file, file=file, where=ch.name, field="password_file"
        )
    if password is not None and not ch.username:
        raise ConfigError("a password needs a username", file=file, where=ch.name, field="username")
    if ch.username and password is None:
        raise ConfigError(
            "a username needs password_env or password_file",
            file=file,
            where=ch.name,
            field="password_env",
        )
    return ch.model_copy(update={"password": SecretStr(password) if password is not None else None})


def parse_channels(
    data: Any, *, file: str = "<memory>", environ: Mapping[str, str] | None = None
) -> ChannelsConfig:
    """Validate a parsed channels document; secrets are read from ``environ`` (default os.environ).

    Raises ConfigError naming the file, the channel and the field.
    """
    env = os.environ if environ is None else environ
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping with a 'channels' key", file=file)
    unknown = set(data) - {"channels"}
    if unknown:
        raise ConfigError(f"unknown top-level key(s): {', '.join(sorted(unknown))}", file=file)
    raw = data.get("channels") or {}
    if not isinstance(raw, dict):
        raise ConfigError("'channels' must be a mapping of name to channel", file=file)
    channels: dict[str, Any] = {}
    for name, body in raw.items():
        name = str(name)
        if not _NAME.match(name):
            raise ConfigError(
                "channel names use letters, digits, '.', '_' and '-' (64 at most)",
                file=file,
                where=name,
            )
        if not isinstance(body, dict):
            raise ConfigError("expected a mapping", file=file, where=name)
        if "secrets" in body or "password" in body:
            raise ConfigError(
                "secrets do not belong in the file: use *_env or *_file",
                file=file,
                where=name,
                field="secrets" if "secrets" in body else "password",
            )
        try:
            ch = _ADAPTER.validate_python({**body, "name": name})
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [str(p) for p in err["loc"]]
            # The first element of the location is the union tag (the channel type).
            if loc and loc[0] in {"webhook", "email", "kafka", "alertmanager"}:
                loc = loc[1:]
            field = ".".join(loc) if loc else "type"
            raise ConfigError(err["msg"], file=file, where=name, field=field) from None
        if isinstance(ch, WebhookChannelConfig):
            ch = _resolve_webhook(ch, file=file, env=env)
        elif isinstance(ch, EmailChannelConfig):
            ch = _resolve_email(ch, file=file, env=env)
        channels[name] = ch
    return ChannelsConfig(channels=channels, source=file)


def load_channels(path: str | Path, *, environ: Mapping[str, str] | None = None) -> ChannelsConfig:
    """Read and validate a channels YAML file (see the module docstring for the shape)."""
    file = str(path)
    data = load_yaml(path)
    return parse_channels(data, file=file, environ=environ)
