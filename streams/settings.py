"""The worker's settings section (``FLASHPOINT_WORKER__<FIELD>``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, PositiveFloat

__all__ = ["WorkerSettings"]


class WorkerSettings(BaseModel):
    """Options of ``flashpoint worker`` (the Faust app: classify, incidents, rules)."""

    model_config = ConfigDict(frozen=True)

    app_id: str = Field(
        "flashpoint",
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Faust app id: the consumer group and the prefix of its changelog topics.",
    )
    datadir: Path = Field(
        Path("var/worker"), description="Folder for the worker's local table state (rocksdict)."
    )
    store: str = Field(
        "rocksdb://",
        description=(
            "Faust table store URL: rocksdb:// (RocksDB through rocksdict, state survives "
            "restarts locally and is rebuilt from changelog topics) or memory://."
        ),
    )
    web_enabled: bool = Field(
        True, description="Serve /metrics, the probes (/healthz, /readyz) and the JSON API."
    )
    web_host: str = Field("127.0.0.1", description="Address the worker's web server binds to.")
    web_port: int = Field(6066, ge=1, le=65535, description="Port of the worker's web server.")
    rules_file: Path = Field(
        Path("deploy/rules.yaml"), description="Rules YAML, validated at start-up."
    )
    stream_buffer_maxsize: int = Field(
        256,
        ge=1,
        description=(
            "Faust stream buffer per partition (records). Small keeps a raw-topic backlog in"
            " Kafka rather than in memory, so the rules agent is not starved behind classify."
        ),
    )
    batch_max: int = Field(
        200,
        ge=1,
        le=10000,
        description=(
            "Most records an agent processes at once: a batch is what has arrived when the agent"
            " is free, up to this many. The classify agent hands a batch to the classifier"
            " together; the rules agent publishes a batch's alerts together."
        ),
    )
    batch_wait: float = Field(
        0.02,
        ge=0,
        le=1,
        description=(
            "Seconds the rules agent lets a batch gather records after its first (0: process"
            " what has arrived). A batch's state is written as one transaction, so bigger"
            " batches write fewer changelog records; this is the latency it may add."
        ),
    )
    classify_processes: int = Field(
        1,
        ge=0,
        le=64,
        description=(
            "Processes that run the classifier beside the worker's event loop, so that"
            " classification and Faust's own work use separate cores. 0 classifies in the"
            " event loop."
        ),
    )
    producer_linger_ms: NonNegativeInt = Field(
        1,
        description=(
            "Linger of the worker's Kafka producer, milliseconds. The rules agent waits for the"
            " ack of each alert, so this bounds alerts per second per worker from above."
        ),
    )
    producer_lz4_level: int = Field(
        1,
        ge=0,
        le=12,
        description=(
            "lz4 level of the worker's Kafka producer (0-2 fast, 3-12 high compression)."
            " aiokafka fixes 9, which compresses about 40 MB/s per core against about 300 MB/s"
            " at 1, for records about a fifth larger; consumers decompress both alike."
        ),
    )
    table_standby_replicas: int = Field(
        1,
        ge=0,
        le=8,
        description=(
            "Standby copies of each rules-state partition that other workers keep up to date"
            " by replaying its changelog (Faust's table_standby_replicas). 1: a partition that"
            " moves to a worker with a standby resumes after replaying only the recent tail;"
            " 0: each worker replays only its own partitions (less CPU per item with several"
            " workers), and the new owner rebuilds a moved partition from the whole changelog."
        ),
    )
    commit_interval: PositiveFloat = Field(
        1.0, description="Seconds between consumer offset commits."
    )
    session_timeout: float = Field(
        15.0,
        ge=6,
        le=300,
        description=(
            "Seconds the consumer group waits for a silent worker before handing its partitions "
            "to the others: the recovery time after a crash (Faust's default is 60)."
        ),
    )
    heartbeat_interval: float = Field(
        3.0, gt=0, le=60, description="Seconds between heartbeats to the group coordinator."
    )
    fault_hang_file: Path | None = Field(
        None,
        description=(
            "TEST-ONLY fault injection, leave unset in production: when this file exists, the"
            " rules agent's next batch never returns (the file is removed as the fault fires, so"
            " a restarted worker runs on). The fault suite uses it to prove liveness catches a"
            " hung handler."
        ),
    )
    fault_fail_file: Path | None = Field(
        None,
        description=(
            "TEST-ONLY fault injection, leave unset in production: when this file exists, the"
            " rules agent's next batch raises an infrastructure error (the file is removed as"
            " the fault fires). The fault suite uses it to prove the worker exits at once."
        ),
    )
    fault_noack_file: Path | None = Field(
        None,
        description=(
            "TEST-ONLY fault injection, leave unset in production: when this file exists, the"
            " rules agent handles its next batch but its acknowledgements are lost (the file is"
            " removed as the fault fires), so the committed offset stops there while later"
            " records are handled. The fault suite uses it to prove liveness catches a commit"
            " that no longer moves."
        ),
    )
    api_token_env: str = Field(
        "FLASHPOINT_API_TOKEN",
        description="Environment variable holding the token required by mutating API endpoints.",
    )
