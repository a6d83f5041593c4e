"""A Faust app for unit tests that run agents and tables without Kafka.

The broker address is a closed loopback port (nothing is ever sent there: the tests use
``agent.test_context()`` or call the table directly) and the store is in memory, under the test's
own folder.
"""

from __future__ import annotations

from pathlib import Path

import faust

__all__ = ["offline_app"]


def offline_app(name: str, tmp_path: Path) -> faust.App:
    """A Faust app named ``unit-<name>-<test folder>``, in-memory store, no reachable broker."""
    return faust.App(
        f"unit-{name}-{tmp_path.name}",
        broker="kafka://127.0.0.1:1",
        store="memory://",
        datadir=str(tmp_path),
    )
