"""The worker's settings reach the Faust app they configure (nothing is connected here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from streams.app import create_app
from streams.settings import WorkerSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("replicas", [0, 1, 2])
def test_table_standby_replicas_is_a_worker_setting(tmp_path: Path, replicas: int) -> None:
    settings = WorkerSettings(
        app_id=f"conf-test-{replicas}",
        datadir=tmp_path / "w",
        rules_file=ROOT / "deploy" / "rules.yaml",
        table_standby_replicas=replicas,
        web_enabled=False,
    )
    worker = create_app(settings, KafkaSettings(bootstrap_servers="127.0.0.1:9"))
    assert worker.app.conf.table_standby_replicas == replicas


def test_table_standby_replicas_defaults_to_one_standby() -> None:
    assert WorkerSettings().table_standby_replicas == 1
