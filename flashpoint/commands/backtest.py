"""``flashpoint backtest``: which alerts would a rule set have fired on recorded items, and when."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from flashpoint.badlines import BadLines
from flashpoint.commands.parsers import add_command, add_switches

__all__ = ["register"]

_PROGRESS_BYTES = 256 * 1024  # show a progress bar from this input size on


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "backtest",
        "replay recorded items through a rule set and list the alerts that would fire",
        """
        Replay JSON-lines items through classify -> incidents -> rules in event time,
        without Kafka, and print the alerts that would have fired with their times.
        Each line is a raw item (id, title, text, url, feed, published ISO 8601) or an
        already classified item. Bad lines are named on stderr (FILE:LINE: why) and
        skipped; the exit code is then 1 (docs/cli.md).

        examples:
          flashpoint backtest --rules deploy/rules.yaml --items items.jsonl
          flashpoint backtest --rules deploy/rules.yaml --items items.jsonl --json | jq .id
        """,
    )
    p.add_argument("--rules", type=Path, required=True, help="rules YAML file")
    p.add_argument("--items", type=Path, required=True, help="items, JSON lines")
    p.add_argument(
        "--order",
        choices=("event", "file"),
        default="event",
        help="replay sorted by published time (default) or in file order (late items stay late)",
    )
    add_switches(
        p,
        {
            "--json": "one alert per line, JSON, alone on stdout (the summary goes to stderr)",
            "--no-progress": "never show a progress bar",
        },
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from alerts.rules import load_rules
    from streams.backtest import BacktestError, BadLine, read_items, run_backtest

    rules = load_rules(args.rules)
    err = Console(stderr=True, highlight=False)
    bad_lines = BadLines(str(args.items))

    def on_bad(bad: BadLine) -> None:
        bad_lines.add(bad.line, bad.reason)

    try:
        size = args.items.stat().st_size
    except OSError as exc:
        raise BacktestError(f"{args.items}: cannot read items: {exc.strerror or exc}") from exc
    records = list(read_items(args.items))
    show = not args.no_progress and size >= _PROGRESS_BYTES and err.is_terminal
    if show:
        with Progress(
            TextColumn("backtest"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as bar:
            task = bar.add_task("items", total=len(records))
            result = run_backtest(
                rules,
                records,
                on_bad_line=on_bad,
                order=args.order,
                progress=lambda n: bar.update(task, completed=n),
            )
    else:
        result = run_backtest(rules, records, on_bad_line=on_bad, order=args.order)

    out = sys.stdout
    if args.json:
        for alert in result.alerts:
            out.write(alert.to_json().decode("utf-8") + "\n")
    else:
        for a in result.alerts:
            win = ""
            if a.window_start and a.window_end:
                same_day = a.window_start.date() == a.window_end.date()
                end = f"{a.window_end:%H:%M}" if same_day else f"{a.window_end:%Y-%m-%dT%H:%M}"
                win = f" window={a.window_start:%Y-%m-%dT%H:%M}..{end}"
            out.write(
                f"{a.fired_at:%Y-%m-%dT%H:%M:%SZ}  {a.severity:<8} {a.status:<9} {a.rule}"
                f"  [{a.group}]{win}  {a.title}\n"
            )
            if a.incident is not None:
                for h in a.incident.headlines:
                    out.write(f"    - {h.title} <{h.url or 'no link'}>\n")
    s = result.stats
    span = ""
    if result.first and result.last:
        span = f" from {result.first:%Y-%m-%dT%H:%M}Z to {result.last:%Y-%m-%dT%H:%M}Z"
    print(
        f"backtest: {result.items} items{span}, {len(result.bad_lines)} bad lines, "
        f"{s.duplicates} duplicates, {s.unlabelled} unlabelled, {s.late} late, "
        f"{result.incidents} incidents, {len(result.alerts)} alerts "
        f"({s.suppressed} held back by cooldown)",
        file=sys.stderr,
    )
    return bad_lines.finish("backtest")
