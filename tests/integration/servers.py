"""Start and stop a server binary for a test (Prometheus, Alertmanager): one way for all.

The child writes to its log file; :func:`start_server` polls ``ready_url`` until it answers 200,
the child exits, or the deadline passes (then the child is stopped and the log's tail is in
the error). Only the child started here is ever stopped, by its own handle.
"""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = ["log_tail", "start_server", "stop_server"]


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


def stop_server(proc: subprocess.Popen[bytes] | None) -> None:
    """Terminate the child (kill it after 15 s); nothing when it already exited."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
