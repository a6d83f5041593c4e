"""The worker's run marker: local tables of a crashed run are discarded, a live worker's folder
is refused, and a clean stop keeps the tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.core.errors import ConfigError
from streams.statedir import MARKER, RunMarker


def _tables(tmp_path: Path) -> Path:
    tabledir = tmp_path / "v1" / "tables"
    (tabledir / "rules-state-0.db").mkdir(parents=True)
    (tabledir / "rules-state-0.db" / "000001.log").write_bytes(b"state")
    return tabledir


def test_a_clean_stop_keeps_the_local_tables(tmp_path: Path) -> None:
    tabledir = _tables(tmp_path)
    first = RunMarker(tmp_path, tabledir)
    assert first.claim() is False
    assert (tmp_path / MARKER).read_text().strip() == str(os.getpid())
    first.release()
    assert not (tmp_path / MARKER).exists()
    assert RunMarker(tmp_path, tabledir).claim() is False
    assert (tabledir / "rules-state-0.db" / "000001.log").exists()


def test_the_mark_of_a_dead_run_discards_the_local_tables(tmp_path: Path) -> None:
    tabledir = _tables(tmp_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (tmp_path / MARKER).write_text(f"{dead}\n")  # a worker that was killed: no release
    marker = RunMarker(tmp_path, tabledir)
    assert marker.claim() is True
    assert not tabledir.exists()
    assert (tmp_path / MARKER).read_text().strip() == str(os.getpid())


def test_a_live_worker_holding_the_folder_is_refused(tmp_path: Path) -> None:
    tabledir = _tables(tmp_path)
    live = subprocess.Popen(
        [sys.executable, "-c", "import time; print(flush=True); time.sleep(30)", "streams-worker"],
        stdout=subprocess.PIPE,
    )
    try:
        assert live.stdout is not None
        live.stdout.readline()  # it runs (exec done): its command line is its own
        (tmp_path / MARKER).write_text(f"{live.pid}\n")
        with pytest.raises(ConfigError, match="in use by process"):
            RunMarker(tmp_path, tabledir).claim()
        assert tabledir.exists()
    finally:
        live.kill()
        live.wait()
