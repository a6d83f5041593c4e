"""The rule engine: classified items -> incidents -> windowed threshold rules -> alerts.

Pure and synchronous (no Faust, no Kafka). One implementation serves the Faust rules agent
(state in Faust tables, see :mod:`streams.rules_agent`) and the backtest (state in dicts).

Time. A rule runs in event time (the item's ``published``) by default, or in processing time
(``time: processing``, the injected clock). The engine's watermark is the newest event time seen;
a window ``[start, end)`` of a rule closes once ``watermark - grace >= end``. An item falling only
in closed windows is late: it still folds into its incident but no longer counts for that rule.

Firing. A window fires as soon as its aggregate reaches a severity step (a desk wants the alert
now, not at the window's end). Per rule and group key a cooldown then holds back alerts of the
same or a lower severity; a higher severity breaks the cooldown as an ``escalated`` alert. With
``resolve_after``, a group whose windows stay under the lowest step that long after its last hit
gets a ``resolved`` alert. Alert ids are deterministic: (rule, group, window start, severity) for
``firing``, (rule, group, episode, severity) for ``escalated``, (rule, group, episode) for
``resolved``, (rule, incident) for ``contested``, so re-processing never mints a second id.

State is an :class:`EngineState` of injectable mappings with JSON-able values; aggregates are
sets (item ids, sources, incidents) and maxima, so folding the same item twice changes nothing.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from alerts.rules import Rule, RuleSet
from alerts.schema import Alert, AlertStatus, alert_id, severity_rank
from streams.conditions import matches, matches_incident
from streams.enginestate import (
    SEEN_BUCKET,
    SEEN_SEGMENT,
    DueQueue,
    EngineState,
    EngineStats,
    SeenIndex,
)
from streams.incidents import (
    FoldResult,
    IncidentFolder,
    short_id,
    summary,
)
from streams.models import ClassifiedItem
from streams.windowagg import fold_into_window, window_value

__all__ = ["Engine"]

log = logging.getLogger(__name__)

_WATERMARK = "watermark"


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _group_key(rule: Rule, ci: ClassifiedItem, inc: dict[str, Any]) -> str:
    if not rule.group_by:
        return "*"
    parts = []
    for f in rule.group_by:
        if f == "country":
            value = ci.key
        elif f == "place":
            value = inc.get("place_norm") or "unknown"
        elif f == "incident":
            value = inc["id"]
        else:  # feed
            value = ci.item.feed
        parts.append(f"{f}={value}")
    return ",".join(parts)


def _window_starts(rule: Rule, ts: float) -> list[float]:
    assert rule.window is not None
    size, hop = rule.window.size, rule.window.hop
    last = math.floor(ts / hop) * hop
    starts = []
    s = last
    while s > ts - size:
        starts.append(s)
        s -= hop
    return sorted(starts)


class Engine:
    """Evaluate a :class:`RuleSet` over classified items.

    ``process(item)`` folds the item and returns the alerts it triggers; ``advance(watermark)``
    moves time on (closing windows, resolving groups, expiring state) and returns the alerts
    that produces (``resolved``). ``clock`` gives processing time for ``time: processing`` rules.
    """

    def __init__(
        self,
        rules: RuleSet,
        state: EngineState | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.rules = rules
        self.state = state if state is not None else EngineState()
        self.clock = clock
        self.stats = EngineStats()
        self.last_fold: FoldResult | None = None
        self.folder = IncidentFolder(rules.incidents, self.state.incidents)
        # Caches derived from the stores (rebuilt by a scan when None): the stores hold only
        # small per-key records, so every changelog write stays small.
        self._windows_ix: dict[tuple[str, str | None], tuple[str, float]] | None = None
        self._groups_ix: dict[str, tuple[str, float, float]] | None = None
        self._seen_ix: SeenIndex | None = None
        # The same entries ordered by when they fall due (see DueQueue): time passing looks only at
        # what is due, not at every open window and group after every item.
        self._windows_due = DueQueue()
        self._groups_due = DueQueue()
        self._rules_by_name = {r.name: r for r in rules.rules}

    def use_state(self, state: EngineState) -> None:
        """Run on other stores (e.g. an overlay of the current ones); caches stay valid only if
        ``state`` shows the same data."""
        self.state = state
        self.folder.incidents = state.incidents

    def invalidate(self) -> None:
        """Drop the caches derived from the stores (after a failed, discarded transaction)."""
        self._windows_ix = self._groups_ix = self._seen_ix = None
        self.folder.invalidate()

    def _kind_and_due(self, rname: str, at: float) -> tuple[int, float]:
        """The clock an entry of rule ``rname`` is judged on (0 event time, 1 processing
        time) and when it falls due on it: ``at + grace``; at once for a rule that is gone."""
        rule = self._rules_by_name.get(rname)
        if rule is None:
            return 0, -math.inf
        return (1 if rule.time == "processing" else 0), at + rule.grace

    def _window_due(self, key: str, sk: str | None, rname: str, end: float) -> None:
        kind, due = self._kind_and_due(rname, end)
        self._windows_due.push(kind, due, (key, sk))

    def _group_end(self, rname: str, last_hit: float, until: float) -> float:
        """The time from which a rule group may be forgotten (before its rule's grace)."""
        rule = self._rules_by_name.get(rname)
        if rule is None or rule.window is None:
            return -math.inf
        if rule.resolve_after is not None:
            return max(last_hit + rule.resolve_after, last_hit + rule.window.size)
        return max(until, last_hit + rule.window.size)

    def _wix(self) -> dict[tuple[str, str | None], tuple[str, float]]:
        """(store key, window start) -> (rule, window end), for every open window.

        A rule group's open windows share one record (``"<rule>\x1f<group>"`` -> ``{"rule",
        "w": {start: window}}``), so an item writes one record per rule it matches, not one per
        hopping window. A record of the older layout (one key per window, its start in the
        key) is indexed with start ``None``; it is moved into its group's record when an item
        next falls in it, and deleted when it closes.
        """
        if self._windows_ix is None:
            ix: dict[tuple[str, str | None], tuple[str, float]] = {}
            for k, v in self.state.windows.items():
                if "w" in v:
                    for sk, win in v["w"].items():
                        ix[(k, sk)] = (v["rule"], win["end"])
                else:
                    ix[(k, None)] = (v["rule"], v["end"])
            self._windows_ix = ix
            self._windows_due.clear()
            for (k, sk), (rname, end) in ix.items():
                self._window_due(k, sk, rname, end)
        return self._windows_ix

    def _gix(self) -> dict[str, tuple[str, float, float]]:
        if self._groups_ix is None:
            self._groups_ix = {
                k: (v["rule"], v["last_hit"], v["until"]) for k, v in self.state.groups.items()
            }
            self._groups_due.clear()
            for k, (rname, last_hit, until) in self._groups_ix.items():
                kind, due = self._kind_and_due(rname, self._group_end(rname, last_hit, until))
                self._groups_due.push(kind, due, k)
        return self._groups_ix

    def _six(self) -> SeenIndex:
        if self._seen_ix is None:
            self._seen_ix = SeenIndex()
            for key, value in self.state.seen.items():
                self._seen_ix.add_key(key, value)
        return self._seen_ix

    @property
    def open_incidents(self) -> int:
        return self.folder.open_count

    # -- public ------------------------------------------------------------------------------
    @property
    def watermark(self) -> datetime | None:
        ts = self.state.meta.get(_WATERMARK)
        return None if ts is None else _dt(ts)

    def process(self, ci: ClassifiedItem) -> list[Alert]:
        """Fold one classified item and evaluate every enabled rule; return new alerts."""
        self.stats.items += 1
        self.last_fold = None
        ts = ci.item.published.timestamp()
        if self._seen(ci.item.id, ts):
            self.stats.duplicates += 1
            return []
        if not ci.labels:
            self.stats.unlabelled += 1
            return []
        fold = self.folder.fold(ci, ts)
        self.last_fold = fold  # read by the worker to update its incident metrics
        if fold.created:
            self.stats.incidents_created += 1
        inc = fold.incident
        alerts: list[Alert] = []
        wm = self._watermark()
        now = self.clock().timestamp()
        for rule in self.rules.enabled:
            if rule.type == "contested":
                alerts.extend(self._contested(rule, ci, fold))
                continue
            if not matches(rule.when, ci, inc):
                continue
            t = now if rule.time == "processing" else ts
            rule_wm = now if rule.time == "processing" else (wm if wm is not None else ts)
            alerts.extend(self._threshold(rule, ci, inc, t, rule_wm))
        self._set_watermark(ts)
        alerts.extend(self._advance())
        self.stats.alerts += len(alerts)
        return alerts

    def advance(self, watermark: datetime | None = None) -> list[Alert]:
        """Move event time to ``watermark`` (if later) and close, resolve and expire state."""
        if watermark is not None:
            self._set_watermark(watermark.timestamp())
        alerts = self._advance()
        self.stats.alerts += len(alerts)
        return alerts

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        return self.folder.get(incident_id)

    # -- time and dedup ----------------------------------------------------------------------
    def _watermark(self) -> float | None:
        value = self.state.meta.get(_WATERMARK)
        return None if value is None else float(value)

    def _set_watermark(self, ts: float) -> None:
        wm = self._watermark()
        if wm is None or ts > wm:
            self.state.meta[_WATERMARK] = ts

    def _seen(self, item_id: str, ts: float) -> bool:
        """Remember ``item_id``; True if it was already seen (a duplicate or a replay).

        The id's short hash goes into its time bucket's open segment, a record of up to
        ``SEEN_SEGMENT`` hashes: the items of a batch cost one changelog record, not one each.
        The list is copied, never changed in place, so a discarded write-buffer leaves no trace.
        """
        h = short_id(item_id)
        ix = self._six()
        if h in ix.hashes:
            return True
        bucket = int(ts // SEEN_BUCKET)
        seg, n = ix.open.get(bucket, (-1, SEEN_SEGMENT))
        if n >= SEEN_SEGMENT:
            seg, n = seg + 1, 0
            key = f"#{bucket}:{seg}"
            ix.buckets.setdefault(bucket, []).append(key)
            value: list[str] = []
        else:
            key = f"#{bucket}:{seg}"
            value = self.state.seen.get(key) or []
        self.state.seen[key] = [*value, h]
        ix.open[bucket] = (seg, n + 1)
        ix.hashes.add(h)
        return False

    # -- threshold rules ---------------------------------------------------------------------
    def _threshold(
        self, rule: Rule, ci: ClassifiedItem, inc: dict[str, Any], t: float, wm: float
    ) -> list[Alert]:
        assert rule.window is not None
        group = _group_key(rule, ci, inc)
        alerts: list[Alert] = []
        open_any = False
        gkey = f"{rule.name}\x1f{group}"
        rec = self.state.windows.get(gkey)
        wins: dict[str, Any] = dict(rec["w"]) if rec is not None else {}
        for start in _window_starts(rule, t):
            end = start + rule.window.size
            if wm - rule.grace >= end:
                continue  # closed: the item is late for this window
            open_any = True
            sk = f"{start:.0f}"
            win = wins.get(sk)
            old_key = f"{gkey}\x1f{sk}"  # the older layout: one record per window
            if win is None and old_key in self.state.windows:
                win = self.state.windows.pop(old_key)
                self._wix().pop((old_key, None), None)
            win = dict(win) if win is not None else {"fired": None, "rule": rule.name, "end": end}
            wix = self._wix()
            if wix.get((gkey, sk)) != (rule.name, end):
                wix[(gkey, sk)] = (rule.name, end)
                self._window_due(gkey, sk, rule.name, end)
            fold_into_window(rule.aggregate, win, ci, inc)
            value = window_value(rule, win)
            step = rule.step_for(value)
            if step is not None:
                alert = self._maybe_fire(rule, group, start, end, value, step, ci, inc, t, win)
                if alert is not None:
                    alerts.append(alert)
            wins[sk] = win
        if open_any and (rec is None or rec.get("w") != wins):
            # An item that changes no window (same maximum, source or incident already counted)
            # costs no changelog record.
            self.state.windows[gkey] = {"rule": rule.name, "w": wins}
        if not open_any:
            self.stats.late += 1
            log.debug("late item rule=%s item=%s", rule.name, ci.item.id)
        return alerts

    def _maybe_fire(
        self,
        rule: Rule,
        group: str,
        start: float,
        end: float,
        value: float,
        step: Any,
        ci: ClassifiedItem,
        inc: dict[str, Any],
        t: float,
        win: dict[str, Any],
    ) -> Alert | None:
        sev = step.severity
        rank = severity_rank(sev)
        if win["fired"] is not None and severity_rank(win["fired"]) >= rank:
            return None  # this window already alerted (or was held back) at this level
        win["fired"] = sev
        gkey = f"{rule.name}\x1f{group}"
        gs = self.state.groups.get(gkey)
        gs = dict(gs) if gs is not None else None
        status: AlertStatus
        if gs is not None and t < gs["until"]:
            if rank <= severity_rank(gs["severity"]):
                self.stats.suppressed += 1
                gs["last_hit"] = max(gs["last_hit"], t)
                gs["incident"] = inc["id"]
                self._put_group(gkey, rule, gs)
                return None
            status = "escalated"
            aid = alert_id(rule.name, group, "escalated", gs["episode"], sev)
        else:
            status = "firing"
            aid = alert_id(rule.name, group, _iso(start), sev)
            gs = {"episode": _iso(start), "first": t}
        gs.update(
            severity=sev,
            fired_at=t,
            until=t + rule.cooldown,
            last_hit=max(gs.get("last_hit", t), t),
            incident=inc["id"],
            window=[start, end],
            value=value,
            threshold=step.at,
        )
        self._put_group(gkey, rule, gs)
        verb = "rose to" if status == "escalated" else "reached"
        agg = rule.aggregate.replace("_", " ")
        where = inc.get("place") or ci.key
        return Alert(
            id=aid,
            rule=rule.name,
            severity=sev,
            status=status,
            group=group,
            window_start=_dt(start),
            window_end=_dt(end),
            fired_at=_dt(t),
            aggregation=rule.aggregate,
            value=value,
            threshold=step.at,
            title=f"{rule.name}: {agg} {verb} {value:g} (>= {step.at:g}) in {where}",
            summary=_summary_line(inc),
            incident=summary(inc),
            channels=rule.channels,
            labels=dict(rule.labels),
            hold_for=None if rule.resolve_after is not None else rule.cooldown,
        )

    def _put_group(self, gkey: str, rule: Rule, gs: dict[str, Any]) -> None:
        gs["rule"] = rule.name
        self.state.groups[gkey] = gs
        entry = (rule.name, gs["last_hit"], gs["until"])
        gix = self._gix()
        if gix.get(gkey) != entry:
            gix[gkey] = entry
            kind, due = self._kind_and_due(rule.name, self._group_end(*entry))
            self._groups_due.push(kind, due, gkey)
            if len(self._groups_due) > 4 * len(gix) + 1024:  # mostly stale entries: rebuild
                self._groups_due.clear()
                for k, (rname, last_hit, until) in gix.items():
                    kind, due = self._kind_and_due(rname, self._group_end(rname, last_hit, until))
                    self._groups_due.push(kind, due, k)

    # -- contested correlation ---------------------------------------------------------------
    def _contested(self, rule: Rule, ci: ClassifiedItem, fold: FoldResult) -> list[Alert]:
        if not fold.contested_now:
            return []
        inc = fold.incident
        strike_ts = inc.get("strike_ts")
        ts = ci.item.published.timestamp()
        if strike_ts is None or ts - strike_ts > rule.within:
            return []
        cond = rule.when.model_copy(update={"categories": ()})
        if not matches(cond, ci, inc) and not matches_incident(cond, inc):
            return []
        denial = inc["denials"][-1] if inc.get("denials") else {}
        who = denial.get("actor") or "a party"
        where = inc.get("place") or inc.get("country") or "unknown place"
        return [
            Alert(
                id=alert_id(rule.name, inc["id"], "contested"),
                rule=rule.name,
                severity=rule.severity,
                status="firing",
                group=_group_key(rule, ci, inc) if rule.group_by else f"incident={inc['id']}",
                window_start=_dt(strike_ts),
                window_end=_dt(strike_ts + rule.within),
                fired_at=_dt(ts),
                aggregation="contested",
                value=(ts - strike_ts) / 60.0,
                threshold=rule.within / 60.0,
                title=f"{rule.name}: strike in {where} contested by {who}",
                summary=(
                    f"Denial: {denial.get('title', '')} ({denial.get('url') or 'no link'}). "
                    + _summary_line(inc)
                ),
                incident=summary(inc),
                channels=rule.channels,
                labels=dict(rule.labels),
                hold_for=rule.within,
            )
        ]

    # -- time passes -------------------------------------------------------------------------
    def _advance(self) -> list[Alert]:
        wm = self._watermark()
        if wm is None:
            return []
        now = self.clock().timestamp()
        alerts: list[Alert] = []
        rules = self._rules_by_name
        clocks = (wm, now)  # what an entry is judged on: event time, processing time
        # Close windows: only those due (``DueQueue``), each checked against the index, which
        # holds the live entries (a heap entry may be stale: closed or moved already).
        idx = self._wix()
        closed: dict[str, list[str | None]] = {}
        for key, sk in self._windows_due.pop_due(clocks):
            entry = idx.get((key, sk))
            if entry is None:
                continue
            rname, end = entry
            rule = rules.get(rname)
            rwm = now if rule is not None and rule.time == "processing" else wm
            if rule is None or rwm - rule.grace >= end:
                closed.setdefault(key, []).append(sk)
                del idx[(key, sk)]
            else:  # due on the heap's arithmetic, not on the rule's: look again next time
                self._window_due(key, sk, rname, end)
        for key, starts in closed.items():  # one write (or delete) per record
            rec = self.state.windows.get(key)
            left = {} if rec is None or "w" not in rec else dict(rec["w"])
            for sk in starts:
                left.pop(sk or "", None)
            if left and rec is not None:
                self.state.windows[key] = {"rule": rec["rule"], "w": left}
            else:
                self.state.windows.pop(key, None)
        # Resolve or forget rule groups (in key order, as a scan of every group would).
        gidx = self._gix()
        due_groups = {g for g in self._groups_due.pop_due(clocks) if g in gidx}
        for gkey in sorted(due_groups):
            rname, last_hit, until = gidx[gkey]
            rule = rules.get(rname)
            rwm = now if rule is not None and rule.time == "processing" else wm
            if rule is None:
                forget = True
            elif rule.resolve_after is not None:
                assert rule.window is not None
                # Quiet long enough, and every window that could still reach the threshold closed.
                forget = rwm - rule.grace >= max(
                    last_hit + rule.resolve_after, last_hit + rule.window.size
                )
                if forget:
                    gs = self.state.groups.get(gkey)
                    if gs is not None:
                        alerts.append(self._resolved(rule, gkey, dict(gs), rwm))
            else:
                assert rule.window is not None
                forget = rwm - rule.grace >= max(until, last_hit + rule.window.size)
            if forget:
                del gidx[gkey]
                self.state.groups.pop(gkey, None)
            else:  # due on the heap's arithmetic, not on the rule's: look again next time
                kind, due = self._kind_and_due(rname, self._group_end(rname, last_hit, until))
                self._groups_due.push(kind, due, gkey)
        # Incidents and remembered ids.
        self.folder.expire(wm)
        sidx = self._six()
        horizon = wm - self.rules.incidents.seen_retention
        for b in [b for b in sidx.buckets if (b + 1) * SEEN_BUCKET < horizon]:
            for key in sidx.buckets.pop(b):
                value = self.state.seen.pop(key, None)
                if isinstance(value, list):
                    sidx.hashes.difference_update(value)
                else:
                    sidx.hashes.discard(short_id(key))
            sidx.open.pop(b, None)
        return alerts

    def _resolved(self, rule: Rule, gkey: str, gs: dict[str, Any], wm: float) -> Alert:
        group = gkey.split("\x1f", 1)[1]
        inc = self.folder.get(gs.get("incident", "")) if gs.get("incident") else None
        start, end = gs.get("window", [None, None])
        at = gs["last_hit"] + (rule.resolve_after or 0)
        return Alert(
            id=alert_id(rule.name, group, "resolved", gs["episode"]),
            rule=rule.name,
            severity=gs["severity"],
            status="resolved",
            group=group,
            window_start=_dt(start) if start is not None else None,
            window_end=_dt(end) if end is not None else None,
            fired_at=_dt(at),
            aggregation=rule.aggregate,
            value=gs.get("value", 0),
            threshold=gs.get("threshold", 0),
            title=f"{rule.name}: resolved in {group} (quiet since {_iso(gs['last_hit'])})",
            summary=_summary_line(inc) if inc else "",
            incident=summary(inc) if inc else None,
            channels=rule.channels,
            labels=dict(rule.labels),
        )


def _summary_line(inc: dict[str, Any]) -> str:
    parts = []
    where = inc.get("place") or inc.get("country") or "unknown place"
    if inc.get("lat") is not None and inc.get("lon") is not None:
        where += f" ({inc['lat']:.4f}, {inc['lon']:.4f})"
    parts.append(where)
    parts.append("/".join(inc.get("categories", ())) or "uncategorised")
    tolls = []
    if inc.get("killed") is not None:
        tolls.append(f"{inc['killed']} killed")
    if inc.get("wounded") is not None:
        tolls.append(f"{inc['wounded']} wounded")
    if tolls:
        parts.append(", ".join(tolls))
    n = len(inc.get("sources", ()))
    parts.append(f"{n} source{'s' if n != 1 else ''}")
    if inc.get("status") == "contested":
        parts.append("CONTESTED")
    return "; ".join(parts)
