"""Every dashboard query and every rule, evaluated by a real Prometheus scraping the demo.

The demo (`flashpoint demo`) runs producer, worker and delivery on the bundled recorded feeds
against the session's Kafka broker, on free ports and a unique topic prefix. A Prometheus
(Debian's package) scrapes the three processes every second with the committed scrape config and
rules. Once alerts have been delivered, each panel's PromQL must return data over the run, each
recording rule must have recorded series, and each alerting rule must evaluate without error to
no alert (a healthy pipeline), over metrics that exist (so a misspelt name cannot pass silently).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flashpoint.localkafka import LocalKafka
from tests.integration.promharness import (
    Prometheus,
    dashboard_queries,
    free_port,
    metric_names,
    rule_entries,
    substitute,
)
from tests.integration.servers import stop_server

pytestmark = pytest.mark.integration

# Error counters that a healthy demo run legitimately never increments: an expression made only
# of these may return no series, as long as Prometheus knows each metric (HELP/TYPE scraped).
MAY_BE_EMPTY = {
    "flashpoint_producer_parse_errors_total",
    "flashpoint_producer_parser_workers_killed_total",
    "flashpoint_producer_publish_errors_total",
    "flashpoint_delivery_errors_total",
    "flashpoint_delivery_deadletters_total",
    "flashpoint_worker_bad_items_total",
    # items in a language without a pack: the demo's feeds are all in languages with one
    "flashpoint_classify_unsupported_language_total",
}
# Counters/histograms are named by family in the metadata API.
_SUFFIXES = ("_total", "_bucket", "_sum", "_count", "_created")


def _family(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@pytest.fixture
def demo(kafka_broker: LocalKafka, tmp_path: Path) -> Iterator[dict[str, Any]]:
    ports = {
        "worker": free_port(),
        "producer": free_port(),
        "delivery": free_port(),
    }
    prefix = f"obs{uuid.uuid4().hex[:8]}"
    log = tmp_path / "demo.log"
    out = open(log, "wb")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flashpoint",
            "demo",
            "--duration",
            "170",
            "--speed",
            "3",
            "--kafka-port",
            str(kafka_broker.port),
            "--worker-port",
            str(ports["worker"]),
            "--producer-metrics-port",
            str(ports["producer"]),
            "--delivery-metrics-port",
            str(ports["delivery"]),
            "--topic-prefix",
            prefix,
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200"},
    )
    out.close()
    try:
        yield {"ports": ports, "prefix": prefix, "proc": proc, "log": log}
    finally:
        # SIGTERM: the demo stops its children (producer, worker, delivery) itself.
        stop_server(proc, grace=40)


def _demo_tail(demo: dict[str, Any]) -> str:
    lines = Path(demo["log"]).read_text(errors="replace").splitlines()
    return "\n".join(lines[-15:])


def test_dashboards_and_rules_against_real_prometheus(demo: dict[str, Any], tmp_path: Path) -> None:
    ports = demo["ports"]
    targets = {
        "flashpoint-producer": f"127.0.0.1:{ports['producer']}",
        "flashpoint-worker": f"127.0.0.1:{ports['worker']}",
        "flashpoint-delivery": f"127.0.0.1:{ports['delivery']}",
    }
    with Prometheus(tmp_path / "prometheus", targets, scrape_interval="1s") as prom:
        t0 = time.time()

        def alive() -> None:
            code = demo["proc"].poll()
            if code is not None:
                pytest.fail(f"demo exited early ({code}):\n{_demo_tail(demo)}")

        status: dict[str, Any] = {}

        def ready() -> bool:
            # Targets up, alerts fired, and the delivery process has consumed all of them.
            alive()
            status["up"] = len(prom.query('up{job=~"flashpoint-.*"} == 1'))
            status["fired"] = prom.value("sum(flashpoint_alerts_fired_total)") or 0
            status["consumed"] = prom.value("sum(flashpoint_delivery_alerts_consumed_total)") or 0
            return status["up"] == 3 and 0 < status["fired"] <= status["consumed"]

        try:
            prom.wait_until(ready, "targets up and alerts through delivery", timeout=120)
        except AssertionError as exc:
            raise AssertionError(f"{exc}: {status}\n{_demo_tail(demo)}") from None
        # A few more scrapes after the first delivery, so that rates see two samples.
        scrapes = prom.value('count_over_time(up{job="flashpoint-delivery"}[1h])') or 0
        prom.wait_until(
            lambda: (
                (prom.value('count_over_time(up{job="flashpoint-delivery"}[1h])') or 0)
                >= scrapes + 4
            ),
            "4 more scrapes",
            timeout=30,
        )
        metadata = prom.metadata()

        def known(name: str, end: float) -> bool:
            # Scraped HELP/TYPE, or series (synthetic ones like `up` have no metadata).
            if _family(name) in metadata or name in metadata:
                return True
            return bool(prom.query_range(f'count({{__name__="{name}"}})', t0, end, 1.0))

        # 1. Every panel query returns data over the run (or is an error counter still at none).
        #    The story reveals casualties and denials after the first alert, so the panels are
        #    re-checked until they all have data or the deadline passes.
        queries = dashboard_queries()
        assert len(queries) >= 25

        def panel_problems() -> list[str]:
            alive()
            end = time.time()
            range_ = f"{int(end - t0) + 2}s"
            found: list[str] = []
            for q in queries:
                expr = substitute(q.expr, rate_interval="10s", range_=range_)
                try:
                    series = prom.query_range(expr, t0, end, 1.0)
                except Exception as exc:
                    found.append(f"{q.where}: error {exc}")
                    continue
                if series:
                    continue
                names = metric_names(expr)
                if names and names <= MAY_BE_EMPTY and all(known(n, end) for n in names):
                    continue
                missing = sorted(n for n in names if not known(n, end))
                found.append(f"{q.where}: no data for {expr!r} (unknown metrics: {missing})")
            return found

        deadline = time.monotonic() + 90
        problems = panel_problems()
        while problems and time.monotonic() < deadline:
            time.sleep(2)
            problems = panel_problems()

        # 2. Rules: recorded series exist; alerting rules are healthy, inactive and over
        #    metrics Prometheus knows.
        entries = {r.name: r for r in rule_entries()}
        prom.wait_until(
            lambda: all(
                r.get("lastEvaluation", "").startswith("2")
                for g in prom.rule_groups()
                for r in g["rules"]
            ),
            "every rule evaluated",
            timeout=20,
        )
        seen = set()
        for group in prom.rule_groups():
            for rule in group["rules"]:
                name = rule["name"]
                seen.add(name)
                entry = entries[name]
                if rule.get("health") != "ok":
                    problems.append(f"rule {name}: {rule.get('health')} {rule.get('lastError')}")
                    continue
                unknown = sorted(
                    n
                    for n in metric_names(entry.expr)
                    if n not in entries and not known(n, time.time())
                )
                if unknown:
                    problems.append(f"rule {name}: metrics unknown to Prometheus: {unknown}")
                if entry.kind == "record":
                    if not prom.query_range(name, t0, time.time(), 1.0):
                        problems.append(f"recording rule {name}: recorded nothing")
                elif rule["state"] != "inactive" or prom.query(entry.expr):
                    problems.append(
                        f"alert {name}: {rule['state']} on a healthy pipeline: "
                        f"{prom.query(entry.expr)[:3]}"
                    )
        assert seen == set(entries), set(entries) - seen
        assert not problems, "\n".join(problems)
