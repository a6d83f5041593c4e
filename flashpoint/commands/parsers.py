"""The one way a command module adds a subcommand to ``flashpoint``'s parser.

Every subcommand shows its description as written (a few lines of prose, then an
``examples:`` block whose columns must stay aligned), so each is declared as one triple-quoted
block in the module that owns it and laid out here the same way for all.
"""

from __future__ import annotations

import argparse
import inspect
from typing import Any

__all__ = ["add_command"]


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
