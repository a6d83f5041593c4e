"""A local single-node Apache Kafka (KRaft) started from jars, without Docker.

The jars come from Maven Central through ``deploy/kafka/pom.xml`` into ``.cache/kafka/lib``;
data and logs go under ``var/kafka/<port>``. Both folders are gitignored. The broker runs
detached (its own session) so that it outlives the command that started it; ``stop`` sends
SIGTERM for a clean shutdown and SIGKILL only after a grace period.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.core.errors import UnavailableError

__all__ = ["KafkaNotReady", "LocalKafka", "broker_answers", "project_root"]

log = logging.getLogger(__name__)

DEFAULT_HEAP = "-Xmx512m"


class KafkaNotReady(UnavailableError):
    """The local broker could not be set up, started or reached."""


def project_root() -> Path:
    """The repository root: ``FLASHPOINT_HOME`` if set, else the checkout this package is in."""
    env = os.environ.get("FLASHPOINT_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[1]
    if (here / "deploy" / "kafka" / "pom.xml").exists():
        return here
    return Path.cwd()


def broker_answers(host: str, port: int, timeout: float = 2.0) -> bool:
    """True when a Kafka broker at host:port answers a metadata request."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError:
        return False
    # A TCP accept is not enough: the broker opens its socket before it can serve metadata.
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=f"{host}:{port}",
            request_timeout_ms=int(timeout * 1000) + 1000,
            client_id="flashpoint-probe",
        )
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.list_topics()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()


def _cluster_id() -> str:
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


@dataclass
class LocalKafka:
    """One local broker on ``host:port`` with its controller on ``controller_port``."""

    port: int = 9092
    controller_port: int | None = None
    host: str = "127.0.0.1"
    data_dir: Path | None = None
    lib_dir: Path | None = None
    heap: str = DEFAULT_HEAP
    extra_config: dict[str, str] = field(default_factory=dict)
    jvm_options: tuple[str, ...] = ()  # more JVM flags, after the defaults

    def __post_init__(self) -> None:
        root = project_root()
        if self.controller_port is None:
            self.controller_port = self.port + 1
        if self.data_dir is None:
            self.data_dir = root / "var" / "kafka" / str(self.port)
        if self.lib_dir is None:
            self.lib_dir = Path(os.environ.get("FLASHPOINT_KAFKA_LIB", root / ".cache/kafka/lib"))
        self.data_dir = Path(self.data_dir)
        self.lib_dir = Path(self.lib_dir)

    # -- paths ---------------------------------------------------------------------------
    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pidfile(self) -> Path:
        assert self.data_dir is not None
        return self.data_dir / "kafka.pid"

    @property
    def logfile(self) -> Path:
        assert self.data_dir is not None
        return self.data_dir / "kafka.log"

    # -- set-up --------------------------------------------------------------------------
    def ensure_jars(self) -> None:
        """Fetch the broker's jars with Maven unless they are cached already."""
        assert self.lib_dir is not None
        if any(self.lib_dir.glob("kafka_2.13-*.jar")):
            return
        pom = project_root() / "deploy" / "kafka" / "pom.xml"
        mvn = shutil.which("mvn")
        if not pom.exists() or mvn is None:
            raise KafkaNotReady(
                f"Kafka jars missing in {self.lib_dir} and cannot fetch them "
                f"(pom: {pom}, mvn: {mvn or 'not found'})"
            )
        log.warning("fetching Kafka jars with Maven into %s (first run only)", self.lib_dir)
        proc = subprocess.run(
            [
                mvn,
                "-B",
                "-q",
                "-f",
                str(pom),
                "dependency:copy-dependencies",
                f"-Dkafka.lib.dir={self.lib_dir}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not any(self.lib_dir.glob("kafka_2.13-*.jar")):
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
            raise KafkaNotReady("Maven could not fetch the Kafka jars: " + " | ".join(tail))

    def _classpath(self) -> str:
        assert self.lib_dir is not None
        return str(self.lib_dir / "*")

    def _write_config(self) -> Path:
        assert self.data_dir is not None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@{self.host}:{self.controller_port}",
            "listeners": (
                f"PLAINTEXT://{self.host}:{self.port},CONTROLLER://{self.host}:{self.controller_port}"
            ),
            "advertised.listeners": f"PLAINTEXT://{self.host}:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(self.data_dir / "data"),
            "num.partitions": "1",
            # Flashpoint creates its topics explicitly (and Faust its own internal ones).
            "auto.create.topics.enable": "false",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "transaction.state.log.num.partitions": "4",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "log.retention.hours": "168",
        }
        props.update(self.extra_config)
        path = self.data_dir / "server.properties"
        path.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        log4j = self.data_dir / "log4j2.properties"
        log4j.write_text(
            "status = warn\n"
            "appender.file.type = File\n"
            "appender.file.name = file\n"
            f"appender.file.fileName = {self.data_dir / 'server.log'}\n"
            "appender.file.layout.type = PatternLayout\n"
            "appender.file.layout.pattern = [%d] %p %m (%c)%n\n"
            "rootLogger.level = info\n"
            "rootLogger.appenderRef.file.ref = file\n"
            "logger.kafka.name = kafka\n"
            "logger.kafka.level = warn\n"
            "logger.apache.name = org.apache.kafka\n"
            "logger.apache.level = warn\n"
        )
        return path

    def _format(self, config: Path) -> None:
        assert self.data_dir is not None
        if (self.data_dir / "data" / "meta.properties").exists():
            return
        proc = subprocess.run(
            [
                "java",
                f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
                "-cp",
                self._classpath(),
                "kafka.tools.StorageTool",
                "format",
                f"--cluster-id={_cluster_id()}",
                "-c",
                str(config),
                "--ignore-formatted",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise KafkaNotReady("formatting Kafka storage failed: " + proc.stderr.strip()[-500:])

    # -- lifecycle -----------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid of a broker this object started earlier, if that process is still alive."""
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        # A zombie child still answers kill(0); treat a reaped or defunct process as gone.
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.split(")")[-1].split()[0] == "Z":
                return None
        except OSError:
            pass
        return pid

    def is_up(self) -> bool:
        return broker_answers(self.host, self.port)

    def command(self, config: Path) -> list[str]:
        """The broker's java command line for ``config``: the default JVM flags, then
        ``jvm_options``, then the main class."""
        assert self.data_dir is not None
        return [
            "java",
            self.heap,
            "-Xss1m",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-Djava.awt.headless=true",
            *self.jvm_options,
            f"-Dlog4j2.configurationFile={self.data_dir / 'log4j2.properties'}",
            f"-Dkafka.logs.dir={self.data_dir}",
            "-cp",
            self._classpath(),
            "kafka.Kafka",
            str(config),
        ]

    def start(self, timeout: float = 90.0) -> bool:
        """Start the broker and wait until it answers; return False if one already answered.

        Idempotent: a broker already answering on the port is reused as it is.
        """
        if self.is_up():
            return False
        if self.pid() is not None:
            # Ours, still starting (or wedged): wait for it rather than start a second one.
            self.wait_ready(timeout)
            return False
        self.ensure_jars()
        config = self._write_config()
        self._format(config)
        assert self.data_dir is not None
        out = open(self.logfile, "ab")  # noqa: SIM115 - handed to the child process
        cmd = self.command(config)
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        out.close()
        self.pidfile.write_text(str(proc.pid))
        self.wait_ready(timeout, proc=proc)
        return True

    def wait_ready(self, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise KafkaNotReady(
                    f"Kafka exited with code {proc.returncode} during start-up; "
                    f"see {self.logfile}: {self._log_tail()}"
                )
            if self.is_up():
                return
            time.sleep(0.3)
        raise KafkaNotReady(
            f"Kafka did not answer on {self.bootstrap} within {timeout:.0f}s; see {self.logfile}"
        )

    def _log_tail(self) -> str:
        try:
            lines = self.logfile.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(lines[-3:])[-600:]

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the broker cleanly (SIGTERM, then SIGKILL after ``timeout``).

        Returns False when no broker started by this object was running.
        """
        pid = self.pid()
        if pid is None:
            self.pidfile.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pid() is None:
                break
            _reap(pid)
            time.sleep(0.2)
        else:
            log.warning("Kafka pid=%s did not stop in %.0fs; killing it", pid, timeout)
            os.kill(pid, signal.SIGKILL)
            _reap(pid)
        self.pidfile.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL the broker (fault-injection tests)."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            for _ in range(50):
                _reap(pid)
                if self.pid() is None:
                    break
                time.sleep(0.1)
        self.pidfile.unlink(missing_ok=True)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
