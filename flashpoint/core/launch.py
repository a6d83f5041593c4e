"""The one way Flashpoint starts a Python child process, and the environment it gets.

Why one: a child must import the same code as its parent (the same checkout, not whatever
another install puts first on ``sys.path``), must run under the same interpreter, and must not
inherit a standard input it could block on. The producer's feed parsers
(:mod:`producers.parsepool`), the stages of ``flashpoint run`` and ``flashpoint demo``
(:mod:`flashpoint.procs`) and the benchmarks start their children here, so these rules are
written once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

__all__ = ["SOURCE_ROOT", "child_env", "launch_module"]

SOURCE_ROOT = Path(__file__).resolve().parents[2]
"""The folder that holds the top-level packages (``flashpoint``, ``producers``, ...)."""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment, with :data:`SOURCE_ROOT` first on ``PYTHONPATH`` and
    ``extra`` on top (``extra`` wins)."""
    env = dict(os.environ)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([str(SOURCE_ROOT), *paths])
    if extra:
        env.update(extra)
    return env


def launch_module(
    module: str,
    args: Sequence[str] = (),
    *,
    env: Mapping[str, str] | None = None,
    stdout: IO[bytes] | int | None = None,
    pass_fds: Sequence[int] = (),
    new_session: bool = False,
    cwd: Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``python -m module *args`` under this interpreter with :func:`child_env` (plus
    ``env``); standard input is closed, standard error goes where ``stdout`` goes (when
    given). ``new_session`` puts the child in a session of its own, so a Ctrl-C on the
    terminal reaches the parent alone, which then stops its children in order."""
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        env=child_env(env),
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.STDOUT if stdout is not None else None,
        pass_fds=tuple(pass_fds),
        close_fds=True,
        start_new_session=new_session,
        cwd=cwd,
    )
