"""The components as a library: typed Args, outputs as attributes, per-cloud type tokens.

A user's Pulumi program (no stack config, no llmkit:* keys) builds a component from its Args
class and reads its outputs; the stack-config path builds the same Args and the same spec.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Optional

import pulumi
import pytest

from _stack_plans import config as stack_config
from _cloud_graph import the_component
from llmkit.components.architecture import NAMES, args_fields, component_class, output_attribute
from llmkit.components.args import ARGS, ApiTierArgs, GpuClusterArgs, HybridDeploymentArgs, config_key
from llmkit.components.spec import CONFIG_KEYS, build_spec
from llmkit.core.errors import UserError
from llmkit.mockrun import run_program
from llmkit.offline_plan import _offline_mocks, invokes
from llmkit.stacks import stack_names

CLOUDS = ("aws", "azure", "gcp")
# What each cloud's components export today (the names __main__.py exports), by architecture.
OUTPUTS = {
    ("aws", "gpu"): {"endpoint", "modelBucket", "vectorDbUrl", "gpuGroup"},
    ("aws", "api"): {"endpoint", "vectorDbUrl", "routerGroup"},
    ("aws", "hybrid"): {"endpoint", "modelBucket", "vectorDbUrl", "gpuGroup", "routerGroup"},
    ("azure", "gpu"): {"resourceGroup", "endpoint", "modelCacheUrl", "keyVaultUri", "vectorDbUrl"},
    ("azure", "api"): {"resourceGroup", "endpoint", "keyVaultUri", "vectorDbUrl"},
    ("azure", "hybrid"): {"resourceGroup", "endpoint", "modelCacheUrl", "vllmInternalUrl", "keyVaultUri", "vectorDbUrl"},
    ("gcp", "gpu"): {"endpoint", "modelCacheUrl", "vectorDbUrl"},
    ("gcp", "api"): {"endpoint", "vectorDbUrl"},
    ("gcp", "hybrid"): {"endpoint", "modelCacheUrl", "vllmInternalUrl", "vectorDbUrl"},
}


def test_every_stack_config_key_is_an_args_field_and_nothing_else_is():
    fields = {name for arch in ARGS for name in args_fields(arch)}
    options = {config_key(f) for f in fields} - {"region", "stack", "apiKeys"}
    assert options == set(CONFIG_KEYS) - {"architecture", "cloud", "apiKeys"}
    assert {"region", "stack", "api_keys"} <= fields  # the provider's region key, the name, the keys secret


@pytest.mark.parametrize("architecture", ["gpu", "api", "hybrid"])
def test_default_args_decide_what_an_empty_stack_config_decides(architecture):
    from _spec_fakes import FakeCatalog, FakeSizer

    from_args = build_spec(ARGS[architecture]().to_config("aws", architecture), "s", catalog=FakeCatalog(), sizer=FakeSizer())
    from_config = build_spec({"llmkit:architecture": architecture}, "s", catalog=FakeCatalog(), sizer=FakeSizer())
    assert from_args == from_config


@pytest.mark.parametrize("name", stack_names())
def test_the_stack_config_path_builds_args_that_decide_the_same_spec(name):
    config = {k: v for k, v in stack_config(name).items() if k != "llmkit:apiKeys"}
    architecture = config.get("llmkit:architecture", "gpu")
    cloud = config.get("llmkit:cloud", "aws")
    args = ARGS[architecture].from_config(config)
    assert isinstance(args, ARGS[architecture])
    assert build_spec(args.to_config(cloud, architecture), name) == build_spec(config, name)


@pytest.mark.parametrize(
    ("args", "key", "value", "message"),
    [
        (GpuClusterArgs(users=0), "users", "0", "llmkit:users must be from 1"),
        (GpuClusterArgs(spot_share_pct=150), "spotSharePct", "150", "llmkit:spotSharePct must be between 0 and 100"),
        (GpuClusterArgs(pricing="cheap"), "pricing", "cheap", "llmkit:pricing must be one of"),
        (GpuClusterArgs(dtype="fp4"), "dtype", "fp4", "llmkit:dtype must be one of"),
        (HybridDeploymentArgs(local_share_pct=0), "localSharePct", "0", "llmkit:localSharePct must be above 0"),
        (ApiTierArgs(budget=-5), "budget", "-5", "llmkit:budget must be a positive number"),
        (ApiTierArgs(ttl="soon"), "ttl", "soon", "ttl"),
    ],
)
def test_args_are_validated_with_the_stack_configs_errors(args, key, value, message):
    from _spec_fakes import FakeCatalog, FakeSizer

    architecture = next(a for a, cls in ARGS.items() if type(args) is cls)
    with pytest.raises(UserError) as from_args:
        build_spec(args.to_config("aws", architecture), "s", catalog=FakeCatalog(), sizer=FakeSizer())
    with pytest.raises(UserError) as from_config:
        build_spec({"llmkit:architecture": architecture, f"llmkit:{key}": value}, "s", catalog=FakeCatalog(), sizer=FakeSizer())
    assert str(from_args.value) == str(from_config.value)
    assert message in str(from_args.value)


def test_malformed_config_fails_reading_args_as_it_fails_building_the_spec():
    for key, value in (("users", "many"), ("queriesPerUserPerDay", "lots"), ("protect", "yes"), ("alertEmails", "[1]")):
        config = {"llmkit:architecture": "gpu", f"llmkit:{key}": value}
        with pytest.raises(UserError) as reading:
            GpuClusterArgs.from_config(config)
        with pytest.raises(UserError) as building:
            build_spec(config, "s")
        assert str(reading.value) == str(building.value)
    with pytest.raises(UserError, match="llmkit:replica"):
        GpuClusterArgs.from_config({"llmkit:replica": "2"})  # a typo, as build_spec says


def test_an_api_stacks_model_key_names_its_hosted_model():
    args = ApiTierArgs.from_config({"llmkit:architecture": "api", "llmkit:model": "gpt-4o"})
    assert isinstance(args, ApiTierArgs) and args.hosted_models == ["gpt-4o"]


@pytest.mark.parametrize("cloud", CLOUDS)
@pytest.mark.parametrize("architecture", ["gpu", "api", "hybrid"])
def test_each_class_has_its_clouds_token_and_declares_what_it_exports(cloud, architecture):
    cls = component_class(cloud, architecture)
    assert cls.__name__ == NAMES[architecture]
    assert cls.type_token() == f"llmkit:{cloud}:{NAMES[architecture]}"
    assert set(cls.output_names()) == {output_attribute(k) for k in OUTPUTS[cloud, architecture]}


# --- a user's own program, under the SDK's mocks ----------------------------------------------

def _run_user_program(program: Any, provider_config: dict[str, str], mock_config: dict[str, str],
                      registered: Optional[dict[str, Any]] = None) -> list:
    """Run ``program`` as a user's project ("shop") would: only provider config, no llmkit keys.
    ``registered`` receives what each component passed to register_outputs, by URN."""
    mocks = _offline_mocks(invokes(mock_config), computed=True)
    recorded = run_program(program, config=provider_config, project="shop", stack="dev", mocks=mocks)
    if registered is not None:
        registered.update(mocks.registered_outputs)
    return recorded


def _resolved(outputs: dict[str, pulumi.Output[Any]], into: dict[str, Any]) -> None:
    for key, output in outputs.items():
        output.apply(lambda value, key=key: into.__setitem__(key, value))


def test_a_user_program_builds_an_aws_gpu_cluster_from_args_and_reads_its_outputs():
    from llmkit.components.aws import GpuCluster, GpuClusterArgs

    seen: dict[str, Any] = {}
    made: dict[str, Any] = {}

    def program() -> None:
        cluster = GpuCluster("chat", GpuClusterArgs(model="llama-3.1-8b", users=250, owner="ml-team", region="us-west-2"))
        made["cluster"] = cluster
        _resolved({"endpoint": cluster.endpoint, "model_bucket": cluster.model_bucket,
                   "vector_db_url": cluster.vector_db_url, "gpu_group": cluster.gpu_group}, seen)
        pulumi.export("endpoint", cluster.endpoint)

    registered: dict[str, Any] = {}
    recorded = _run_user_program(program, {"aws:region": "us-west-2"}, {"aws:region": "us-west-2"}, registered)
    component = the_component(recorded, "gpu", "aws")  # its blocks parent every resource
    assert component.name == "chat"
    assert component.urn.startswith("urn:pulumi:dev::shop::") and component.urn.endswith("llmkit:aws:GpuCluster::chat")
    assert seen["endpoint"].startswith("http://chat-lb-") and seen["endpoint"].endswith(".elb.amazonaws.com")
    assert seen["model_bucket"].startswith("chat-models")
    assert seen["vector_db_url"] == "http://10.40.128.10:6333"
    assert seen["gpu_group"].startswith("chat-gpu-asg")
    assert registered[component.urn] == {"endpoint": seen["endpoint"], "modelBucket": seen["model_bucket"],
                                         "vectorDbUrl": seen["vector_db_url"], "gpuGroup": seen["gpu_group"]}
    spec = made["cluster"].spec
    assert (spec.region, spec.stack, spec.owner, spec.workload.users) == ("us-west-2", "chat", "ml-team", 250)
    asg = next(r for r in recorded if r.type == "aws:autoscaling/group:Group")
    assert {t["key"]: t["value"] for t in asg.inputs["tags"]}["llmkit-stack"] == "chat"


def test_the_region_defaults_to_the_providers_configured_region():
    from llmkit.components.aws import ApiTier, ApiTierArgs

    made: dict[str, Any] = {}
    _run_user_program(lambda: made.setdefault("tier", ApiTier("api", ApiTierArgs())),
                      {"aws:region": "eu-west-1"}, {"aws:region": "eu-west-1"})
    assert made["tier"].spec.region == "eu-west-1"


def test_a_user_program_passes_api_keys_in_args_and_they_reach_only_the_secret_store():
    from llmkit.components.aws import ApiTier, ApiTierArgs

    def program() -> None:
        ApiTier("api", ApiTierArgs(api_keys={"openai": pulumi.Output.secret("sk-user-program-key")}))

    recorded = _run_user_program(program, {}, {})
    versions = [r for r in recorded if r.type == "aws:secretsmanager/secretVersion:SecretVersion"]
    assert "api-keys-openai-value" in [v.name for v in versions]  # (the router's own key is generated)
    assert all(v.inputs["secretString"] == "[secret]" for v in versions)
    assert "sk-user-program-key" not in json.dumps([r.inputs for r in recorded])


def test_a_user_program_builds_an_azure_api_tier_from_args():
    from llmkit.components.azure import ApiTier, ApiTierArgs

    seen: dict[str, Any] = {}

    def program() -> None:
        tier = ApiTier("support", ApiTierArgs(hosted_models=["gpt-4o-mini", "claude-sonnet-4"], region="westeurope"))
        assert isinstance(tier.endpoint, pulumi.Output)  # the public IP: known only once Azure allocates it
        _resolved({"resource_group": tier.resource_group, "key_vault_uri": tier.key_vault_uri,
                   "vector_db_url": tier.vector_db_url}, seen)

    recorded = _run_user_program(program, {}, {})
    component = next(r for r in recorded if not r.custom)
    assert (component.type, component.alias_types) == ("llmkit:azure:ApiTier", ("llmkit:index:ApiTier",))
    assert seen["resource_group"] == "llmkit-support"
    assert seen["vector_db_url"].startswith("http://10.40.1.") and seen["vector_db_url"].endswith(":6333")
    assert set(seen) == {"resource_group", "key_vault_uri", "vector_db_url"}
    rg = next(r for r in recorded if r.type.endswith("ResourceGroup"))
    assert rg.inputs["location"] == "westeurope"


def test_a_user_program_builds_a_gcp_hybrid_deployment_from_args():
    from llmkit.components.gcp import HybridDeployment, HybridDeploymentArgs

    seen: dict[str, Any] = {}

    def program() -> None:
        hybrid = HybridDeployment("assist", HybridDeploymentArgs(local_share_pct=70, replicas=2))
        _resolved({"endpoint": hybrid.endpoint, "vllm_internal_url": hybrid.vllm_internal_url,
                   "model_cache_url": hybrid.model_cache_url, "vector_db_url": hybrid.vector_db_url}, seen)
        seen["spec"] = hybrid.spec

    recorded = _run_user_program(program, {"gcp:project": "shop-prod"}, {})
    component = next(r for r in recorded if not r.custom)
    assert (component.type, component.alias_types) == ("llmkit:gcp:HybridDeployment", ("llmkit:index:HybridDeployment",))
    assert seen["vllm_internal_url"] == "http://10.40.1.10:8000"
    assert seen["endpoint"].startswith("http://")
    assert seen["spec"].router.local_share_pct == 70 and seen["spec"].gpu_fleet.desired_size == 2
    assert seen["spec"].region == "us-central1"


def test_args_of_the_wrong_architecture_are_refused():
    from llmkit.components.aws import GpuCluster

    with pytest.raises(TypeError, match="GpuCluster takes GpuClusterArgs, not ApiTierArgs"):
        _run_user_program(lambda: GpuCluster("x", ApiTierArgs()), {}, {})  # type: ignore[arg-type]


def test_args_are_plain_dataclasses_with_the_documented_defaults():
    args = HybridDeploymentArgs()
    assert (args.users, args.queries_per_user_per_day, args.local_share_pct, args.model, args.hosted_models) == (
        100, 20.0, 80, "mistral-7b", ["gpt-4o"])
    assert dataclasses.replace(args, users=5).users == 5


def test_the_token_pricer_finds_the_router_tier_under_every_token():
    from llmkit.pricing.preview.resources.llm import is_tier

    for token in ("llmkit:aws:ApiTier", "llmkit:gcp:HybridDeployment", "llmkit:index:ApiTier", "llmkit:index:AzureHybridDeployment"):
        assert is_tier(token), token
    assert not any(is_tier(t) for t in ("llmkit:aws:GpuCluster", "llmkit:index:GpuCluster", "acme:index:ApiTier"))


def test_args_defaults_are_the_defaults_pulumi_yaml_declares():
    import yaml

    from conftest import ROOT

    declared = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["config"]
    for architecture, cls in ARGS.items():
        for field in dataclasses.fields(cls):
            default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
            key = f"llmkit:{config_key(field.name)}"
            if default is None or key not in declared or "default" not in declared[key]:
                continue
            if key == "llmkit:model" and architecture == "hybrid":
                assert default == "mistral-7b"  # Pulumi.yaml's default is the gpu architecture's
                continue
            assert default == declared[key]["default"], (architecture, key)
    assert declared["llmkit:spotSharePct"]["default"] == 0 and GpuClusterArgs().spot_share_pct is None  # None: 100 with spot, else 0
