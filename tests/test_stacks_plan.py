"""Every reference stack, planned offline under mocks: graph, instance types, labels, expiry,
replica counts from the capacity model, and the preview-shaped plan document."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
from collections import Counter
from decimal import Decimal

import pytest

from _cloud_graph import COMPONENT, the_component, walk
from _stack_plans import STANDARD_KEYS, by_type, config, labels_of, recorded, run_on_a_terminal
from llmkit.components.spec import build_spec, workload_from_config
from test_boot import assert_valid_cloud_config
from llmkit.components.tags import EXPIRES_AT, parse_expires_at, standard_labels
from llmkit.offline_plan import UNKNOWN, plan_stack
from llmkit.stacks import SECRET_PLACEHOLDER, stack_names
from llmkit.pricing.model.capacity import size_gpu_fleet

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # provider SDK imports

STACKS = stack_names()
ARCH_CLOUD = [f"{a}-{c}" for a in ("gpu", "api", "hybrid") for c in ("aws", "azure", "gcp")]
GPU_STACKS = [s for s in STACKS if config(s).get("llmkit:architecture") in ("gpu", "hybrid")]


@functools.lru_cache(maxsize=None)
def document(name: str) -> dict:
    return plan_stack(name)


def test_the_twelve_reference_stacks_exist():
    assert set(STACKS) == set(ARCH_CLOUD) | {"startup-mvp", "healthcare", "enterprise-support"}


def test_scenario_stacks_follow_the_guide():
    mvp, health, ent = config("startup-mvp"), config("healthcare"), config("enterprise-support")
    assert (mvp["llmkit:architecture"], mvp["llmkit:users"], json.loads(mvp["llmkit:hostedModels"])) == ("api", "50", ["gpt-4o-mini"])
    assert (health["llmkit:architecture"], health["llmkit:model"], health["llmkit:users"], health["llmkit:protect"]) == (
        "gpu", "llama-3.1-70b", "200", "true")
    assert (ent["llmkit:architecture"], ent["llmkit:model"], ent["llmkit:users"]) == ("hybrid", "mistral-7b", "1000")
    assert json.loads(ent["llmkit:hostedModels"])[0].startswith("gpt-4")
    for name in STACKS:  # reference stacks never hold secrets, encrypted or not
        assert not any(k.lower().endswith(("apikeys", "password", "token")) for k in config(name)), name


@pytest.mark.parametrize("name", STACKS)
def test_one_component_of_the_stack_architecture_parents_everything(name):
    resources = recorded(name)
    the_component(resources, config(name)["llmkit:architecture"], config(name).get("llmkit:cloud", "aws"))
    assert sum(r.custom for r in resources) >= 15


@pytest.mark.parametrize("name", STACKS)
def test_every_taggable_resource_carries_the_standard_labels(name):
    cfg = config(name)
    expected = standard_labels(name, cfg["llmkit:architecture"], cfg.get("llmkit:owner", "unknown"))
    resources = recorded(name)
    taggable = [r for r in resources if r.custom and labels_of(r) is not None]
    assert len(taggable) >= 5, "too few taggable resources: is label detection broken?"
    for r in taggable:
        labels = labels_of(r)
        for key in STANDARD_KEYS:
            assert labels.get(key) == expected[key], f"{r.type} {r.name}: {key}"


@pytest.mark.parametrize("name", [s for s in STACKS if "llmkit:ttl" in config(s) or "llmkit:expiresAt" in config(s)])
def test_expiring_stacks_carry_one_future_expiry_on_every_taggable_resource(name):
    stamps = {labels_of(r).get(EXPIRES_AT) for r in recorded(name) if r.custom and labels_of(r) is not None}
    assert len(stamps) == 1 and None not in stamps, stamps
    when = parse_expires_at(stamps.pop())
    assert when > dt.datetime.now(dt.timezone.utc)


@pytest.mark.parametrize("name", [s for s in STACKS if "llmkit:ttl" not in config(s) and "llmkit:expiresAt" not in config(s)])
def test_long_lived_stacks_carry_no_expiry(name):
    assert all(EXPIRES_AT not in (labels_of(r) or {}) for r in recorded(name))


@pytest.mark.parametrize("name", STACKS)
def test_instance_types_are_the_ones_the_spec_chose(name):
    spec = build_spec(config(name), name)
    used = {v for r in recorded(name) for v in walk(r.inputs) if isinstance(v, str)}
    wanted = [spec.vector_db.instance_type]
    if spec.gpu_fleet:
        wanted.append(spec.gpu_fleet.instance_type)
    if spec.api_fleet:
        wanted.append(spec.api_fleet.instance_type)
    for instance_type in wanted:
        assert instance_type in used, instance_type


TEST_KEYS = {"openai": "sk-live-STACK-KEY-1", "anthropic": "sk-ant-STACK-KEY-2", "gemini": "gm-STACK-KEY-3", "router": "rk-STACK-KEY-4"}
SERVER_TYPES = {  # resources that boot servers, and where their cloud-init lives
    "aws:ec2/launchTemplate:LaunchTemplate": lambda i: base64.b64decode(i["userData"]).decode(),
    "aws:ec2/instance:Instance": lambda i: i["userData"],
    "azure-native:compute:VirtualMachineScaleSet": lambda i: base64.b64decode(i["virtualMachineProfile"]["osProfile"]["customData"]).decode(),
    "azure-native:compute:VirtualMachine": lambda i: base64.b64decode(i["osProfile"]["customData"]).decode(),
    "gcp:compute/instanceTemplate:InstanceTemplate": lambda i: i["metadata"]["user-data"],
    "gcp:compute/instance:Instance": lambda i: i["metadata"]["user-data"],
}


@pytest.mark.parametrize("name", STACKS)
def test_every_server_boots_from_a_valid_cloud_config_without_api_keys(name, tmp_path):
    resources = recorded(name, (("llmkit:apiKeys", json.dumps(TEST_KEYS)),))
    servers = [r for r in resources if r.type in SERVER_TYPES]
    spec = build_spec(config(name), name)
    fleets = [f for f in (spec.gpu_fleet, spec.api_fleet) if f is not None]
    # at least one group per fleet (GCP adds a spot template for mixed pricing) and the vector DB server
    assert len(servers) >= len(fleets) + 1, [r.name for r in servers]
    for server in servers:
        document = SERVER_TYPES[server.type](server.inputs)
        assert document.startswith("#cloud-config\n"), f"{server.name}: user data not rendered"
        assert_valid_cloud_config(document, tmp_path, server.name)
        for key in TEST_KEYS.values():
            assert key not in document, f"{server.name}: an API key value is in its user data"


def _gpu_desired(name: str, resources) -> int:
    cloud = config(name)["llmkit:cloud"]
    spec = build_spec(config(name), name)
    if cloud == "aws":
        groups = [r for r in by_type(resources, "aws:autoscaling/group:Group") if r.name.endswith("-gpu-asg")]
        return int(groups[0].inputs["desiredCapacity"])
    if cloud == "azure":
        sets = [r for r in by_type(resources, "azure-native:compute:VirtualMachineScaleSet")
                if r.inputs["sku"]["name"] == spec.gpu_fleet.instance_type]
        return int(sets[0].inputs["sku"]["capacity"])
    groups = [r for r in by_type(resources, "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager") if "gpu" in r.name or "vllm" in r.name]
    return int(groups[0].inputs["targetSize"])


@pytest.mark.parametrize("name", GPU_STACKS)
def test_more_users_means_the_replicas_the_capacity_model_asks_for(name):
    cfg = dict(config(name))
    region = cfg.get({"aws": "aws:region", "azure": "azure-native:location", "gcp": "gcp:region"}[cfg["llmkit:cloud"]])
    users = int(cfg["llmkit:users"]) * 20
    cfg["llmkit:users"] = str(users)
    workload = workload_from_config(cfg)
    if cfg["llmkit:architecture"] == "hybrid":
        share = Decimal(cfg.get("llmkit:localSharePct", "80")) / 100
        workload = workload.__class__(**{**workload.__dict__, "queries_per_user_per_day": workload.queries_per_user_per_day * share})
    before = size_gpu_fleet(workload_from_config(config(name)) if cfg["llmkit:architecture"] == "gpu" else workload.scaled(users // 20),
                            cfg["llmkit:model"], cfg["llmkit:cloud"], region)
    after = size_gpu_fleet(workload, cfg["llmkit:model"], cfg["llmkit:cloud"], region)
    assert after.desired_replicas > before.desired_replicas, "the bigger workload should need more replicas"
    assert _gpu_desired(name, recorded(name)) == before.desired_replicas
    assert _gpu_desired(name, recorded(name, (("llmkit:users", str(users)),))) == after.desired_replicas


@pytest.mark.parametrize("name", STACKS)
def test_plan_document_has_the_preview_json_shape(name):
    doc = document(name)
    json.dumps(doc)  # plain JSON all the way down
    assert set(doc) >= {"config", "steps", "changeSummary"}
    stack_config = config(name)
    assert set(doc["config"]) == set(stack_config)
    steps = doc["steps"]
    assert steps[0]["newState"]["type"] == "pulumi:pulumi:Stack"
    assert doc["changeSummary"] == {"create": len(steps)}
    urns = {s["urn"] for s in steps}
    assert len(urns) == len(steps), "URNs must be unique"
    for step in steps:
        state = step["newState"]
        assert step["op"] == "create" and state["urn"] == step["urn"]
        assert set(state) >= {"urn", "type", "custom", "inputs", "parent"}
        if state["type"] != "pulumi:pulumi:Stack":
            assert state["parent"] in urns
        if state["custom"]:
            assert step["provider"].startswith(f"urn:pulumi:{name}::llmkit::pulumi:providers:{state['type'].split(':')[0]}::")
    kinds = {s["newState"]["type"]: s["newState"]["custom"] for s in steps}
    assert kinds[f"llmkit:{stack_config.get('llmkit:cloud', 'aws')}:{COMPONENT[stack_config['llmkit:architecture']]}"] is False


def test_plan_shows_cloud_computed_values_as_unknown_and_secrets_masked():
    doc = plan_stack("api-aws", overrides={"llmkit:apiKeys": '{"openai": "sk-live-DO-NOT-LEAK-1", "router": "rk-DO-NOT-LEAK-2"}'})
    text = json.dumps(doc)
    assert "DO-NOT-LEAK" not in text
    assert doc["config"]["llmkit:apiKeys"] == SECRET_PLACEHOLDER
    versions = [s for s in doc["steps"] if s["newState"]["type"] == "aws:secretsmanager/secretVersion:SecretVersion"]  # openai, router, the generated vector DB key and response-cache token
    assert len(versions) == 4 and all(v["newState"]["inputs"]["secretString"] == SECRET_PLACEHOLDER for v in versions)
    templates = [s for s in doc["steps"] if s["newState"]["type"] == "aws:ec2/launchTemplate:LaunchTemplate"]
    assert templates and all(t["newState"]["inputs"]["iamInstanceProfile"]["arn"] == UNKNOWN for t in templates)


def test_main_builds_the_stack_from_engine_config_and_import_creates_nothing(run_pulumi):
    import runpy

    from _stack_plans import recorded as planned
    from llmkit.offline_plan import _offline_mocks, invokes

    cfg = config("api-aws")
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    # imported under another name (as tools and tests do), the program registers nothing
    assert run_pulumi(lambda: runpy.run_path(str(root / "__main__.py"), run_name="llmkit_main"), config=cfg,
                      stack="api-aws", mocks=_offline_mocks(invokes(cfg), False)) == []
    ran = run_pulumi(lambda: runpy.run_path(str(root / "__main__.py"), run_name="__main__"), config=cfg,
                     stack="api-aws", mocks=_offline_mocks(invokes(cfg), False))
    assert sorted(r.urn for r in ran) == sorted(r.urn for r in planned("api-aws"))


def test_cli_plan_writes_the_document_atomically(cli, tmp_path):
    out = tmp_path / "plan.json"
    result = cli("plan", "--stack", "startup-mvp", "--out", str(out), "--format", "markdown")
    assert result.code == 0, result.err
    assert "| aws:ec2/subnet:Subnet | resource | 4 |" in result.out
    doc = json.loads(out.read_text())
    assert doc["changeSummary"]["create"] == len(doc["steps"]) == len(document("startup-mvp")["steps"])
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"], "no temp files left behind"


def test_cli_plan_json_and_overrides(cli):
    result = cli("plan", "--stack", "startup-mvp", "--set", "users=50000", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["config"]["llmkit:users"] == "50000"
    asg = next(s for s in doc["steps"] if s["newState"]["type"] == "aws:autoscaling/group:Group")
    assert asg["newState"]["inputs"]["desiredCapacity"] > 2  # a bigger router fleet for 1000x the users


@pytest.mark.parametrize("argv, message", [
    (["--stack", "gpu-awz"], "did you mean gpu-aws"),
    (["--stack", "gpu-aws", "--set", "users=lots"], "llmkit:users must be a whole number"),
    (["--stack", "gpu-aws", "--set", "novalue"], "--set takes KEY=VALUE"),
])
def test_cli_plan_bad_input_is_one_line_exit_2_and_writes_nothing(cli, tmp_path, argv, message):
    out = tmp_path / "plan.json"
    result = cli("plan", *argv, "--out", str(out))
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert not out.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["gpu-aws", "hybrid-azure", "api-gcp"])
def test_the_preview_reader_reads_plan_documents_with_their_region(name):
    from llmkit.pricing.preview.plan import read_document

    doc = document(name)
    plan = read_document(json.dumps(doc))
    custom = [s for s in doc["steps"] if s["newState"]["custom"]]
    assert len(plan.resources) == len(custom)
    region = build_spec(config(name), name).region
    regions = Counter(r.region for r in plan.resources)
    assert regions.most_common(1)[0][0] == region
    assert set(regions) <= {region, "global"}  # e.g. Azure budgets and role assignments are global
    assert {r.op for r in plan.resources} == {"create"}


def test_a_stack_loads_only_its_own_cloud_sdk():
    import subprocess
    import sys

    code = (
        "import sys; from llmkit.offline_plan import plan_stack; plan_stack('api-gcp'); "
        "print(sorted(m for m in ('pulumi_aws', 'pulumi_azure_native', 'pulumi_gcp') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                            cwd=__import__("pathlib").Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "['pulumi_gcp']"


def test_write_atomically_leaves_the_old_file_or_nothing(tmp_path, monkeypatch):
    import os

    from llmkit.core.files import write_atomically

    target = tmp_path / "plan.json"
    write_atomically(target, "old\n")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"], "the temp file is cleaned up"


def test_piped_plan_shows_no_progress_only_the_document():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "llmkit", "plan", "--stack", "startup-mvp", "--format", "json"],
                            capture_output=True, text=True, timeout=300, cwd=__import__("pathlib").Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == "", "no spinner or progress text when stderr is not a terminal"
    assert json.loads(result.stdout)["changeSummary"]["create"] == len(document("startup-mvp")["steps"])


def test_on_a_terminal_plan_shows_a_spinner_on_stderr_and_keeps_stdout_clean(monkeypatch):
    code, out, err = run_on_a_terminal(monkeypatch, "plan", "--stack", "startup-mvp", "--format", "json")
    assert code == 0, err
    assert "Planning stack startup-mvp" in err
    assert "\x1b" not in out and json.loads(out)["config"]["llmkit:cloud"] == "aws"
