"""The worker's lz4 level (aiokafka fixes 9): batches are ordinary lz4, read back the same."""

from __future__ import annotations

import pytest
from aiokafka import codec
from aiokafka.record import default_records as py_default
from aiokafka.record import legacy_records as py_legacy
from aiokafka.record.memory_records import MemoryRecords

from streams.lz4level import use_lz4_level

VALUES = [
    (
        f'{{"id": "{i:04d}", "title": "Strike on the depot near the river crossing", '
        f'"text": "{" ".join(str(i * j % 977) for j in range(300))}"}}'
    ).encode()
    for i in range(20)
]


def _batch() -> bytes:
    from aiokafka.record.default_records import DefaultRecordBatchBuilder

    b = DefaultRecordBatchBuilder(
        magic=2,
        compression_type=3,  # lz4
        is_transactional=0,
        producer_id=-1,
        producer_epoch=-1,
        base_sequence=-1,
        batch_size=1 << 20,
    )
    for i, v in enumerate(VALUES):
        b.append(i, timestamp=None, key=b"k", value=v, headers=[])
    return bytes(b.build())


def _values(buf: bytes) -> list[bytes]:
    records = MemoryRecords(buf)
    out: list[bytes] = []
    while records.has_next():
        batch = records.next_batch()
        assert batch is not None
        out += [r.value for r in batch]
    return out


@pytest.fixture
def restore(monkeypatch: pytest.MonkeyPatch) -> None:
    mods = [py_default, py_legacy]
    try:
        from aiokafka.record._crecords import default_records, legacy_records

        mods += [default_records, legacy_records]
    except ImportError:
        pass
    for m in mods:
        monkeypatch.setattr(m, "lz4_encode", m.lz4_encode)  # undone after the test


@pytest.mark.usefixtures("restore")
def test_the_level_reaches_aiokafkas_record_builder() -> None:
    use_lz4_level(9)
    high = _batch()
    use_lz4_level(1)
    fast = _batch()
    assert high != fast  # level 1 is not LZ4 HC: other bytes (and a larger batch)
    assert len(fast) > len(high)
    assert _values(fast) == _values(high) == VALUES
    assert codec.lz4_decode(codec.lz4_encode(b"x" * 100, level=1)) == b"x" * 100
