"""The component package (provider/): the schema the Pulumi SDK infers for the nine components,
and a component constructed the way the host constructs it (inputs as a dict, its own token).
Both run in a process of their own, as the plugin does (tests/_package_host.py says why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from llmkit.components.architecture import NAMES, args_fields, component_class
from llmkit.components.args import config_key
from llmkit.components.package import PACKAGE

ROOT = Path(__file__).resolve().parents[1]
CLOUD_PREFIX = {"aws": "Aws", "azure": "Azure", "gcp": "Gcp"}  # the names TypeScript and YAML programs use
KINDS = [(cloud, arch) for cloud in CLOUD_PREFIX for arch in NAMES]
TYPES = {
    "users": "integer", "queriesPerUserPerDay": "number", "inputTokens": "integer", "outputTokens": "integer",
    "replicas": "integer", "pricing": "string", "budget": "number", "owner": "string", "ttl": "string",
    "expiresAt": "string", "protect": "boolean", "billingAccount": "string", "tlsCertificate": "string",
    "region": "string", "stack": "string", "model": "string", "dtype": "string", "spotSharePct": "integer",
    "localSharePct": "integer",
}


def _host(what: str) -> dict:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "_package_host.py"), what], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def package_schema() -> dict:
    return _host("schema")


def _token(cloud: str, architecture: str) -> str:
    return f"{PACKAGE}:index:{CLOUD_PREFIX[cloud]}{NAMES[architecture]}"


def test_the_package_offers_the_nine_components(package_schema):
    assert package_schema["name"] == "llmkit"
    assert set(package_schema["resources"]) == {_token(c, a) for c, a in KINDS}
    assert all(r["isComponent"] for r in package_schema["resources"].values())
    assert package_schema["language"]["python"]  # the SDK generator knows where the Python module is


@pytest.mark.parametrize(("cloud", "architecture"), KINDS)
def test_inputs_are_the_args_fields_all_optional_with_their_types(package_schema, cloud, architecture):
    resource = package_schema["resources"][_token(cloud, architecture)]
    inputs = resource["inputProperties"]
    assert set(inputs) == {config_key(f) for f in args_fields(architecture)}
    assert not resource.get("requiredInputs"), "every option has the stack config's default"
    for key, prop in inputs.items():
        if key in TYPES:
            assert prop["type"] == TYPES[key], key
    if "hostedModels" in inputs:
        assert inputs["hostedModels"]["type"] == "array" and inputs["hostedModels"]["items"]["type"] == "string"
    assert inputs["alertEmails"]["items"]["type"] == "string"
    assert inputs["apiKeys"]["type"] == "object" and inputs["apiKeys"]["additionalProperties"]["type"] == "string"
    assert "_catalog" not in inputs and "catalog" not in inputs


@pytest.mark.parametrize(("cloud", "architecture"), KINDS)
def test_outputs_are_the_python_classes_output_attributes(package_schema, cloud, architecture):
    resource = package_schema["resources"][_token(cloud, architecture)]
    python_outputs = component_class(cloud, architecture).output_names()
    assert set(resource["properties"]) == {config_key(name) for name in python_outputs}
    assert all(p["type"] == "string" for p in resource["properties"].values())
    assert "endpoint" in resource["properties"] and "vectorDbUrl" in resource["properties"]


def test_the_host_constructs_a_component_from_a_dict_of_inputs_under_its_own_token():
    made = _host("construct")
    recorded = made["recorded"]
    component = next(r for r in recorded if not r["custom"])
    assert (component["type"], component["name"], component["alias_types"]) == ("llmkit:index:AwsGpuCluster", "chat", [])
    assert made["state"] == sorted(["endpoint", "modelBucket", "vectorDbUrl", "gpuGroup"])
    subscriptions = [r for r in recorded if r["type"] == "aws:sns/topicSubscription:TopicSubscription"]
    assert [s["inputs"]["endpoint"] for s in subscriptions] == ["ops@example.com"]
    blocks = {r["urn"] for r in recorded if not r["custom"] and r["parent"] == component["urn"]}
    assert len(blocks) >= 4 and all(r["parent"] in blocks for r in recorded if r["custom"])


def test_the_plugin_folder_runs_the_host_on_python():
    plugin = yaml.safe_load((ROOT / "provider" / "PulumiPlugin.yaml").read_text())
    assert plugin["runtime"]["name"] == "python"
    main = (ROOT / "provider" / "__main__.py").read_text()
    assert "component_provider_host(" in main and "llmkit.components.package" in main
