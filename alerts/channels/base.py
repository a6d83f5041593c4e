"""What every channel provides: ``send`` one alert, or raise a typed DeliveryError."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from alerts.schema import Alert

__all__ = ["Channel"]


@runtime_checkable
class Channel(Protocol):
    """A channel only sends. Retries, ledger and dead letters are the dispatcher's job.

    ``send`` returns when the receiver accepted the alert, or raises
    :class:`alerts.errors.DeliveryError` saying whether a retry may help and any
    Retry-After.
    """

    name: str
    type: str

    async def send(self, alert: Alert) -> None: ...

    async def close(self) -> None: ...
