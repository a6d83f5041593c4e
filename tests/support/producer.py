"""What the producer tests share: RSS bodies, an in-memory publisher, loopback settings, and a
producer run for the length of an ``async with`` block.

The unit, integration and fault suites poll real feed servers on loopback with the real
producer; only the publisher differs (memory or Kafka). Building it is written here once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry

from flashpoint.core.kafkaconf import KafkaSettings
from producers.feeds import FeedConfig
from producers.items import Item
from producers.metrics import ProducerMetrics
from producers.runner import Producer, run_producer
from producers.settings import ProducerSettings
from producers.state import State

__all__ = [
    "MemoryPublisher",
    "RunningProducer",
    "loopback_settings",
    "memory_producer",
    "rss",
    "running_producer",
]


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


def loopback_settings(tmp_path: Path, **over: Any) -> ProducerSettings:
    """Settings of a producer that polls loopback: 127.0.0.1 allowed, its state in
    ``tmp_path``, parsing in-process, no metrics port; ``over`` changes any of them."""
    values: dict[str, Any] = {
        "allowed_hosts": ("127.0.0.1",),
        "state_path": str(tmp_path / "state.sqlite3"),
        "parse_workers": 0,
        "metrics_port": 0,
    }
    values.update(over)
    return ProducerSettings(**values)


def memory_producer(
    settings: ProducerSettings,
    feeds: list[FeedConfig],
    state: State,
    registry: CollectorRegistry | None = None,
) -> Producer:
    """A producer on ``state`` that publishes to a :class:`MemoryPublisher` (its
    ``publisher``), with its metrics in ``registry`` (a fresh one by default)."""
    return Producer(
        settings,
        feeds,
        state=state,
        publisher=MemoryPublisher(state),
        metrics=ProducerMetrics(registry or CollectorRegistry()),
    )


class RunningProducer:
    """``run_producer`` on Kafka as a task: its settings, metrics and stop event."""

    def __init__(self, settings: ProducerSettings) -> None:
        self.settings = settings
        self.registry = CollectorRegistry()
        self.stop = asyncio.Event()

    def value(self, name: str, **labels: str) -> float:
        return float(self.registry.get_sample_value(name, labels) or 0.0)


@asynccontextmanager
async def running_producer(
    settings: ProducerSettings, kafka: KafkaSettings, feeds: list[FeedConfig]
) -> AsyncIterator[RunningProducer]:
    """The producer runs (``once=False``) for the ``async with`` block, then stops cleanly."""
    run = RunningProducer(settings)
    task = asyncio.create_task(
        run_producer(settings, kafka, feeds, once=False, stop=run.stop, registry=run.registry)
    )
    try:
        yield run
    finally:
        run.stop.set()
        await asyncio.wait_for(task, 60)
