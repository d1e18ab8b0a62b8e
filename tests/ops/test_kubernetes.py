"""deploy/kubernetes/: every overlay renders (kubectl kustomize, or tests/ops/kustomize.py where
kubectl is missing) into objects valid against the Kubernetes schemas (kubernetes-validate,
offline, strict: an unknown field fails), in the shape the README promises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from tests.ops.kustomize import containers, key, render_kubectl, render_python
from tests.test_deploy import settings_variables

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
FOLDERS = ["base", "overlays/production", "overlays/object-storage"]
KUBERNETES_VERSION = "1.30.0"  # the oldest release still supported by the main clouds


def render(folder: str) -> dict[tuple[str, str], Any]:
    docs = render_kubectl(KUBERNETES / folder) or render_python(KUBERNETES / folder)
    return {key(doc): doc for doc in docs}


def pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec = doc["spec"]["jobTemplate"]["spec"] if doc["kind"] == "CronJob" else doc["spec"]
    return spec["template"]["spec"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_it_renders_objects_valid_against_the_kubernetes_schemas(folder):
    objects = render(folder)

    assert len(objects) >= 9
    for doc in objects.values():
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_it_refuses_an_object_the_schemas_do_not_allow():
    web = render("base")["Deployment", "mieux-web"]
    web["spec"]["replica"] = 2

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("folder", FOLDERS)
def test_its_own_renderer_gives_what_kubectl_gives(folder):
    by_kubectl = render_kubectl(KUBERNETES / folder)
    if by_kubectl is None:
        pytest.skip("kubectl is not installed: the renderer stands in for it")

    assert {key(doc): doc for doc in render_python(KUBERNETES / folder)} == {
        key(doc): doc for doc in by_kubectl
    }


def test_it_runs_two_web_pods_probed_on_healthz_and_readyz():
    web = render("overlays/production")["Deployment", "mieux-web"]
    container = pod_spec(web)["containers"][0]

    assert web["spec"]["replicas"] >= 2
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert (
        render("overlays/production")["Service", "mieux-web"]["spec"]["selector"]
        == (web["spec"]["selector"]["matchLabels"])
    )


def test_it_runs_exactly_one_beat_stopped_before_its_successor_starts():
    beat = render("overlays/production")["Deployment", "mieux-beat"]

    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert pod_spec(beat)["containers"][0]["command"][3] == "beat"


def test_it_migrates_in_a_job_and_backs_up_every_night():
    objects = render("overlays/production")

    assert pod_spec(objects["Job", "mieux-migrate"])["containers"][0]["command"][-2:] == [
        "migrate",
        "--noinput",
    ]
    assert "backup" in pod_spec(objects["CronJob", "mieux-backup"])["containers"][0]["command"]


def test_every_container_asks_for_cpu_and_memory_and_reads_the_config_and_secret():
    for doc in render("overlays/production").values():
        for container in containers(doc):
            assert set(container["resources"]["requests"]) == {"cpu", "memory"}, key(doc)
            assert [ref.get("configMapRef", ref.get("secretRef"))["name"] for ref in (
                container["envFrom"]
            )] == ["mieux-config", "mieux-secrets"]  # fmt: skip


def test_it_shares_one_volume_of_files_between_web_and_workers():
    objects = render("overlays/production")

    assert objects["PersistentVolumeClaim", "mieux-files"]["spec"]["accessModes"] == [
        "ReadWriteMany"
    ]
    for name in ("mieux-web", "mieux-worker"):
        volumes = pod_spec(objects["Deployment", name])["volumes"]
        assert volumes == [{"name": "files", "persistentVolumeClaim": {"claimName": "mieux-files"}}]


def test_its_object_storage_overlay_keeps_files_in_a_bucket_and_mounts_no_volume():
    objects = render("overlays/object-storage")

    assert objects["ConfigMap", "mieux-config"]["data"]["FILE_STORAGE"] == "s3"
    assert ("PersistentVolumeClaim", "mieux-files") not in objects
    for doc in objects.values():
        if doc["kind"] in ("Deployment", "Job", "CronJob"):
            assert "mieux-files" not in str(pod_spec(doc)), key(doc)


def test_its_config_sets_only_variables_the_settings_read():
    for folder in FOLDERS:
        data = render(folder)["ConfigMap", "mieux-config"]["data"]

        assert set(data) <= settings_variables(), folder
