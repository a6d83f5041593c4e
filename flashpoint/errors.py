"""The root exception. Each package defines narrow subclasses carrying structured attributes."""

from __future__ import annotations

__all__ = ["ConfigError", "FlashpointError"]


class FlashpointError(Exception):
    """Root of every error Flashpoint raises on purpose.

    The CLI prints ``str(err)`` as one line and exits non-zero; a traceback is shown only
    with ``--debug``.
    """

    exit_code: int = 1


class ConfigError(FlashpointError):
    """A configuration file or setting is invalid.

    ``file`` names the file (or ``"environment"``), ``where`` the entry (a feed, a rule, a
    channel) and ``field`` the offending field, so the message can name all three.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        where: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.where = where
        self.field = field
        parts = [p for p in (file, where, field) if p]
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)
