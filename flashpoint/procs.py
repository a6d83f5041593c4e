"""Child processes of ``flashpoint demo`` and ``flashpoint run``: start, watch, stop cleanly."""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.core.errors import FlashpointError
from flashpoint.core.exitcodes import ExitCode
from flashpoint.core.launch import launch_module

__all__ = ["Child", "ChildExited", "ChildGroup"]

log = logging.getLogger(__name__)


class ChildExited(FlashpointError):
    """A child stage stopped on its own; the parent exits with the child's code.

    So ``flashpoint run`` ends with 70 when its worker's agent died (a supervisor restarts it)
    and with 69 when a stage lost Kafka. A child killed by a signal, or one that exited 0
    while it should have kept running, gives :attr:`ExitCode.SOFTWARE`.
    """

    def __init__(self, child: Child) -> None:
        code = child.exited
        self.child = child.name
        self.code = code
        self.exit_code = code if code is not None and code > 0 else ExitCode.SOFTWARE
        super().__init__(f"{child.name} exited with code {code}: {child.tail(3)}")


@dataclass
class Child:
    name: str
    args: list[str]
    env: dict[str, str]
    logfile: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.logfile.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.logfile, "ab")  # noqa: SIM115 - handed to the child
        # A session of its own: Ctrl-C reaches the parent only; it stops the children.
        self.proc = launch_module(
            "flashpoint", self.args, env=self.env, stdout=out, new_session=True
        )
        out.close()

    @property
    def exited(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def tail(self, lines: int = 5) -> str:
        try:
            text = self.logfile.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])

    def stop(self, grace: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            log.warning("child %s did not stop in %.0fs; killing it", self.name, grace)
            self.proc.kill()
            self.proc.wait(5)


@dataclass
class ChildGroup:
    children: list[Child] = field(default_factory=list)

    def add(self, child: Child) -> Child:
        self.children.append(child)
        child.start()
        return child

    def failed(self) -> Child | None:
        for child in self.children:
            if child.exited is not None:
                return child
        return None

    def stop(self) -> None:
        # Upstream first, so downstream can drain what is already in flight.
        for child in self.children:
            child.stop()
        time.sleep(0)
