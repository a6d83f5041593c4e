"""Helpers shared by the producer tests (a loopback feed server and an in-memory publisher)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from producers.items import Item
from producers.state import State


def rss(items: Sequence[tuple[str, str]], *, title: str = "Feed", extra: str = "") -> bytes:
    """An RSS 2.0 body; items are (guid, title), each with a link derived from the guid."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{t}</title><link>https://news.example/{g}</link>"
        f"<description>&lt;p&gt;{t} body&lt;/p&gt;</description>"
        f"<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>"
        for g, t in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title>{extra}{body}</channel></rss>"
    ).encode()


class MemoryPublisher:
    """Keeps the state's publication log like the Kafka publisher, without a broker."""

    def __init__(self, state: State, topic: str = "raw") -> None:
        self.state = state
        self.topic = topic
        self.sent: list[Item] = []
        self.closed = False

    def start(self) -> Any:
        return None

    def recover(self) -> Any:
        return None

    def has_pending(self) -> bool:
        return False

    def publish(self, items: Sequence[Item], keys: dict[str, list[str]]) -> int:
        rows = [(i.id, i.feed, i.sources, keys.get(i.id, ()), i.to_json()) for i in items]
        self.state.begin_batch(self.topic, rows)
        acked = []
        for item in items:
            self.sent.append(item)
            acked.append((item.id, 0, len(self.sent) - 1))
        self.state.mark_published(self.topic, acked)
        return len(acked)

    def close(self, timeout: float = 30.0) -> None:
        self.closed = True


def test_control_characters_never_reach_items() -> None:
    from producers.htmltext import html_to_text

    assert html_to_text("a\x00b\x07c") == "abc"
    assert html_to_text("<p>x\x1fy</p><p>z\x85w\x7f</p>") == "xy\nzw"
    assert html_to_text("tab\tand\nnewline") == "tab and\nnewline"
