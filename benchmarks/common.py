"""Shared pieces of the Kafka benchmarks: a broker, ~3 KB items, preloading, offset probes.

Texts are real: the seed article (BulgarianMilitary.com, on the October 2020 missile strike on
Ganja) and CASE 2021 news snippets (AYLIEN/fine-grained-event-classification, MIT licence; data
by the CASE 2021 organisers, Haneczok et al. 2021), cut or joined to about 3 KB each.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from flashpoint.core.kafkaadmin import ensure_topics
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.localkafka import LocalKafka
from producers.items import Item, item_id
from producers.publish import make_kafka_producer
from producers.settings import ProducerSettings

__all__ = [
    "ITEM_BYTES",
    "ROOT",
    "SHARED",
    "articles",
    "broker",
    "cpu_seconds",
    "end_offsets",
    "free_port",
    "group_offsets",
    "labelled_articles",
    "make_item",
    "mixed_texts",
    "new_settings",
    "preload",
    "progress",
    "topic_records",
    "topic_timestamps",
    "wait_for",
]

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared")) / "data"
ITEM_BYTES = 3072

_T0 = time.monotonic()


def progress(msg: str) -> None:
    """One progress line with the seconds since the run started."""
    print(f"[{time.monotonic() - _T0:6.1f}s] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The benchmarks' broker compiles with C1 alone. A fresh JVM's C2 compiler thread took 20 to 96 %
# of a core for minutes after start (through the whole latency step of `make bench-quick`), on
# the two cores the worker under test shares with it; a production broker runs elsewhere and
# long since warm. Measured in docs/benchmarks.md (issue 19, tenth round).
BROKER_JVM_OPTIONS: tuple[str, ...] = ("-XX:TieredStopAtLevel=1",)


@contextmanager
def broker(data_dir: Path) -> Iterator[LocalKafka]:
    """A local broker on free ports with its data in ``data_dir``; stopped on exit."""
    kafka = LocalKafka(
        port=free_port(),
        controller_port=free_port(),
        data_dir=data_dir,
        jvm_options=BROKER_JVM_OPTIONS,
    )
    kafka.start(timeout=120)
    try:
        yield kafka
    finally:
        kafka.stop()


def new_settings(bootstrap: str, partitions: int, tag: str) -> KafkaSettings:
    """Settings with a fresh topic prefix; the pipeline topics are created."""
    settings = KafkaSettings(
        bootstrap_servers=bootstrap,
        topic_prefix=f"bench-{tag}-{uuid.uuid4().hex[:6]}",
        partitions=partitions,
    )
    ensure_topics(settings)
    return settings


def articles(size: int = ITEM_BYTES) -> list[str]:
    """Real texts of about ``size`` characters (the seed article, then joined snippets)."""
    seed = (SHARED / "seed" / "ganja-missile-strike.txt").read_text(encoding="utf-8")
    snippets = [
        json.loads(line)["text"]
        for line in (SHARED / "eval" / "case2021-texts.jsonl").read_text().splitlines()
        if line.strip()
    ]
    out = [seed[:size]]
    buf = ""
    for s in snippets:
        buf += s + "\n\n"
        if len(buf) >= size:
            out.append(buf[:size])
            buf = ""
    return out


def mixed_texts(non_english: float) -> list[tuple[str, str]]:
    """(text, language) pairs: the English articles, with a share ``non_english`` of ~3 KB
    articles in the other pack languages (their evaluation sets under
    tests/golden/classify/lang/, joined as in ``bench_classify.py``), in equal turns.

    The choice is deterministic (every item ``i`` for which ``floor((i + 1) * share)`` steps is
    non-English), so runs compare. The classifier's cost differs by language, so the
    ``overhead`` of a mix is computed against the same mix (see ``benchmarks.run``).
    """
    english = [(t, "en") for t in articles()]
    if non_english <= 0:
        return english
    from benchmarks.bench_classify import language_articles

    others = [(text, code) for code, texts in sorted(language_articles().items()) for text in texts]
    by_lang: dict[str, list[str]] = {}
    for text, code in others:
        by_lang.setdefault(code, []).append(text)
    langs = sorted(by_lang)
    out: list[tuple[str, str]] = []
    n = len(english) * 10
    taken = 0
    for i in range(n):
        if int((i + 1) * non_english) > int(i * non_english):
            code = langs[taken % len(langs)]
            texts = by_lang[code]
            out.append((texts[(taken // len(langs)) % len(texts)], code))
            taken += 1
        else:
            out.append(english[(i - taken) % len(english)])
    return out


def make_item(
    n: int, text: str, *, feed: str = "bench", run: str = "", language: str = "en"
) -> Item:
    """Item ``n`` of a run: a unique id and title, ``text`` as body, published now."""
    now = datetime.now(UTC)
    guid = f"bench:{run}:{n}"
    return Item(
        id=item_id(guid, None),
        feed=feed,
        sources=(feed,),
        url=f"https://example.org/bench/{run}/{n}",
        guid=guid,
        title=f"Report {n}: " + text[:80].replace("\n", " "),
        text=text,
        published=now,
        fetched_at=now,
        language=language,
        tags={},
    )


def labelled_articles() -> list[str]:
    """The ~3 KB texts the classifier gives at least one label (only those reach a rule)."""
    from streams.classify import classify_item

    return [
        text
        for i, text in enumerate(articles())
        if classify_item(make_item(i, text, run="probe")).labels
    ]


def preload(
    kafka: KafkaSettings,
    n: int,
    *,
    run: str,
    feed_per_item: bool = False,
    non_english: float = 0.0,
) -> tuple[int, float]:
    """Publish ``n`` items to the raw topic with the project's producer settings.

    ``feed_per_item``: labelled texts only, each item with its own feed name (``lat-<n>``), so
    that a rule grouped by feed alerts on every item. ``non_english``: the share of items in
    the other pack languages (:func:`mixed_texts`).
    Returns (mean value bytes, items/s of the kafka-python producer including the final flush).
    """
    texts = [(t, "en") for t in labelled_articles()] if feed_per_item else mixed_texts(non_english)
    payloads = [
        (it.id.encode(), it.to_json())
        for it in (
            make_item(
                i,
                texts[i % len(texts)][0],
                run=run,
                feed=f"lat-{i}" if feed_per_item else "bench",
                language=texts[i % len(texts)][1],
            )
            for i in range(n)
        )
    ]
    producer = make_kafka_producer(kafka, ProducerSettings())
    try:
        t0 = time.perf_counter()
        for key, value in payloads:
            producer.send(kafka.raw_topic, key=key, value=value)
        producer.flush(120)
        elapsed = time.perf_counter() - t0
    finally:
        producer.close(30)
    return sum(len(v) for _, v in payloads) // n, n / elapsed


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by process ``pid`` and its live descendants (the
    worker's classifier processes); 0 if gone.

    On a shared machine, items per CPU-second compares fairly where wall-clock rates do not.
    """
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            parents.setdefault(int(st[1]), []).append(int(entry.name))
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        if (st := _stat(p)) is not None:
            total += int(st[11]) + int(st[12])
        todo.extend(parents.get(p, ()))
    return total / os.sysconf("SC_CLK_TCK")


def tail_consumer(bootstrap: str, *topics: str) -> KafkaConsumer:
    """A consumer of every partition of ``topics``, placed at their current end.

    Positions are resolved before it is returned, so a record produced after this call is
    read and one produced before it is not: what a benchmark timing arrivals needs.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False, fetch_max_wait_ms=5
    )
    tps = [
        TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())
    ]
    consumer.assign(tps)
    consumer.seek_to_end(*tps)
    for tp in tps:
        consumer.position(tp)
    return consumer


def end_offsets(consumer: KafkaConsumer, topic: str) -> dict[int, int]:
    parts = consumer.partitions_for_topic(topic) or set()
    tps = [TopicPartition(topic, p) for p in sorted(parts)]
    return {tp.partition: off for tp, off in consumer.end_offsets(tps).items()}


def group_offsets(admin: KafkaAdminClient, group: str, topic: str) -> dict[int, int]:
    offsets = admin.list_group_offsets({group: None}).get(group, {})
    return {tp.partition: om.offset for tp, om in offsets.items() if tp.topic == topic}


def wait_for(
    cond: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    interval: float = 0.05,
    alive: Callable[[], str | None] | None = None,
) -> float:
    """Poll ``cond`` until true; return the wall-clock time (time.time()) it first held.

    Raises TimeoutError at the deadline, RuntimeError when ``alive`` reports a failure.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return time.time()
        if alive is not None and (err := alive()) is not None:
            raise RuntimeError(f"while waiting for {what}: {err}")
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def topic_timestamps(bootstrap: str, topic: str, timeout: float = 60) -> list[int]:
    """CreateTime (ms) of every record of ``topic``, read from the beginning to its end."""
    return [ts for ts, _ in topic_records(bootstrap, topic, timeout)]


def topic_records(bootstrap: str, topic: str, timeout: float = 60) -> list[tuple[int, bytes]]:
    """(CreateTime in ms, key) of every record of ``topic``, from the beginning to its end."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        enable_auto_commit=False,
        fetch_max_bytes=64 * 1024 * 1024,
        max_partition_fetch_bytes=16 * 1024 * 1024,
    )
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        out: list[tuple[int, bytes]] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out reading {topic}")
            for records in consumer.poll(timeout_ms=500, max_records=5000).values():
                out.extend((r.timestamp, r.key or b"") for r in records)
        return out
    finally:
        consumer.close()
