"""The delivery ledger: which (alert, channel) pairs are resolved, kept across restarts.

A channel that already took an alert is never sent it again, even when the process dies
before its Kafka offset is committed and the alert is consumed a second time. The ledger is
a small SQLite file in the state folder (WAL mode); it also remembers webhook endpoints
disabled by a 410 Gone, keyed by channel and URL so that changing the URL re-enables it.

It also holds each Alertmanager channel's **active set**: the label sets posted as firing and
not yet resolved, which the delivery process re-sends until the rule group resolves (see
:mod:`alerts.channels.alertmanager`), and the recent resolutions per rule group, so that a
firing record consumed after its group's resolution is not re-sent for ever. Both are bounded:
entries older than the channel's maximum age are dropped by :meth:`Ledger.am_expire`.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["ActiveAlert", "Ledger", "Outcome"]

Outcome = Literal["delivered", "deadlettered"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
    alert_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    outcome TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at REAL NOT NULL,
    PRIMARY KEY (alert_id, channel)
);
CREATE TABLE IF NOT EXISTS disabled_endpoints (
    channel TEXT NOT NULL,
    url_hash TEXT NOT NULL,
    reason TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (channel, url_hash)
);
CREATE TABLE IF NOT EXISTS am_active (
    channel TEXT NOT NULL,
    rule_group TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    payload TEXT NOT NULL,
    since REAL NOT NULL,
    until REAL,
    PRIMARY KEY (channel, fingerprint)
);
CREATE INDEX IF NOT EXISTS am_active_group ON am_active (channel, rule_group);
CREATE TABLE IF NOT EXISTS am_resolved (
    channel TEXT NOT NULL,
    rule_group TEXT NOT NULL,
    resolved_at REAL NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (channel, rule_group)
);
"""


@dataclass(frozen=True)
class ActiveAlert:
    """One firing alert of an Alertmanager channel, as posted (``payload`` is its JSON).

    ``rule_group`` is the rule and group key the alert belongs to (a resolution of that group
    resolves every entry of it); ``since`` the Unix time of the last firing record posted for
    it; ``until`` the Unix time after which it ends although no resolution came (None: only a
    resolution or the maximum age ends it).
    """

    channel: str
    rule_group: str
    fingerprint: str
    payload: str
    since: float
    until: float | None = None


def _url_hash(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


class Ledger:
    """SQLite-backed outcomes; ``path`` ``":memory:"`` keeps it in memory (tests)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    @classmethod
    def in_state_dir(cls, state_dir: str | Path) -> Ledger:
        return cls(Path(state_dir) / "delivery-ledger.sqlite3")

    def outcome(self, alert_id: str, channel: str) -> Outcome | None:
        row = self._db.execute(
            "SELECT outcome FROM outcomes WHERE alert_id = ? AND channel = ?",
            (alert_id, channel),
        ).fetchone()
        return row[0] if row else None

    def record(
        self, alert_id: str, channel: str, outcome: Outcome, *, attempts: int, detail: str = ""
    ) -> None:
        """Record a resolution. A ``delivered`` outcome is never downgraded."""
        self._db.execute(
            "INSERT INTO outcomes (alert_id, channel, outcome, attempts, detail, at) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (alert_id, channel) DO UPDATE SET outcome = excluded.outcome, "
            "attempts = excluded.attempts, detail = excluded.detail, at = excluded.at "
            "WHERE outcomes.outcome != 'delivered'",
            (alert_id, channel, outcome, attempts, detail[:500], time.time()),
        )

    def disable_endpoint(self, channel: str, url: str, reason: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO disabled_endpoints (channel, url_hash, reason, at) "
            "VALUES (?, ?, ?, ?)",
            (channel, _url_hash(url), reason[:500], time.time()),
        )

    def is_disabled(self, channel: str, url: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM disabled_endpoints WHERE channel = ? AND url_hash = ?",
            (channel, _url_hash(url)),
        ).fetchone()
        return row is not None

    def enable_endpoints(self, channel: str | None = None) -> int:
        """Re-enable disabled endpoints (all, or one channel's); returns how many."""
        if channel is None:
            cur = self._db.execute("DELETE FROM disabled_endpoints")
        else:
            cur = self._db.execute("DELETE FROM disabled_endpoints WHERE channel = ?", (channel,))
        return cur.rowcount

    def prune(self, older_than_s: float) -> int:
        """Forget outcomes older than ``older_than_s`` seconds; returns how many."""
        cur = self._db.execute("DELETE FROM outcomes WHERE at < ?", (time.time() - older_than_s,))
        return cur.rowcount

    # -- Alertmanager active sets ---------------------------------------------------------------
    def am_put(self, entry: ActiveAlert) -> None:
        """Add a firing entry, or refresh the one with the same labels (a newer firing record)."""
        self._db.execute(
            "INSERT INTO am_active (channel, rule_group, fingerprint, payload, since, until) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, fingerprint) DO UPDATE SET "
            "payload = excluded.payload, rule_group = excluded.rule_group, "
            "since = excluded.since, until = excluded.until",
            (
                entry.channel,
                entry.rule_group,
                entry.fingerprint,
                entry.payload,
                entry.since,
                entry.until,
            ),
        )

    def am_active(self, channel: str, rule_group: str | None = None) -> list[ActiveAlert]:
        """The firing entries of a channel (of one rule group), oldest first."""
        sql = "SELECT channel, rule_group, fingerprint, payload, since, until FROM am_active "
        args: tuple[str, ...] = (channel,)
        if rule_group is None:
            sql += "WHERE channel = ?"
        else:
            sql += "WHERE channel = ? AND rule_group = ?"
            args = (channel, rule_group)
        rows = self._db.execute(sql + " ORDER BY since, fingerprint", args).fetchall()
        return [ActiveAlert(*row) for row in rows]

    def am_resolve(
        self, channel: str, rule_group: str, resolved_at: float, *, now: float | None = None
    ) -> None:
        """Drop a rule group's entries and remember that it resolved at ``resolved_at``.

        ``resolved_at`` is event time (the resolution's ``fired_at``); ``now`` (default the
        clock) dates the memory for :meth:`am_expire`.
        """
        self._db.execute(
            "DELETE FROM am_active WHERE channel = ? AND rule_group = ?", (channel, rule_group)
        )
        self._db.execute(
            "INSERT INTO am_resolved (channel, rule_group, resolved_at, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (channel, rule_group) DO UPDATE SET "
            "resolved_at = max(resolved_at, excluded.resolved_at), at = excluded.at",
            (channel, rule_group, resolved_at, time.time() if now is None else now),
        )

    def am_resolved_at(self, channel: str, rule_group: str) -> float | None:
        """When (event time, Unix seconds) the rule group last resolved on this channel."""
        row = self._db.execute(
            "SELECT resolved_at FROM am_resolved WHERE channel = ? AND rule_group = ?",
            (channel, rule_group),
        ).fetchone()
        return float(row[0]) if row else None

    def am_drop(self, channel: str, fingerprint: str) -> None:
        self._db.execute(
            "DELETE FROM am_active WHERE channel = ? AND fingerprint = ?", (channel, fingerprint)
        )

    def am_expire(self, channel: str, max_age: float, *, now: float) -> list[ActiveAlert]:
        """Remove and return entries past their ``until``, or whose last firing record was
        posted more than ``max_age`` seconds before ``now``.

        Remembered resolutions older than ``max_age`` are forgotten too.
        """
        old = [
            e
            for e in self.am_active(channel)
            if e.since < now - max_age or (e.until is not None and e.until <= now)
        ]
        for e in old:
            self.am_drop(channel, e.fingerprint)
        self._db.execute(
            "DELETE FROM am_resolved WHERE channel = ? AND at < ?", (channel, now - max_age)
        )
        return old

    def close(self) -> None:
        self._db.close()
