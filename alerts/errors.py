"""Errors raised by the alerts delivery side (all subclasses of FlashpointError)."""

from __future__ import annotations

from flashpoint.core.errors import FlashpointError, UnavailableError
from flashpoint.core.urls import redact_text

__all__ = [
    "DeliveryError",
    "DeliveryKafkaError",
    "EndpointGoneError",
    "UnsafeURLError",
]


class DeliveryError(FlashpointError):
    """A channel could not deliver one alert.

    ``retryable`` says whether the dispatcher may try again (5xx, 408, 429, timeouts,
    connection errors); ``retry_after`` is the delay in seconds the receiver asked for
    (Retry-After), else None. ``kind`` is a bounded metric label (``http-4xx``,
    ``http-5xx``, ``http-429``, ``timeout``, ``connection``, ``gone``, ``disabled``,
    ``blocked``, ``smtp``, ``kafka``, ``unknown-channel``, ``error``); ``status`` the HTTP
    status or SMTP code when there was one. URLs in ``message`` (aiohttp quotes the request
    URL in some errors) are redacted, since the reason is logged and dead-lettered.
    """

    def __init__(
        self,
        message: str,
        *,
        channel: str,
        retryable: bool,
        kind: str = "error",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.channel = channel
        self.retryable = retryable
        self.kind = kind
        self.status = status
        self.retry_after = retry_after
        message = redact_text(message)
        super().__init__(f"channel {channel}: {message}")
        self.reason = message


class EndpointGoneError(DeliveryError):
    """The receiver answered 410 Gone: the endpoint is disabled until its URL changes."""

    def __init__(self, message: str, *, channel: str) -> None:
        super().__init__(message, channel=channel, retryable=False, kind="gone", status=410)


class UnsafeURLError(DeliveryError):
    """A URL points to a blocked (private, loopback, link-local...) address or bad scheme."""

    def __init__(self, message: str, *, channel: str) -> None:
        super().__init__(message, channel=channel, retryable=False, kind="blocked")


class DeliveryKafkaError(UnavailableError):
    """Kafka could not be reached by the delivery process."""
