"""The ``producer`` settings section (env ``FLASHPOINT_PRODUCER__<FIELD>``)."""

from __future__ import annotations

from pydantic import ConfigDict, Field, NonNegativeFloat, NonNegativeInt, PositiveFloat

from flashpoint.core.fieldtypes import Port
from flashpoint.core.netguard import GuardSettings

__all__ = ["ProducerSettings"]


class ProducerSettings(GuardSettings):
    """How feeds are fetched, parsed, scheduled and published. Every field has a default.

    The SSRF guard's two options (``allow_private_networks``, ``allowed_hosts``) are the
    shared GuardSettings of flashpoint/core/netguard.py.
    """

    model_config = ConfigDict(frozen=True)

    feeds_file: str = Field(default="deploy/feeds.yaml", description="Path of the feeds.yaml file.")
    state_path: str = Field(
        default="var/producer-state.sqlite3",
        description="SQLite file holding conditional-GET state, schedule and dedup ids.",
    )
    user_agent: str = Field(
        default="Flashpoint/0.1 (+https://github.com/flashpoint; armed-conflict news alerting)",
        description="User-Agent sent with every request; it names the project.",
    )
    max_body_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Body size cap in bytes, applied both on the wire and after decompression.",
    )
    max_redirects: int = Field(
        default=5, ge=0, le=20, description="Redirect hops followed at most."
    )
    connect_timeout: PositiveFloat = Field(
        default=10.0, description="TCP+TLS connect timeout, seconds."
    )
    read_timeout: PositiveFloat = Field(
        default=20.0, description="Timeout between two reads, seconds."
    )
    total_timeout: PositiveFloat = Field(
        default=60.0, description="Whole request timeout, seconds."
    )
    max_concurrency: int = Field(
        default=200, ge=1, description="Requests in flight at most, overall."
    )
    per_host_concurrency: int = Field(
        default=4, ge=1, description="Requests in flight at most per host."
    )
    min_interval: PositiveFloat = Field(
        default=300.0, description="Shortest poll interval of a feed, seconds."
    )
    max_interval: PositiveFloat = Field(
        default=86400.0, description="Longest poll interval (and backoff cap), seconds."
    )
    default_interval: PositiveFloat = Field(
        default=900.0, description="Interval of a feed with no history and no configured interval."
    )
    backoff_base: PositiveFloat = Field(
        default=60.0, description="First backoff delay after an error, s."
    )
    parse_workers: NonNegativeInt = Field(
        default=1, description="Parser subprocesses (0 parses in-process, with no time bound)."
    )
    parse_timeout: PositiveFloat = Field(
        default=10.0, description="Wall-clock cap of one parse, seconds."
    )
    parse_memory_mb: int = Field(
        default=512, ge=64, description="Address-space cap of each parser subprocess, MiB."
    )
    max_items_per_feed: int = Field(
        default=500, ge=1, description="Entries taken from one feed at most."
    )
    max_title_chars: int = Field(default=1000, ge=10, description="Title length cap, characters.")
    max_text_chars: int = Field(default=20000, ge=100, description="Text length cap, characters.")
    max_field_bytes: int = Field(
        default=4096,
        ge=256,
        description="Author-like fields longer than this are cut before parsing (ReDoS guard).",
    )
    date_future_skew: NonNegativeFloat = Field(
        default=900.0,
        description=(
            "An entry dated more than this many seconds after its fetch is given the fetch time "
            "(published_estimated), and counted."
        ),
    )
    date_past_skew: PositiveFloat = Field(
        default=30 * 86400.0,
        description=(
            "An entry dated more than this many seconds before its fetch is given the fetch time "
            "(published_estimated), and counted. Raise it for feeds that keep long archives."
        ),
    )
    metrics_port: Port = Field(
        default=9310, description="Port of /metrics and the probes /healthz, /readyz (0 = off)."
    )
    metrics_host: str = Field(default="127.0.0.1", description="Address /metrics binds to.")
    websub_callback_base: str | None = Field(
        default=None,
        description=(
            "Public base URL under which hubs reach the WebSub callback (e.g. "
            "https://flashpoint.example.org/websub); unset = no WebSub, every feed is polled."
        ),
    )
    websub_host: str = Field(
        default="127.0.0.1", description="Address the WebSub callback binds to."
    )
    websub_port: Port = Field(
        default=9311, description="Port of the WebSub callback server (0 = any)."
    )
    websub_lease_seconds: int = Field(
        default=10 * 86400, ge=60, description="Lease asked of the hub, seconds (it may differ)."
    )
    websub_renew_margin: float = Field(
        default=0.1,
        gt=0,
        lt=1,
        description="Renew a lease when less than this fraction of it is left (at least 60 s).",
    )
    websub_safety_interval: PositiveFloat = Field(
        default=3600.0,
        description=(
            "Poll interval of a feed with an active subscription (instead of its adaptive "
            "schedule): a hub that goes quiet loses nothing, it only delays."
        ),
    )
    websub_verify_timeout: PositiveFloat = Field(
        default=300.0,
        description="A subscription the hub has not verified within this many seconds is retried.",
    )
    websub_max_body_bytes: int = Field(
        default=2 * 1024 * 1024,
        ge=1024,
        description="Largest content delivery accepted, bytes (larger ones get 413).",
    )
    websub_read_timeout: PositiveFloat = Field(
        default=10.0, description="Time allowed to receive one delivery's body, seconds."
    )
    burst_listen: bool = Field(
        default=False,
        description=(
            "Read the alerts topic and burst-poll the feeds of incidents whose rule says "
            "burst: true (reads the same Kafka cluster the producer publishes to)."
        ),
    )
    burst_duration: PositiveFloat = Field(
        default=1800.0, description="How long a burst lasts after its last alert, seconds."
    )
    burst_interval: PositiveFloat = Field(
        default=30.0,
        description="Poll interval of a feed in a burst, seconds (overrides min_interval).",
    )
    burst_budget: int = Field(
        default=120, ge=1, description="Burst polls per minute at most, over all feeds."
    )
    burst_per_host: int = Field(
        default=2, ge=1, description="Burst polls of one host per poll cycle at most."
    )
    linger_ms: int = Field(default=20, ge=1, description="Kafka producer linger, milliseconds.")
    batch_size: int = Field(
        default=131072, ge=1024, description="Kafka producer batch size, bytes."
    )
    delivery_timeout_ms: int = Field(
        default=120000, ge=1000, description="Kafka delivery timeout (retries included), ms."
    )
