"""Reading config files: a YAML document (feeds, rules, channels) with errors that name the file
and line, and a secret held in a file (a ``*_FILE`` variable, a channel's ``*_file``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from flashpoint.core.errors import ConfigError, UnreadableConfigError

__all__ = ["load_yaml", "read_secret_file"]


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


def read_secret_file(
    path: str | Path, *, file: str, where: str | None = None, field: str | None = None
) -> str:
    """The secret held in ``path`` (``~`` expanded), without surrounding white space (a
    mounted secret usually ends with a newline). A file that cannot be read is an
    :class:`UnreadableConfigError` naming ``file``, ``where`` and ``field`` (where the path
    was given), never the secret."""
    try:
        return Path(path).expanduser().read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise UnreadableConfigError(
            f"cannot read secret file {path}: {exc.strerror or exc}",
            file=file,
            where=where,
            field=field,
        ) from exc
