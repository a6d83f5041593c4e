"""One settings object for every process, validated at start-up.

Sections map to environment variables ``FLASHPOINT_<SECTION>__<FIELD>``; for example
``FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS=10.0.0.5:9092`` or ``FLASHPOINT_WORKER__WEB_PORT=6067``.
Any variable may instead be given as ``<NAME>_FILE`` holding a path whose content is the value
(for secrets mounted as files): :class:`FlashpointSettings`, the base of every settings object
read from the environment, does that for every section. ``dump()`` masks secrets.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from alerts.settings import DeliverySettings
from flashpoint.core.configfile import read_secret_file
from flashpoint.core.errors import ConfigError
from flashpoint.core.health import HealthSettings
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.logformat import LogSettings
from producers.settings import ProducerSettings
from streams.settings import WorkerSettings

__all__ = ["ENV_PREFIX", "FlashpointSettings", "Settings", "load_log_settings", "load_settings"]

ENV_PREFIX = "FLASHPOINT_"


class _WithFileVariables(PydanticBaseSettingsSource):
    """The environment source, with the value of each ``<VARIABLE>_FILE`` variable read from its
    file (:func:`_file_values`) in place of the plain variable, and the ``_FILE`` variable itself
    taken out (a section that forbids unknown keys would refuse it)."""

    def __init__(self, settings_cls: type[BaseSettings], env: PydanticBaseSettingsSource) -> None:
        super().__init__(settings_cls)
        self.env = env

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ reads every section at once

    def __call__(self) -> dict[str, Any]:
        data = self.env()
        for section, values in _file_values(os.environ, self.settings_cls).items():
            current = data.get(section)
            merged = dict(current) if isinstance(current, dict) else {}
            for field, value in values.items():
                merged.pop(f"{field}_file", None)
                merged[field] = value
            data[section] = merged
        return data


class FlashpointSettings(BaseSettings):
    """The base of every settings object read from ``FLASHPOINT_<SECTION>__<FIELD>`` variables:
    one prefix, one delimiter, frozen, and the ``*_FILE`` variant of every field's variable."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        frozen=True,
        extra="ignore",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            _WithFileVariables(settings_cls, env_settings),
            dotenv_settings,
            file_secret_settings,
        )


class Settings(FlashpointSettings):
    """All of Flashpoint's settings (see docs/configuration.md for every option)."""

    kafka: KafkaSettings = KafkaSettings()
    producer: ProducerSettings = ProducerSettings()
    worker: WorkerSettings = WorkerSettings()
    delivery: DeliverySettings = DeliverySettings()
    health: HealthSettings = HealthSettings()
    log: LogSettings = LogSettings()

    def dump(self) -> dict[str, Any]:
        """The settings as JSON-able data; secrets (``SecretStr``) are masked."""
        return self.model_dump(mode="json")


def _field_variables(settings_cls: type[BaseSettings]) -> set[str]:
    """The environment variable of every field of ``settings_cls``'s sections."""
    names = set()
    for section, info in settings_cls.model_fields.items():
        model = info.annotation
        for field in getattr(model, "model_fields", {}):
            names.add(f"{ENV_PREFIX}{section}__{field}".upper())
    return names


def _file_values(
    environ: Mapping[str, str], settings_cls: type[BaseSettings]
) -> dict[str, dict[str, str]]:
    """Values of ``<VARIABLE>_FILE`` variables, by section and field, for the fields of
    ``settings_cls``'s sections.

    A variable that is itself a field (``FLASHPOINT_PRODUCER__FEEDS_FILE``) is left alone.
    """
    fields = _field_variables(settings_cls)
    values: dict[str, dict[str, str]] = {}
    for name, path in environ.items():
        if not name.endswith("_FILE") or name in fields:
            continue
        target = name[: -len("_FILE")]
        if target not in fields:
            continue
        value = read_secret_file(path, file="environment", field=name)
        section, _, field = target[len(ENV_PREFIX) :].lower().partition("__")
        values.setdefault(section, {})[field] = value
    return values


def _json_error(environ: Mapping[str, str], exc: SettingsError) -> ConfigError:
    """The variable behind a SettingsError: a list or mapping field must be given as JSON.

    pydantic-settings only names the section; find the variable whose value is not JSON.
    """
    fields = _field_variables(Settings)
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
    try:
        return Settings()
    except SettingsError as exc:
        raise _json_error(os.environ, exc) from exc
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "__".join(str(p) for p in err["loc"])
        raise ConfigError(
            err["msg"], file="environment", field=f"{ENV_PREFIX}{loc.upper()}"
        ) from exc


class _LogOnly(FlashpointSettings):
    """The ``log`` section alone: logging is set up before a command reads its settings, and
    a bad value elsewhere must still be reported in the configured format."""

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
