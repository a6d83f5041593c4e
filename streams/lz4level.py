"""The lz4 level of aiokafka's producers (a process-wide choice; aiokafka has no setting).

Kept apart from :mod:`streams.app` so that the benchmarks' bare passthrough can use the same
level as the worker without importing Faust.
"""

from __future__ import annotations

from typing import Any

__all__ = ["use_lz4_level"]


def use_lz4_level(level: int) -> None:
    """Make aiokafka's producers in this process compress lz4 at ``level``.

    aiokafka offers no setting for it and always compresses at 9 (LZ4 HC): that was 8 % of the
    busy worker's event loop in a profile, for the classified records and the rules-state
    changelog. Its record builders (the C extension's and the pure-Python fallback) call the
    module-level ``lz4_encode``, which this replaces; the frame format is the same, so brokers
    and consumers see ordinary lz4 batches.
    """
    from aiokafka import codec
    from aiokafka.record import default_records, legacy_records

    def lz4_encode(payload: Any, level_: int = level) -> bytes:
        return codec.lz4_encode(payload, level=level_)

    modules: list[Any] = [default_records, legacy_records]
    try:
        from aiokafka.record._crecords import default_records as c_default
        from aiokafka.record._crecords import legacy_records as c_legacy

        modules += [c_default, c_legacy]
    except ImportError:  # aiokafka without its C extension
        pass
    for module in modules:
        module.lz4_encode = lz4_encode
