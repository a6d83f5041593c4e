"""Bad input lines of the JSON-lines commands (``classify``, ``eval``, ``backtest``).

One rule for all three: a line that cannot be used is skipped, never a crash and never the end
of the good lines after it; each is named on stderr as ``FILE:LINE: why`` (the first 50, then
a count of the rest), and the command exits 1 (:attr:`ExitCode.FAILED`) when there was any,
so a script notices the loss.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

from flashpoint.core.exitcodes import ExitCode
from flashpoint.core.urls import redact_text

__all__ = ["MAX_SHOWN", "BadLines"]

MAX_SHOWN = 50  # lines named one by one; a broken file must not flood the terminal


def _name(source: str) -> str:
    return "<stdin>" if source == "-" else source


@dataclass
class BadLines:
    """Counts the bad lines of a command's input (``source`` is its path, ``-`` for stdin).

    A command that reads several files passes ``source`` to :meth:`add` for the others.
    """

    source: str
    limit: int = MAX_SHOWN
    stream: TextIO | None = None
    count: int = 0
    first: list[tuple[str, int, str]] = field(default_factory=list)
    _sources: dict[str, None] = field(default_factory=dict)

    def add(self, line: int, reason: str, *, source: str | None = None) -> None:
        """Count line ``line`` (1-based) of ``source`` as bad; name it on stderr if under the
        limit."""
        src = _name(source if source is not None else self.source)
        # One line per bad line, and no secret from a URL in an error message.
        reason = redact_text(reason).replace("\r", "\\r").replace("\n", "\\n")
        self.count += 1
        self._sources[src] = None
        if self.count <= self.limit:
            self.first.append((src, line, reason))
            print(f"flashpoint: warning: {src}:{line}: {reason}", file=self._out(), flush=True)

    def finish(self, command: str) -> ExitCode:
        """Print the tail of the report; the exit code the bad lines call for."""
        if self.count > self.limit:
            print(
                f"flashpoint: warning: {self.count - self.limit} more bad lines not shown",
                file=self._out(),
            )
        if not self.count:
            return ExitCode.OK
        plural = "s" if self.count > 1 else ""
        print(
            f"{command}: {self.count} bad line{plural} skipped in {', '.join(self._sources)}",
            file=self._out(),
        )
        return ExitCode.FAILED

    def _out(self) -> TextIO:
        return self.stream if self.stream is not None else sys.stderr
