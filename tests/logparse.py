"""Flashpoint's log lines read back by parsers written by others.

- logfmt: go-logfmt, the decoder Grafana Loki's ``| logfmt`` parser derives from (through
  ``scripts/logfmt-check``, built by ``make tools``), and logfmtkv (a Python parser, in its
  go-logfmt mode); both must read every line, and read it the same.
- JSON lines: ``json.loads``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import logfmtkv

__all__ = ["go_logfmt", "records"]

CHECKER = Path(__file__).resolve().parents[1] / ".cache" / "bin" / "logfmt-check"


def go_logfmt(lines: list[str]) -> list[dict[str, str]]:
    """Each line decoded by go-logfmt; a line it cannot decode, or a repeated key, fails."""
    assert CHECKER.exists(), f"{CHECKER} is missing: run `make tools` (needs Go)"
    proc = subprocess.run(
        [str(CHECKER)],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, f"go-logfmt: {proc.stderr}"
    out = []
    for row in proc.stdout.splitlines():
        pairs = json.loads(row)
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"repeated key in {pairs}"
        out.append(dict(pairs))
    assert len(out) == len(lines)
    return out


def records(lines: list[str], fmt: str) -> list[dict[str, Any]]:
    """The records of ``lines`` in format ``fmt`` (``logfmt`` or ``json``)."""
    if fmt == "json":
        return [dict(json.loads(line)) for line in lines]
    py = [dict(logfmtkv.parse(line, strict=True, duplicates="error")) for line in lines]
    assert go_logfmt(lines) == py, "go-logfmt and logfmtkv read a line differently"
    return py
