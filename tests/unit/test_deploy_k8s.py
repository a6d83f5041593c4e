"""Static checks of the Kustomize base in deploy/k8s, and `kubectl kustomize` where it exists."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from alerts.channels.config import load_channels
from alerts.rules import load_rules
from flashpoint.settings import Settings
from producers.feeds import load_feeds

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
COMPONENTS = ("producer", "worker", "delivery")
HEALTH_PORT_VARS = {
    "producer": "FLASHPOINT_PRODUCER__METRICS_PORT",
    "worker": "FLASHPOINT_WORKER__WEB_PORT",
    "delivery": "FLASHPOINT_DELIVERY__HTTP_PORT",
}


@pytest.fixture(scope="module")
def kustomization() -> dict[str, Any]:
    data = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def objects(kustomization: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for res in kustomization["resources"]:
        path = K8S / res
        assert path.is_file(), f"kustomization resource {res} does not exist"
        out.extend(d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d)
    return out


def _of_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def _generated(kustomization: dict[str, Any], key: str) -> dict[str, dict[str, Path]]:
    """Generated ConfigMaps/Secrets: name -> {key in the map: source file}."""
    out: dict[str, dict[str, Path]] = {}
    for gen in kustomization.get(key) or []:
        files: dict[str, Path] = {}
        for entry in gen.get("files") or []:
            name, _, src = entry.partition("=")
            files[name if src else Path(name).name] = K8S / (src or name)
        out[gen["name"]] = files
    return out


def _deployments(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    deps = _of_kind(objects, "Deployment")
    return {d["metadata"]["labels"]["app.kubernetes.io/component"]: d for d in deps.values()}


def _env_map(objects: list[dict[str, Any]]) -> dict[str, str]:
    return dict(_of_kind(objects, "ConfigMap")["flashpoint-env"]["data"])


def test_generator_files_exist(kustomization: dict[str, Any]) -> None:
    generated = _generated(kustomization, "configMapGenerator")
    assert {"flashpoint-feeds", "flashpoint-rules", "flashpoint-channels"} <= set(generated)
    for files in generated.values():
        for src in files.values():
            assert src.is_file(), src


def test_deployments_for_every_process(objects: list[dict[str, Any]]) -> None:
    deps = _deployments(objects)
    assert set(COMPONENTS) <= set(deps)
    assert deps["producer"]["spec"]["template"]["spec"]["containers"][0]["args"][0] == "produce"
    assert deps["worker"]["spec"]["template"]["spec"]["containers"][0]["args"][0] == "worker"
    assert deps["delivery"]["spec"]["template"]["spec"]["containers"][0]["args"][0] == "deliver"
    # Processes with a local state file must never run twice on one volume.
    for name in ("producer", "delivery"):
        assert deps[name]["spec"]["replicas"] == 1
        assert deps[name]["spec"]["strategy"]["type"] == "Recreate"


def test_selectors_match_pod_labels(objects: list[dict[str, Any]]) -> None:
    for name, dep in _deployments(objects).items():
        selector = dep["spec"]["selector"]["matchLabels"]
        labels = dep["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items(), name


def test_probes_resources_and_ports(objects: list[dict[str, Any]]) -> None:
    env = _env_map(objects)
    for name, dep in _deployments(objects).items():
        pod = dep["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod.get("initContainers", []) + pod["containers"]:
            res = container["resources"]
            for part in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(res[part]), f"{name}/{container['name']}"
        main = pod["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in main["ports"]}
        assert ports, name
        # Liveness (and start-up) on /healthz, readiness on /readyz: a Kafka outage takes a pod
        # out of traffic, it does not restart it.
        paths = {
            "startupProbe": "/healthz",
            "readinessProbe": "/readyz",
            "livenessProbe": "/healthz",
        }
        for probe, path in paths.items():
            get = main[probe]["httpGet"]
            assert get["path"] == path, f"{name} {probe}"
            port = ports.get(get["port"], get["port"])
            assert port in ports.values(), f"{name} {probe}: port {get['port']}"
            # the process listens where the probe knocks
            assert int(env[HEALTH_PORT_VARS[name]]) == port, f"{name} {probe}"


def test_env_and_mounts_refer_to_existing_objects(
    objects: list[dict[str, Any]], kustomization: dict[str, Any]
) -> None:
    configmaps = set(_of_kind(objects, "ConfigMap"))
    configmaps |= set(_generated(kustomization, "configMapGenerator"))
    secrets = _of_kind(objects, "Secret")
    claims = set(_of_kind(objects, "PersistentVolumeClaim"))
    for name, dep in _deployments(objects).items():
        pod = dep["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        for vol in volumes.values():
            if "configMap" in vol:
                assert vol["configMap"]["name"] in configmaps, name
            if "persistentVolumeClaim" in vol:
                assert vol["persistentVolumeClaim"]["claimName"] in claims, name
        for container in pod.get("initContainers", []) + pod["containers"]:
            for src in container.get("envFrom", []):
                assert src["configMapRef"]["name"] in configmaps
            for var in container.get("env", []):
                ref = var.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]]["stringData"], var["name"]
            for mount in container.get("volumeMounts", []):
                assert mount["name"] in volumes, f"{name}: {mount['name']}"


def _mount_dir(dep: dict[str, Any], configmap: str) -> str:
    pod = dep["spec"]["template"]["spec"]
    vol = next(v["name"] for v in pod["volumes"] if v.get("configMap", {}).get("name") == configmap)
    mounts = pod["containers"][0]["volumeMounts"]
    return str(next(m["mountPath"] for m in mounts if m["name"] == vol))


def test_settings_point_at_the_mounted_configs(
    objects: list[dict[str, Any]], kustomization: dict[str, Any]
) -> None:
    env = _env_map(objects)
    deps = _deployments(objects)
    generated = _generated(kustomization, "configMapGenerator")
    for component, configmap, var in (
        ("producer", "flashpoint-feeds", "FLASHPOINT_PRODUCER__FEEDS_FILE"),
        ("worker", "flashpoint-rules", "FLASHPOINT_WORKER__RULES_FILE"),
        ("delivery", "flashpoint-channels", "FLASHPOINT_DELIVERY__CHANNELS_FILE"),
    ):
        directory, filename = env[var].rsplit("/", 1)
        assert _mount_dir(deps[component], configmap) == directory, var
        assert filename in generated[configmap], var
    # state paths sit on the mounted volumes
    producer_mounts = [
        m["mountPath"]
        for m in deps["producer"]["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    ]
    assert env["FLASHPOINT_PRODUCER__STATE_PATH"].rsplit("/", 1)[0] in producer_mounts
    delivery_mounts = [
        m["mountPath"]
        for m in deps["delivery"]["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]
    ]
    assert env["FLASHPOINT_DELIVERY__STATE_DIR"] in delivery_mounts


def test_env_configmap_is_valid_settings(
    objects: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from flashpoint.settings import load_settings

    known = set()
    for section, info in Settings.model_fields.items():
        for field in getattr(info.annotation, "model_fields", {}):
            known.add(f"FLASHPOINT_{section}__{field}".upper())
    env = _env_map(objects)
    assert set(env) <= known, set(env) - known
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = load_settings()
    assert settings.worker.web_host == "0.0.0.0"
    assert settings.kafka.partitions >= 2


def test_configs_are_valid_and_cover_the_rules(
    objects: list[dict[str, Any]], kustomization: dict[str, Any]
) -> None:
    generated = _generated(kustomization, "configMapGenerator")
    assert load_feeds(generated["flashpoint-feeds"]["feeds.yaml"])
    rules = load_rules(generated["flashpoint-rules"]["rules.yaml"])
    delivery = _deployments(objects)["delivery"]["spec"]["template"]["spec"]["containers"][0]
    secrets = _of_kind(objects, "Secret")
    environ = {
        var["name"]: secrets[var["valueFrom"]["secretKeyRef"]["name"]]["stringData"][
            var["valueFrom"]["secretKeyRef"]["key"]
        ]
        for var in delivery.get("env", [])
        if "secretKeyRef" in var.get("valueFrom", {})
    }
    channels = load_channels(generated["flashpoint-channels"]["channels.yaml"], environ=environ)
    named = {c for rule in rules.rules for c in rule.channels}
    assert named and named <= set(channels.channels), named - set(channels.channels)


def test_services_select_pods_and_carry_scrape_annotations(
    objects: list[dict[str, Any]],
) -> None:
    deps = _deployments(objects)
    services = _of_kind(objects, "Service")
    covered = set()
    for name, svc in services.items():
        selector = svc["spec"]["selector"]
        matches = [
            c
            for c, d in deps.items()
            if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
        ]
        assert len(matches) == 1, f"{name} selects {matches}"
        component = matches[0]
        covered.add(component)
        container = deps[component]["spec"]["template"]["spec"]["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        notes = svc["metadata"]["annotations"]
        assert notes["prometheus.io/scrape"] == "true"
        assert notes["prometheus.io/path"] == "/metrics"
        assert int(notes["prometheus.io/port"]) in ports.values()
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in ports, f"{name}: targetPort {port['targetPort']}"
    assert covered == set(COMPONENTS)


def test_kubectl_kustomize_builds() -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        # `make test` installs it (scripts/install-system-deps.sh); in CI a skip would hide it.
        assert not os.environ.get("CI"), "kubectl is missing: run scripts/install-system-deps.sh"
        pytest.skip("kubectl is not installed; the structural checks above stand in for it")
    out = subprocess.run(
        [kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    docs = [d for d in yaml.safe_load_all(out.stdout) if d]
    kinds = sorted({d["kind"] for d in docs})
    assert {"Deployment", "Service", "ConfigMap", "Secret"} <= set(kinds)
    for doc in docs:
        assert doc["metadata"].get("namespace", "flashpoint") == "flashpoint"
    # generated ConfigMaps carry a content hash, and the Deployments refer to the hashed names
    names = {d["metadata"]["name"] for d in docs if d["kind"] == "ConfigMap"}
    for doc in docs:
        if doc["kind"] != "Deployment":
            continue
        spec = doc["spec"]["template"]["spec"]
        for vol in spec.get("volumes", []):
            if "configMap" in vol:
                assert vol["configMap"]["name"] in names
        for c in spec["containers"]:
            assert c["image"].startswith("flashpoint:"), c["image"]
