"""The ``flashpoint`` console script.

Each package contributes its subcommands through a ``register(subparsers)`` function in its
own ``cli`` module, so the shell stays small and the packages keep their commands next to
their code. Every handler returns an exit code. A :class:`FlashpointError` becomes one clear
line on stderr and a non-zero exit; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from flashpoint import __version__
from flashpoint.errors import FlashpointError
from flashpoint.urls import RedactingFormatter, redact_text

__all__ = ["main"]

log = logging.getLogger(__name__)

# Modules that contribute subcommands, in the order of the data flow.
_COMMAND_MODULES = (
    "flashpoint.kafkacmd",
    "producers.cli",
    "streams.classify.cli",
    "streams.cli",
    "streams.backtest_cli",
    "alerts.cli",
    "flashpoint.democmd",
    "flashpoint.runcmd",
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


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING
    if verbosity == 1:
        level = logging.INFO
    elif verbosity >= 2:
        level = logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("ts=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s")
    )
    logging.basicConfig(level=level, handlers=[handler])


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script; exits the process with the handler's code."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose)
    func: Any = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        sys.exit(2)
    try:
        code = int(func(args) or 0)
    except FlashpointError as exc:
        if args.debug:
            raise
        print(f"flashpoint: error: {redact_text(str(exc))}", file=sys.stderr)
        code = exc.exit_code
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
