"""Start and stop a server binary for a test (Prometheus, Alertmanager): one way for all.

The child writes to its log file; :func:`start_server` polls ``ready_url`` until it answers 200,
the child exits, or the deadline passes (then the child is stopped and the log's tail is in
the error). Only the child started here is ever stopped, by its own handle.
:class:`ServerProcess` is a server of one test on a free loopback port, with its own folder.
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Self

from tests.ports import free_port

__all__ = ["ServerProcess", "log_tail", "start_server", "stop_server"]


def log_tail(log: Path, lines: int = 10) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def start_server(
    argv: list[str],
    *,
    log: Path,
    ready_url: str,
    name: str,
    error: type[Exception] = RuntimeError,
    timeout: float = 30.0,
) -> subprocess.Popen[bytes]:
    """Run ``argv`` with output to ``log``; return once ``ready_url`` answers 200."""
    out = open(log, "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    out.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise error(f"{name} exited: {log_tail(log)}")
        try:
            with urllib.request.urlopen(ready_url, timeout=2) as resp:
                if resp.status == 200:
                    return proc
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise error(f"{name} not ready in {timeout:.0f}s: {log_tail(log)}")


def stop_server(proc: subprocess.Popen[bytes] | None, grace: float = 15.0) -> None:
    """Terminate the child (SIGTERM; SIGKILL after ``grace`` seconds); nothing when it already
    exited."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


class ServerProcess:
    """A server binary of one test on 127.0.0.1 (use as a context manager): its folder, port,
    log and readiness URL; a subclass names it and gives its command line (``argv``)."""

    name = "server"
    error: type[Exception] = RuntimeError

    def __init__(self, workdir: Path, *, port: int | None = None) -> None:
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.workdir / f"{self.name}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 30.0) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.proc = start_server(
            self.argv(),
            log=self.log,
            ready_url=f"{self.url}/-/ready",
            name=self.name,
            error=self.error,
            timeout=timeout,
        )

    def stop(self) -> None:
        stop_server(self.proc)

    def tail(self, lines: int = 10) -> str:
        return log_tail(self.log, lines)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
