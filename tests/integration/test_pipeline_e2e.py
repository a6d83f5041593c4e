"""The walking skeleton end to end: a recorded feed on loopback HTTP -> producer -> Kafka ->
Faust worker (classify, incidents, rules) -> an alert record on the alerts topic."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml

from alerts.schema import Alert
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.demofeeds import DemoFeedServer
from flashpoint.procs import ChildGroup
from producers.items import Item
from streams.models import ClassifiedItem
from tests.ports import free_port
from tests.support.pipeline import pipeline_env, read_until, start
from tests.support.reports import rule

pytestmark = pytest.mark.integration

RULES = {
    "version": 1,
    "rules": [
        rule(
            "ganja-toll",
            "max_killed",
            {"critical": 10},
            categories=["casualty"],
            group_by=["incident"],
            size="24h",
            description="Killed in one incident reach 10.",
            channels=["desk"],
        )
    ],
}


async def test_feed_to_alert(kafka_settings: KafkaSettings, tmp_path: Path) -> None:
    feeds = DemoFeedServer(port=0, speed=1e6)  # every recorded item is already revealed
    await feeds.start()
    group = ChildGroup()
    try:
        feeds_file = tmp_path / "feeds.yaml"
        feeds_file.write_text(
            yaml.safe_dump(
                {
                    "feeds": [
                        {
                            "name": name,
                            "url": feeds.url(name),
                            "language": "en",
                            "tags": meta["tags"],
                        }
                        for name, meta in feeds.timeline["feeds"].items()
                    ]
                }
            )
        )
        rules_file = tmp_path / "rules.yaml"
        rules_file.write_text(yaml.safe_dump(RULES))
        env = pipeline_env(
            kafka_settings,
            tmp_path,
            feeds_file=feeds_file,
            rules_file=rules_file,
            web_port=free_port(),
        )
        start(group, "worker", ["worker"], env, tmp_path)
        producer = start(group, "producer", ["produce", "--once"], env, tmp_path)
        n_items = len(feeds.timeline["items"])

        def every_item(recs: list[Any]) -> bool:
            return len(recs) >= n_items

        raw = await read_until(kafka_settings, kafka_settings.raw_topic, every_item, timeout=90)
        assert producer.proc is not None and producer.proc.wait(60) == 0, producer.tail(20)
        items = [Item.from_json(r.value) for r in raw]
        assert len({i.id for i in items}) == len(items) == n_items  # each item exactly once
        assert all(r.key == i.id.encode() for r, i in zip(raw, items, strict=True))

        group.children.remove(producer)  # it exited by design
        classified = await read_until(
            kafka_settings, kafka_settings.classified_topic, every_item, timeout=120, group=group
        )
        cis = [ClassifiedItem.from_json(r.value) for r in classified]
        assert {c.item.id for c in cis} == {i.id for i in items}
        assert any("strike" in c.labels for c in cis)
        # The Russian service's report is read in Russian, counted and placed like the English.
        (ru,) = [c for c in cis if c.item.feed == "baku-ru"]
        assert ru.language == "ru" and ru.language_supported
        assert "casualty" in ru.labels and ru.casualties.killed == 12
        assert ru.event_place is not None and ru.event_place.country == "AZ"

        def toll_alert(recs: list[Any]) -> bool:
            return any(Alert.from_json(r.value).rule == "ganja-toll" for r in recs)

        alerts_raw = await read_until(
            kafka_settings, kafka_settings.alerts_topic, toll_alert, timeout=120, group=group
        )
        alerts = [Alert.from_json(r.value) for r in alerts_raw]
        toll = [a for a in alerts if a.rule == "ganja-toll"]
        assert len(toll) == 1, [a.model_dump() for a in alerts]
        alert = toll[0]
        assert alert.severity == "critical"
        assert alert.status == "firing"
        assert alert.aggregation == "max_killed"
        assert alert.value >= 12 and alert.threshold == 10
        assert alert.channels == ("desk",)
        assert alert.incident is not None
        assert alert.incident.place == "Ganja"
        assert alert.incident.country == "AZ"
        assert alert.incident.lat == pytest.approx(40.68, abs=0.1)
        assert alert.incident.lon == pytest.approx(46.36, abs=0.1)
        assert alert.incident.killed == 12
        assert "casualty" in alert.incident.categories
        assert alert.incident.sources
        assert alert.incident.headlines and alert.incident.headlines[0].url
        assert alerts_raw[[a.id for a in alerts].index(alert.id)].key == alert.id.encode()
    finally:
        await asyncio.to_thread(group.stop)
        await feeds.stop()
