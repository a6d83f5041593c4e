"""The one way a process builds a costly shared object once: :func:`built_once`.

The gazetteers and the language packs take a second or more to build and are read by every
thread of the worker, so each is built on first use, under a lock so that two threads starting
together do not both build it, and then read without the lock.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["built_once"]

T = TypeVar("T")


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """Wrap ``build`` so that its first call builds the object and every later call, from any
    thread, returns that same object."""
    lock = threading.Lock()
    built: list[T] = []

    @functools.wraps(build)
    def shared() -> T:
        if not built:
            with lock:
                if not built:
                    built.append(build())
        return built[0]

    return shared
