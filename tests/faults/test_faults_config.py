"""Bad configuration through the real CLI: one clear line naming the file and the field,
a non-zero exit, no traceback, and nothing started (no state written, no port bound).

Each case runs ``python -m flashpoint produce|worker|deliver`` as a subprocess (all cases at
once, to keep the wall time down). Kafka points at a closed port: a command that got past its
configuration would hang or fail on Kafka instead, with a different message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.report import Collector
from tests.ports import free_port

pytestmark = [pytest.mark.integration, pytest.mark.faults]

GOOD_FEEDS = "feeds:\n  - name: ok\n    url: https://news.example/rss\n"
GOOD_RULES = """version: 1
rules:
  - name: toll
    when: {categories: [casualty]}
    window: {type: tumbling, size: 1d}
    aggregate: max_killed
    group_by: [incident]
    thresholds: [{at: 10, severity: warning}]
"""
GOOD_CHANNELS = (
    "channels:\n  hook:\n    type: webhook\n    url: https://hooks.example/x\n"
    "    secret_env: FP_TEST_SECRET\n"
)


@dataclass(frozen=True)
class Case:
    name: str
    command: str  # produce | worker | deliver
    file: str  # which file is broken: feeds | rules | channels | env
    content: str
    expect: tuple[str, ...]  # fragments the one error line must contain
    env: tuple[tuple[str, str], ...] = ()


CASES = (
    Case("feeds: YAML syntax", "produce", "feeds", "feeds:\n  - name: a\n   url: [oops\n",
         ("feeds.yaml", "line", "invalid YAML")),
    Case("feeds: missing url", "produce", "feeds", "feeds:\n  - name: a\n",
         ("feeds.yaml", "feed 'a'", "url", "required")),
    Case("feeds: unknown field", "produce", "feeds",
         "feeds:\n  - name: a\n    url: https://x.example/rss\n    intervall: 5m\n",
         ("feeds.yaml", "feed 'a'", "intervall", "unknown field")),
    Case("feeds: bad interval", "produce", "feeds",
         "feeds:\n  - name: a\n    url: https://x.example/rss\n    interval: soon\n",
         ("feeds.yaml", "feed 'a'", "interval")),
    Case("feeds: ftp URL", "produce", "feeds",
         "feeds:\n  - name: a\n    url: ftp://x.example/rss\n",
         ("feeds.yaml", "feed 'a'", "url", "http")),
    Case("feeds: file URL", "produce", "feeds",
         "feeds:\n  - name: a\n    url: file:///etc/passwd\n",
         ("feeds.yaml", "feed 'a'", "url", "http")),
    Case("rules: threshold not a number", "worker", "rules",
         GOOD_RULES.replace("at: 10", "at: lots"),
         ("rules.yaml", "rule 'toll'", "thresholds[0].at")),
    Case("rules: unknown aggregate", "worker", "rules",
         GOOD_RULES.replace("max_killed", "max_kiled"),
         ("rules.yaml", "rule 'toll'", "aggregate")),
    Case("rules: not a mapping", "worker", "rules", "- just\n- a list\n",
         ("rules.yaml", "rules")),
    Case("rules: duplicate name", "worker", "rules",
         GOOD_RULES + GOOD_RULES.split("rules:\n", 1)[1],
         ("rules.yaml", "toll", "name", "duplicate")),
    Case("channels: negative timeout", "deliver", "channels",
         GOOD_CHANNELS + "    timeout: -5\n", ("channels.yaml", "hook", "timeout")),
    Case("channels: file URL", "deliver", "channels",
         GOOD_CHANNELS.replace("https://hooks.example/x", "file:///etc/passwd"),
         ("channels.yaml", "hook", "url")),
    Case("channels: secret variable unset", "deliver", "channels",
         GOOD_CHANNELS.replace("FP_TEST_SECRET", "FP_TEST_UNSET"),
         ("channels.yaml", "hook", "secret_env", "FP_TEST_UNSET")),
    Case("environment: bad port", "worker", "env", "",
         ("environment", "FLASHPOINT_WORKER__WEB_PORT"),
         env=(("FLASHPOINT_WORKER__WEB_PORT", "sixty"),)),
)  # fmt: skip


def _write(tmp: Path, case: Case) -> dict[str, str]:
    tmp.mkdir(parents=True)
    files = {"feeds": GOOD_FEEDS, "rules": GOOD_RULES, "channels": GOOD_CHANNELS}
    if case.file in files:
        files[case.file] = case.content
    for name, text in files.items():
        (tmp / f"{name}.yaml").write_text(text)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FLASHPOINT_") and k != "FP_TEST_UNSET"
    }
    env.update(
        {
            "FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",  # nothing there
            "FLASHPOINT_PRODUCER__FEEDS_FILE": str(tmp / "feeds.yaml"),
            "FLASHPOINT_PRODUCER__STATE_PATH": str(tmp / "state" / "producer.sqlite3"),
            "FLASHPOINT_PRODUCER__METRICS_PORT": str(free_port()),
            "FLASHPOINT_WORKER__RULES_FILE": str(tmp / "rules.yaml"),
            "FLASHPOINT_WORKER__DATADIR": str(tmp / "state" / "worker"),
            "FLASHPOINT_WORKER__WEB_PORT": str(free_port()),
            "FLASHPOINT_DELIVERY__CHANNELS_FILE": str(tmp / "channels.yaml"),
            "FLASHPOINT_DELIVERY__STATE_DIR": str(tmp / "state" / "delivery"),
            "FLASHPOINT_DELIVERY__HTTP_PORT": str(free_port()),
            "FP_TEST_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            **dict(case.env),
        }
    )
    return env


@pytest.mark.timeout(120)
def test_bad_config_gives_one_clear_error_and_starts_nothing(
    tmp_path: Path, reliability: Collector
) -> None:
    procs = []
    t0 = time.monotonic()
    for i, case in enumerate(CASES):
        workdir = tmp_path / f"case{i}"
        env = _write(workdir, case)
        proc = subprocess.Popen(
            [sys.executable, "-m", "flashpoint", case.command],
            env=env,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        procs.append((case, workdir, proc))
    failures = []
    for case, workdir, proc in procs:
        try:
            _out, err = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
        stderr = err.decode(errors="replace").strip()
        lines = stderr.splitlines()
        problems = []
        if proc.returncode in (0, None):
            problems.append(f"exit code {proc.returncode}")
        if len(lines) != 1 or not lines[0].startswith("flashpoint: error: "):
            problems.append(f"not one error line: {stderr[-400:]!r}")
        if "Traceback" in stderr:
            problems.append("a traceback was printed")
        missing = [frag for frag in case.expect if frag not in stderr]
        if missing:
            problems.append(f"message lacks {missing}: {stderr[-300:]!r}")
        # Nothing started: no state file, database or log was written (the worker creates its
        # empty data folder before it reads the rules; an empty folder holds nothing).
        written = sorted(str(p.relative_to(workdir)) for p in workdir.rglob("*") if p.is_file())
        written = [w for w in written if not w.endswith(".yaml")]
        if written:
            problems.append(f"files written: {written}")
        reliability.record(
            group="config",
            name=case.name,
            fault=f"flashpoint {case.command}",
            outcome=f"exit {proc.returncode}: "
            + (lines[0][19:].replace(f"{workdir}/", "") if lines else "")[:160],
            notes="; ".join(problems),
        )
        if problems:
            failures.append(f"{case.name}: " + "; ".join(problems))
    wall = time.monotonic() - t0
    print(f"config cases={len(CASES)} wall={wall:.1f}s")
    assert not failures, "\n".join(failures)
