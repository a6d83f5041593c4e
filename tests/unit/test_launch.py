"""The one child-process launcher (flashpoint.core.launch): environment and start-up."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from flashpoint.core.launch import SOURCE_ROOT, child_env, launch_module


def test_source_root_holds_the_top_level_packages() -> None:
    for package in ("flashpoint", "producers", "streams", "alerts"):
        assert (SOURCE_ROOT / package / "__init__.py").is_file()


def test_child_env_puts_the_source_root_first_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(["/opt/a", "", "/opt/b"]))
    monkeypatch.setenv("FLASHPOINT_LOG__LEVEL", "INFO")
    env = child_env({"FLASHPOINT_LOG__LEVEL": "DEBUG"})
    # No empty entry: that would put the child's working directory on sys.path.
    assert env["PYTHONPATH"].split(os.pathsep) == [str(SOURCE_ROOT), "/opt/a", "/opt/b"]
    assert env["FLASHPOINT_LOG__LEVEL"] == "DEBUG"  # extra wins


def test_child_env_without_pythonpath(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTHONPATH", raising=False)
    assert child_env()["PYTHONPATH"] == str(SOURCE_ROOT)


def test_launch_module_puts_this_checkout_on_the_childs_path(tmp_path: Path) -> None:
    out = tmp_path / "out.log"
    with open(out, "wb") as log:
        # Started elsewhere: the checkout must reach the child through PYTHONPATH.
        proc = launch_module("site", stdout=log, cwd=tmp_path)
    assert proc.wait(60) == 0, out.read_text()
    assert f"    {str(SOURCE_ROOT)!r}," in out.read_text().splitlines()


def test_launch_module_closes_stdin_and_sends_stderr_with_stdout() -> None:
    # json.tool reads standard input: closed, it reads nothing and reports the error.
    proc = launch_module("json.tool", stdout=subprocess.PIPE, env={"PYTHONWARNINGS": "ignore"})
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert b"Expecting value" in stdout
