"""Input to the silences API: durations, ids, bodies; and a broker outage answered quickly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from alerts.silences import (
    MAX_SILENCE,
    InvalidSilenceError,
    Silence,
    SilenceError,
    is_silence_id,
    silence_from_request,
    write_silence,
)
from flashpoint.core.kafkaconf import KafkaSettings
from streams.api import AlertTail, create_silence, expire_silence, newest, parse_limit
from tests.ports import free_port

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("inf", "finite"),
        (float("inf"), "finite"),
        (json.loads("1e309"), "finite"),  # what a JSON body of 1e309 becomes
        ("nan", "finite"),
        (1e15, "at most 90 days"),
        (10**400, "number of seconds"),
        (MAX_SILENCE.total_seconds() + 1, "at most 90 days"),
        (0, "positive"),
        (-60, "positive"),
        (True, "number of seconds"),
        ("soon", "number of seconds"),
        ([60], "number of seconds"),
    ],
)
def test_bad_durations_are_input_errors(duration: Any, message: str) -> None:
    with pytest.raises(InvalidSilenceError, match=message):
        silence_from_request({"rule": "toll", "duration": duration}, now=NOW)


def test_good_duration_and_ends_at() -> None:
    s = silence_from_request({"rule": "toll", "duration": 3600}, now=NOW)
    assert s.starts_at == NOW and s.ends_at == NOW + timedelta(hours=1)
    s = silence_from_request({"rule": "toll", "duration": "90"}, now=NOW)
    assert s.ends_at == NOW + timedelta(seconds=90)
    # the project's one duration syntax (flashpoint.core.durations), as in rules.yaml
    s = silence_from_request({"rule": "toll", "duration": "2h"}, now=NOW)
    assert s.ends_at == NOW + timedelta(hours=2)
    with pytest.raises(InvalidSilenceError, match="at most 90 days"):
        silence_from_request({"rule": "toll", "duration": "13w"}, now=NOW)
    s = silence_from_request({"rule": "toll", "ends_at": "2026-03-02T12:00:00Z"}, now=NOW)
    assert s.ends_at == NOW + timedelta(days=1)
    # A time without a zone is read as UTC, never compared naive against aware.
    s = silence_from_request({"rule": "toll", "ends_at": "2026-03-02T12:00:00"}, now=NOW)
    assert s.ends_at == NOW + timedelta(days=1) and s.active(NOW)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([1, 2], "JSON object"),
        ("text", "JSON object"),
        ({"duration": 60}, "matcher"),
        ({"rule": "toll"}, "ends_at or duration"),
        ({"rule": "toll", "duration": 60, "ends_at": "2026-03-02T00:00:00Z"}, "not both"),
        ({"rule": "toll", "ends_at": "9999-12-31T00:00:00Z"}, "at most 90 days"),
        ({"rule": "toll", "ends_at": "2026-02-01T00:00:00Z"}, "after starts_at"),
        ({"rule": "toll", "ends_at": "yesterday"}, "ends_at"),
        ({"rule": "x" * 201, "duration": 60}, "rule"),
        ({"rule": "toll", "duration": 60, "id": "si_..%2Fetc"}, "id"),
        ({"rule": "toll", "duration": 60, "colour": "red"}, "colour"),
    ],
)
def test_bad_bodies_are_input_errors(body: Any, message: str) -> None:
    with pytest.raises(InvalidSilenceError, match=message):
        silence_from_request(body, now=NOW)


@pytest.mark.parametrize(
    "text",
    [
        "si_..%2F..%2Fetc%2Fpasswd",
        "si_../../etc/passwd",
        "si_",
        "si_ABCDEF",
        "si_0123 ",
        "xx_0123",
        "si_" + "0" * 65,
        "",
    ],
)
def test_silence_id_validator_refuses(text: str) -> None:
    assert not is_silence_id(text)


def test_silence_id_validator_accepts_generated_ids() -> None:
    s = Silence(rule="toll", ends_at=NOW + timedelta(hours=1), starts_at=NOW)
    assert is_silence_id(s.id) and is_silence_id("si_0123456789abcdef")


def test_limit_query_parameter() -> None:
    assert parse_limit(None) == 50
    assert parse_limit("7") == 7
    for bad in ("0", "-1", "501", "abc", "1e3", "", "9" * 50):
        with pytest.raises(ValueError, match="limit"):
            parse_limit(bad)


def _nobody() -> KafkaSettings:
    return KafkaSettings(bootstrap_servers=f"127.0.0.1:{free_port()}")


@pytest.mark.timeout(60)
def test_write_during_an_outage_is_a_silence_error() -> None:
    s = silence_from_request({"rule": "toll", "duration": 60}, now=NOW)
    with pytest.raises(SilenceError):
        write_silence(_nobody(), s.id, s, timeout=2.0)


@pytest.mark.timeout(60)
async def test_api_answers_400_and_503_not_500() -> None:
    kafka = _nobody()
    status, body = await create_silence({"rule": "toll", "duration": "inf"}, kafka, now=NOW)
    assert status == 400 and "finite" in body["error"]
    status, body = await create_silence({"rule": "toll", "duration": 60}, kafka, now=NOW, timeout=2)
    assert status == 503 and "error" in body
    status, body = await expire_silence("si_..%2F..%2Fetc%2Fpasswd", kafka)
    assert status == 400 and "silence id" in body["error"]
    status, body = await expire_silence("si_0123456789abcdef", kafka, timeout=2)
    assert status == 503
    tail = AlertTail(kafka, connect_timeout=2)
    status, body = await newest(tail.alerts, "alerts", "abc", timeout=2)
    assert status == 400 and "limit" in body["error"]
    for read in (tail.alerts, tail.incidents):
        status, body = await newest(read, "alerts", "5", timeout=2)
        assert status == 503 and "cannot read" in body["error"], body
