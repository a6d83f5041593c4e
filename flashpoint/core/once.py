"""The one way a process builds a costly shared object once: :func:`built_once`.

The gazetteers and the language packs take a second or more to build and are read by every
thread of the worker, so each is built on first use, under a lock so that two threads starting
together do not both build it, and then read without the lock.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["built_once", "not_built"]

T = TypeVar("T")

#: every object wrapped so far in this process: its qualified name, and its list (empty until built)
_WRAPPED: list[tuple[str, list[Any]]] = []


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

    _WRAPPED.append((f"{build.__module__}.{build.__qualname__}", built))
    return shared


def not_built() -> list[str]:
    """The qualified names of the objects wrapped with :func:`built_once`, in the modules
    imported so far, that nothing has built yet (a worker's warm-up should leave none of the
    classifier's: see ``streams.classify.pipeline.warm_up``)."""
    return [name for name, built in _WRAPPED if not built]
