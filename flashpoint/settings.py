"""One settings object for every process, validated at start-up.

Sections map to environment variables ``FLASHPOINT_<SECTION>__<FIELD>``; for example
``FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS=10.0.0.5:9092`` or ``FLASHPOINT_WORKER__WEB_PORT=6067``.
Any variable may instead be given as ``<NAME>_FILE`` holding a path whose content is the value
(for secrets mounted as files). ``dump()`` masks secrets.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from alerts.settings import DeliverySettings
from flashpoint.core.errors import ConfigError, UnreadableConfigError
from flashpoint.core.health import HealthSettings
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.logformat import LogSettings
from producers.settings import ProducerSettings
from streams.settings import WorkerSettings

__all__ = ["ENV_PREFIX", "Settings", "load_log_settings", "load_settings"]

ENV_PREFIX = "FLASHPOINT_"


class Settings(BaseSettings):
    """All of Flashpoint's settings (see docs/configuration.md for every option)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        frozen=True,
        extra="ignore",
    )

    kafka: KafkaSettings = KafkaSettings()
    producer: ProducerSettings = ProducerSettings()
    worker: WorkerSettings = WorkerSettings()
    delivery: DeliverySettings = DeliverySettings()
    health: HealthSettings = HealthSettings()
    log: LogSettings = LogSettings()

    def dump(self) -> dict[str, Any]:
        """The settings as JSON-able data; secrets (``SecretStr``) are masked."""
        return self.model_dump(mode="json")


def _field_variables() -> set[str]:
    """The environment variable of every settings field."""
    names = set()
    for section, info in Settings.model_fields.items():
        model = info.annotation
        for field in getattr(model, "model_fields", {}):
            names.add(f"{ENV_PREFIX}{section}__{field}".upper())
    return names


def _file_values(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Values of ``<VARIABLE>_FILE`` variables, by section and field, for settings fields.

    A variable that is itself a field (``FLASHPOINT_PRODUCER__FEEDS_FILE``) is left alone.
    """
    fields = _field_variables()
    values: dict[str, dict[str, str]] = {}
    for name, path in environ.items():
        if not name.endswith("_FILE") or name in fields:
            continue
        target = name[: -len("_FILE")]
        if target not in fields:
            continue
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise UnreadableConfigError(
                f"cannot read {path}: {exc.strerror}", file="environment", field=name
            ) from exc
        section, _, field = target[len(ENV_PREFIX) :].lower().partition("__")
        values.setdefault(section, {})[field] = value
    return values


def _json_error(environ: Mapping[str, str], exc: SettingsError) -> ConfigError:
    """The variable behind a SettingsError: a list or mapping field must be given as JSON.

    pydantic-settings only names the section; find the variable whose value is not JSON.
    """
    fields = _field_variables()
    for name, value in sorted(environ.items()):
        if name.upper() not in fields:
            continue
        section, _, field = name.upper()[len(ENV_PREFIX) :].lower().partition("__")
        model = Settings.model_fields[section].annotation
        info = getattr(model, "model_fields", {}).get(field)
        shape = getattr(getattr(info, "annotation", None), "__origin__", None)
        if shape not in (tuple, list, dict, set, frozenset):
            continue
        try:
            json.loads(value)
        except ValueError as err:
            example = '{"key": "value"}' if shape is dict else '["127.0.0.1", "10.0.0.0/8"]'
            return ConfigError(
                f"not valid JSON ({err.args[0].split(':')[0]}); give a JSON "
                f"{'object' if shape is dict else 'list'} such as {example}",
                file="environment",
                field=name,
            )
    return ConfigError(str(exc), file="environment")


def load_settings() -> Settings:
    """Read the settings from the environment (and ``*_FILE`` variables).

    Raises :class:`ConfigError` naming the offending variable.
    """
    # Values from files enter as init arguments, which pydantic-settings merges, section by
    # section, over what the environment gives.
    values: dict[str, Any] = dict(_file_values(os.environ))
    try:
        return Settings(**values)
    except SettingsError as exc:
        raise _json_error(os.environ, exc) from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "__".join(str(p) for p in err["loc"])
        raise ConfigError(
            err["msg"], file="environment", field=f"{ENV_PREFIX}{loc.upper()}"
        ) from exc


class _LogOnly(BaseSettings):
    """The ``log`` section alone: logging is set up before a command reads its settings, and
    a bad value elsewhere must still be reported in the configured format."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", frozen=True, extra="ignore"
    )

    log: LogSettings = LogSettings()


def load_log_settings() -> LogSettings:
    """The ``log`` section from the environment; a bad value is a :class:`ConfigError`."""
    try:
        return _LogOnly().log
    except (ValidationError, SettingsError) as exc:
        field = f"{ENV_PREFIX}LOG__FORMAT"
        message = str(exc)
        if isinstance(exc, ValidationError):
            err = exc.errors()[0]
            field = f"{ENV_PREFIX}{'__'.join(str(p) for p in err['loc']).upper()}"
            message = err["msg"]
        raise ConfigError(message, file="environment", field=field) from exc
