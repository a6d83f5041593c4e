"""The worker API's reader of the alerts topic (streams.api.AlertTail) against a real broker:
the newest alerts of every partition, newest first, read again only where new."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from kafka import KafkaProducer

from alerts.schema import Alert, alert_id
from flashpoint.core.kafkaconf import KafkaSettings
from streams.api import AlertsUnavailableError, AlertTail
from tests.ports import free_port
from tests.support.reports import ganja_incident

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _alert(n: int, incident: str | None = None, killed: int = 1) -> Alert:
    return Alert(
        id=alert_id(f"tail-{n}", "AZ"),
        rule=f"tail-{n}",
        severity="warning",
        group="AZ",
        fired_at=T0 + timedelta(seconds=n),
        value=n,
        threshold=1,
        incident=None if incident is None else ganja_incident(incident, killed=killed),
    )


def _send(kafka: KafkaSettings, records: list[tuple[int, int, bytes]]) -> None:
    """(partition, seconds, value) records to the alerts topic, in that order; each record's
    timestamp is that many seconds after a minute ago (explicit, so that the order across
    partitions is known; recent, so that the topic's retention keeps them)."""
    base = int(time.time() * 1000) - 60_000
    producer = KafkaProducer(bootstrap_servers=kafka.bootstrap_servers, acks="all")
    for partition, seconds, value in records:
        producer.send(
            kafka.alerts_topic,
            value=value,
            key=b"k",
            partition=partition,
            timestamp_ms=base + seconds * 1000,
        )
    producer.flush()
    producer.close()


def test_the_newest_of_every_partition_newest_first(kafka_settings: KafkaSettings) -> None:
    alerts = {n: _alert(n) for n in range(1, 9)}
    # Odd alerts on partition 0, even ones on partition 1, sent in time order per partition;
    # one record that is not an alert, the newest of partition 1 but one.
    records = [(0, n, alerts[n].to_json()) for n in (1, 3, 5, 7)]
    records += [(1, n, alerts[n].to_json()) for n in (2, 4, 6)]
    records += [(1, 6, b"not an alert"), (1, 8, alerts[8].to_json())]
    _send(kafka_settings, records)

    tail = AlertTail(kafka_settings, size=4)
    try:
        got = [a["id"] for a in tail.alerts(10)]
        # The last 4 records of each partition are read; the newest 4 alerts are kept.
        assert got == [alerts[n].id for n in (8, 7, 6, 5)]
        assert tail.skipped == 1
        assert [a["id"] for a in tail.alerts(2)] == [alerts[8].id, alerts[7].id]
        assert tail.refresh() == 0  # nothing new: nothing read

        nine = _alert(9)
        _send(kafka_settings, [(0, 59, nine.to_json())])
        assert tail.refresh() == 1  # only the new record
        assert [a["id"] for a in tail.alerts(10)] == [nine.id] + [alerts[n].id for n in (8, 7, 6)]
    finally:
        tail.close()


def test_incidents_are_the_latest_summary_of_each(kafka_settings: KafkaSettings) -> None:
    first = _alert(1, "inc-a", killed=3)
    other = _alert(2, "inc-b", killed=1)
    later = _alert(3, "inc-a", killed=7)
    _send(
        kafka_settings,
        [(0, 1, first.to_json()), (1, 2, other.to_json()), (1, 3, later.to_json())],
    )
    tail = AlertTail(kafka_settings)
    try:
        incidents = tail.incidents(10)
        assert [(i["id"], i["killed"]) for i in incidents] == [("inc-a", 7), ("inc-b", 1)]
        assert len(tail.incidents(1)) == 1
    finally:
        tail.close()


def test_an_unreachable_broker_is_an_error_then_a_fresh_start() -> None:
    nobody = KafkaSettings(bootstrap_servers=f"127.0.0.1:{free_port()}", topic_prefix="none")
    tail = AlertTail(nobody, connect_timeout=1.0)
    with pytest.raises(AlertsUnavailableError):
        tail.alerts(5, timeout=1.0)
    with pytest.raises(AlertsUnavailableError):  # tried again, not stuck on a dead consumer
        tail.alerts(5, timeout=1.0)
