"""Static checks of deploy/docker-compose.yml and the Flashpoint image (deploy/docker/).

No Docker engine is needed: the file is parsed and checked against the repository (files it
mounts, the settings model, the channels and Prometheus configs it relies on). Where the
``docker compose`` plugin exists, ``docker compose config`` validates it as well.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from alerts.channels.config import load_channels
from alerts.rules import load_rules
from flashpoint.settings import Settings
from producers.settings import ProducerSettings
from streams.settings import WorkerSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
FLASHPOINT_SERVICES = ("producer", "worker", "delivery")
SCALABLE = ("producer", "worker")
_SUBST = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}")


def _settings_variables() -> set[str]:
    names = set()
    for section, info in Settings.model_fields.items():
        for field in getattr(info.annotation, "model_fields", {}):
            names.add(f"FLASHPOINT_{section}__{field}".upper())
    return names


def _expand(value: Any) -> str:
    """Compose's ``${VAR:-default}`` with the variable unset: the default."""
    return _SUBST.sub(lambda m: m.group(2) or "", str(value))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: _expand(v) for k, v in env.items()}


def _bind_mounts(service: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for vol in service.get("volumes") or []:
        source, target = str(vol).split(":")[:2]
        if source.startswith((".", "/")):
            out.append((source, target))
    return out


def test_every_service_is_there(services: dict[str, dict[str, Any]]) -> None:
    wanted = {"kafka", "producer", "worker", "delivery", "prometheus", "alertmanager"}
    wanted |= {"grafana", "mailpit"}
    assert wanted <= set(services)


def test_kafka_is_the_official_image_in_kraft_single_node(
    services: dict[str, dict[str, Any]],
) -> None:
    kafka = services["kafka"]
    assert re.fullmatch(r"apache/kafka:4\.\d+\.\d+", kafka["image"])
    env = _env(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    node = env["KAFKA_NODE_ID"]
    voters = env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")
    assert voters == [f"{node}@kafka:{voters[0].rsplit(':', 1)[1]}"]
    # The cluster id must be a base64 UUID or the storage format step refuses it.
    raw = base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")
    assert len(raw) == 16 and uuid.UUID(bytes=raw)
    listeners = dict(x.split("://") for x in env["KAFKA_LISTENERS"].split(","))
    advertised = dict(x.split("://") for x in env["KAFKA_ADVERTISED_LISTENERS"].split(","))
    protocols = dict(x.split(":") for x in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(advertised) <= set(listeners) and set(listeners) <= set(protocols)
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] in listeners
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] not in advertised
    # What the Flashpoint services are told is what the broker advertises on the network.
    inside = _env(services["worker"])["FLASHPOINT_KAFKA__BOOTSTRAP_SERVERS"]
    assert inside in advertised.values()
    assert advertised[env["KAFKA_INTER_BROKER_LISTENER_NAME"]] == "kafka:9092"
    assert "healthcheck" in kafka


def test_scalable_services_have_no_fixed_names_or_host_ports(
    services: dict[str, dict[str, Any]],
) -> None:
    for name in SCALABLE:
        assert "container_name" not in services[name], name
        assert not services[name].get("ports"), name
        assert "hostname" not in services[name], name


def test_flashpoint_services_build_the_image_from_the_repository(
    services: dict[str, dict[str, Any]],
) -> None:
    for name in (*FLASHPOINT_SERVICES, "topics"):
        build = services[name]["build"]
        context = (DEPLOY / build["context"]).resolve()
        assert context == ROOT
        assert (context / build["dockerfile"]).resolve() == DOCKERFILE
        assert services[name]["image"] == services["producer"]["image"]
    assert services["producer"]["command"][0] == "produce"
    assert services["worker"]["command"][0] == "worker"
    assert services["delivery"]["command"][0] == "deliver"


def test_depends_on_names_services_with_valid_conditions(
    services: dict[str, dict[str, Any]],
) -> None:
    conditions = {"service_started", "service_healthy", "service_completed_successfully"}
    graph: dict[str, set[str]] = {}
    for name, svc in services.items():
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        graph[name] = set(deps)
        for dep, spec in deps.items():
            assert dep in services, f"{name} depends on unknown service {dep}"
            assert dep != name
            cond = spec.get("condition", "service_started")
            assert cond in conditions
            if cond == "service_healthy":
                assert "healthcheck" in services[dep], f"{dep} has no healthcheck"
            if cond == "service_completed_successfully":
                assert services[dep].get("restart") == "no", f"{dep} must run once"
    # no cycles
    state: dict[str, int] = {}

    def visit(node: str) -> None:
        assert state.get(node) != 1, f"dependency cycle through {node}"
        if state.get(node) == 2:
            return
        state[node] = 1
        for nxt in graph[node]:
            visit(nxt)
        state[node] = 2

    for node in graph:
        visit(node)
    # the pipeline waits for the topics, which wait for a healthy broker
    for name in FLASHPOINT_SERVICES:
        assert "topics" in graph[name]
    assert services["topics"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_mounted_files_exist_in_the_repository(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    declared = set(compose.get("volumes") or {})
    mounted = 0
    for name, svc in services.items():
        for vol in svc.get("volumes") or []:
            source = str(vol).split(":")[0]
            if source.startswith((".", "/")):
                assert (DEPLOY / source).exists(), f"{name}: {source} does not exist"
                mounted += 1
            else:
                assert source in declared, f"{name}: volume {source} is not declared"
    assert mounted >= 8


def test_flashpoint_variables_are_settings(services: dict[str, dict[str, Any]]) -> None:
    known = _settings_variables()
    for name in (*FLASHPOINT_SERVICES, "topics"):
        env = _env(services[name])
        for var in env:
            if var.startswith("FLASHPOINT_"):
                assert var in known, f"{name}: {var} is not a settings variable"


def test_the_environment_makes_valid_settings(
    services: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.settings import load_settings

    for var, value in _env(services["worker"]).items():
        monkeypatch.setenv(var, value)
    settings = load_settings()
    assert settings.kafka.bootstrap_servers == "kafka:9092"
    assert settings.worker.web_host == "0.0.0.0"
    assert settings.producer.metrics_host == "0.0.0.0"
    assert settings.delivery.http_host == "0.0.0.0"


def _mount_target_of(service: dict[str, Any], repo_path: str) -> str:
    for source, target in _bind_mounts(service):
        if (DEPLOY / source).resolve() == (ROOT / repo_path).resolve():
            return target
    raise AssertionError(f"{repo_path} is not mounted")


def test_configured_paths_are_mounted(services: dict[str, dict[str, Any]]) -> None:
    env = _env(services["worker"])
    svc = services["worker"]
    assert env["FLASHPOINT_PRODUCER__FEEDS_FILE"] == _mount_target_of(svc, "deploy/feeds.yaml")
    assert env["FLASHPOINT_WORKER__RULES_FILE"] == _mount_target_of(svc, "deploy/rules.yaml")
    channels = _mount_target_of(services["delivery"], "deploy/docker/channels.yaml")
    assert env["FLASHPOINT_DELIVERY__CHANNELS_FILE"] == channels


def test_healthchecks_probe_the_default_ports(services: dict[str, dict[str, Any]]) -> None:
    from alerts.settings import DeliverySettings

    ports = {
        "producer": ProducerSettings().metrics_port,
        "worker": WorkerSettings().web_port,
        "delivery": DeliverySettings().http_port,
    }
    for name, port in ports.items():
        test = " ".join(services[name]["healthcheck"]["test"])
        # healthy = ready: dependents start once the process can do its job (Kafka reachable)
        assert f"127.0.0.1:{port}/readyz" in test, name


def test_compose_channels_cover_every_rule_channel(
    services: dict[str, dict[str, Any]],
) -> None:
    channels = load_channels(DEPLOY / "docker" / "channels.yaml", environ={})
    rules = load_rules(DEPLOY / "rules.yaml")
    named = {c for rule in rules.rules for c in rule.channels}
    assert named, "the example rules name no channel"
    assert named <= set(channels.channels), named - set(channels.channels)
    hosts = {getattr(c, "host", None) for c in channels.channels.values()}
    urls = {getattr(c, "url", "") or "" for c in channels.channels.values()}
    assert "mailpit" in hosts
    for url in urls:
        if url:
            host = re.sub(r"^https?://([^/:]+).*$", r"\1", url)
            assert host in services, f"{url} is not a compose service"


def test_prometheus_uses_the_repository_rules_and_job_names(
    services: dict[str, dict[str, Any]],
) -> None:
    prom = services["prometheus"]
    config_target = _mount_target_of(prom, "deploy/docker/prometheus.yml")
    rules_target = _mount_target_of(prom, "deploy/prometheus/rules")
    assert f"--config.file={config_target}" in prom["command"]
    ours = yaml.safe_load((DEPLOY / "docker" / "prometheus.yml").read_text())
    base = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    assert [j["job_name"] for j in ours["scrape_configs"]] == [
        j["job_name"] for j in base["scrape_configs"]
    ]
    assert ours["rule_files"] == base["rule_files"]
    config_dir = str(Path(config_target).parent)
    for pattern in ours["rule_files"]:
        assert str(Path(config_dir) / Path(pattern).parent) == rules_target
        assert list((DEPLOY / "prometheus" / "rules").glob(Path(pattern).name)), pattern
    defaults = {"producer": 9310, "worker": 6066, "delivery": 9466}
    for job in ours["scrape_configs"]:
        for sd in job["dns_sd_configs"]:
            for dns_name in sd["names"]:
                assert dns_name in services
                assert sd["port"] == defaults[dns_name]
    am = ours["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"]
    assert am == ["alertmanager:9093"]
    alertmanager = services["alertmanager"]
    target = _mount_target_of(alertmanager, "deploy/alertmanager/alertmanager.yml")
    assert f"--config.file={target}" in alertmanager["command"]


def test_grafana_is_provisioned_with_the_repository_dashboards(
    services: dict[str, dict[str, Any]],
) -> None:
    grafana = services["grafana"]
    ds_target = _mount_target_of(grafana, "deploy/docker/grafana-datasource.yml")
    assert ds_target.startswith("/etc/grafana/provisioning/datasources/")
    ours = yaml.safe_load((DEPLOY / "docker" / "grafana-datasource.yml").read_text())
    base = yaml.safe_load(
        (DEPLOY / "grafana" / "provisioning" / "datasources" / "flashpoint.yml").read_text()
    )
    assert ours["datasources"][0]["uid"] == base["datasources"][0]["uid"]
    assert ours["datasources"][0]["url"] == "http://prometheus:9090"
    provider = DEPLOY / "grafana" / "provisioning" / "dashboards" / "flashpoint.yml"
    prov_target = _mount_target_of(grafana, "deploy/grafana/provisioning/dashboards/flashpoint.yml")
    assert prov_target.startswith("/etc/grafana/provisioning/dashboards/")
    path = yaml.safe_load(provider.read_text())["providers"][0]["options"]["path"]
    assert _mount_target_of(grafana, "deploy/grafana/dashboards") == path
    assert list((DEPLOY / "grafana" / "dashboards").glob("*.json"))
    home = _env(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home:
        assert (DEPLOY / "grafana" / "dashboards" / Path(home).name).exists()


def test_dockerfile_copies_what_exists_and_sets_known_variables() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    ignore = (DEPLOY / "docker" / "Dockerfile.dockerignore").read_text().split()
    allowed = {p.lstrip("!").rstrip("/") for p in ignore if p.startswith("!")}
    copies = re.findall(r"^COPY (?!--from)(.+)$", text, re.MULTILINE)
    assert copies
    for line in copies:
        *sources, _dest = line.split()
        for src in sources:
            assert (ROOT / src).exists(), f"COPY {src}: missing"
            assert src.rstrip("/") in allowed, f"COPY {src}: excluded by the .dockerignore"
    known = _settings_variables()
    for var in re.findall(r"\b(FLASHPOINT_[A-Z_]+)=", text):
        assert var in known, var
    assert re.search(r"^USER (?!root|0\b)\S+", text, re.MULTILINE), "runs as root"
    assert 'ENTRYPOINT ["flashpoint"]' in text


def test_docker_compose_config() -> None:
    """The Compose Specification's own loader and schema accept the file.

    `docker compose config` where the plugin exists; otherwise `compose-check`
    (scripts/compose-check, built by `make tools`), the same compose-go loader without Docker.
    """
    docker = shutil.which("docker")
    has_plugin = docker is not None and (
        subprocess.run([docker, "compose", "version"], capture_output=True, timeout=60).returncode
        == 0
    )
    if has_plugin:
        assert docker is not None
        cmd = [docker, "compose", "-f", str(COMPOSE), "config", "--quiet"]
    else:
        checker = ROOT / ".cache" / "bin" / "compose-check"
        assert checker.exists(), f"{checker} is missing: run `make tools` (needs Go)"
        cmd = [str(checker), str(COMPOSE)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
