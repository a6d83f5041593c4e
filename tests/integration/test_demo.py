"""The first run as a new user sees it: `flashpoint demo` on the bundled feeds fires at least one
alert involving each category (strike, casualty, denial, diplomatic) and delivers them."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from flashpoint.localkafka import LocalKafka
from tests.ports import free_port

pytestmark = pytest.mark.integration


def test_demo_fires_every_category(kafka_broker: LocalKafka) -> None:
    prefix = f"demo-test-{uuid.uuid4().hex[:8]}"
    # The story runs 64 s at speed 1; speed 2 halves it, leaving time for delivery.
    cmd = [
        sys.executable,
        "-m",
        "flashpoint",
        "demo",
        "--duration",
        "60",
        "--speed",
        "2",
        "--json",
        "--kafka-port",
        str(kafka_broker.port),
        "--topic-prefix",
        prefix,
        "--worker-port",
        str(free_port()),
        "--producer-metrics-port",
        str(free_port()),
        "--delivery-metrics-port",
        str(free_port()),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    summary = json.loads(proc.stdout)  # --json: stdout is the summary alone
    assert "Flashpoint demo" in proc.stderr  # the live view went to stderr
    assert summary["error"] is None
    by_category = summary["alerts_by_category"]
    for category in ("strike", "casualty", "denial", "diplomatic"):
        assert by_category.get(category, 0) >= 1, summary
    assert summary["webhook_ids"] >= 1, summary  # alerts reached the desk's webhook
