"""The worker's lag reader (streams.lag.GroupOffsets) against a real broker: the group's
committed offsets and the log ends, as the worker's liveness check uses them."""

from __future__ import annotations

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

from flashpoint.core.kafkaconf import KafkaSettings
from streams.lag import GroupOffsets, PartitionLag, lag_of

pytestmark = pytest.mark.integration


def test_group_offsets_reads_the_committed_offset_and_the_end_of_each_partition(
    kafka_settings: KafkaSettings, group_id: str
) -> None:
    topic = kafka_settings.classified_topic
    producer = KafkaProducer(bootstrap_servers=kafka_settings.bootstrap_servers, acks="all")
    try:
        for i in range(10):
            producer.send(topic, key=b"k", value=b"v%d" % i, partition=0)
        producer.send(topic, key=b"k", value=b"w", partition=1)
        producer.flush(30)
    finally:
        producer.close()
    # The group has committed 4 records of partition 0 and nothing of partition 1.
    committer = KafkaConsumer(
        bootstrap_servers=kafka_settings.bootstrap_servers,
        group_id=group_id,
        enable_auto_commit=False,
    )
    try:
        committer.commit({TopicPartition(topic, 0): OffsetAndMetadata(4, "", -1)})
    finally:
        committer.close(autocommit=False)

    offsets = GroupOffsets(kafka_settings, group_id, [topic])
    try:
        assigned = {(topic, 0), (topic, 1), ("not.an.input", 0)}
        snapshot = offsets.read(assigned)
        assert snapshot == {
            (topic, 0): PartitionLag(committed=4, begin=0, end=10),
            (topic, 1): PartitionLag(committed=None, begin=0, end=1),
        }
        assert lag_of(snapshot, topic, assigned) == (6 + 1, 4 + 0)
        assert offsets.read(set()) == {}
    finally:
        offsets.close()
