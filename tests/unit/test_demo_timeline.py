"""The demo's bundled story, replayed through the example rules without Kafka.

It must show what the demo promises: alerts from the Ganja reports, including one fired by the
Russian-language item (read in Russian, counted, and placed in the same incident).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alerts.rules import load_rules
from flashpoint.demofeeds import load_timeline
from streams.backtest import BadLine, parse_line, run_backtest
from streams.models import ClassifiedItem, Item

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 1, 1, tzinfo=UTC)  # any fixed start: the story runs in event time


def _records() -> list[tuple[int, Item | ClassifiedItem | BadLine]]:
    timeline = load_timeline()
    out: list[tuple[int, Item | ClassifiedItem | BadLine]] = []
    for n, it in enumerate(timeline["items"], start=1):
        meta = timeline["feeds"][it["feed"]]
        line = {
            "id": it["guid"],
            "title": it["title"],
            "text": it["text"],
            "url": f"http://127.0.0.1/articles/{it['guid']}",
            "feed": it["feed"],
            "published": (T0 + timedelta(seconds=it["offset"])).isoformat(),
            "language": meta["language"],
            "tags": meta["tags"],
        }
        out.append((n, parse_line(json.dumps(line, ensure_ascii=False))))
    return out


def test_the_russian_report_fires_an_alert_in_the_ganja_incident() -> None:
    timeline = load_timeline()
    (ru,) = [it for it in timeline["items"] if timeline["feeds"][it["feed"]]["language"] == "ru"]
    result = run_backtest(load_rules(ROOT / "deploy" / "rules.yaml"), _records())
    assert not result.bad_lines
    fired_by_ru = [a for a in result.alerts if a.fired_at == T0 + timedelta(seconds=ru["offset"])]
    assert [a.rule for a in fired_by_ru] == ["wounded-caucasus"], [a.rule for a in result.alerts]
    alert = fired_by_ru[0]
    assert alert.value == 40 and alert.incident is not None
    assert alert.incident.place == "Ganja" and alert.incident.country == "AZ"
    assert ru["feed"] in alert.incident.sources
    # and the English reports still fire the toll and the geofence alerts
    assert {"mass-casualty", "staff-geofence-ganja"} <= {a.rule for a in result.alerts}
