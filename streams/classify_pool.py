"""Classification off the event loop: batches of raw records go to classifier processes.

The classifier is pure Python and CPU-bound. Run in the worker's event loop it holds the loop
for a whole item, and the rules agent, Faust's fetcher and the producer wait. With
``worker.classify_processes`` > 0 a batch is split between that many processes, started with
``spawn`` (no state of the running worker is copied), and the event loop keeps serving the
other agents meanwhile. With 0, batches are classified in the event loop.

Parsing the record and serialising the result happen in the process too; what comes back is
an :class:`Outcome` per record, in order.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from flashpoint.core.heap import freeze_startup_objects
from producers.items import Item
from streams.classify import classify_item
from streams.incidents import item_sketch
from streams.metrics import WorkerMetrics

__all__ = ["ClassifierPool", "Outcome", "classify_records"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one raw record.

    ``kind`` is ``ok`` (``key`` and ``value`` are the classified record), ``invalid_item`` (not
    an item: ``error`` says why) or ``classifier_error`` (the classifier raised).
    """

    kind: Literal["ok", "invalid_item", "classifier_error"]
    key: str = ""
    value: bytes = b""
    labels: tuple[str, ...] = ()
    seconds: float = 0.0
    published: float = 0.0
    item_id: str = ""
    error: str = ""
    language: str = ""  # detected (a bounded label: ISO 639-1 of the detector, or "other")
    language_supported: bool = True
    truncated: bool = False


def classify_records(values: Sequence[bytes | None]) -> list[Outcome]:
    """Parse and classify raw item records; one :class:`Outcome` per record, in order."""
    out: list[Outcome] = []
    for value in values:
        try:
            item = Item.from_json(value or b"")
        except (ValidationError, ValueError) as exc:
            out.append(Outcome("invalid_item", error=str(exc)))
            continue
        t0 = time.perf_counter()
        try:
            result = classify_item(item)
        except Exception as exc:  # a classifier bug must not stop the stream
            log.exception("classifier failed item=%s", item.id)
            out.append(
                Outcome("classifier_error", item_id=item.id, error=f"{type(exc).__name__}: {exc}")
            )
            continue
        seconds = time.perf_counter() - t0
        # The folding sketch costs the rules agent's event loop a third of an item: compute it
        # here, in the classifier process, and carry it in the record. Only a labelled item is
        # folded into an incident (the engine passes over an unlabelled one before folding), so
        # an unlabelled item goes without (None: a reader that wants one computes it, the same).
        if result.labels:
            result = result.model_copy(update={"minhash": tuple(item_sketch(result) or ())})
        out.append(
            Outcome(
                "ok",
                key=result.key,
                value=result.to_json(),
                labels=tuple(result.labels),
                seconds=seconds,
                published=item.published.timestamp(),
                item_id=item.id,
                language=result.language or "",
                language_supported=result.language_supported,
                truncated=result.truncated,
            )
        )
    return out


def _start_process(level: int, worker: int | None = None) -> None:
    """In each classifier process: log as the worker does, then warm up. ``worker`` is the
    worker's pid (its parent's, read where the pool is made)."""
    from flashpoint.core.logformat import configure_child_logging

    configure_child_logging(level)
    # The worker decides when its classifier processes end (it shuts the pool down): a SIGTERM
    # or SIGINT sent to the whole process group (a container stop, Ctrl-C) must not kill one
    # mid-batch, which would make the stopping worker classify the batch again in its event loop.
    # A process whose worker is gone (killed with SIGKILL) exits, on a signal or within a second.
    # The worker's pid comes from the worker: a worker killed while this process was still
    # starting has already left it to init, and its own parent pid would then look alive.
    parent = worker if worker is not None else os.getppid()
    if os.getppid() != parent:
        os._exit(0)

    def _on_signal(signum: int, frame: object) -> None:
        if os.getppid() != parent:
            os._exit(0)

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    threading.Thread(target=_exit_with, args=(parent,), name="parent-watch", daemon=True).start()
    _warm_up()


def _exit_with(parent: int) -> None:
    """End this classifier process once its worker is gone (it is then nobody's to stop)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _ready() -> int:
    """A no-op for a classifier process: once it returns, the process has warmed up."""
    return os.getpid()


def _warm_up() -> None:
    """Load the gazetteer, the language packs and the language model, build what each pack
    builds on first use, and compile the patterns, before the first batch arrives; then keep
    all of it out of the garbage collector's full collections (see flashpoint.core.heap)."""
    from streams.classify.pipeline import warm_up

    # Some 400,000 objects that are never garbage: a collection while they are built frees
    # nothing and, here, cost 2 to 3 s of the warm-up in collections of 100 to 400 ms.
    gc.disable()
    try:
        warm_up()
    finally:
        gc.enable()
    freeze_startup_objects("classifier process")


class ClassifierPool:
    """Runs :func:`classify_records` in ``processes`` processes (0: in the calling thread)."""

    def __init__(self, processes: int, metrics: WorkerMetrics | None = None) -> None:
        self.processes = processes
        self.metrics = metrics
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self.processes > 0 and self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_process,
                initargs=(logging.getLogger().getEffectiveLevel(), os.getpid()),
            )

    def prestart(self) -> None:
        """Start the processes now, so that they load the packs while the worker joins its
        group and recovers its tables, not with the first batch (which, on partitions that
        moved to a new worker, then waited 4 to 13 s). The executor spawns its processes with
        the first task, and each runs its initializer (:func:`_warm_up`) before any task: one
        no-op per process is enough. Without processes (``processes`` 0) there is nothing to
        start."""
        if self.processes == 0 or self._executor is not None:
            return
        self.start()
        assert self._executor is not None
        for _ in range(self.processes):
            self._executor.submit(_ready)

    async def classify(self, values: Sequence[bytes | None]) -> list[Outcome]:
        if self.processes == 0 or not values:
            return classify_records(values)
        self.start()
        assert self._executor is not None
        loop = asyncio.get_running_loop()
        size = -(-len(values) // self.processes)
        chunks = [values[i : i + size] for i in range(0, len(values), size)]
        try:
            parts = await asyncio.gather(
                *(loop.run_in_executor(self._executor, classify_records, c) for c in chunks)
            )
        except BrokenProcessPool as exc:
            # A classifier process died (killed, out of memory). Nothing of this batch was sent:
            # classify it here, and start new processes with the next batch.
            log.error(
                "classifier process died; classifying %d records inline: %s", len(values), exc
            )
            if self.metrics is not None:
                self.metrics.classifier_restarts.inc()
            self.close()
            return classify_records(values)
        return [o for part in parts for o in part]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
