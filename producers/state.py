"""Producer state in SQLite: conditional-GET validators, schedule, dedup ids, publication log.

Exactly-once publication rests on three tables:

- ``items``: every item id ever claimed, ``pending`` (its payload kept) until the broker acked
  it, then ``published`` with its partition and offset;
- ``seen``: dedup keys (``guid:...``, ``link:...``) pointing at the item id that owns them;
- ``batches``: for each publish batch, the highest acked offset per partition known *before*
  the batch was sent. Any record of the batch lands after those offsets, so a recovery scan
  from there to the end of the topic finds every pending item that did reach the broker.

The file uses WAL journaling: a killed process loses no committed transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["FeedState", "PendingItem", "State", "Subscription"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    gone INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    next_due REAL NOT NULL DEFAULT 0,
    interval REAL,
    last_success REAL,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    sources TEXT NOT NULL,
    first_seen REAL NOT NULL,
    status TEXT NOT NULL,
    batch INTEGER,
    payload BLOB,
    topic TEXT,
    partition INTEGER,
    "offset" INTEGER
);
CREATE INDEX IF NOT EXISTS items_pending ON items(status) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, item_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    created REAL NOT NULL,
    offsets TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS websub (
    feed TEXT PRIMARY KEY,
    hub TEXT NOT NULL,
    topic TEXT NOT NULL,
    secret TEXT NOT NULL,
    status TEXT NOT NULL,
    requested REAL NOT NULL,
    lease_expires REAL,
    lease_seconds REAL
);
CREATE TABLE IF NOT EXISTS offsets (
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    "offset" INTEGER NOT NULL,
    PRIMARY KEY (topic, partition)
);
"""


@dataclass
class FeedState:
    """What is remembered about one feed between polls (times are Unix seconds)."""

    name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    gone: bool = False
    errors: int = 0
    next_due: float = 0.0
    interval: float | None = None
    last_success: float | None = None
    last_error: str | None = None


@dataclass
class Subscription:
    """A WebSub subscription of one feed. ``status``: subscribing (asked, not yet verified),
    active, unsubscribing, denied. ``secret`` signs the hub's deliveries; it never leaves the
    state file but in the subscription request itself."""

    feed: str
    hub: str
    topic: str
    secret: str
    status: str
    requested: float
    lease_expires: float | None = None
    lease_seconds: float | None = None  # as granted by the hub at its last verification


@dataclass(frozen=True)
class PendingItem:
    id: str
    payload: bytes
    batch: int


def _columns(record_type: type[Any]) -> str:
    """The columns of a table that holds one dataclass per row: the fields, in their order
    (the tables feeds and websub are declared in _SCHEMA with the same columns)."""
    return ", ".join(f.name for f in fields(record_type))


def _replace_row(db: sqlite3.Connection, table: str, record: Any) -> None:
    """Write ``record`` (a FeedState or a Subscription) as its row of ``table``."""
    values = astuple(record)
    db.execute(
        f"INSERT OR REPLACE INTO {table} ({_columns(type(record))})"
        f" VALUES ({','.join('?' * len(values))})",
        values,
    )


def dedup_keys(guid: str | None, url: str | None) -> list[str]:
    """The keys under which an item is known: its guid and its link (either may be absent)."""
    keys = []
    if guid and guid.strip():
        keys.append("guid:" + guid.strip())
    if url and url.strip():
        keys.append("link:" + url.strip())
    return keys


class State:
    """A thread-safe handle on the state file (``":memory:"`` for tests)."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row a read-only query returns (under the lock: other threads write)."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _row(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first row a read-only query returns, or None."""
        with self._lock:
            return self._db.execute(sql, params).fetchone()

    # ---- feeds -------------------------------------------------------------------------------
    def feed(self, name: str, url: str) -> FeedState:
        """The state of a feed; a changed URL resets validators, errors and the 410 flag."""
        row = self._row(f"SELECT {_columns(FeedState)} FROM feeds WHERE name = ?", (name,))
        if row is None or row[1] != url:
            return FeedState(name=name, url=url)
        state = FeedState(*row)
        state.gone = bool(state.gone)  # stored as 0/1
        return state

    def save_feed(self, fs: FeedState) -> None:
        with self._tx() as db:
            _replace_row(db, "feeds", fs)

    # ---- websub ------------------------------------------------------------------------------
    def subscriptions(self) -> dict[str, Subscription]:
        rows = self._rows(f"SELECT {_columns(Subscription)} FROM websub")
        return {str(r[0]): Subscription(*r) for r in rows}

    def save_subscription(self, sub: Subscription) -> None:
        with self._tx() as db:
            _replace_row(db, "websub", sub)

    def delete_subscription(self, feed: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM websub WHERE feed = ?", (feed,))

    # ---- dedup -------------------------------------------------------------------------------
    def known(self, keys: Sequence[str]) -> str | None:
        """The id of the item already owning one of ``keys``, else None."""
        if not keys:
            return None
        row = self._row(
            f"SELECT item_id FROM seen WHERE key IN ({','.join('?' * len(keys))}) LIMIT 1",
            tuple(keys),
        )
        return None if row is None else str(row[0])

    def add_source(self, item_id: str, feed: str, keys: Sequence[str] = ()) -> bool:
        """Record that ``feed`` also carried ``item_id``; True if that feed was new for it."""
        with self._tx() as db:
            for key in keys:
                db.execute(
                    "INSERT OR IGNORE INTO seen (key, item_id) VALUES (?, ?)", (key, item_id)
                )
            row = db.execute("SELECT sources FROM items WHERE id = ?", (item_id,)).fetchone()
            if row is None:
                return False
            sources = json.loads(row[0])
            if feed in sources:
                return False
            sources.append(feed)
            db.execute("UPDATE items SET sources = ? WHERE id = ?", (json.dumps(sources), item_id))
            return True

    def sources(self, item_id: str) -> list[str]:
        row = self._row("SELECT sources FROM items WHERE id = ?", (item_id,))
        return [] if row is None else list(json.loads(row[0]))

    def status(self, item_id: str) -> str | None:
        row = self._row("SELECT status FROM items WHERE id = ?", (item_id,))
        return None if row is None else str(row[0])

    # ---- publication log ---------------------------------------------------------------------
    def offsets(self, topic: str) -> dict[int, int]:
        """Highest acked offset per partition recorded for ``topic``."""
        rows = self._rows('SELECT partition, "offset" FROM offsets WHERE topic = ?', (topic,))
        return {int(p): int(o) for p, o in rows}

    def set_baseline(self, topic: str, offsets: dict[int, int]) -> None:
        """Record offsets for partitions with none yet (e.g. the topic's end at first start)."""
        with self._tx() as db:
            for p, o in offsets.items():
                db.execute(
                    'INSERT OR IGNORE INTO offsets (topic, partition, "offset") VALUES (?,?,?)',
                    (topic, p, o),
                )

    def begin_batch(
        self,
        topic: str,
        items: Iterable[tuple[str, str, Sequence[str], Sequence[str], bytes]],
    ) -> int:
        """Claim items as pending before sending: (id, feed, sources, dedup keys, payload).

        Returns the batch id. Commits before any record leaves the process.
        """
        now = time.time()
        with self._tx() as db:
            batch = _new_batch(db, topic, now)
            rows = list(items)
            db.executemany(
                "INSERT OR IGNORE INTO items (id, feed, sources, first_seen, status, batch,"
                " payload, topic) VALUES (?,?,?,?, 'pending', ?,?,?)",
                [
                    (item_id, feed, json.dumps(list(sources)), now, batch, payload, topic)
                    for item_id, feed, sources, _keys, payload in rows
                ],
            )
            db.executemany(
                "INSERT OR IGNORE INTO seen (key, item_id) VALUES (?, ?)",
                [
                    (key, item_id)
                    for item_id, _feed, _sources, keys, _payload in rows
                    for key in keys
                ],
            )
        return batch

    def rebatch(self, topic: str, ids: Sequence[str]) -> int:
        """Move pending items to a fresh batch (fresh offset snapshot) before sending again."""
        now = time.time()
        with self._tx() as db:
            batch = _new_batch(db, topic, now)
            db.executemany(
                "UPDATE items SET batch = ? WHERE id = ? AND status = 'pending'",
                [(batch, item_id) for item_id in ids],
            )
        return batch

    def mark_published(self, topic: str, acked: Iterable[tuple[str, int, int]]) -> None:
        """Record acks (id, partition, offset); drop payloads and raise the offset marks."""
        with self._tx() as db:
            for item_id, partition, offset in acked:
                db.execute(
                    "UPDATE items SET status = 'published', payload = NULL, partition = ?,"
                    ' "offset" = ? WHERE id = ?',
                    (partition, offset, item_id),
                )
                db.execute(
                    'INSERT INTO offsets (topic, partition, "offset") VALUES (?,?,?)'
                    ' ON CONFLICT(topic, partition) DO UPDATE SET "offset" ='
                    ' max("offset", excluded."offset")',
                    (topic, partition, offset),
                )
            db.execute(
                "DELETE FROM batches WHERE topic = ? AND id NOT IN"
                " (SELECT batch FROM items WHERE status = 'pending' AND batch IS NOT NULL)",
                (topic,),
            )

    def pending(self, topic: str) -> list[PendingItem]:
        rows = self._rows(
            "SELECT id, payload, batch FROM items WHERE status = 'pending' AND topic = ?"
            " ORDER BY first_seen, id",
            (topic,),
        )
        return [PendingItem(str(r[0]), bytes(r[1]), int(r[2] or 0)) for r in rows]

    def scan_start(self, topic: str) -> dict[int, int]:
        """Per partition, the offset a recovery scan must start from.

        The minimum, over batches with pending items, of the acked offset recorded before the
        batch, plus one. A partition absent from the result (absent from some snapshot) must be
        scanned from its beginning.
        """
        rows = self._rows(
            "SELECT offsets FROM batches WHERE topic = ? AND id IN"
            " (SELECT batch FROM items WHERE status = 'pending')",
            (topic,),
        )
        snapshots = [{int(k): int(v) for k, v in json.loads(r[0]).items()} for r in rows]
        if not snapshots:
            return {}
        common = set(snapshots[0]).intersection(*snapshots[1:])
        return {p: min(s[p] for s in snapshots) + 1 for p in common}

    def prune(self, older_than_days: float = 30.0) -> int:
        """Forget published items first seen before the horizon; returns rows removed."""
        horizon = time.time() - older_than_days * 86400
        with self._tx() as db:
            db.execute(
                "DELETE FROM seen WHERE item_id IN (SELECT id FROM items WHERE"
                " status = 'published' AND first_seen < ?)",
                (horizon,),
            )
            cur = db.execute(
                "DELETE FROM items WHERE status = 'published' AND first_seen < ?", (horizon,)
            )
            return int(cur.rowcount)

    def counts(self) -> dict[str, int]:
        rows = self._rows("SELECT status, count(*) FROM items GROUP BY status")
        return {str(s): int(n) for s, n in rows}


def _new_batch(db: sqlite3.Connection, topic: str, now: float) -> int:
    """A new batch row holding the acked offsets of ``topic`` as they are now (its recovery
    starting point); returns its id."""
    rows = db.execute(
        'SELECT partition, "offset" FROM offsets WHERE topic = ?', (topic,)
    ).fetchall()
    cur = db.execute(
        "INSERT INTO batches (topic, created, offsets) VALUES (?,?,?)",
        (topic, now, json.dumps({str(p): o for p, o in rows})),
    )
    return int(cur.lastrowid or 0)
