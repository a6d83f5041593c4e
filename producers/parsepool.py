"""Bounded parsing: each parse runs in a worker subprocess with a memory and a time limit.

A worker has an address-space limit (``RLIMIT_AS``) set when it starts, and the caller waits at
most ``timeout`` seconds for its answer; a worker that overruns is killed and replaced, and the
feed gets a ParseError (``reason`` = ``timeout``, ``memory`` or ``crash``). The subprocesses
are fresh interpreters (``python -m producers.parsepool``): they never inherit the producer's
threads (Kafka I/O) and never re-import the caller's ``__main__``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Unpack

from flashpoint.core.launch import launch_module
from producers.errors import ParseError
from producers.parse import FeedSource, Limits, ParsedFeed, parse_bytes

__all__ = ["ParserPool"]

log = logging.getLogger(__name__)

_STARTUP_TIMEOUT = 120.0


def _worker_main(conn: Connection, memory_bytes: int) -> None:
    """The worker loop: receive (body, kwargs), answer ("ok", ParsedFeed) or ("err", ...)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):  # pragma: no cover - non-POSIX
        pass
    conn.send(("ready", None))  # imports done: the parse deadline starts with the job
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        body, kwargs = job
        try:
            result: tuple[str, Any] = ("ok", parse_bytes(body, **kwargs))
        except ParseError as exc:
            result = ("err", (exc.reason, str(exc)))
        except MemoryError:
            result = ("err", ("memory", "parse exceeded the memory limit"))
        except Exception as exc:
            result = ("err", ("crash", f"parser crashed: {type(exc).__name__}"))
        try:
            conn.send(result)
        except MemoryError:
            conn.send(("err", ("memory", "result exceeded the memory limit")))
        if result[0] == "err" and result[1][0] == "memory":
            return  # a fresh worker is cheaper than a fragmented heap


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    conn: Connection
    ready: bool = False

    def call(self, job: tuple[bytes, dict[str, Any]], timeout: float) -> tuple[str, Any]:
        try:
            if not self.ready:
                # Interpreter start-up is not charged to the parse deadline.
                if not self.conn.poll(_STARTUP_TIMEOUT):
                    return ("err", ("crash", "parser process did not start"))
                self.conn.recv()
                self.ready = True
            self.conn.send(job)
            if not self.conn.poll(timeout):
                return ("err", ("timeout", f"parse took longer than {timeout:g}s"))
            answer: tuple[str, Any] = self.conn.recv()
            return answer
        except (EOFError, OSError, BrokenPipeError):
            try:
                code = self.proc.wait(1)
            except subprocess.TimeoutExpired:
                code = None
            reason = "memory" if code in (-9, 137) else "crash"
            return ("err", (reason, f"parser process died (exit {code})"))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        finally:
            self.conn.close()


class ParserPool:
    """A pool of parser subprocesses. ``workers=0`` parses in-process with no bounds.

    ``killed`` counts workers replaced, by reason (``timeout``, ``memory``, ``crash``).
    """

    def __init__(
        self,
        workers: int = 1,
        *,
        timeout: float = 10.0,
        memory_mb: int = 512,
        limits: Limits = Limits(),
    ) -> None:
        self.workers = workers
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024
        self.limits = limits
        self.killed: dict[str, int] = {"timeout": 0, "memory": 0, "crash": 0}
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []

    def _spawn(self) -> _Worker:
        import socket

        parent, child = socket.socketpair()
        proc = launch_module(
            "producers.parsepool",
            [str(child.fileno()), str(self.memory_bytes)],
            pass_fds=(child.fileno(),),
        )
        child.close()
        worker = _Worker(proc, Connection(parent.detach()))
        self._all.append(worker)
        return worker

    def start(self) -> None:
        """Start the workers now (otherwise the first parse does)."""
        if self.workers <= 0 or self._idle is not None:
            return
        self._idle = asyncio.Queue()
        for _ in range(self.workers):
            self._idle.put_nowait(self._spawn())

    async def parse(self, body: bytes, **source: Unpack[FeedSource]) -> ParsedFeed:
        """Parse one body; raise ParseError on hostile input, non-feeds and overruns.

        ``source`` says where the body came from, as for :func:`producers.parse.parse_bytes`.
        """
        feed = source["feed"]
        kwargs: dict[str, Any] = {
            **source,
            "tags": dict(source.get("tags") or {}),
            "limits": self.limits,
        }
        if self.workers <= 0:
            return parse_bytes(body, **kwargs)
        self.start()
        assert self._idle is not None
        worker = await self._idle.get()
        replace = False
        try:
            status, payload = await asyncio.to_thread(worker.call, (body, kwargs), self.timeout)
            if status == "ok":
                result: ParsedFeed = payload
                return result
            reason, message = payload
            if reason in self.killed:
                replace = True
                self.killed[reason] += 1
                log.warning("parser worker replaced feed=%s reason=%s", feed, reason)
            raise ParseError(message, reason=reason, source=feed)
        finally:
            if replace or not worker.alive():
                await asyncio.to_thread(worker.kill)
                self._all.remove(worker)
                worker = self._spawn()
            self._idle.put_nowait(worker)

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        for worker in self._all:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self._all:
            try:
                worker.proc.wait(2)
                worker.conn.close()
            except subprocess.TimeoutExpired:
                worker.kill()
        self._all.clear()
        self._idle = None

    def pids(self) -> list[int]:
        return [int(w.proc.pid) for w in self._all]


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])), int(sys.argv[2]))
