"""Errors raised by the producers package (all subclasses of FlashpointError)."""

from __future__ import annotations

from flashpoint.core.errors import FlashpointError
from flashpoint.core.exitcodes import ExitCode
from flashpoint.core.urls import redact_text, redact_url

__all__ = [
    "FeedGoneError",
    "FetchError",
    "ParseError",
    "ProducerError",
    "PublishError",
    "UnsafeURLError",
]


class ProducerError(FlashpointError):
    """Root of the producer errors."""


class FetchError(ProducerError):
    """A feed could not be fetched.

    ``outcome`` is the bounded metric label (``http-error``, ``timeout``, ``too-large``,
    ``blocked``, ``network-error``); ``status`` the HTTP status when there was one;
    ``retry_after`` seconds the server asked us to wait (429/503), else None. ``url`` is the
    URL requested; the message shows it redacted (no user info, secret query values masked),
    and URLs inside ``message`` (aiohttp quotes them) are redacted too.
    """

    exit_code = ExitCode.DATA  # ``flashpoint fetch``: the feed it was pointed at is unusable

    def __init__(
        self,
        message: str,
        *,
        url: str,
        outcome: str = "http-error",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.url = url
        self.outcome = outcome
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"{redact_url(url)}: {redact_text(message)}")


class FeedGoneError(FetchError):
    """HTTP 410 Gone: the feed is disabled until its configuration changes."""


class UnsafeURLError(FetchError):
    """A URL (or a redirect hop, or a resolved address) is not allowed by the SSRF guard."""


class ParseError(ProducerError):
    """A feed body is unusable: hostile markup, not a feed, or the parse ran out of time/memory.

    ``reason`` is a bounded label (``doctype``, ``not-a-feed``, ``timeout``, ``memory``,
    ``crash``).
    """

    exit_code = ExitCode.DATA

    def __init__(self, message: str, *, reason: str = "not-a-feed", source: str = "") -> None:
        self.reason = reason
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class PublishError(ProducerError):
    """Items could not be delivered to Kafka (after the client's own retries)."""

    exit_code = ExitCode.UNAVAILABLE
