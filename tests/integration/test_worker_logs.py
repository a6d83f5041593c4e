"""A real worker's log, Faust's and aiokafka's records included, reads back line by line with
logfmt parsers we did not write (go-logfmt and logfmtkv) or with json.loads."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import logfmtkv
import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from tests.integration.servers import stop_server
from tests.logparse import records
from tests.ports import free_port
from tests.support.cli import clean_env
from tests.support.pipeline import worker_app_id

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
RULES = "version: 1\nrules:\n  - name: r\n    window: {size: 1h}\n    thresholds: [{at: 1}]\n"


def _parse(line: str, fmt: str) -> dict[str, Any]:
    if fmt == "json":
        return dict(json.loads(line))
    return dict(logfmtkv.parse(line, strict=True, duplicates="error"))


@pytest.mark.timeout(180)
@pytest.mark.parametrize("fmt", ["logfmt", "json"])
def test_worker_log_lines_all_parse(
    kafka_settings: KafkaSettings, tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "rules.yaml").write_text(RULES)
    env = clean_env(
        FLASHPOINT_LOG__FORMAT=fmt,
        FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS=kafka_settings.bootstrap_servers,
        FLASHPOINT_KAFKA__TOPIC_PREFIX=kafka_settings.topic_prefix,
        FLASHPOINT_KAFKA__PARTITIONS=str(kafka_settings.partitions),
        FLASHPOINT_WORKER__APP_ID=worker_app_id(kafka_settings),
        FLASHPOINT_WORKER__DATADIR=str(tmp_path / "worker"),
        FLASHPOINT_WORKER__WEB_PORT=str(free_port()),
        FLASHPOINT_WORKER__RULES_FILE=str(tmp_path / "rules.yaml"),
    )
    err_path, out_path = tmp_path / "stderr", tmp_path / "stdout"
    with err_path.open("wb") as err, out_path.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flashpoint", "worker", "--loglevel", "info"],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=tmp_path,
        )
    try:
        # Wait until Faust and aiokafka have both logged (the consumer joined its group).
        deadline = time.monotonic() + 120
        loggers: set[str] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            text = err_path.read_text(errors="replace")
            loggers = {_logger(line, fmt) for line in text.splitlines() if line}
            if any(n.startswith("faust") for n in loggers) and any(
                n.startswith("aiokafka") for n in loggers
            ):
                break
            time.sleep(0.5)
        assert proc.poll() is None, err_path.read_text()[-3000:]
    finally:
        stop_server(proc, grace=60)
    lines = err_path.read_text().splitlines()
    recs = records(lines, fmt)  # every stderr line is a log record
    assert all(set(r) >= {"time", "level", "logger", "msg"} for r in recs)
    names = {str(r["logger"]) for r in recs}
    assert any(n.startswith("faust") for n in names), names
    assert any(n.startswith("aiokafka") for n in names), names
    assert out_path.read_text() == ""  # nothing of the log on stdout (mode's default)


def _logger(line: str, fmt: str) -> str:
    try:
        return str(_parse(line, fmt).get("logger", ""))
    except (ValueError, logfmtkv.LogfmtError):
        return ""
