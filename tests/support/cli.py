"""Run the command line for a test: in a child Python, in an environment of the test's own.

A developer's shell may hold ``FLASHPOINT_*`` settings (a broker, a log format); no test may
see them. :func:`clean_env` is this process's environment without them, :func:`python` runs
``python ARGS`` in a child with its output captured as text, and :func:`no_flashpoint_env`
drops them from this process for one test (monkeypatch).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

__all__ = ["ROOT", "clean_env", "no_flashpoint_env", "python"]

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without ``FLASHPOINT_*`` variables, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASHPOINT_")}
    env.update(extra)
    return env


def no_flashpoint_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop every ``FLASHPOINT_*`` variable of this process for the test."""
    for name in list(os.environ):
        if name.startswith("FLASHPOINT_"):
            monkeypatch.delenv(name)


def python(
    args: list[str],
    env: dict[str, str],
    *,
    cwd: Path = ROOT,
    timeout: float = 120,
    **kw: Any,
) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` (this interpreter) in ``cwd`` with ``env``; stdout and stderr are
    captured as text, the exit status is the caller's to check."""
    kw.update(capture_output=True, text=True, check=False)
    return subprocess.run([sys.executable, *args], env=env, cwd=cwd, timeout=timeout, **kw)
