"""``flashpoint classify`` on a pipe: lines as they arrive, each result out before the next read,
and a signal answered while the pipe is quiet."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading
from collections.abc import Iterator

import orjson
import pytest

from flashpoint.commands.classify import classify_stream, pipe_lines


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    r, w = os.pipe()
    yield r, w
    for fd in (r, w):
        with contextlib.suppress(OSError):
            os.close(fd)


def test_lines_across_reads_and_a_last_line_without_newline(pipe: tuple[int, int]) -> None:
    r, w = pipe
    for part in (b"a\nbb", b"b\n\nc", b"c\r\n", b"d" * 10, b"e" * 10, b"\nlast"):
        os.write(w, part)
    os.close(w)
    # chunk=4: lines and chunks cut across each other
    assert list(pipe_lines(r, chunk=4)) == [
        b"a\n",
        b"bbb\n",
        b"\n",
        b"cc\r\n",
        b"d" * 10 + b"e" * 10 + b"\n",
        b"last",
    ]


def test_an_empty_pipe_yields_nothing(pipe: tuple[int, int]) -> None:
    r, w = pipe
    os.close(w)
    assert list(pipe_lines(r)) == []


def test_a_signal_is_answered_while_the_pipe_stays_open_and_quiet(pipe: tuple[int, int]) -> None:
    r, _w = pipe  # the writer stays open: without a signal this waits for ever

    class Stop(Exception):
        pass

    def _raise(signum: int, frame: object) -> None:
        raise Stop

    old = signal.signal(signal.SIGALRM, _raise)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(Stop):
            list(pipe_lines(r, poll=0.05))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class _Out:
    """An output that records what had been flushed when each read happened."""

    def __init__(self) -> None:
        self.written = b""
        self.flushed = b""

    def write(self, data: bytes) -> int:
        self.written += data
        return len(data)

    def flush(self) -> None:
        self.flushed = self.written


def test_each_result_is_flushed_before_the_next_line_is_read() -> None:
    out = _Out()
    seen_at_read: list[int] = []

    def lines() -> Iterator[bytes]:
        for line in (
            b'{"id": "a", "text": "Talks on a ceasefire began in Moscow."}\n',
            b"{not json\n",
            b'{"id": "b", "text": "Missiles hit Ganja, killing 12 people."}\n',
        ):
            seen_at_read.append(out.flushed.count(b"\n"))
            yield line

    done, errors = classify_stream(lines(), out, flush=True)  # type: ignore[arg-type]
    assert (done, errors) == (2, 1)
    assert seen_at_read == [0, 1, 2]  # the good line's and the bad line's output went first
    assert [orjson.loads(x).get("id") for x in out.flushed.splitlines()] == ["a", "line 2", "b"]


def test_without_flush_the_output_waits_for_the_end() -> None:
    out = _Out()
    seen_at_read: list[int] = []

    def lines() -> Iterator[bytes]:
        for line in (b'{"id": "a", "text": "Talks began."}\n', b'{"id": "b", "text": "x"}\n'):
            seen_at_read.append(out.flushed.count(b"\n"))
            yield line

    classify_stream(lines(), out)  # type: ignore[arg-type]
    assert seen_at_read == [0, 0]
    assert out.flushed.count(b"\n") == 2


def test_a_reader_thread_sees_results_while_the_pipe_is_open(pipe: tuple[int, int]) -> None:
    """The CLI's stdin path end to end on a real pipe: a result arrives while input is still
    open, as a downstream reader of ``tail -f | flashpoint classify`` needs."""
    r, w = pipe
    out_r, out_w = os.pipe()
    with os.fdopen(out_w, "wb", buffering=65536) as out, os.fdopen(out_r, "rb") as results:
        worker = threading.Thread(
            target=classify_stream, args=(pipe_lines(r, poll=0.05), out), kwargs={"flush": True}
        )
        worker.start()
        os.write(w, b'{"id": "1", "text": "Talks on a ceasefire began in Moscow."}\n')
        assert select.select([results], [], [], 30)[0], "no result while the input is open"
        assert orjson.loads(results.readline())["id"] == "1"
        os.close(w)
        worker.join(10)
        assert not worker.is_alive()
