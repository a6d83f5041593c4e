"""Run the fault-injection suite and write docs/reliability.md from its measurements.

Usage: ``.venv/bin/python scripts/reliability_report.py [--output docs/reliability.md]
[--json var/reliability.json] [--keep] [-- extra pytest args]``. Exits with pytest's status;
the report is written even when a scenario fails (it says which). With ``--keep`` (for a
partial run, e.g. ``--keep -- tests/faults/test_faults_health.py``), the sections of groups
that did not run are carried over from the existing report, and the header says so.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=str(ROOT / "docs" / "reliability.md"))
    parser.add_argument("--json", help="also write the raw figures as JSON here")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the existing report's sections of groups this run does not touch",
    )
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env["FLASHPOINT_RELIABILITY_REPORT"] = str(Path(args.output).resolve())
    env["FLASHPOINT_RELIABILITY_REPORT_COMMAND"] = ".venv/bin/python scripts/reliability_report.py"
    if args.keep:
        env["FLASHPOINT_RELIABILITY_REPORT_KEEP"] = "1"
    if args.json:
        env["FLASHPOINT_RELIABILITY_REPORT_JSON"] = str(Path(args.json).resolve())
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-m",
        "faults",
        *(args.pytest_args or ["tests/faults"]),
    ]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    print(f"reliability report: {args.output}", file=sys.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
