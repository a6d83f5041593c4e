"""The bare classifier's CPU per article, measured just before and just after a pipeline run.

On this kind of machine (a shared VM) the CPU time the same work takes drifts by a fifth or more
within a minute: back-to-back 2 s measurements of the English classifier on 3 KB articles, in one
process, read 2.3 to 4.0 ms per article. ``overhead`` divides the pipeline's CPU per item by the
classifier's, so the classifier's figure should come from the same minute as the pipeline's.
:class:`ClassifierReference` keeps a warmed-up bare classifier in a child process, idle (blocked
on a read) until asked, and measures it in a continuous loop on the pipeline's own texts.

    with ClassifierReference(non_english=0.0) as ref:
        before = ref.measure(2.0)   # CPU ms per article, over at least 2 CPU seconds
        ...                         # the pipeline run
        after = ref.measure(2.0)

A continuous loop, not short bursts during the run: bursts (a tenth of a core, the first texts
of each not counted) read about 8 % above a continuous loop on an idle machine, the caches
being cold after each pause, and the pipeline's classifier process runs without pauses under a
backlog.

The child (``python -m benchmarks.reference --serve SHARE``) reads a number of CPU seconds per
line on standard input and answers each with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from types import TracebackType
from typing import Any

from benchmarks.common import ROOT, mixed_texts

__all__ = ["ClassifierReference", "cpu_ms_per_text"]


def cpu_ms_per_text(texts: list[str], min_seconds: float) -> float:
    """CPU milliseconds of this process per ``classify(text)``, over at least ``min_seconds``
    of CPU time (``bench_classify.cpu_rate``, the loop that times the classifier there)."""
    from benchmarks.bench_classify import cpu_rate
    from streams.classify import classify

    return 1000 / cpu_rate(classify, texts, min_seconds)


def _serve(non_english: float) -> int:
    from streams.classify_pool import _warm_up

    texts = [text for text, _ in mixed_texts(non_english)]
    _warm_up()  # what a worker's classifier process does before its first batch
    cpu_ms_per_text(texts, 0.5)  # first use of each pack's patterns and places
    print(json.dumps({"ready": True, "texts": len(texts)}), flush=True)
    for line in sys.stdin:
        print(json.dumps({"cpu_ms_per_text": cpu_ms_per_text(texts, float(line))}), flush=True)
    return 0


class ClassifierReference:
    """A warmed-up bare classifier in a child process, measured on demand (see the module)."""

    def __init__(self, non_english: float = 0.0) -> None:
        self.non_english = non_english
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> ClassifierReference:
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.reference", "--serve", str(self.non_english)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self._read()  # warmed up
        return self

    def _read(self) -> dict[str, Any]:
        """The child's next answer: ``{"ready": true, ...}`` once warmed up, then
        ``{"cpu_ms_per_text": ms}`` per measurement."""
        assert self._proc is not None and self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            code = self._proc.wait()
            raise RuntimeError(f"the reference classifier process ended (exit code {code})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def measure(self, seconds: float) -> float:
        """The bare classifier's CPU milliseconds per text, over at least ``seconds`` of CPU."""
        assert self._proc is not None and self._proc.stdin is not None, "not started"
        self._proc.stdin.write(f"{seconds}\n")
        self._proc.stdin.flush()
        return float(self._read()["cpu_ms_per_text"])

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is None:
            return
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._proc = None


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--serve", type=float, required=True, metavar="NON_ENGLISH_SHARE")
    sys.exit(_serve(ap.parse_args().serve))
