"""``flashpoint backtest``: replay JSON lines through classify -> incidents -> rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from alerts.rules import parse_rules
from alerts.schema import Alert
from flashpoint.cli import main
from producers.items import Item
from streams.backtest import parse_line, read_items, run_backtest
from streams.models import ClassifiedItem
from tests.support.reports import toll_report

T0 = datetime(2020, 10, 11, tzinfo=UTC)

RULES = """
rules:
  - name: toll
    when: {categories: [strike, casualty]}
    window: {type: tumbling, size: 1d}
    aggregate: max_killed
    group_by: [incident]
    thresholds: [{at: 10, severity: warning}, {at: 50, severity: critical}]
    cooldown: 12h
    channels: [desk]
"""


def classified(n: int, minutes: int, killed: int) -> bytes:
    published = T0 + timedelta(minutes=minutes)
    title = f"Toll rises to {killed} in Ganja"
    ci = toll_report(f"i{n}", published, killed, feed=f"feed{n}", title=title, text=f"Report {n}.")
    return ci.to_json()


def run_cli(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as info:
        main(argv)
    return int(info.value.code or 0)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    items = tmp_path / "items.jsonl"
    lines = [
        classified(1, 0, 3),
        b"{not json",
        classified(3, 60, 12),
        b"",
        b'{"id": "x", "title": "no date", "feed": "f"}',
        b"[1, 2]",
        classified(2, 200, 60),
        classified(4, 100, 12),  # out of file order: replayed in event time
    ]
    items.write_bytes(b"\n".join(lines) + b"\n")
    return rules, items


def test_json_output_and_bad_lines(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rules, items = files
    code = run_cli(["backtest", "--rules", str(rules), "--items", str(items), "--json"])
    out, err = capsys.readouterr()
    assert code == 1  # bad lines were skipped (ExitCode.FAILED)
    alerts = [Alert.from_json(line) for line in out.splitlines()]
    assert [(a.severity, a.status, a.value) for a in alerts] == [
        ("warning", "firing", 12),
        ("critical", "escalated", 60),
    ]
    assert alerts[1].fired_at == T0 + timedelta(minutes=200)
    assert alerts[0].channels == ("desk",)
    assert f"{items}:2: invalid JSON" in err
    assert f"{items}:5: published" in err or f"{items}:5: missing 'published'" in err
    assert f"{items}:6: not a JSON object" in err
    assert "3 bad lines" in err and "2 alerts" in err and "4 items" in err


def test_human_output_lists_times_and_headlines(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rules, items = files
    assert run_cli(["backtest", "--rules", str(rules), "--items", str(items)]) == 1
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("2020-10-11T01:00:00Z  warning  firing")
    assert "toll" in lines[0] and "Ganja" in lines[0]
    assert any("https://example.org/" in line for line in lines)


def test_broken_rules_file_is_one_clear_error(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, items = files
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - name: x\n    window: {size: 1h}\n    thresholds: []\n")
    assert run_cli(["backtest", "--rules", str(bad), "--items", str(items)]) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"flashpoint: error: {bad}: rule 'x': needs at least one entry in 'thresholds'".replace(
            "needs", "a threshold rule needs"
        )
    )


def test_missing_items_file(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    rules, items = files
    assert run_cli(["backtest", "--rules", str(rules), "--items", str(items) + ".nope"]) == 3
    assert "cannot read items" in capsys.readouterr().err


def test_file_order_keeps_late_items_late(files: tuple[Path, Path]) -> None:
    _, items = files
    rs = parse_rules(
        {
            "rules": [
                {
                    "name": "two",
                    "window": {"type": "tumbling", "size": "1h"},
                    "grace": "5m",
                    "thresholds": [{"at": 2, "severity": "info"}],
                }
            ]
        }
    )
    # file order: 00:00, 01:00, 03:20, then 01:40 and 00:30 arrive after their windows closed
    # (grace 5 min); in event order 00:00+00:30 and 01:00+01:40 share windows
    late = classified(9, 30, 1)
    recs = [*read_items(items), (99, parse_line(late))]
    by_event = run_backtest(rs, recs, order="event")
    by_file = run_backtest(rs, recs, order="file")
    assert {a.window_start for a in by_event.alerts} == {T0, T0 + timedelta(hours=1)}
    assert by_file.alerts == []
    assert by_file.stats.late == 2
    assert by_event.stats.late == 0


def test_raw_items_go_through_the_classifier(shared_data: Path) -> None:
    text = (shared_data / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")
    rs = parse_rules(
        {
            "rules": [
                {
                    "name": "any-strike",
                    "when": {"categories": ["strike"]},
                    "window": {"type": "tumbling", "size": "1h"},
                    "thresholds": [{"at": 1, "severity": "info"}],
                }
            ]
        }
    )
    raw = orjson.dumps(
        {
            "id": "seed",
            "title": "Missile strike on Ganja",
            "text": text,
            "url": "https://example.org/seed",
            "feed": "seed",
            "published": "2020-10-11T01:00:00Z",
        }
    )
    result = run_backtest(rs, [(1, parse_line(raw))])
    assert result.items == 1 and not result.bad_lines
    assert [a.rule for a in result.alerts] == ["any-strike"]
    assert result.alerts[0].fired_at == datetime(2020, 10, 11, 1, tzinfo=UTC)


def test_classifier_failure_is_a_bad_line_not_a_crash() -> None:
    rs = parse_rules({"rules": []})
    raw = (
        b'{"id": "a", "title": "t", "text": "x", "feed": "f", "published": "2020-10-11T00:00:00Z"}'
    )

    def boom(item: Item) -> ClassifiedItem:
        raise RuntimeError("broken")

    result = run_backtest(rs, [(7, parse_line(raw))], classify=boom)
    assert result.items == 0
    assert [(b.line, b.reason) for b in result.bad_lines] == [
        (7, "classifier failed: RuntimeError: broken")
    ]
