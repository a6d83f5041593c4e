"""The root exception. Each package defines narrow subclasses carrying structured attributes.

Each class carries the exit code the CLI ends with when it stops a command
(:class:`flashpoint.core.exitcodes.ExitCode`, documented in docs/cli.md).
"""

from __future__ import annotations

from flashpoint.core.exitcodes import ExitCode

__all__ = [
    "ConfigError",
    "FlashpointError",
    "InputError",
    "UnavailableError",
    "UnreadableConfigError",
]


class FlashpointError(Exception):
    """Root of every error Flashpoint raises on purpose.

    The CLI prints ``str(err)`` as one line and exits with ``exit_code``; a traceback is shown
    only with ``--debug``.
    """

    exit_code: int = ExitCode.FAILED


class ConfigError(FlashpointError):
    """A configuration file or setting is invalid.

    ``file`` names the file (or ``"environment"``), ``where`` the entry (a feed, a rule, a
    channel) and ``field`` the offending field, so the message can name all three.
    """

    exit_code = ExitCode.USAGE

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


class UnreadableConfigError(ConfigError):
    """A config file (or a ``*_FILE`` secret) does not exist or cannot be read.

    Still a :class:`ConfigError` for callers, but it exits like every other file that cannot
    be read (:attr:`ExitCode.DATA`): the same fault gives the same code in every command.
    """

    exit_code = ExitCode.DATA


class InputError(FlashpointError):
    """A file or feed a command was pointed at cannot be read or used as a whole."""

    exit_code = ExitCode.DATA


class UnavailableError(FlashpointError):
    """A service the command needs (the Kafka broker) does not answer."""

    exit_code = ExitCode.UNAVAILABLE
