"""Backtest: replay recorded items through classify -> incidents -> rules in event time.

The same :class:`streams.engine.Engine` as the worker, with state in dicts and no Kafka. Input is
JSON lines, one item a line: raw items (``id``, ``title``, ``text``, ``url``, ``feed``,
``published`` ISO 8601; other :class:`producers.items.Item` fields optional) or already
classified items (a :class:`streams.models.ClassifiedItem` record, recognised by its ``item``
key), which skip the classifier. Items are replayed in order of ``published`` (ties keep file
order); rules with ``time: processing`` see the replayed item's time as the clock.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

import orjson
from pydantic import ValidationError

from alerts.rules import RuleSet
from alerts.schema import Alert
from flashpoint.core.errors import InputError
from producers.items import Item, item_id
from streams.engine import Engine
from streams.enginestate import EngineState, EngineStats
from streams.models import ClassifiedItem

__all__ = [
    "BacktestError",
    "BacktestResult",
    "BadLine",
    "parse_line",
    "read_items",
    "run_backtest",
]

Classifier = Callable[[Item], ClassifiedItem]


class BacktestError(InputError):
    """The backtest cannot run (unreadable input, no classifier for raw items)."""


@dataclass(frozen=True)
class BadLine:
    """A line that could not be read as an item."""

    line: int
    reason: str


@dataclass
class BacktestResult:
    alerts: list[Alert] = field(default_factory=list)
    items: int = 0
    bad_lines: list[BadLine] = field(default_factory=list)
    stats: EngineStats = field(default_factory=EngineStats)
    incidents: int = 0
    first: datetime | None = None
    last: datetime | None = None


def _raw_item(data: dict[str, Any]) -> Item:
    data = dict(data)
    published = data.get("published")
    if not published:
        raise ValueError("missing 'published'")
    data.setdefault("fetched_at", published)
    if not data.get("id"):
        data["id"] = item_id(data.get("guid"), data.get("url"), data.get("title"), str(published))
    if not data.get("sources") and data.get("feed"):
        data["sources"] = [data["feed"]]
    return Item.model_validate(data)


def parse_line(text: str | bytes) -> Item | ClassifiedItem:
    """One JSON line as an :class:`Item` or a :class:`ClassifiedItem`; raises ``ValueError``."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    try:
        if isinstance(data.get("item"), dict):
            return ClassifiedItem.model_validate(data)
        return _raw_item(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "record"
        raise ValueError(f"{where}: {err['msg']}") from exc


def read_items(path: str | Path) -> Iterator[tuple[int, Item | ClassifiedItem | BadLine]]:
    """Yield (line number, item or :class:`BadLine`) for each non-blank line of a JSONL file."""
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise BacktestError(f"{p}: cannot read items: {exc.strerror or exc}") from exc
    with fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                yield n, parse_line(raw)
            except ValueError as exc:
                yield n, BadLine(n, str(exc))


def _default_classifier() -> Classifier:
    # Imported late and by name: the classifier is its own package, built separately.
    fn = getattr(importlib.import_module("streams.classify"), "classify_item", None)
    if fn is None:
        raise BacktestError(
            "raw items need the classifier (streams.classify.classify_item), which is not "
            "available; give classified items instead"
        )
    return cast(Classifier, fn)


def run_backtest(
    rules: RuleSet,
    records: Iterable[tuple[int, Item | ClassifiedItem | BadLine]],
    *,
    classify: Classifier | None = None,
    order: Literal["event", "file"] = "event",
    on_bad_line: Callable[[BadLine], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> BacktestResult:
    """Replay ``records`` through the engine; return the alerts in the order they fired.

    ``order="event"`` sorts by ``published`` first (a replay in event time); ``"file"`` keeps
    arrival order, so late items and the grace period behave as they would live.
    ``progress`` is called with the number of records handled so far.
    """
    result = BacktestResult()
    good: list[tuple[datetime, int, Item | ClassifiedItem]] = []
    for n, rec in records:
        if isinstance(rec, BadLine):
            result.bad_lines.append(rec)
            if on_bad_line is not None:
                on_bad_line(rec)
            continue
        it = rec.item if isinstance(rec, ClassifiedItem) else rec
        good.append((it.published, n, rec))
    if order == "event":
        good.sort(key=lambda t: (t[0], t[1]))
    clock_ts: list[datetime] = [datetime.fromtimestamp(0, UTC)]
    engine = Engine(rules, EngineState(), clock=lambda: clock_ts[0])
    classifier = classify
    for i, (published, n, rec) in enumerate(good, start=1):
        if isinstance(rec, ClassifiedItem):
            ci = rec
        else:
            if classifier is None:
                classifier = _default_classifier()
            try:
                ci = classifier(rec)
            except Exception as exc:  # a bad item never stops the replay
                bad = BadLine(n, f"classifier failed: {type(exc).__name__}: {exc}")
                result.bad_lines.append(bad)
                if on_bad_line is not None:
                    on_bad_line(bad)
                continue
        clock_ts[0] = published
        result.alerts.extend(engine.process(ci))
        result.items += 1
        result.first = published if result.first is None else min(result.first, published)
        result.last = published if result.last is None else max(result.last, published)
        if progress is not None:
            progress(i)
    result.stats = engine.stats
    result.incidents = engine.stats.incidents_created
    return result
