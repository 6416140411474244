"""Each reference stack planned once per test session (mocks are slow-ish), and helpers that
read labels off recorded resources the way each cloud stores them."""

from __future__ import annotations

import base64
import functools
import importlib
import inspect
from typing import Any, Optional

from llmkit.mockrun import RecordedResource
from llmkit.offline_plan import record_stack
from llmkit.stacks import load_stack_config

STANDARD_KEYS = ("llmkit-managed", "llmkit-stack", "llmkit-architecture", "llmkit-owner")


@functools.lru_cache(maxsize=None)
def recorded(name: str, overrides: tuple[tuple[str, str], ...] = ()) -> tuple[RecordedResource, ...]:
    """The stack's resources with plausible computed outputs (so user data gets rendered)."""
    return tuple(record_stack(name, overrides=dict(overrides), computed=True))


def boot_documents(name: str) -> dict[str, str]:
    """role (vllm | router) -> the cloud-init document its servers boot with."""
    docs: dict[str, str] = {}
    for r in recorded(name):
        if r.type == "aws:ec2/launchTemplate:LaunchTemplate":
            role = "vllm" if r.name.endswith("-gpu-lt") else "router"
            docs[role] = base64.b64decode(r.inputs["userData"]).decode()
        elif r.type == "azure-native:compute:VirtualMachineScaleSet":
            role = "vllm" if "-vllm-" in r.name else "router"
            docs[role] = base64.b64decode(r.inputs["virtualMachineProfile"]["osProfile"]["customData"]).decode()
        elif r.type == "gcp:compute/instanceTemplate:InstanceTemplate":
            role = "vllm" if "-vllm-" in r.name else "router"
            docs[role] = r.inputs["metadata"]["user-data"]
    return docs


def config(name: str) -> dict[str, str]:
    return load_stack_config(name).config


def by_type(resources, type_token: str) -> list[RecordedResource]:
    return [r for r in resources if r.type == type_token]


def one(resources, type_token: str, name_suffix: str = "") -> RecordedResource:
    hits = [r for r in by_type(resources, type_token) if r.name.endswith(name_suffix)]
    assert len(hits) == 1, f"expected one {type_token} named *{name_suffix}, got {[h.name for h in hits]}"
    return hits[0]


@functools.lru_cache(maxsize=None)
def label_field(type_token: str) -> Optional[str]:
    """``tags`` (AWS, Azure) or ``labels`` (GCP) when the SDK resource class takes it (taggable)."""
    package, _, rest = type_token.partition(":")
    module_path, _, cls_name = rest.rpartition(":")
    module = module_path.split("/")[0]
    sdk = {"aws": "pulumi_aws", "azure-native": "pulumi_azure_native", "gcp": "pulumi_gcp"}.get(package)
    if sdk is None:
        return None
    mod = importlib.import_module(sdk if module == "index" else f"{sdk}.{module}")
    cls = getattr(mod, cls_name)
    params = inspect.signature(cls._internal_init).parameters
    # GCP resources also take ``tags``, but those are network tags (a list of strings).
    field = "labels" if package == "gcp" else "tags"
    return field if field in params else None


def labels_of(resource: RecordedResource) -> Optional[dict[str, Any]]:
    """The resource's labels as a dict (AWS Auto Scaling tags are a list of key/value objects)."""
    field = label_field(resource.type)
    if field is None:
        return None
    value = resource.inputs.get(field)
    if isinstance(value, list):
        return {t["key"]: t["value"] for t in value}
    return value or {}


def run_on_a_terminal(monkeypatch: Any, *argv: str) -> tuple[int, str, str]:
    """``llmkit ARGV`` in-process with stderr posing as a terminal: (exit code, stdout, stderr).
    For checking that progress shows on a terminal and never reaches stdout."""
    import io
    import sys
    from contextlib import redirect_stdout

    from llmkit.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err, out = Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    code = 0
    with redirect_stdout(out):
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code, out.getvalue(), err.getvalue()
