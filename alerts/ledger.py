"""The delivery ledger: which (alert, channel) pairs are resolved, kept across restarts.

A channel that already took an alert is never sent it again, even when the process dies
before its Kafka offset is committed and the alert is consumed a second time. The ledger is
a small SQLite file in the state folder (WAL mode); it also remembers webhook endpoints
disabled by a 410 Gone, keyed by channel and URL so that changing the URL re-enables it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path
from typing import Literal

__all__ = ["Ledger", "Outcome"]

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
"""


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

    def close(self) -> None:
        self._db.close()
