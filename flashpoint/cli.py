"""The ``flashpoint`` console script.

Each module of :mod:`flashpoint.commands` contributes its subcommands through a
``register(subparsers)`` function, so this entry stays small; the stages below hold the work
and know nothing of the command line. Every handler returns an
:class:`~flashpoint.core.exitcodes.ExitCode`. A :class:`FlashpointError` becomes one clear line
on stderr and its class's exit code; an unexpected exception is logged with its traceback and
exits 70 (``ExitCode.SOFTWARE``); a traceback on the terminal instead comes only with
``--debug``. Logs go to stderr in the format
of the ``log.format`` setting (:mod:`flashpoint.core.logformat`); stdout carries only each
command's output.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from flashpoint import __version__
from flashpoint.core.errors import FlashpointError
from flashpoint.core.exitcodes import ExitCode
from flashpoint.core.logformat import ENV_VAR, configure_logging
from flashpoint.core.urls import redact_text

__all__ = ["main"]

log = logging.getLogger(__name__)

# Modules that contribute subcommands, in the order of the data flow.
_COMMAND_MODULES = (
    "flashpoint.commands.kafka",
    "flashpoint.commands.produce",
    "flashpoint.commands.classify",
    "flashpoint.commands.worker",
    "flashpoint.commands.backtest",
    "flashpoint.commands.deliver",
    "flashpoint.commands.demo",
    "flashpoint.commands.run",
)

Handler = Callable[[argparse.Namespace], int]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flashpoint",
        description="Real-time alerting for armed-conflict news.",
        epilog=(
            "examples:\n"
            "  flashpoint demo                  run the whole pipeline on bundled feeds\n"
            "  flashpoint kafka up              start the local single-node Kafka\n"
            "  flashpoint classify items.jsonl  classify JSON lines\n"
            "\n'flashpoint COMMAND --help' shows each command's options."
        ),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"flashpoint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)"
    )
    parser.add_argument(
        "--log-format",
        choices=("logfmt", "json"),
        default=None,
        help="log line format on stderr (default: setting log.format, FLASHPOINT_LOG__FORMAT, "
        "else logfmt)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # the module is not built yet; any other missing import is a bug
                continue
            raise
        module.register(sub)
    return parser


def _error(message: str) -> None:
    print(f"flashpoint: error: {redact_text(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script; exits the process with the handler's code."""
    parser = _build_parser()
    args = parser.parse_args(argv)  # a usage error exits 2 (ExitCode.USAGE), as argparse does
    fmt = args.log_format
    if fmt is not None:
        # Child processes (run's and demo's stages, classifier processes) log the same way.
        os.environ[ENV_VAR] = fmt
    else:
        from flashpoint.settings import load_log_settings

        try:
            fmt = load_log_settings().format
        except FlashpointError as exc:
            _error(str(exc))
            sys.exit(exc.exit_code)
    configure_logging(args.verbose, fmt)
    func: Any = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        sys.exit(ExitCode.USAGE)
    try:
        code = int(func(args) or 0)
    except FlashpointError as exc:
        if args.debug:
            raise
        _error(str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        # A bug, not a condition we know: keep the traceback, as one log record.
        log.critical("internal error command=%s", args.command, exc_info=True)
        _error(f"internal error: {type(exc).__name__}: {exc} (a bug; the traceback is logged)")
        code = ExitCode.SOFTWARE
    sys.exit(int(code))
