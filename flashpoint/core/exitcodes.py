"""The exit codes of every ``flashpoint`` command, one meaning each (docs/cli.md has the table).

A script or a supervisor can act on the code without reading the message: 1 means the command
ran and found something wrong, 2 that what was written (flags, settings, a config file's
values) is wrong, 3 that a file or feed it was pointed at cannot be read or used, 69 that a
service it needs does not answer, 70 a failure inside Flashpoint that a restart may clear.
The same fault gives the same code in every command: a file that does not exist is 3 whether it
is a rules file, an items file or a feed. 69 and 70 are the BSD ``sysexits.h`` values
(``EX_UNAVAILABLE``, ``EX_SOFTWARE``) that supervisors know.

Errors carry their code (:attr:`flashpoint.core.errors.FlashpointError.exit_code`); handlers return
these names, never bare numbers.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    """Exit codes of the ``flashpoint`` commands (see the module doc and docs/cli.md)."""

    OK = 0
    """Done, nothing wrong."""
    FAILED = 1
    """The command ran, but found or left something wrong: bad input lines were skipped
    (``classify``, ``eval``, ``backtest``), a ``--check`` failed, an item or alert was not
    published or delivered, the local Kafka is not running (``kafka status``)."""
    USAGE = 2
    """The command line, a setting or a config file's content is invalid (unknown option,
    ``FLASHPOINT_*`` value, a field of feeds/rules/channels YAML)."""
    DATA = 3
    """A file or feed the command was pointed at does not exist, cannot be read, or is not
    usable as a whole (no such file, not a feed, an empty evaluation set)."""
    UNAVAILABLE = 69
    """A service it needs does not answer: the Kafka broker (``EX_UNAVAILABLE``)."""
    SOFTWARE = 70
    """A failure inside Flashpoint: a worker agent died, an unexpected exception
    (``EX_SOFTWARE``); a supervisor should restart the process."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (128 + SIGINT)."""
