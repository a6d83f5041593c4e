"""``flashpoint worker``: run the Faust worker (classify, incidents, rules)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flashpoint.commands.parsers import add_command
from flashpoint.core.exitcodes import ExitCode

__all__ = ["kill_child_processes", "register", "run_worker", "worker_with_stop_hook"]

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "worker",
        "run the stream worker: classify items, fold incidents, evaluate rules",
        """
        Run the Faust worker. It consumes flashpoint.items.raw, publishes classified items
        and alerts, and serves /metrics and /healthz on the web port.
        Run several workers with the same app id to share the partitions.

        examples:
          flashpoint worker
          flashpoint worker --rules deploy/rules.yaml --web-port 6067 --datadir var/w2
          FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS=k1:9092,k2:9092 flashpoint worker
        """,
    )
    p.add_argument("--rules", type=Path, help="rules YAML (default: settings worker.rules_file)")
    p.add_argument("--web-port", type=int, help="port of /metrics, /healthz and the API")
    p.add_argument("--datadir", type=Path, help="folder for table state")
    p.add_argument(
        "--loglevel",
        type=str.lower,
        choices=("debug", "info", "warning", "error", "critical"),
        default="warning",
        help="worker log level (default warning)",
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from flashpoint.settings import load_settings

    settings = load_settings()
    worker = settings.worker
    updates: dict[str, Any] = {}
    if args.rules is not None:
        updates["rules_file"] = args.rules
    if args.web_port is not None:
        updates["web_port"] = args.web_port
    if args.datadir is not None:
        updates["datadir"] = args.datadir
    if updates:
        worker = worker.model_copy(update=updates)
    return run_worker(worker, settings.kafka, loglevel=args.loglevel, health=settings.health)


EXIT_AGENT_DIED = ExitCode.SOFTWARE  # an agent died; the supervisor should restart the worker


def kill_child_processes() -> int:
    """Kill this process's multiprocessing children (the classifier processes) and return how
    many: ``os._exit`` skips the pool's shutdown, and they would outlive the worker."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    for child in children:
        child.join(5)
    return len(children)


def worker_with_stop_hook(app: Any, *, on_stopping: Callable[[], None], **kwargs: Any) -> Any:
    """A Faust worker that calls ``on_stopping`` as its stop begins, whatever asked for it (a
    signal, an agent's death), before the app stops its consumer and waits for the streams.

    It uses mode's documented ``Service.on_stop`` callback: ``Worker.stop()`` awaits it before
    it stops the app, its child. Once the worker has started (Faust's ``on_startup_finished``,
    after the tables are recovered), what start-up made is frozen out of the garbage
    collector's full collections (:mod:`flashpoint.core.heap`).
    """
    import faust

    from flashpoint.core.heap import freeze_startup_objects

    class _Worker(faust.Worker):
        async def on_startup_finished(self) -> None:
            await super().on_startup_finished()
            freeze_startup_objects("worker started")

        async def on_stop(self) -> None:
            on_stopping()
            await super().on_stop()

    return _Worker(app, **kwargs)


def run_worker(worker: Any, kafka: Any, *, loglevel: str = "warning", health: Any = None) -> int:
    """Create the topics, build the app and run it until SIGINT/SIGTERM.

    An agent that dies stops the worker cleanly and the process exits with
    ``EXIT_AGENT_DIED`` (see :mod:`streams.progress` for why a restart and not Faust's
    in-place agent restart).
    """
    import os
    import signal
    import threading
    import warnings

    from flashpoint.core.kafkaadmin import ensure_topics
    from streams.app import create_app
    from streams.statedir import RunMarker

    # create_app validates the rules file first: nothing starts if broken
    wapp = create_app(worker, kafka, health=health)
    died: list[str] = []

    grace = health.fatal_exit_grace if health is not None else 5.0

    def _exit_now() -> None:
        log.error("clean stop did not finish in %.0fs; exiting code=%d", grace, EXIT_AGENT_DIED)
        logging.shutdown()
        kill_child_processes()
        os._exit(EXIT_AGENT_DIED)  # like a crash: uncommitted records are re-read

    watchdogs: list[threading.Timer] = []

    def _arm() -> None:
        # Faust's clean stop flushes the producer and commits what was acknowledged, then by
        # default waits for the acks of every record a stream took; those of a dead or hung
        # batch never come. Not waiting (Faust's documented stream_wait_empty setting, read
        # when the stop runs) lets it leave the consumer group at once, so the restarted
        # worker gets the partitions without waiting for this member's session to expire;
        # the unacknowledged records stay uncommitted and are read again. The watchdog ends
        # the process if the stop still hangs.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Faust warns that the setting was read before
            wapp.app.conf.stream_wait_empty = False
        if not watchdogs:
            watchdogs.append(threading.Timer(grace, _exit_now))
            watchdogs[0].daemon = True
            watchdogs[0].start()

    def _fatal(agent: str, exc: BaseException) -> None:
        if not died:
            log.error("stopping the worker: agent died agent=%s error=%r", agent, exc)
            _arm()
            os.kill(os.getpid(), signal.SIGTERM)
        died.append(agent)

    def _stopping() -> None:
        # A stop asked while an agent is hung (the supervisor acting on red liveness) would
        # wait for that batch too: bound it the same way.
        stuck = [p.name for p in wapp.probes.agents.values() if p.dead or p.stalled()]
        if stuck:
            log.error("stopping with agents stalled or dead agents=%s", ",".join(stuck))
            from streams.progress import log_task_stacks

            log_task_stacks("agents stalled or dead")
            died.extend(stuck)
            _arm()

    wapp.probes.on_fatal = _fatal

    ensure_topics(kafka)
    marker = RunMarker(Path(worker.datadir), Path(wapp.app.conf.tabledir))
    marker.claim()
    # mode would replace the CLI's log handler with its own (colour, stdout, another line
    # format): keep ours, so Faust's and aiokafka's records come out as logfmt/JSON on stderr
    # like every other line. --loglevel still sets the level, as mode did.
    from flashpoint.core.logformat import configure_child_logging

    level = logging.getLevelNamesMapping().get(str(loglevel).upper(), logging.WARNING)
    configure_child_logging(level)
    fworker = worker_with_stop_hook(
        wapp.app, on_stopping=_stopping, loglevel=loglevel, quiet=True, override_logging=False
    )
    # Faust's terminal spinner sets the root logger to DEBUG so that it spins on every record:
    # every debug call in aiokafka and Faust (several per message) then builds a LogRecord that
    # no handler prints, a few per cent of a busy worker's CPU. Without it the root logger
    # stays at ``loglevel``.
    fworker.spinner = None
    # Everything loaded so far (modules, rules) lives as long as the process: keep it out of
    # the collector's full collections while the worker starts (see flashpoint.core.heap).
    from flashpoint.core.heap import freeze_startup_objects

    freeze_startup_objects("worker")
    clean = False
    try:
        fworker.execute_from_commandline()
    except SystemExit as exc:
        clean = exc.code in (0, None)
        raise
    finally:
        if clean:  # Faust flushed the changelogs on the way out: the local tables are good
            marker.release()
        if died:
            raise SystemExit(EXIT_AGENT_DIED)
    return ExitCode.OK
