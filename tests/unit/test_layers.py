"""The floors of the code, checked from its imports (issue 20).

The contracts live in pyproject.toml (``[tool.importlinter]``): ``flashpoint.core`` at the
bottom imports no stage; ``producers`` and ``alerts`` import only the core and not each other;
``streams`` imports those; the settings, process supervision and the commands stand on top.
The first test holds the tree to them; the others prove that the contracts bite, on a copy of
the sources with one import added that runs the wrong way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import python

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("flashpoint", "producers", "streams", "alerts")

_LINT = (
    "import sys\n"
    "from importlinter.cli import lint_imports\n"
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))\n"
)


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter over the packages found under ``root`` (they shadow the installed)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return python(["-c", _LINT], env, cwd=root)


def test_the_tree_keeps_every_import_contract() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The four packages' Python sources and pyproject.toml, copied to ``tmp_path``."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=lambda _d, names: [
                n for n in names if not n.endswith(".py") and "." in n and n != "py.typed"
            ],
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("flashpoint/core/urls.py", "producers.items"),  # the ground floor imports a stage
        ("flashpoint/core/errors.py", "flashpoint.settings"),  # ... or the settings on top
        ("producers/items.py", "streams.models"),  # a stage imports one downstream of it
        ("producers/feeds.py", "alerts.rules"),  # siblings import each other
        ("streams/app.py", "flashpoint.commands.worker"),  # a stage imports a command
        ("streams/classify/__init__.py", "kafka"),  # the classifier learns of Kafka
    ],
)
def test_an_import_running_the_wrong_way_breaks_a_contract(
    copy: Path, module: str, upward: str
) -> None:
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + f"\nimport {upward}  # noqa\n")
    done = _lint(copy)
    assert done.returncode == 1, done.stdout + done.stderr
    importer = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    assert f"{importer} -> {upward}" in done.stdout.replace("\n", " ")
