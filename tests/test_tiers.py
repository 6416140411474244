"""``llmkit:tiers: guide`` deploys the guide's 7B/13B/70B tiers: one vLLM fleet per tier, sized by
the capacity model for its share, and a router that sends simple/medium/complex queries to them."""

from __future__ import annotations

import asyncio
import base64
import json
import shlex
from decimal import Decimal

import pytest
import yaml

from _stack_plans import config, recorded
from llmkit.components.boot import complexity_router as hook
from llmkit.components.checkpoints import servable_dtypes
from llmkit.components.routing import share_threshold
from llmkit.components.spec import build_spec
from llmkit.core.errors import UserError
from llmkit.pricing.model.capacity import size_gpu_fleet
from llmkit.pricing.model.hybrid import GUIDE_TIERS
from llmkit.pricing.model.selfhosted import _share_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CLOUDS = ("aws", "azure", "gcp")
TIERS = (("llmkit:tiers", "guide"),)


def tiers_spec(cloud: str):
    name = f"hybrid-{cloud}"
    return build_spec({**config(name), "llmkit:tiers": "guide"}, name)


def documents(cloud: str) -> list[str]:
    """Every cloud-init document of the tiers stack's servers (GPU tiers and routers)."""
    docs = []
    for r in recorded(f"hybrid-{cloud}", TIERS):
        if r.type == "aws:ec2/launchTemplate:LaunchTemplate":
            docs.append(base64.b64decode(r.inputs["userData"]).decode())
        elif r.type == "azure-native:compute:VirtualMachineScaleSet":
            docs.append(base64.b64decode(r.inputs["virtualMachineProfile"]["osProfile"]["customData"]).decode())
        elif r.type == "gcp:compute/instanceTemplate:InstanceTemplate":
            docs.append(r.inputs["metadata"]["user-data"])
    return docs


def written(doc: str) -> dict[str, str]:
    return {f["path"]: f["content"] for f in yaml.safe_load(doc)["write_files"]}


def served_models(cloud: str) -> list[str]:
    names = []
    for doc in documents(cloud):
        unit = written(doc).get("/etc/systemd/system/llmkit-vllm.service")
        if unit:
            argv = shlex.split(next(line for line in unit.splitlines() if line.startswith("ExecStart=")))
            names.append(argv[argv.index("--served-model-name") + 1])
    return sorted(names)


def gpu_groups(cloud: str) -> list[tuple[str, int]]:
    """(instance type, desired size) of every GPU group in the tiers stack's plan."""
    resources = recorded(f"hybrid-{cloud}", TIERS)
    if cloud == "aws":
        templates = {r.name.removesuffix("-lt"): r.inputs["instanceType"] for r in resources
                     if r.type == "aws:ec2/launchTemplate:LaunchTemplate" and "-gpu" in r.name}
        return sorted((templates[r.name.removesuffix("-asg")], int(r.inputs["desiredCapacity"])) for r in resources
                      if r.type == "aws:autoscaling/group:Group" and r.name.removesuffix("-asg") in templates)
    if cloud == "azure":
        return sorted((r.inputs["sku"]["name"], int(r.inputs["sku"]["capacity"])) for r in resources
                      if r.type == "azure-native:compute:VirtualMachineScaleSet" and "-vllm" in r.name)
    templates = {r.name.removesuffix("-std-tpl"): r.inputs["machineType"] for r in resources
                 if r.type == "gcp:compute/instanceTemplate:InstanceTemplate" and "-vllm" in r.name}
    return sorted((templates[r.name.removesuffix("-group")], int(r.inputs["targetSize"])) for r in resources
                  if r.type == "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager"
                  and r.name.removesuffix("-group") in templates)


@pytest.mark.parametrize("cloud", CLOUDS)
def test_a_tiers_stack_plans_three_fleets_sized_by_the_capacity_model(cloud):
    spec = tiers_spec(cloud)
    assert [(t.tier, t.server.model_id, t.share_pct) for t in spec.model_tiers] == \
        [(t.name, t.model, t.share * 100) for t in GUIDE_TIERS]  # what `estimate --tiers guide` prices
    expected = []
    for tier in GUIDE_TIERS:  # the capacity model on each tier's share of the stack's workload
        sizing = size_gpu_fleet(_share_of(spec.workload, tier.share), tier.model, cloud, spec.region,
                                dtypes=servable_dtypes(tier.model))
        expected.append((sizing.instance_type, sizing.desired_replicas))
    assert [(t.fleet.instance_type, t.fleet.desired_size) for t in spec.model_tiers] == expected
    assert gpu_groups(cloud) == sorted(expected)
    assert served_models(cloud) == sorted(t.model for t in GUIDE_TIERS)
    # the 70B tier needs more GPU than the 7B one
    small, large = spec.model_tiers[0], spec.model_tiers[-1]
    assert large.fleet.hourly_usd > small.fleet.hourly_usd


@pytest.mark.parametrize("cloud", CLOUDS)
def test_the_router_routes_simple_medium_complex_to_small_medium_large(cloud):
    spec = tiers_spec(cloud)
    router_doc = next(d for d in documents(cloud) if "/etc/litellm/config.yaml" in written(d))
    files = written(router_doc)
    table = json.loads(files["/etc/litellm/routing.json"])
    assert [(r["tier"], r["model"]) for r in table["routes"]] == [
        ("simple", "mistral-7b"), ("medium", "llama-2-13b"), ("complex", "llama-3.1-70b")]
    mean = spec.workload.input_tokens
    assert [r["max_prompt_tokens"] for r in table["routes"]] == [share_threshold(mean, 70), share_threshold(mean, 90), None]
    litellm = yaml.safe_load(files["/etc/litellm/config.yaml"])
    bases = {m["model_name"]: m["litellm_params"]["api_base"] for m in litellm["model_list"]
             if m["litellm_params"]["model"].startswith("hosted_vllm/")}
    assert len({bases[t.model] for t in GUIDE_TIERS}) == 3  # each tier's own load balancer
    for tier in GUIDE_TIERS:  # every tier falls back to the hosted models
        assert {tier.model: list(spec.router.fallbacks)} in litellm["router_settings"]["fallbacks"]
    # and the hook does what the table says
    router = hook.ComplexityRouter(table)

    def route(text: str) -> str:
        data = {"model": "agent", "messages": [{"role": "user", "content": text}]}
        return asyncio.run(router.async_pre_call_hook(None, None, data, "completion"))["model"]

    assert route("What are your opening hours?") == "mistral-7b"
    assert route("x" * 4 * 900) == "llama-2-13b"  # between the 70 % and 90 % quantiles
    assert route("x" * 4 * 1500) == "llama-3.1-70b"
    assert route("Compare these two contracts") == "llama-3.1-70b"


def test_a_tiers_stack_previews_with_every_fleet_priced(cli, tmp_path):
    stack = {"config": {**config("hybrid-gcp"), "llmkit:tiers": "guide"}}
    (tmp_path / "Pulumi.tiers-gcp.yaml").write_text(yaml.safe_dump(stack))
    result = cli("preview", "--stack", "tiers-gcp", "--stacks-dir", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    groups = [r for p in doc["projects"] for r in p["breakdown"]["resources"]
              if r["resourceType"].endswith("RegionInstanceGroupManager") and "-vllm" in r["name"]]
    assert len(groups) == 3 and all(Decimal(g["monthlyCost"]) > 0 for g in groups)
    # every query is served by a local tier: hosted tokens are not billed (they are fallbacks)
    tokens = [c for p in doc["projects"] for r in p["breakdown"]["resources"] for c in r.get("costComponents", [])
              if c["name"].startswith(("Input tokens", "Output tokens"))]
    assert tokens and all(Decimal(c.get("monthlyCost") or 0) == 0 for c in tokens)


@pytest.mark.parametrize("tiers, message", [
    ("small=mistral-7b:70,large=gpt-4o:30", "open model"),
    ("small=mistral-7b:70,large=llama-3.1-70b:20", "adding up to 100"),
    ("only=mistral-7b:100", "two or three tiers"),
    ("nonsense", "tiers look like"),
])
def test_bad_tiers_are_a_clear_exit_2(tiers, message):
    with pytest.raises(UserError, match=message):
        build_spec({**config("hybrid-aws"), "llmkit:tiers": tiers}, "hybrid-aws")


def test_custom_tiers_deploy_as_given():
    spec = build_spec({**config("hybrid-aws"), "llmkit:tiers": "small=mistral-7b:80,large=llama-3.1-8b:20"}, "hybrid-aws")
    assert [t.server.model_id for t in spec.model_tiers] == ["mistral-7b", "llama-3.1-8b"]
    assert [r.tier for r in spec.router.routes] == ["simple", "complex"]
    assert spec.router.local_share_pct == 100  # every query local; hosted models only as fallback
