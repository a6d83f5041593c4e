"""Static checks of deploy/prometheus, deploy/alertmanager and deploy/grafana.

promtool validates the scrape config and the rules and runs the rules' unit tests; the
dashboards must match their generator; and every metric name that a dashboard or a rule uses must
be one that a Flashpoint process (or Faust's sensor) exports, so a renamed metric fails here
rather than as an empty panel in production.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry

from tests.integration import promharness as ph

ROOT = Path(__file__).resolve().parents[2]


def _promtool(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ph.find_tool("promtool"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def _exported_names() -> set[str]:
    """Every sample name the producer, worker (with Faust's sensor) and delivery can expose,
    with the probes' metrics of every process."""
    from faust.sensors.prometheus import FaustMetrics

    from alerts.metrics import DeliveryMetrics
    from flashpoint.core.health import HealthMetrics
    from producers.metrics import ProducerMetrics
    from streams.metrics import WorkerMetrics

    registry = CollectorRegistry()
    WorkerMetrics(registry)
    ProducerMetrics(registry)
    DeliveryMetrics(registry)
    HealthMetrics(registry)  # every process: loop lag, live, ready, broker reachable
    FaustMetrics.create(registry, "faust")
    names = {"up", "scrape_duration_seconds"}
    for family in registry.collect():
        base = family.name
        names.add(base)
        suffixes = {
            "counter": ("_total", "_created"),
            "histogram": ("_bucket", "_sum", "_count", "_created"),
            "summary": ("_sum", "_count", "_created"),
        }.get(family.type, ())
        names.update(base + s for s in suffixes)
    return names


def test_promtool_check_config() -> None:
    proc = _promtool("check", "config", str(ph.PROMETHEUS_YML))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The config's rule_files glob must pick up the rules file (promtool counts them).
    assert "1 rule files found" in proc.stdout + proc.stderr


def test_promtool_check_rules() -> None:
    files = sorted(str(p) for p in ph.RULES_DIR.glob("*.yml"))
    assert files
    proc = _promtool("check", "rules", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_promtool_rule_unit_tests() -> None:
    """The alerting rules fire on synthetic series (dark feed, lag, failures) and only then."""
    tests = sorted(str(p) for p in (ph.PROMETHEUS_YML.parent / "tests").glob("*.test.yml"))
    assert tests
    proc = _promtool("test", "rules", *tests, cwd=ph.PROMETHEUS_YML.parent)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_alert_rule_has_a_promtool_test() -> None:
    text = "".join(
        p.read_text(encoding="utf-8")
        for p in (ph.PROMETHEUS_YML.parent / "tests").glob("*.test.yml")
    )
    untested = [
        r.name
        for r in ph.rule_entries()
        if r.kind == "alert" and f"alertname: {r.name}\n" not in text
    ]
    # Publish errors and worker bad items are plain thresholds on one counter; the rest are tested.
    assert set(untested) <= {"FlashpointProducerPublishErrors", "FlashpointWorkerBadItems"}


def test_dashboards_match_their_generator() -> None:
    script = ROOT / "deploy" / "grafana" / "generate_dashboards.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


def test_dashboards_are_well_formed() -> None:
    datasources = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/datasources/flashpoint.yml").read_text()
    )
    uid = datasources["datasources"][0]["uid"]
    boards = sorted(ph.DASHBOARDS_DIR.glob("*.json"))
    assert len(boards) == 2
    uids = set()
    for path in boards:
        board = json.loads(path.read_text(encoding="utf-8"))
        uids.add(board["uid"])
        ids = [p["id"] for p in board["panels"]]
        assert len(ids) == len(set(ids)), path.name
        for panel in board["panels"]:
            pos = panel["gridPos"]
            assert pos["x"] + pos["w"] <= 24, (path.name, panel["title"])
            if panel["type"] == "row":
                continue
            assert panel["datasource"]["uid"] == uid, (path.name, panel["title"])
            assert panel["targets"], (path.name, panel["title"])
            refs = [t["refId"] for t in panel["targets"]]
            assert len(refs) == len(set(refs)), (path.name, panel["title"])
            for target in panel["targets"]:
                assert target["datasource"]["uid"] == uid
                # Only Grafana built-ins the integration test knows how to substitute.
                leftover = ph.substitute(target["expr"]).replace("$__", "")
                assert "$" not in leftover, target["expr"]
    assert len(uids) == 2
    types = {
        p["type"] for path in boards for p in json.loads(path.read_text(encoding="utf-8"))["panels"]
    }
    assert {"geomap", "table", "timeseries", "stat"} <= types


def test_dashboard_provider_points_at_a_folder() -> None:
    prov = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/dashboards/flashpoint.yml").read_text()
    )
    provider = prov["providers"][0]
    assert provider["type"] == "file"
    assert provider["options"]["path"]


@pytest.mark.parametrize(
    "source",
    ["dashboards", "rules"],
)
def test_queries_use_only_exported_metrics(source: str) -> None:
    exported = _exported_names()
    recorded = {r.name for r in ph.rule_entries() if r.kind == "record"}
    exprs = (
        [(q.where, q.expr) for q in ph.dashboard_queries()]
        if source == "dashboards"
        else [(f"{r.group}/{r.name}", r.expr) for r in ph.rule_entries()]
    )
    assert exprs
    unknown = {
        where: sorted(ph.metric_names(expr) - exported - recorded)
        for where, expr in exprs
        if ph.metric_names(expr) - exported - recorded
    }
    assert not unknown, unknown


def test_metric_names_scanner() -> None:
    expr = (
        'sum by (channel, le) (rate(flashpoint_delivery_latency_seconds_bucket{channel!="x"}[5m]))'
        " / on(job) group_left(instance) flashpoint:consumer_lag:sum > bool 3"
        ' and up{job=~"a.*"} offset 5m'
    )
    assert ph.metric_names(expr) == {
        "flashpoint_delivery_latency_seconds_bucket",
        "flashpoint:consumer_lag:sum",
        "up",
    }
    assert ph.metric_names("time() - foo_seconds > 3 * bar_seconds") == {
        "foo_seconds",
        "bar_seconds",
    }


def test_alertmanager_routes_name_existing_receivers() -> None:
    conf = yaml.safe_load((ROOT / "deploy/alertmanager/alertmanager.yml").read_text())
    receivers = {r["name"] for r in conf["receivers"]}

    def walk(route: dict[str, object]) -> list[str]:
        names = [str(route["receiver"])] if "receiver" in route else []
        for child in route.get("routes", []) or []:  # type: ignore[attr-defined]
            names.extend(walk(child))
        return names

    used = walk(conf["route"])
    assert used and set(used) <= receivers
    for receiver in conf["receivers"]:
        for hook in receiver.get("webhook_configs", []):
            assert hook["url"].startswith("http")
    severities = {str(r.raw["labels"]["severity"]) for r in ph.rule_entries() if r.kind == "alert"}
    assert severities <= {"warning", "critical"}
