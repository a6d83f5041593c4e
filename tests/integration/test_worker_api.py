"""The worker's JSON API against a real worker process and Kafka: recent alerts and incidents,
silences on the compacted topic, and the bearer token on mutating endpoints."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from kafka import KafkaProducer

from alerts.schema import Alert, alert_id
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.procs import ChildGroup
from tests.ports import free_port
from tests.support.pipeline import pipeline_env, start
from tests.support.reports import ganja_incident

pytestmark = pytest.mark.integration

TOKEN = "s3cret-token-for-tests"


def _call(
    method: str,
    url: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    raw: bytes | None = None,
) -> tuple[int, Any]:
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token is not None:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def _wait_for(check: Any, group: ChildGroup, timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        if (child := group.failed()) is not None:
            raise AssertionError(f"{child.name} exited:\n{child.tail(30)}")
        try:
            last = check()
            if last:
                return last
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"condition not met in {timeout}s; last={last!r}")


@contextmanager
def api_worker(
    kafka: KafkaSettings, tmp_path: Path, token: str
) -> Iterator[tuple[str, ChildGroup]]:
    """A worker process with no rules and ``FLASHPOINT_API_TOKEN`` set to ``token`` (empty:
    none) for the ``with`` block; yields its base URL and its group."""
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({"version": 1, "rules": []}))
    port = free_port()
    env = pipeline_env(
        kafka,
        tmp_path,
        feeds_file=tmp_path / "none.yaml",
        rules_file=rules,
        web_port=port,
        FLASHPOINT_API_TOKEN=token,
    )
    group = ChildGroup()
    try:
        start(group, "worker", ["worker"], env, tmp_path)
        yield f"http://127.0.0.1:{port}", group
    finally:
        group.stop()


def test_api(kafka_settings: KafkaSettings, tmp_path: Path) -> None:
    with api_worker(kafka_settings, tmp_path, TOKEN) as (base, group):
        now = datetime.now(UTC)
        alert = Alert(
            id=alert_id("api-test", "AZ"),
            rule="api-test",
            severity="critical",
            group="AZ",
            fired_at=now,
            value=3,
            threshold=1,
            incident=ganja_incident("inc-1", categories=("strike",)),
        )
        producer = KafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers, acks="all")
        producer.send(kafka_settings.alerts_topic, key=alert.id.encode(), value=alert.to_json())
        producer.send(kafka_settings.alerts_topic, key=b"junk", value=b"not an alert")
        producer.flush()
        producer.close()

        alerts = _wait_for(lambda: _call("GET", f"{base}/api/alerts")[1]["alerts"], group)
        assert [a["id"] for a in alerts] == [alert.id]
        assert alerts[0]["incident"]["killed"] == 12
        status, body = _call("GET", f"{base}/api/incidents")
        assert status == 200 and [i["id"] for i in body["incidents"]] == ["inc-1"]

        new = {"rule": "api-test", "duration": 3600, "comment": "known incident"}
        assert _call("POST", f"{base}/api/silences", new)[0] == 401
        assert _call("POST", f"{base}/api/silences", new, token="wrong")[0] == 401
        assert _call("POST", f"{base}/api/silences", {"duration": 60}, token=TOKEN)[0] == 400
        # Bad input is a 400 saying why, never a 500 (an OverflowError used to escape).
        for duration in ("inf", 1e15, -1, 0):
            status, body = _call(
                "POST", f"{base}/api/silences", {"rule": "x", "duration": duration}, token=TOKEN
            )
            assert status == 400 and "duration" in body["error"], (duration, body)
        status, body = _call(
            "POST", f"{base}/api/silences", token=TOKEN, raw=b'{"rule": "x", "duration": 1e309}'
        )
        assert status == 400 and "finite" in body["error"]
        assert _call("GET", f"{base}/api/alerts?limit=abc")[0] == 400
        assert _call("GET", f"{base}/api/incidents?limit=0")[0] == 400
        status, created = _call("POST", f"{base}/api/silences", new, token=TOKEN)
        assert status == 201 and created["rule"] == "api-test"
        # Ids are checked like POST checks them; an unknown one is a 404; none is written.
        bad = _call("DELETE", f"{base}/api/silences/si_..%2F..%2Fetc%2Fpasswd", token=TOKEN)
        assert bad[0] in (400, 404), bad
        assert _call("DELETE", f"{base}/api/silences/si_ZZ", token=TOKEN)[0] == 400
        assert _call("DELETE", f"{base}/api/silences/si_0123456789abcdef", token=TOKEN)[0] == 404
        status, listed = _call("GET", f"{base}/api/silences")
        assert status == 200
        assert [(s["id"], s["active"]) for s in listed["silences"]] == [(created["id"], True)]

        assert _call("DELETE", f"{base}/api/silences/{created['id']}")[0] == 401
        status, _ = _call("DELETE", f"{base}/api/silences/{created['id']}", token=TOKEN)
        assert status == 200
        assert _call("GET", f"{base}/api/silences")[1]["silences"] == []


def test_mutating_endpoints_disabled_without_token(
    kafka_settings: KafkaSettings, tmp_path: Path
) -> None:
    with api_worker(kafka_settings, tmp_path, "") as (base, group):
        url = f"{base}/api/silences"
        status, body = _wait_for(
            lambda: _call("POST", url, {"rule": "x", "duration": 60}, token="anything"), group
        )
        assert status == 403 and "FLASHPOINT_API_TOKEN" in body["error"]
