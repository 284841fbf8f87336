"""The deployment descriptions parse and agree with the app: images, commands, probes, secrets, affinity."""

from pathlib import Path

import pytest
import yaml

from scene_api.config import Settings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"


def k8s_documents():
    documents = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        documents += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return documents


def by_kind(kind):
    return {doc["metadata"]["name"]: doc for _, doc in k8s_documents() if doc["kind"] == kind}


def test_every_manifest_is_valid_yaml_with_kind_and_name():
    documents = k8s_documents()
    assert documents
    for filename, doc in documents:
        assert {"apiVersion", "kind", "metadata"} <= doc.keys(), filename
        assert doc["metadata"].get("name"), filename


def test_kustomization_lists_every_file():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


@pytest.mark.parametrize(
    ("name", "command"), [("scene-api", "api"), ("scene-ui", "ui"), ("scene-worker", "worker")]
)
def test_deployments_run_the_scene_command_with_config_and_secrets(name, command):
    deployment = by_kind("Deployment")[name]
    pod = deployment["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    (container,) = pod["containers"]
    assert container["args"] == [command]
    sources = {next(iter(source.values()))["name"] for source in container["envFrom"]}
    assert sources == {"scene-config", "scene-secrets"}
    assert (
        deployment["spec"]["selector"]["matchLabels"] == deployment["spec"]["template"]["metadata"]["labels"]
    )
    assert "limits" in container["resources"]


def test_api_probes_use_the_health_endpoints():
    container = by_kind("Deployment")["scene-api"]["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"


def test_ui_is_sticky_and_keeps_storage_in_redis():
    ingress = by_kind("Ingress")["scene"]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert by_kind("Service")["scene-ui"]["spec"]["sessionAffinity"] == "ClientIP"
    assert "NICEGUI_REDIS_URL" in by_kind("Secret")["scene-secrets"]["stringData"]


def test_migrations_run_as_a_job():
    job = by_kind("Job")["scene-migrate"]
    assert job["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]


def test_config_and_secrets_are_real_settings_and_production_ready():
    config = by_kind("ConfigMap")["scene-config"]["data"]
    secrets = by_kind("Secret")["scene-secrets"]["stringData"]
    known = {f"SCENE_{name.upper()}" for name in Settings.__dataclass_fields__}
    unknown = {key for key in {**config, **secrets} if key.startswith("SCENE_")} - known
    assert not unknown, f"not a setting: {unknown}"
    settings = Settings.from_env({**config, **secrets})
    assert settings.is_production
    assert not settings.payments_sandbox
    settings.check_production_ready()


def test_compose_runs_migrations_before_the_app_and_two_ui_replicas():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("api", "ui", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["migrate"]
    assert services["ui"]["deploy"]["replicas"] == 2
    assert "ip_hash" in (ROOT / "deploy" / "compose" / "nginx.conf").read_text()


def test_dockerfile_runs_as_non_root_with_the_scene_entrypoint():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "USER scene" in dockerfile
    assert 'ENTRYPOINT ["scene"]' in dockerfile
    assert dockerfile.count("FROM ") == 2
    for needed in ("alembic", "seeds", "src"):
        assert f"COPY {needed} " in dockerfile
