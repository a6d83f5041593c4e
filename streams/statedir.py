"""The worker's local table state after a crash.

Faust's RocksDB store writes each table key locally at once and sends it to the changelog topic
a moment later. A worker killed in between leaves local state that the changelog never received.
A restart on the same folder would keep it, and every other worker that later takes the
partition rebuilds it from the changelog without it: the two copies of the rules state would
disagree. So the worker marks its data folder while it runs, and a start that finds the mark of
a dead run discards the local tables; Faust then rebuilds them from the changelogs, and the
input records after the last committed offset are processed again.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from flashpoint.core.errors import ConfigError

__all__ = ["RunMarker"]

log = logging.getLogger(__name__)

MARKER = "worker.running"


def _alive(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"flashpoint" in cmdline or b"streams" in cmdline


class RunMarker:
    """``claim()`` before the worker starts, ``release()`` after a clean stop."""

    def __init__(self, datadir: Path, tabledir: Path) -> None:
        self.path = datadir / MARKER
        self.tabledir = tabledir

    def claim(self) -> bool:
        """Mark the folder as in use; return True if the local tables of a crash were discarded.

        Raises :class:`ConfigError` if a live worker holds the folder.
        """
        discarded = False
        if self.path.exists():
            try:
                pid = int(self.path.read_text().strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and pid != os.getpid() and _alive(pid):
                raise ConfigError(
                    f"worker data folder {self.path.parent} is in use by process {pid}; "
                    "give each worker its own --datadir"
                )
            if self.tabledir.exists():
                log.warning(
                    "the last worker on %s did not stop cleanly; discarding its local tables "
                    "(%s), which are rebuilt from the changelog topics",
                    self.path.parent,
                    self.tabledir,
                )
                shutil.rmtree(self.tabledir)
                discarded = True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{os.getpid()}\n")
        return discarded

    def release(self) -> None:
        self.path.unlink(missing_ok=True)
