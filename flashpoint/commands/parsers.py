"""The one way a command module adds a subcommand to ``flashpoint``'s parser, and its on/off
switches.

Every subcommand shows its description as written (a few lines of prose, then an
``examples:`` block whose columns must stay aligned), so each is declared as one triple-quoted
block in the module that owns it and laid out here the same way for all. Switches (options
that take no value and are off unless given) are declared as a table of flag and help line.
"""

from __future__ import annotations

import argparse
import inspect
from typing import Any

__all__ = ["add_command", "add_switches"]


def add_command(sub: Any, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    """Add subcommand ``name`` to ``sub`` (the parser's subparsers) and return its parser.

    ``summary`` is its line in ``flashpoint --help``; ``description`` heads its own ``--help``,
    dedented (``inspect.cleandoc``) and otherwise printed as written: argparse would rewrap it.
    """
    return sub.add_parser(
        name,
        help=summary,
        description=inspect.cleandoc(description),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_switches(parser: argparse.ArgumentParser, switches: dict[str, str]) -> None:
    """Add each ``{flag: help}`` of ``switches`` to ``parser``, in order, as an option that
    takes no value and is off unless given (``args.<flag>`` is ``True`` or ``False``)."""
    for flag, help_line in switches.items():
        parser.add_argument(flag, action="store_true", help=help_line)
