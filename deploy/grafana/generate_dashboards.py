"""Generate Flashpoint's Grafana dashboards as committed JSON (stdlib only).

    python deploy/grafana/generate_dashboards.py          # rewrite deploy/grafana/dashboards/*.json
    python deploy/grafana/generate_dashboards.py --check  # exit 1 if the committed JSON is stale

Edit the panels in panels.toml (what each shows: title, description, PromQL, size) or the
panel shapes here, not the JSON: the unit tests check that the two agree, and the integration
test evaluates every panel's PromQL against a real Prometheus scraping the demo. Grafana
variables used in expressions: ``$__rate_interval`` and ``$__range`` only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATASOURCE = {"type": "prometheus", "uid": "flashpoint-prometheus"}
OUT = Path(__file__).resolve().parent / "dashboards"
PANELS = Path(__file__).resolve().parent / "panels.toml"

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


_BUILDERS: dict[str, Callable[..., Panel]] = {
    "timeseries": timeseries,
    "stat": stat,
    "bargauge": bargauge,
    "table": table,
    "geomap": lambda title, desc, spec: geomap(title, desc, spec[0]),
}


def _build(spec: dict[str, Any]) -> Panel:
    """One dashboard of panels.toml: its panels built and laid out in the order written."""
    lay = _Layout()
    panels = []
    for entry in spec["panel"]:
        if "row" in entry:
            panels.append(lay.row(entry["row"]))
            continue
        options = dict(entry)
        kind, title, desc = options.pop("kind"), options.pop("title"), options.pop("description")
        w, h = options.pop("w"), options.pop("h")
        if "hide" in options:
            options["hide"] = tuple(options["hide"])
        specs = [tuple(target) for target in options.pop("targets")]
        panels.append(lay.place(_BUILDERS[kind](title, desc, *specs, **options), w, h))
    return dashboard(spec["uid"], spec["title"], spec["description"], panels, spec["tags"])


def render() -> dict[str, str]:
    """File name -> JSON text of every dashboard of panels.toml."""
    with PANELS.open("rb") as f:
        boards = tomllib.load(f)["dashboard"]
    return {board["file"]: json.dumps(_build(board), indent=2) + "\n" for board in boards}


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
