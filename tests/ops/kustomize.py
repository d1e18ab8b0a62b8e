"""Render a kustomization as `kubectl kustomize` does, for the features deploy/kubernetes uses.

CI machines may have no kubectl: this renderer stands in, and wherever kubectl exists the
tests check both give the same objects. Supported: `resources` (files and folders with their
own kustomization), `namespace`, `images`, `replicas` and strategic-merge `patches` (lists
merged by their Kubernetes merge key, `$patch: delete` on objects and list items). Anything
else in a kustomization.yaml is refused, so a new feature cannot be silently ignored.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

Doc = dict[str, Any]
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"}
# Kubernetes' patchMergeKey of the list fields the manifests use.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "volumes": "name",
    "env": "name",
    "envFrom": None,  # replaced whole
    "volumeMounts": "mountPath",
    "ports": "containerPort",
}
POD_TEMPLATES = {
    "Deployment": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}


def load_all(path: Path) -> list[Doc]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def key(doc: Doc) -> tuple[str, str]:
    return doc["kind"], doc["metadata"]["name"]


def merge(base: Any, patch: Any, field: str = "") -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for name, value in patch.items():
            merged[name] = merge(base.get(name), value, name) if name in base else value
        return merged
    merge_key = MERGE_KEYS.get(field)
    if isinstance(base, list) and isinstance(patch, list) and merge_key:
        merged_list = [dict(item) for item in base]
        for item in patch:
            index = next(
                (n for n, old in enumerate(merged_list) if old[merge_key] == item[merge_key]),
                None,
            )
            if item.get("$patch") == "delete":
                if index is not None:
                    merged_list.pop(index)
            elif index is None:
                merged_list.append(item)
            else:
                merged_list[index] = merge(merged_list[index], item)
        return merged_list
    return copy.deepcopy(patch)


def containers(doc: Doc) -> list[Doc]:
    spec: Any = doc
    for step in POD_TEMPLATES.get(doc["kind"], ()):
        spec = spec.get(step, {}) if isinstance(spec, dict) else {}
    return [*spec.get("containers", []), *spec.get("initContainers", [])]


def render_python(folder: Path) -> list[Doc]:
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text(encoding="utf-8"))
    unknown = set(kustomization) - SUPPORTED
    assert not unknown, f"{folder}: the test's renderer does not know {sorted(unknown)}"
    docs: list[Doc] = []
    for resource in kustomization.get("resources", []):
        path = folder / resource
        docs += render_python(path) if path.is_dir() else load_all(path)
    for patch_ref in kustomization.get("patches", []):
        for patch in load_all(folder / patch_ref["path"]):
            index = next(n for n, doc in enumerate(docs) if key(doc) == key(patch))
            if patch.get("$patch") == "delete":
                docs.pop(index)
            else:
                docs[index] = merge(docs[index], patch)
    for doc in docs:
        if "namespace" in kustomization:
            doc["metadata"]["namespace"] = kustomization["namespace"]
        for image in kustomization.get("images", []):
            for container in containers(doc):
                if container["image"].split(":")[0] == image["name"]:
                    container["image"] = f"{image['newName']}:{image['newTag']}"
        for replicas in kustomization.get("replicas", []):
            if doc["metadata"]["name"] == replicas["name"] and "replicas" in doc.get("spec", {}):
                doc["spec"]["replicas"] = replicas["count"]
    return docs


def render_kubectl(folder: Path) -> list[Doc] | None:
    """kubectl's own rendering, or None where kubectl is not installed."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        return None
    result = subprocess.run(  # noqa: S603 - kubectl, no shell
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True
    )
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]
