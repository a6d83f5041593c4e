"""Fixtures of the fault-injection suite: its own restartable Kafka broker, the report collector.

The broker here is separate from the session broker of tests/integration, because the
broker-restart scenario stops and starts it (same ports, same data folder). Scenarios that do
not restart it share it, each with its own topic prefix.
"""

from __future__ import annotations

import os
import time
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import LocalKafka
from tests.faults.report import REPORT_ENV, Collector, render, sections
from tests.support.kafka import fresh_settings, local_broker

_COLLECTOR = Collector()
_T0 = time.monotonic()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "faults: the fault-injection suite (tests/faults), writes docs/reliability.md"
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    rep = yield
    if rep.when != "call":
        return rep
    for sc in _COLLECTOR.scenarios:
        if sc.test == item.nodeid and not sc.result:
            sc.result = "xfail" if hasattr(rep, "wasxfail") else ("pass" if rep.passed else "FAIL")
    return rep


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get(REPORT_ENV)
    if not target or not _COLLECTOR.scenarios:
        return
    command = os.environ.get(f"{REPORT_ENV}_COMMAND", "python scripts/reliability_report.py")
    kept = None
    if os.environ.get(f"{REPORT_ENV}_KEEP") and Path(target).exists():
        kept = sections(Path(target).read_text(encoding="utf-8"))
    text = render(_COLLECTOR.scenarios, command=command, wall_s=time.monotonic() - _T0, kept=kept)
    Path(target).write_text(text + "\n", encoding="utf-8")
    json_target = os.environ.get(f"{REPORT_ENV}_JSON")
    if json_target:
        Path(json_target).write_text(_COLLECTOR.to_json(), encoding="utf-8")


@pytest.fixture
def reliability(request: pytest.FixtureRequest) -> Collector:
    """Record a scenario's figures: ``reliability.record(group=..., name=..., ...)``;
    ``wall_s`` defaults to the seconds since the scenario started (this fixture's set-up, the
    last of a scenario's fixtures)."""
    t0 = time.monotonic()

    class _Bound(Collector):
        def record(self, **figures: object) -> object:  # type: ignore[override]
            figures.setdefault("test", request.node.nodeid)
            figures.setdefault("wall_s", time.monotonic() - t0)
            return _COLLECTOR.record(**figures)

    return _Bound()


@pytest.fixture(scope="session")
def faults_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalKafka]:
    """A broker of this suite alone; tests may stop and start it (same ports and data)."""
    with local_broker(tmp_path_factory.mktemp("faults-kafka"), heap="-Xmx384m") as broker:
        yield broker


@pytest.fixture
def faults_kafka(faults_broker: LocalKafka) -> KafkaSettings:
    """Settings with a unique topic prefix on the suite's broker; topics created up front."""
    if not faults_broker.is_up():  # a failed restart scenario must not break the next ones
        faults_broker.start(timeout=120)
    return fresh_settings(faults_broker, mark="f")
