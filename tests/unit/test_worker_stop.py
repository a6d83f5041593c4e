"""The worker's stop hook (flashpoint.commands.worker.worker_with_stop_hook): public mode API only.

The worker must see a stop request before Faust's clean stop waits for the acks of a dead or
hung batch (which never come), to arm its exit watchdog; tests/faults/test_faults_health.py
shows the effect (a hung worker stopped within ``health.fatal_exit_grace``). It used to
override mode's private signal handlers; the hook is now mode's documented
``Service.on_stop`` callback.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from flashpoint.commands.worker import kill_child_processes, worker_with_stop_hook
from tests.support.faustapp import offline_app


async def test_a_stop_calls_the_hook_once_through_public_callbacks_only(tmp_path: Path) -> None:
    app = offline_app("stop", tmp_path)
    seen: list[bool] = []
    worker = worker_with_stop_hook(
        app, on_stopping=lambda: seen.append(app.should_stop), loglevel="warning", quiet=True
    )
    await worker.stop()
    await worker.stop()  # a second stop request (a second signal) is a no-op
    assert seen == [False]  # called once, while the app was still running
    private = {n for n in vars(type(worker)) if n.startswith("_") and not n.startswith("__")}
    assert private <= {"_abc_impl"}, private  # no private mode or Faust method overridden


def _sleep_long() -> None:
    time.sleep(600)


def test_the_watchdog_exit_kills_the_classifier_processes_first() -> None:
    # os._exit skips the pool's shutdown: before this, the classifier processes of a worker
    # that exited through its watchdog lived on, orphaned.
    child = multiprocessing.get_context("spawn").Process(target=_sleep_long, daemon=True)
    child.start()
    assert child.is_alive()
    assert kill_child_processes() >= 1
    assert not child.is_alive()
