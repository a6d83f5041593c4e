"""Reading a YAML config file (feeds, rules, channels) with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flashpoint.core.errors import ConfigError, UnreadableConfigError

__all__ = ["load_yaml"]


def load_yaml(path: str | Path) -> Any:
    """The parsed document of ``path``; a missing file is an
    :class:`UnreadableConfigError`, bad YAML a :class:`ConfigError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise UnreadableConfigError(f"cannot read: {exc.strerror or exc}", file=str(p)) from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise ConfigError(
            f"invalid YAML: {getattr(exc, 'problem', exc)}", file=str(p), where=where
        ) from exc
