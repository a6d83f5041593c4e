"""Generate Flashpoint's Grafana dashboards as committed JSON (stdlib only).

    python deploy/grafana/generate_dashboards.py          # rewrite deploy/grafana/dashboards/*.json
    python deploy/grafana/generate_dashboards.py --check  # exit 1 if the committed JSON is stale

Edit the panels here, not the JSON: the unit tests check that the two agree, and the
integration test evaluates every panel's PromQL against a real Prometheus scraping the demo.
Grafana variables used in expressions: ``$__rate_interval`` and ``$__range`` only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DATASOURCE = {"type": "prometheus", "uid": "flashpoint-prometheus"}
OUT = Path(__file__).resolve().parent / "dashboards"
RI = "$__rate_interval"
RANGE = "$__range"

Panel = dict[str, Any]


class _Layout:
    """Places panels left to right on Grafana's 24-column grid."""

    def __init__(self) -> None:
        self.x = 0
        self.y = 0
        self.row_h = 0
        self.next_id = 1

    def place(self, panel: Panel, w: int, h: int) -> Panel:
        if self.x + w > 24:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0
        panel["gridPos"] = {"x": self.x, "y": self.y, "w": w, "h": h}
        panel["id"] = self.next_id
        self.next_id += 1
        self.x += w
        self.row_h = max(self.row_h, h)
        return panel

    def row(self, title: str) -> Panel:
        if self.x:
            self.x, self.y, self.row_h = 0, self.y + self.row_h, 0
        panel = {"type": "row", "title": title, "collapsed": False, "panels": []}
        panel = self.place(panel, 24, 1)
        self.x, self.y, self.row_h = 0, self.y + 1, 0
        return panel


def _target(
    expr: str, legend: str = "", ref: str = "A", *, instant: bool = False, table: bool = False
) -> dict[str, Any]:
    t: dict[str, Any] = {
        "datasource": DATASOURCE,
        "refId": ref,
        "expr": expr,
        "legendFormat": legend or "__auto",
        "range": not instant,
        "instant": instant,
    }
    if table:
        t["format"] = "table"
    return t


def _targets(*specs: tuple[str, str], instant: bool = False, table: bool = False) -> list[Any]:
    return [
        _target(expr, legend, chr(ord("A") + i), instant=instant, table=table)
        for i, (expr, legend) in enumerate(specs)
    ]


def _panel(
    kind: str,
    title: str,
    desc: str,
    targets: list[Any],
    defaults: dict[str, Any],
    options: dict[str, Any],
    **extra: Any,
) -> Panel:
    """The keys every panel has, in Grafana's order; ``extra`` (a table's transformations)
    goes between the targets and the field config."""
    return {
        "type": kind,
        "title": title,
        "description": desc,
        "datasource": DATASOURCE,
        "targets": targets,
        **extra,
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": options,
    }


def timeseries(
    title: str, desc: str, *specs: tuple[str, str], unit: str = "short", stack: bool = False
) -> Panel:
    custom = {
        "drawStyle": "line",
        "lineWidth": 1,
        "fillOpacity": 20 if stack else 0,
        "stacking": {"mode": "normal" if stack else "none", "group": "A"},
        "showPoints": "never",
    }
    legend = {"displayMode": "list", "placement": "bottom", "showLegend": True}
    return _panel(
        "timeseries",
        title,
        desc,
        _targets(*specs),
        {"unit": unit, "custom": custom},
        {"legend": legend, "tooltip": {"mode": "multi", "sort": "desc"}},
    )


_LAST_VALUE = {"calcs": ["lastNotNull"], "fields": "", "values": False}


def stat(title: str, desc: str, *specs: tuple[str, str], unit: str = "short") -> Panel:
    options = {
        "reduceOptions": _LAST_VALUE,
        "colorMode": "value",
        "graphMode": "none",
        "textMode": "auto",
    }
    return _panel("stat", title, desc, _targets(*specs, instant=True), {"unit": unit}, options)


def bargauge(title: str, desc: str, *specs: tuple[str, str], unit: str = "short") -> Panel:
    options = {
        "orientation": "horizontal",
        "displayMode": "gradient",
        "reduceOptions": _LAST_VALUE,
        "showUnfilled": True,
    }
    targets = _targets(*specs, instant=True)
    return _panel("bargauge", title, desc, targets, {"unit": unit, "min": 0}, options)


def table(
    title: str,
    desc: str,
    *specs: tuple[str, str],
    hide: tuple[str, ...] = ("Time",),
    rename: dict[str, str] | None = None,
    sort: str | None = None,
) -> Panel:
    transformations: list[dict[str, Any]] = []
    if len(specs) > 1:
        transformations.append({"id": "merge", "options": {}})
    transformations.append(
        {
            "id": "organize",
            "options": {
                "excludeByName": {name: True for name in hide},
                "renameByName": rename or {},
            },
        }
    )
    options: dict[str, Any] = {"showHeader": True, "cellHeight": "sm"}
    if sort:
        options["sortBy"] = [{"displayName": sort, "desc": True}]
    targets = _targets(*specs, instant=True, table=True)
    return _panel("table", title, desc, targets, {}, options, transformations=transformations)


def geomap(title: str, desc: str, expr: str) -> Panel:
    return {
        "type": "geomap",
        "title": title,
        "description": desc,
        "datasource": DATASOURCE,
        "targets": [_target(expr, "", "A", instant=True, table=True)],
        # Prometheus label values are strings; the marker layer needs numeric coordinates.
        "transformations": [
            {
                "id": "convertFieldType",
                "options": {
                    "conversions": [
                        {"targetField": "lat", "destinationType": "number"},
                        {"targetField": "lon", "destinationType": "number"},
                    ],
                    "fields": {},
                },
            }
        ],
        "fieldConfig": {
            "defaults": {"unit": "short", "color": {"mode": "continuous-YlRd"}},
            "overrides": [],
        },
        "options": {
            "view": {"id": "fit", "lat": 30, "lon": 30, "zoom": 2, "allLayers": True},
            "controls": {"showZoom": True, "mouseWheelZoom": True, "showAttribution": True},
            "basemap": {"type": "default", "name": "Basemap", "config": {}},
            "layers": [
                {
                    "type": "markers",
                    "name": "Incidents",
                    "location": {"mode": "coords", "latitude": "lat", "longitude": "lon"},
                    "config": {
                        "size": {"field": "Value", "min": 4, "max": 24, "fixed": 6},
                        "color": {"field": "Value", "fixed": "dark-red"},
                        "fillOpacity": 0.6,
                        "shape": "circle",
                        "showLegend": True,
                    },
                    "tooltip": True,
                }
            ],
            "tooltip": {"mode": "details"},
        },
    }


def dashboard(uid: str, title: str, desc: str, panels: list[Panel], tags: list[str]) -> Panel:
    return {
        "uid": uid,
        "title": title,
        "description": desc,
        "tags": ["flashpoint", *tags],
        "timezone": "utc",
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "graphTooltip": 1,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": []},
        "annotations": {"list": []},
        "links": [
            {
                "type": "dashboards",
                "tags": ["flashpoint"],
                "title": "Flashpoint",
                "asDropdown": True,
                "includeVars": False,
                "keepTime": True,
            }
        ],
        "panels": panels,
    }


def conflict_picture() -> Panel:
    lay = _Layout()
    panels = [
        lay.row("Activity"),
        lay.place(
            timeseries(
                "Items by category",
                "Classified items per category (an item with several labels counts in each).",
                (
                    f"sum by (category) (increase(flashpoint_items_classified_total"
                    f'{{category!="none"}}[{RI}]))',
                    "{{category}}",
                ),
                stack=True,
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Incidents opened by category",
                "New incidents (syndicated reports of one event fold into one incident).",
                (
                    f"sum by (category) (increase(flashpoint_incidents_opened_total[{RI}]))",
                    "{{category}}",
                ),
                stack=True,
            ),
            12,
            8,
        ),
        lay.place(
            stat(
                "Open incidents",
                "Incidents currently open across the workers.",
                ("sum(flashpoint_open_incidents)", "open"),
            ),
            4,
            6,
        ),
        lay.place(
            stat(
                "Items classified",
                "Items with at least one label, over the dashboard's time range.",
                (
                    f'sum(increase(flashpoint_items_classified_total{{category!="none"}}[{RANGE}]))',
                    "items",
                ),
            ),
            4,
            6,
        ),
        lay.place(
            stat(
                "Alerts fired",
                "Alerts published by the rules, over the dashboard's time range.",
                (f"sum(increase(flashpoint_alerts_fired_total[{RANGE}]))", "alerts"),
            ),
            4,
            6,
        ),
        lay.place(
            timeseries(
                "Casualties reported",
                "Rise of incidents' running casualty maxima (killed, wounded): syndicated "
                "reports of a toll do not add up.",
                (
                    f"sum by (kind) (increase(flashpoint_casualties_reported_total[{RI}]))",
                    "{{kind}}",
                ),
            ),
            12,
            6,
        ),
        lay.row("Where"),
        lay.place(
            geomap(
                "Incidents map",
                "Places of incidents (the top places by incident count, with coordinates "
                "from the gazetteer).",
                "sum by (country, place, lat, lon) (flashpoint_place_incidents)",
            ),
            14,
            12,
        ),
        lay.place(
            table(
                "Top places",
                "Places with the most incidents since the workers started.",
                (
                    "topk(15, sum by (country, place) (flashpoint_place_incidents))",
                    "",
                ),
                rename={"Value": "incidents"},
                sort="incidents",
            ),
            10,
            12,
        ),
        lay.place(
            bargauge(
                "Casualties by country",
                "Killed and wounded by event country over the time range, from incident maxima.",
                (
                    f"topk(20, sum by (country, kind) "
                    f"(increase(flashpoint_casualties_reported_total[{RANGE}])))",
                    "{{country}} {{kind}}",
                ),
            ),
            12,
            10,
        ),
        lay.place(
            bargauge(
                "Items by country",
                "Labelled items by event country (ZZ: unknown) over the time range.",
                (
                    f"topk(20, sum by (country) "
                    f"(increase(flashpoint_items_by_country_total[{RANGE}])))",
                    "{{country}}",
                ),
            ),
            12,
            10,
        ),
        lay.row("Alerts"),
        lay.place(
            table(
                "Recent alerts",
                "Alerts fired per rule, severity and status over the time range (the worker's "
                "JSON API and the alerts topic carry each alert's details).",
                (
                    f"sum by (rule, severity, status) "
                    f"(increase(flashpoint_alerts_fired_total[{RANGE}]))",
                    "",
                ),
                rename={"Value": "alerts"},
                sort="alerts",
            ),
            12,
            9,
        ),
        lay.place(
            timeseries(
                "Alerts by severity",
                "Alerts fired over time, by severity.",
                (
                    f"sum by (severity) (increase(flashpoint_alerts_fired_total[{RI}]))",
                    "{{severity}}",
                ),
                stack=True,
            ),
            12,
            9,
        ),
    ]
    return dashboard(
        "flashpoint-conflict",
        "Flashpoint: conflict picture",
        "What the feeds report: items and incidents by category, casualties, places, alerts.",
        panels,
        ["conflict"],
    )


def pipeline_health() -> Panel:
    lay = _Layout()
    panels = [
        lay.row("Feeds"),
        lay.place(
            table(
                "Feed status",
                "Per feed: seconds since the last successful poll, consecutive errors, "
                "current backoff and poll interval.",
                ("time() - flashpoint_producer_last_success_timestamp_seconds", ""),
                ("flashpoint_producer_consecutive_errors", ""),
                ("flashpoint_producer_backoff_seconds", ""),
                ("flashpoint_producer_interval_seconds", ""),
                hide=("Time", "job", "instance", "component", "__name__"),
                rename={
                    "Value #A": "since success (s)",
                    "Value #B": "consecutive errors",
                    "Value #C": "backoff (s)",
                    "Value #D": "interval (s)",
                },
                sort="consecutive errors",
            ),
            14,
            9,
        ),
        lay.place(
            stat(
                "Feeds by state",
                "Configured feeds by state (active, backing off, disabled...).",
                ("sum by (state) (flashpoint_producer_feeds)", "{{state}}"),
            ),
            10,
            9,
        ),
        lay.place(
            timeseries(
                "Polls by outcome",
                "Feed polls per second by outcome (ok, not-modified, http-error, timeout...).",
                (
                    f"sum by (outcome) (rate(flashpoint_producer_polls_total[{RI}]))",
                    "{{outcome}}",
                ),
                unit="reqps",
                stack=True,
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Poll errors",
                "Feed bodies rejected (parse errors by reason), parser workers killed, "
                "publish errors.",
                (
                    f"sum by (reason) (increase(flashpoint_producer_parse_errors_total[{RI}]))",
                    "parse: {{reason}}",
                ),
                (
                    f"sum by (reason) "
                    f"(increase(flashpoint_producer_parser_workers_killed_total[{RI}]))",
                    "parser killed: {{reason}}",
                ),
                (
                    f"sum(increase(flashpoint_producer_publish_errors_total[{RI}]))",
                    "publish errors",
                ),
            ),
            12,
            8,
        ),
        lay.row("Kafka and throughput"),
        lay.place(
            timeseries(
                "Consumer lag",
                "Records between each topic's high watermark and the worker's committed offset.",
                (
                    "sum by (topic) (faust_topic_partition_end_offset"
                    " - faust_topic_partition_offset_commited)",
                    "{{topic}}",
                ),
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Throughput",
                "Items per second through each stage.",
                (
                    f"sum(rate(flashpoint_producer_items_published_total[{RI}]))",
                    "published",
                ),
                (
                    f"sum(rate(flashpoint_worker_items_consumed_total[{RI}]))",
                    "consumed by the worker",
                ),
                (
                    f'sum(rate(flashpoint_items_classified_total{{category!="none"}}[{RI}]))',
                    "labels assigned",
                ),
                (f"sum(rate(flashpoint_alerts_fired_total[{RI}]))", "alerts fired"),
                (
                    f'sum(rate(flashpoint_delivery_deliveries_total{{outcome="delivered"}}[{RI}]))',
                    "deliveries",
                ),
                unit="ops",
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "End-to-end latency (p50, p95)",
                "From the item's published time (event time) to classified, to alert published, "
                "and to delivered. Old items in a feed make this large by design.",
                *(
                    (
                        f"histogram_quantile({q}, sum by (le) (rate({metric}_bucket[{RI}])))",
                        f"{label} p{int(q * 100)}",
                    )
                    for metric, label in (
                        ("flashpoint_latency_published_to_classified_seconds", "classified"),
                        ("flashpoint_latency_published_to_alert_seconds", "alert"),
                    )
                    for q in (0.5, 0.95)
                ),
                unit="s",
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Time to alert by arrival mode (p50, p95, p99)",
                "From the publication of the report that triggered an alert to the alert raised "
                "(detected_at - published), for reports pushed by a WebSub hub and for polled "
                "ones. Push should be seconds; poll is bounded by the poll interval.",
                *(
                    (
                        f"histogram_quantile({q}, sum by (mode, le) "
                        f"(rate(flashpoint_time_to_alert_seconds_bucket[{RI}])))",
                        f"{{{{mode}}}} p{int(q * 100)}",
                    )
                    for q in (0.5, 0.95, 0.99)
                ),
                unit="s",
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Processing time (p95)",
                "Classify time per item, feed poll time, Faust event runtime and commit latency.",
                (
                    f"histogram_quantile(0.95, sum by (le) "
                    f"(rate(flashpoint_classify_seconds_bucket[{RI}])))",
                    "classify",
                ),
                (
                    f"histogram_quantile(0.95, sum by (le) "
                    f"(rate(flashpoint_producer_poll_duration_seconds_bucket[{RI}])))",
                    "poll",
                ),
                (
                    f"histogram_quantile(0.95, sum by (le) "
                    f"(rate(faust_events_runtime_ms_bucket[{RI}]))) / 1000",
                    "faust event runtime",
                ),
                (
                    f"histogram_quantile(0.95, sum by (le) "
                    f"(rate(faust_consumer_commit_latency_bucket[{RI}]))) / 1000",
                    "faust commit",
                ),
                unit="s",
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Items by language",
                "Classified items per second by the language detected in their text; "
                "'unsupported' ones have no language pack and get no labels (add a pack: "
                "streams/classify/lang/README.md). Also items cut at the input limit.",
                (
                    f"sum by (language, supported) "
                    f"(rate(flashpoint_items_by_language_total[{RI}]))",
                    "{{language}} supported={{supported}}",
                ),
                (
                    f"sum by (language) "
                    f"(rate(flashpoint_classify_unsupported_language_total[{RI}]))",
                    "unsupported {{language}}",
                ),
                (f"sum(rate(flashpoint_classify_truncated_total[{RI}]))", "truncated"),
                unit="ops",
            ),
            12,
            8,
        ),
        lay.row("Deliveries"),
        lay.place(
            timeseries(
                "Deliveries by channel and outcome",
                "Final outcome of each alert on each channel "
                "(delivered, deadlettered, skipped_duplicate).",
                (
                    f"sum by (channel, outcome) "
                    f"(increase(flashpoint_delivery_deliveries_total[{RI}]))",
                    "{{channel}} {{outcome}}",
                ),
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Delivery errors and dead letters",
                "Failed send attempts by kind, and alerts sent to the dead-letter topic.",
                (
                    f"sum by (channel, kind) (increase(flashpoint_delivery_errors_total[{RI}]))",
                    "error {{channel}} {{kind}}",
                ),
                (
                    f"sum by (channel, kind) "
                    f"(increase(flashpoint_delivery_deadletters_total[{RI}]))",
                    "dead letter {{channel}} {{kind}}",
                ),
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Delivery latency (p95)",
                "From the alert's creation to its delivery, per channel.",
                (
                    f"histogram_quantile(0.95, sum by (channel, le) "
                    f"(rate(flashpoint_delivery_latency_seconds_bucket[{RI}])))",
                    "{{channel}}",
                ),
                unit="s",
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Worker dead letters",
                "Records the worker could not process, by stage and reason.",
                (
                    f"sum by (stage, reason) (increase(flashpoint_worker_bad_items_total[{RI}]))",
                    "{{stage}} {{reason}}",
                ),
            ),
            12,
            8,
        ),
        lay.row("Processes"),
        lay.place(
            stat(
                "Targets up",
                "Flashpoint processes Prometheus scrapes successfully (1 = up).",
                ('up{job=~"flashpoint-.*"}', "{{job}} {{instance}}"),
            ),
            12,
            4,
        ),
        lay.place(
            stat(
                "Ready",
                "Readiness of each process (1 = /readyz green: Kafka answers, the worker's "
                "consumers are assigned and no agent is stalled).",
                ("flashpoint_ready", "{{job}} {{instance}}"),
            ),
            12,
            4,
        ),
        lay.place(
            timeseries(
                "Event-loop lag",
                "How late each process's event loop is (liveness fails above "
                "health.loop_lag_max, 5 s by default).",
                ("flashpoint_event_loop_lag_seconds", "{{job}} {{instance}}"),
                unit="s",
            ),
            12,
            8,
        ),
        lay.place(
            timeseries(
                "Worker agents: seconds since progress",
                "Seconds since each agent finished a batch (or woke from idle), and the "
                "records it holds; an agent with records waiting past health.stall_after "
                "(60 s) is stalled and fails liveness.",
                ("flashpoint_worker_agent_seconds_since_progress", "{{agent}} idle s"),
                ("flashpoint_worker_agent_waiting_records", "{{agent}} waiting"),
                ("flashpoint_worker_agent_stalled", "{{agent}} stalled"),
            ),
            12,
            8,
        ),
    ]
    return dashboard(
        "flashpoint-pipeline",
        "Flashpoint: pipeline health",
        "Is the service working: feeds, Kafka lag, throughput, latency, deliveries.",
        panels,
        ["pipeline"],
    )


DASHBOARDS = {
    "flashpoint-conflict-picture.json": conflict_picture,
    "flashpoint-pipeline-health.json": pipeline_health,
}


def render() -> dict[str, str]:
    """File name -> JSON text of every dashboard."""
    return {name: json.dumps(build(), indent=2) + "\n" for name, build in DASHBOARDS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the JSON files are stale")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    stale = []
    for name, text in render().items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale dashboards (run {Path(__file__).name}): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
