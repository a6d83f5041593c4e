"""The reliability report: each fault scenario records its figures; the markdown is rendered here.

Tests call ``reliability.record(...)`` (the session fixture in ``conftest.py``). When the
environment variable ``FLASHPOINT_RELIABILITY_REPORT`` names a file, the session-finish hook
writes the markdown there (``scripts/reliability_report.py`` does this for docs/reliability.md).
"""

from __future__ import annotations

import json
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["Collector", "Scenario", "render"]

REPORT_ENV = "FLASHPOINT_RELIABILITY_REPORT"


@dataclass
class Scenario:
    """Figures of one scenario. ``None`` means "not applicable" (rendered as a dash)."""

    group: str
    name: str
    fault: str
    sent: int | None = None
    classified: int | None = None
    lost: int | None = None
    alerts: int | None = None
    duplicates: int | None = None
    recovery_s: float | None = None
    detect_s: float | None = None
    wall_s: float | None = None
    peak_mib: float | None = None
    outcome: str = ""
    notes: str = ""
    result: str = ""
    test: str = ""


@dataclass
class Collector:
    scenarios: list[Scenario] = field(default_factory=list)

    def record(self, **figures: Any) -> Scenario:
        sc = Scenario(**figures)
        if sc.group not in dict(GROUPS):  # a scenario of no section would vanish from the report
            raise ValueError(f"scenario {sc.name!r}: unknown report group {sc.group!r}")
        self.scenarios.append(sc)
        return sc

    def to_json(self) -> str:
        return json.dumps([asdict(s) for s in self.scenarios], indent=2)


GROUPS = (
    ("kafka", "Kafka and process faults"),
    ("health", "Liveness and readiness"),
    ("dates", "Dates that lie"),
    ("delivery", "Delivery faults"),
    ("hostile", "Hostile feeds"),
    ("fuzz", "Fuzzing"),
    ("config", "Bad configuration"),
    ("security", "Security"),
    ("websub", "WebSub push"),
)


ABOUT = """## What the scenarios do

- **Kafka and process faults** run the real processes (`python -m flashpoint produce|worker`)
  against the suite's own single-node broker, with loopback feeds that reveal real news
  snippets (CASE 2021, Task 2 test set, Haneczok et al. 2021, via AYLIEN/fine-grained-event-
  classification, MIT licence) over time. At the end the topics are read to their end offsets:
  items are counted by id on the raw and classified topics; the alerts owed are recomputed
  from the classified topic with the backtest engine (one engine per partition, records in
  offset order, first record of an item id only) and compared by alert id with the alerts
  topic. The worker scenario also compares each alert's incident (casualty maximum, sources)
  with the recomputation.
- **Liveness and readiness** run the real processes against the suite's broker and poll their
  probes as a kubelet would (2 s timeout): a frozen worker (SIGSTOP of its process group), a
  rules handler that never returns or raises (the test-only `worker.fault_hang_file` and
  `worker.fault_fail_file`), a batch whose acknowledgements are lost so the committed offset
  stops (`worker.fault_noack_file`), and a stopped broker. The test plays the supervisor: it
  restarts the worker on red liveness or on exit. *detect* is from the fault (SIGSTOP, the
  fault firing, the broker's stop command) to the first red probe or the exit; *recovery* to
  green again, the first new alert, or readiness after the restart. Items and alerts are
  counted on the topics as above.
- **Dates that lie** serves four outlets on loopback that write their dates in local forms
  (`YYYY/M/D hh:mm:ss` without a zone, `D.M.YYYY hh:mm`, Ukrainian month names, and RFC 822 as
  the control), parses them with the producer's parser and replays the items in arrival order
  through an event-time rule (1 h window, 10 min grace): *lost* counts items dropped as late.
- **Delivery faults** run `run_delivery` on Kafka against a webhook receiver and an SMTP
  server on loopback; retry gaps are measured at the receiver (jitter 0, so the schedule is
  exact).
- **Hostile feeds** are polled by `Producer.cycle` next to a good feed; each must end within
  the fetch and parse deadlines, be counted under its outcome in the producer's metrics,
  publish nothing of its own unless it is a usable feed, and leave the good feed published.
- **Bad configuration** runs the real CLI with one broken file each.
- **WebSub push** runs `run_producer` with the Kafka publisher against flask-websub's hub on
  loopback: the hub stops (the safety poll takes over), the lease runs out while the producer is
  down, and forged, oversized and replayed deliveries reach the callback; the raw topic is read
  back by title at the end.

## Covered elsewhere (not repeated here)

- Webhook receiver down then up, 404 dead letters and replay, a restart that lost its offsets,
  a malformed record: `tests/integration/test_delivery_kafka.py`.
- Fetcher outcomes one by one (hang, slow body, redirect loops and caps, 512 KiB body, 64 MiB
  gzip bomb, entity blow-up, 64 KiB author, mislabelled charset, 429, 410) and SSRF of the
  fetcher and of redirects: `tests/unit/test_producers_fetch.py`.
- Rules-agent SIGKILL and restart on classified input: `tests/integration/test_rules_restart.py`.
- Webhook secret in the log of one delivery, Slack/Teams escaping:
  `tests/unit/test_delivery_webhook.py`; e-mail escaping of one alert:
  `tests/unit/test_delivery_email.py`.
"""


def _cell(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def sections(markdown: str) -> dict[str, str]:
    """The group sections of an existing report, by group key (for a partial run)."""
    titles = {f"## {title}": key for key, title in GROUPS}
    out: dict[str, str] = {}
    current: str | None = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = titles.get(line.strip())
            if current is not None:
                out[current] = ""
        if current is not None:
            out[current] += line + "\n"
    return out


def render(
    scenarios: list[Scenario],
    *,
    command: str,
    wall_s: float | None = None,
    kept: dict[str, str] | None = None,
) -> str:
    """The markdown of docs/reliability.md. ``kept``: sections of groups this run did not
    touch, carried over from the previous report (``sections``) so a partial run keeps them."""
    kept = {k: v for k, v in (kept or {}).items() if not any(s.group == k for s in scenarios)}
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Reliability report",
        "",
        "Generated by the fault-injection suite (`tests/faults/`); do not edit by hand.",
        f"Regenerate with `{command}`.",
        "",
        f"- Run: {now}, Python {platform.python_version()}, {platform.machine()}, "
        "a single local Kafka 4.1 broker (KRaft) on loopback.",
    ]
    if wall_s is not None:
        lines.append(f"- Suite wall time: {wall_s:.0f} s.")
    count = {r: sum(1 for s in scenarios if s.result == r) for r in ("pass", "FAIL", "xfail")}
    lines.append(
        f"- Scenarios: {len(scenarios)}: passed {count['pass']}, failed {count['FAIL']}, "
        f"expected failures (known defects, see notes) {count['xfail']}."
    )
    if kept:
        lines.append(
            "- Sections kept from the previous report (not run this time): "
            + ", ".join(title for key, title in GROUPS if key in kept)
            + "."
        )
    lines += [
        "",
        "Columns: *sent* items (or alerts, or inputs) put in; *classified* items on the "
        "classified topic (distinct ids); *lost* inputs missing at the end; *alerts* distinct "
        "alert ids; *dup.* records beyond the first per id; *recovery* seconds from the end of "
        "the fault to the first new output (for probe scenarios: to the probe green "
        "again); *detect* seconds from the fault to the probe turning red, where measured; "
        "*wall* seconds of the scenario; *peak* MiB of "
        "Python heap allocated during it (tracemalloc), where measured. For hostile feeds, "
        "*sent* and *lost* are the good feed's item polled in the same cycle.",
        "",
    ]
    for key, title in GROUPS:
        rows = [s for s in scenarios if s.group == key]
        if not rows:
            if key in kept:
                lines.append(kept[key].rstrip("\n"))
                lines.append("")
            continue
        detect = any(s.detect_s is not None for s in rows)
        lines += [
            f"## {title}",
            "",
            "| scenario | fault | sent | classified | lost | alerts | dup. | "
            + ("detect s | " if detect else "")
            + "recovery s | wall s | peak MiB | outcome | result |",
            "|---|---|--:|--:|--:|--:|--:|" + ("--:|" if detect else "") + "--:|--:|--:|---|---|",
        ]
        for s in rows:
            result = {"FAIL": "**FAIL**", "": "not run"}.get(s.result, s.result)
            lines.append(
                "| "
                + " | ".join(
                    _cell(v)
                    for v in (
                        s.name,
                        s.fault,
                        s.sent,
                        s.classified,
                        s.lost,
                        s.alerts,
                        s.duplicates,
                        *((s.detect_s,) if detect else ()),
                        s.recovery_s,
                        s.wall_s,
                        s.peak_mib,
                        s.outcome,
                        result,
                    )
                )
                + " |"
            )
        notes = [s for s in rows if s.notes]
        if notes:
            lines.append("")
            lines += [f"- **{s.name}**: {s.notes}" for s in notes]
        lines.append("")
    lines.append(ABOUT)
    return "\n".join(lines)
