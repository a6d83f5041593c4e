"""flashpoint.core.once.built_once: a costly shared object is built once, whatever the threads."""

from __future__ import annotations

import threading
import time

from flashpoint.core.once import built_once


def test_threads_starting_together_share_one_build() -> None:
    builds: list[object] = []

    @built_once
    def shared() -> object:
        time.sleep(0.05)  # long enough for every thread to arrive while the first one builds
        builds.append(object())
        return builds[-1]

    got: list[object] = []
    start = threading.Barrier(8)

    def call() -> None:
        start.wait()
        got.append(shared())

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert got == builds * 8
    assert shared() is builds[0]


def test_the_wrapper_keeps_the_name_and_docstring() -> None:
    @built_once
    def gazetteer() -> int:
        """The shared thing."""
        return 1

    assert gazetteer.__name__ == "gazetteer"
    assert gazetteer.__doc__ == "The shared thing."
