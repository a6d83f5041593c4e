"""The bare limit: an aiokafka consumer copying each raw record, unchanged, to another topic.

It does what the worker's transport must do at least (fetch, decompress, re-compress, produce
with acks=all), with the worker's producer settings (lz4 at the worker's level, linger 1 ms)
and no per-record work, so ``pipeline / passthrough`` is the share of the bare transport the
pipeline achieves.

Run as a child process so it gets its own interpreter, like a worker:

    python -m benchmarks.passthrough --bootstrap H:P --src T --dst T2 --group G [--count N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from streams.lz4level import use_lz4_level
from streams.settings import WorkerSettings

__all__ = ["passthrough"]


async def passthrough(bootstrap: str, src: str, dst: str, count: int, group: str) -> int:
    """Copy records from ``src`` to ``dst`` (same partition) until ``count`` were copied.

    ``count`` 0 means forever: several processes sharing the group are stopped by the caller
    once the destination holds every record."""
    consumer = AIOKafkaConsumer(
        src,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=True,
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", compression_type="lz4", linger_ms=1
    )
    await consumer.start()
    await producer.start()
    copied = 0
    try:
        while True:
            batch = await consumer.getmany(timeout_ms=200, max_records=1000)
            for tp, records in batch.items():
                for rec in records:
                    await producer.send(dst, key=rec.key, value=rec.value, partition=tp.partition)
                    copied += 1
            if count and copied >= count:
                break
        await producer.flush()
    finally:
        await producer.stop()
        await consumer.stop()
    return copied


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--dst", required=True)
    ap.add_argument("--count", type=int, default=0, help="stop after this many (0: never)")
    ap.add_argument("--group", required=True)
    ap.add_argument(
        "--lz4-level",
        type=int,
        default=WorkerSettings.model_fields["producer_lz4_level"].default,
        help="lz4 level of the producer (default: the worker's default)",
    )
    args = ap.parse_args(argv)
    use_lz4_level(args.lz4_level)
    copied = asyncio.run(passthrough(args.bootstrap, args.src, args.dst, args.count, args.group))
    print(f"copied={copied}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
