"""``flashpoint classify`` on a pipe: each result is out before the next line is read."""

from __future__ import annotations

import contextlib
import os
import select
import threading
from collections.abc import Iterator

import orjson
import pytest

from flashpoint.commands.classify import classify_stream


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    r, w = os.pipe()
    yield r, w
    for fd in (r, w):
        with contextlib.suppress(OSError):
            os.close(fd)


class _Out:
    """An output that records what had been flushed when each input line was read."""

    def __init__(self) -> None:
        self.written = b""
        self.flushed = b""
        self.seen_at_read: list[int] = []  # flushed result lines when each line was read

    def write(self, data: bytes) -> int:
        self.written += data
        return len(data)

    def flush(self) -> None:
        self.flushed = self.written

    def feed(self, *lines: bytes) -> Iterator[bytes]:
        """``lines`` as input, noting before each how many results had been flushed."""
        for line in lines:
            self.seen_at_read.append(self.flushed.count(b"\n"))
            yield line


def test_each_result_is_flushed_before_the_next_line_is_read() -> None:
    out = _Out()
    lines = out.feed(
        b'{"id": "a", "text": "Talks on a ceasefire began in Moscow."}\n',
        b"{not json\n",
        b'{"id": "b", "text": "Missiles hit Ganja, killing 12 people."}\n',
    )
    done, errors = classify_stream(lines, out, flush=True)  # type: ignore[arg-type]
    assert (done, errors) == (2, 1)
    assert out.seen_at_read == [0, 1, 2]  # the good line's and the bad line's output went first
    assert [orjson.loads(x).get("id") for x in out.flushed.splitlines()] == ["a", "line 2", "b"]


def test_without_flush_the_output_waits_for_the_end() -> None:
    out = _Out()
    lines = out.feed(b'{"id": "a", "text": "Talks began."}\n', b'{"id": "b", "text": "x"}\n')
    classify_stream(lines, out)  # type: ignore[arg-type]
    assert out.seen_at_read == [0, 0]
    assert out.flushed.count(b"\n") == 2


def test_a_reader_thread_sees_results_while_the_pipe_is_open(pipe: tuple[int, int]) -> None:
    """The CLI's stdin path end to end on a real pipe: a result arrives while input is still
    open, as a downstream reader of ``tail -f | flashpoint classify`` needs."""
    r, w = pipe
    out_r, out_w = os.pipe()
    with os.fdopen(out_w, "wb", buffering=65536) as out, os.fdopen(out_r, "rb") as results:
        inp = os.fdopen(os.dup(r), "rb")  # buffered, as sys.stdin.buffer is
        worker = threading.Thread(target=classify_stream, args=(inp, out), kwargs={"flush": True})
        worker.start()
        os.write(w, b'{"id": "1", "text": "Talks on a ceasefire began in Moscow."}\n')
        assert select.select([results], [], [], 30)[0], "no result while the input is open"
        assert orjson.loads(results.readline())["id"] == "1"
        os.close(w)
        worker.join(10)
        assert not worker.is_alive()
        inp.close()
