"""One settings object for every process, validated at start-up.

Sections map to environment variables ``FLASHPOINT_<SECTION>__<FIELD>``; for example
``FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS=10.0.0.5:9092`` or ``FLASHPOINT_WORKER__WEB_PORT=6067``.
Any variable may instead be given as ``<NAME>_FILE`` holding a path whose content is the value
(for secrets mounted as files). ``dump()`` masks secrets.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from flashpoint.errors import ConfigError
from flashpoint.kafkaconf import KafkaSettings
from streams.settings import WorkerSettings

__all__ = ["ENV_PREFIX", "Settings", "load_settings"]

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
    worker: WorkerSettings = WorkerSettings()

    def dump(self) -> dict[str, Any]:
        """The settings as JSON-able data; secrets (``SecretStr``) are masked."""
        return self.model_dump(mode="json")


def _apply_file_variables(environ: dict[str, str]) -> dict[str, str]:
    """Resolve ``FLASHPOINT_..._FILE`` variables into their plain counterparts."""
    resolved = dict(environ)
    for name, path in environ.items():
        if name.startswith(ENV_PREFIX) and name.endswith("_FILE"):
            target = name[: -len("_FILE")]
            try:
                resolved[target] = Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"cannot read {path}: {exc.strerror}", file="environment", field=name
                ) from exc
    return resolved


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment (and ``*_FILE`` variables), then apply overrides.

    Raises :class:`ConfigError` naming the offending variable.
    """
    env = _apply_file_variables(dict(os.environ))
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "__".join(str(p) for p in err["loc"])
        raise ConfigError(
            err["msg"], file="environment", field=f"{ENV_PREFIX}{loc.upper()}"
        ) from exc
    finally:
        os.environ.clear()
        os.environ.update(saved)
