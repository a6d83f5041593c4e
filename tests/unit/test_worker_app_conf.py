"""The worker's settings reach the Faust app they configure (nothing is connected here)."""

from __future__ import annotations

import asyncio
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


async def test_flow_stays_suspended_from_rebalance_complete_until_faust_resumes_it(
    tmp_path: Path,
) -> None:
    """Faust resumes flow control while the tables recover, and again (emptying the stream
    buffers) only after the seek that ends the rebalance: records let into the buffers between
    the two would be dropped. The worker holds flow control from ``on_rebalance_complete``."""
    from mode.utils.queues import FlowControlQueue

    settings = WorkerSettings(
        app_id="conf-test-flow",
        datadir=tmp_path / "w",
        rules_file=ROOT / "deploy" / "rules.yaml",
        web_enabled=False,
    )
    app = create_app(settings, KafkaSettings(bootstrap_servers="127.0.0.1:9")).app
    buffer: FlowControlQueue[int] = FlowControlQueue(
        maxsize=4, flow_control=app.flow_control, clear_on_resume=True
    )
    app.flow_control.resume()  # as during the tables' recovery
    await app.on_rebalance_complete.send()
    assert not app.flow_control.is_active()  # a record would wait, not enter the buffer
    put = asyncio.ensure_future(buffer.put(1))
    await asyncio.sleep(0.05)  # give the put its chance to run (it must not)
    assert buffer.qsize() == 0 and not put.done()
    app.flow_control.resume()  # Faust, once the seek is done: the buffer is emptied first
    await asyncio.wait_for(put, 1.0)
    assert buffer.qsize() == 1  # and the record is kept
