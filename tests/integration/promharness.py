"""A real Prometheus for tests, and the PromQL of the committed dashboards and rules.

:class:`Prometheus` runs ``/usr/bin/prometheus`` (Debian's package, installed by
``scripts/install-system-deps.sh``) bound to 127.0.0.1 on a free port, with its own config and
data folder under a temporary directory, and talks to its HTTP API. The config is derived from
``deploy/prometheus/prometheus.yml`` (same job names and rule files) with the targets and
intervals of the test.

The helpers :func:`dashboard_queries`, :func:`rule_entries` and :func:`metric_names` read the
committed files, so unit tests (static checks) and the integration test (live evaluation) share
them.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.integration.servers import ServerProcess
from tests.ports import free_port

__all__ = [
    "DASHBOARDS_DIR",
    "PROMETHEUS_YML",
    "RULES_DIR",
    "DashboardQuery",
    "Prometheus",
    "RuleEntry",
    "dashboard_queries",
    "find_tool",
    "free_port",
    "metric_names",
    "rule_entries",
    "substitute",
]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROMETHEUS_YML = DEPLOY / "prometheus" / "prometheus.yml"
RULES_DIR = DEPLOY / "prometheus" / "rules"
DASHBOARDS_DIR = DEPLOY / "grafana" / "dashboards"

_KEYWORDS = {
    "and",
    "or",
    "unless",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "bool",
    "offset",
    "inf",
    "nan",
}


def find_tool(name: str) -> str:
    """Path of ``prometheus`` or ``promtool``; a clear error when the package is missing."""
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
    if path is None:
        raise RuntimeError(
            f"{name} not found: install Debian's prometheus package "
            "(bash scripts/install-system-deps.sh, which `make test` runs)"
        )
    return path


# -- the committed PromQL ----------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardQuery:
    dashboard: str
    panel: str
    ref: str
    expr: str

    @property
    def where(self) -> str:
        return f"{self.dashboard} / {self.panel} / {self.ref}"


@dataclass(frozen=True)
class RuleEntry:
    group: str
    name: str  # alert name or recorded series
    kind: str  # "alert" or "record"
    expr: str
    raw: dict[str, Any]


def _panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def dashboard_queries(folder: Path = DASHBOARDS_DIR) -> list[DashboardQuery]:
    """Every PromQL target of every panel of every dashboard JSON in ``folder``."""
    out = []
    for path in sorted(folder.glob("*.json")):
        board = json.loads(path.read_text(encoding="utf-8"))
        for panel in _panels(board.get("panels", [])):
            for target in panel.get("targets", []):
                if target.get("expr"):
                    out.append(
                        DashboardQuery(
                            board.get("title", path.stem),
                            panel.get("title", "?"),
                            target.get("refId", "?"),
                            target["expr"],
                        )
                    )
    return out


def rule_entries(folder: Path = RULES_DIR) -> list[RuleEntry]:
    """Every recording and alerting rule of the rule files in ``folder``."""
    out = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for group in data["groups"]:
            for rule in group["rules"]:
                kind = "alert" if "alert" in rule else "record"
                out.append(RuleEntry(group["name"], rule[kind], kind, str(rule["expr"]), rule))
    return out


def substitute(expr: str, *, rate_interval: str = "1m", range_: str = "1h") -> str:
    """Replace Grafana's built-in variables by fixed durations (as Grafana does at query time)."""
    return (
        expr.replace("$__rate_interval", rate_interval)
        .replace("$__range", range_)
        .replace("$__interval", "1s")
    )


def metric_names(expr: str) -> set[str]:
    """Metric names a PromQL expression selects (a lexical scan, enough for our own PromQL).

    Removes strings, label matchers, durations and grouping clauses, then keeps identifiers
    that are not functions (followed by ``(``), keywords or numbers.
    """
    s = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)
    s = re.sub(r"\{[^}]*\}", " ", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s, flags=re.I)
    names = set()
    for m in re.finditer(r"(?<![\w:.])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()", s):
        word = m.group(1)
        if word.lower() not in _KEYWORDS:
            names.add(word)
    return names


# -- the server --------------------------------------------------------------------------------


class PrometheusError(RuntimeError):
    pass


class Prometheus(ServerProcess):
    """One Prometheus server process for a test (use as a context manager)."""

    name = "prometheus"
    error = PrometheusError

    def __init__(
        self,
        workdir: Path,
        targets: dict[str, str],
        *,
        scrape_interval: str = "1s",
        rule_files: list[Path] | None = None,
        port: int | None = None,
    ) -> None:
        super().__init__(workdir, port=port)
        self.targets = targets
        self.scrape_interval = scrape_interval
        self.rule_files = (
            sorted(RULES_DIR.glob("*.yml")) if rule_files is None else list(rule_files)
        )

    def config(self) -> dict[str, Any]:
        """The committed config with the test's targets, intervals and absolute rule paths."""
        conf = yaml.safe_load(PROMETHEUS_YML.read_text(encoding="utf-8"))
        conf["global"]["scrape_interval"] = self.scrape_interval
        conf["global"]["evaluation_interval"] = self.scrape_interval
        conf["rule_files"] = [str(p) for p in self.rule_files]
        conf.pop("alerting", None)
        jobs = {job["job_name"]: job for job in conf["scrape_configs"]}
        unknown = set(self.targets) - set(jobs)
        if unknown:
            raise PrometheusError(f"no such job in {PROMETHEUS_YML.name}: {sorted(unknown)}")
        conf["scrape_configs"] = []
        for name, target in self.targets.items():
            job = dict(jobs[name])
            labels = job["static_configs"][0].get("labels", {})
            job["static_configs"] = [{"targets": [target], "labels": labels}]
            job["scrape_timeout"] = self.scrape_interval
            conf["scrape_configs"].append(job)
        return conf

    def argv(self) -> list[str]:
        """The command line, after writing the config it names into the folder."""
        config = self.workdir / "prometheus.yml"
        config.write_text(yaml.safe_dump(self.config(), sort_keys=False), encoding="utf-8")
        return [
            find_tool("prometheus"),
            f"--config.file={config}",
            f"--storage.tsdb.path={self.workdir / 'data'}",
            f"--web.listen-address=127.0.0.1:{self.port}",
            "--storage.tsdb.retention.time=1d",
            "--log.level=warn",
        ]

    # -- HTTP API ------------------------------------------------------------------------------
    def api(self, path: str, **params: Any) -> Any:
        """GET ``/api/v1/<path>``; return ``data`` or raise :class:`PrometheusError`."""
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        url = f"{self.url}/api/v1/{path}" + (f"?{query}" if query else "")
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                body = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read() or b"{}")
            raise PrometheusError(
                f"{path}: {body.get('errorType')}: {body.get('error')} ({params})"
            ) from exc
        if body.get("status") != "success":
            raise PrometheusError(f"{path}: {body}")
        return body["data"]

    def query(self, expr: str, at: float | None = None) -> list[dict[str, Any]]:
        data = self.api("query", query=expr, time=at)
        result = data["result"]
        if data["resultType"] == "scalar":
            return [{"metric": {}, "value": result}]
        return list(result)

    def query_range(
        self, expr: str, start: float, end: float, step: float = 1.0
    ) -> list[dict[str, Any]]:
        data = self.api("query_range", query=expr, start=start, end=end, step=step)
        return [s for s in data["result"] if s.get("values")]

    def value(self, expr: str) -> float | None:
        """The single value of an instant query, or None when it returns nothing."""
        result = self.query(expr)
        if not result:
            return None
        return float(result[0]["value"][1])

    def metadata(self) -> dict[str, Any]:
        return dict(self.api("metadata"))

    def rule_groups(self) -> list[dict[str, Any]]:
        return list(self.api("rules")["groups"])

    def active_targets(self) -> list[dict[str, Any]]:
        return list(self.api("targets")["activeTargets"])

    def wait_until(
        self, predicate: Callable[[], bool], what: str, timeout: float, poll: float = 0.5
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(poll)
        raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
