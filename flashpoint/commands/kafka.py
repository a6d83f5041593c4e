"""``flashpoint kafka up|down|status``: the local single-node broker.

``status`` exits 0 when the broker answers and 1 when it does not; ``up`` exits 69 when the
broker cannot be started (docs/cli.md).
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from flashpoint.commands.parsers import add_command
from flashpoint.core.exitcodes import ExitCode
from flashpoint.localkafka import LocalKafka

__all__ = ["register"]


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "kafka",
        "start, stop or inspect the local single-node Kafka (no Docker)",
        """
        Manage a local Apache Kafka 4.x broker (KRaft, single node) on 127.0.0.1.
        Jars are fetched once from Maven Central into .cache/kafka/lib; data and logs
        go to var/kafka/PORT.

        examples:
          flashpoint kafka up              start on 9092 (reuses a running broker)
          flashpoint kafka up --port 19092
          flashpoint kafka status
          flashpoint kafka down
        """,
    )
    p.add_argument("action", choices=["up", "down", "status"])
    p.add_argument("--port", type=int, default=9092, help="client port (default 9092)")
    p.add_argument(
        "--controller-port", type=int, default=None, help="KRaft controller port (default PORT+1)"
    )
    p.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for start-up")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    kafka = LocalKafka(port=args.port, controller_port=args.controller_port)
    if args.action == "up":
        t0 = time.monotonic()
        started = kafka.start(timeout=args.timeout)
        if started:
            print(
                f"kafka: started on {kafka.bootstrap} in {time.monotonic() - t0:.1f}s "
                f"(pid {kafka.pid()}, logs {kafka.logfile})"
            )
        else:
            print(f"kafka: already running on {kafka.bootstrap}")
        return ExitCode.OK
    if args.action == "down":
        if kafka.stop():
            print(f"kafka: stopped ({kafka.bootstrap})")
        else:
            print(f"kafka: not running from {kafka.data_dir}")
        return ExitCode.OK
    up = kafka.is_up()
    pid = kafka.pid()
    suffix = f" (pid {pid})" if pid else ""
    print(f"kafka: {'up' if up else 'down'} on {kafka.bootstrap}{suffix}")
    return ExitCode.OK if up else ExitCode.FAILED  # the check says no (docs/cli.md)
