"""build_spec: every decision about a stack made once, from its config."""

from __future__ import annotations

from decimal import Decimal

import pytest

from _spec_fakes import FakeCatalog, FakeSizer
from llmkit.components.spec import API_INSTANCE_TYPES, DEFAULT_LOCAL_SHARE_PCT, VECTOR_DB_INSTANCE_TYPES, build_spec
from llmkit.core.errors import UnknownName, UserError
from llmkit.core.units import HOURS_PER_MONTH


def spec_for(config: dict[str, str], stack: str = "t", sizer: FakeSizer | None = None):
    return build_spec(config, stack, catalog=FakeCatalog(), sizer=sizer or FakeSizer())


def test_gpu_stack_takes_type_and_replicas_from_the_capacity_model():
    sizer = FakeSizer()
    spec = spec_for({"llmkit:architecture": "gpu", "llmkit:users": "500", "llmkit:model": "llama-3.1-8b", "llmkit:dtype": "fp16"}, sizer=sizer)
    sizing = sizer(spec.workload, "llama-3.1-8b", "aws", "us-east-1", dtype="fp16")
    assert sizer.calls[0][1:4] == ("llama-3.1-8b", "aws", "us-east-1")
    assert sizer.calls[0][0].users == 500
    fleet = spec.gpu_fleet
    assert fleet is not None and spec.model_server is not None
    # the maximum is the guide's horizontal-scaling table (5 at 300-500 users), never below desired
    assert (fleet.instance_type, fleet.desired_size, fleet.min_size, fleet.max_size) == (
        sizing.instance_type, sizing.desired_replicas, sizing.min_replicas, max(5, sizing.desired_replicas))
    assert spec.model_server.hf_repo == "meta-llama/Llama-3.1-8B-Instruct"
    assert spec.model_server.dtype == "fp16"
    assert spec.api_fleet is None and spec.router is None
    assert spec.vector_db.instance_type == VECTOR_DB_INSTANCE_TYPES["aws"]


def test_replicas_override_wins_over_the_capacity_model():
    spec = spec_for({"llmkit:users": "5000", "llmkit:replicas": "3"})
    assert spec.gpu_fleet.desired_size == 3
    assert spec.gpu_fleet.min_size <= 3 <= spec.gpu_fleet.max_size


def test_default_budget_is_the_estimate_plus_margin_and_explicit_budget_wins():
    spec = spec_for({"llmkit:users": "100"})
    gpu = Decimal("1.006") * spec.gpu_fleet.desired_size * HOURS_PER_MONTH
    vdb = Decimal("0.096") * HOURS_PER_MONTH
    assert spec.estimated_monthly_usd == (gpu + vdb).quantize(Decimal("0.01"))
    assert spec.budget_monthly_usd == (spec.estimated_monthly_usd * Decimal("1.2")).quantize(Decimal(1))
    assert spec_for({"llmkit:budget": "15000"}).budget_monthly_usd == Decimal(15000)


def test_api_stack_has_router_secrets_and_small_cpu_fleet_on_each_cloud():
    for cloud, region_key in (("aws", "aws:region"), ("azure", "azure-native:location"), ("gcp", "gcp:region")):
        spec = spec_for({"llmkit:architecture": "api", "llmkit:cloud": cloud, region_key: "somewhere-1",
                         "llmkit:hostedModels": '["gpt-4o-mini", "claude-sonnet-4-5"]'}, stack="Api_Stack")
        assert spec.region == "somewhere-1"
        assert spec.gpu_fleet is None and spec.model_server is None
        assert spec.api_fleet.instance_type == API_INSTANCE_TYPES[cloud]
        router = spec.router
        assert router.hosted_models == ("gpt-4o-mini", "claude-sonnet-4-5")
        assert router.fallbacks == ("claude-sonnet-4-5",)
        assert [h.litellm_model for h in router.hosted] == ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5"]
        assert router.secret_names == ("llmkit-api-stack-openai-api-key", "llmkit-api-stack-anthropic-api-key",
                                       "llmkit-api-stack-router-master-key")


def test_hybrid_sizes_the_gpu_fleet_for_the_local_share_only():
    sizer = FakeSizer()
    spec = spec_for({"llmkit:architecture": "hybrid", "llmkit:users": "1000", "llmkit:queriesPerUserPerDay": "20"}, sizer=sizer)
    local_load = sizer.calls[0][0]
    assert local_load.daily_queries == Decimal(1000 * 20 * DEFAULT_LOCAL_SHARE_PCT) / 100
    assert spec.router.local_model == spec.model_server.model_id == "mistral-7b"
    assert spec.router.local_share_pct == DEFAULT_LOCAL_SHARE_PCT
    assert spec.router.fallbacks == ("gpt-4o",)
    assert spec.api_fleet is not None


def test_labels_and_expiry_from_ttl_or_explicit_stamp():
    spec = spec_for({"llmkit:owner": "ML Team", "llmkit:expiresAt": "20261201t0900z"}, stack="Healthcare")
    assert spec.labels["llmkit-owner"] == "ml-team"
    assert spec.labels["llmkit-stack"] == "healthcare"
    assert spec.labels["llmkit-expires-at"] == spec.expires_at == "20261201t0900z"
    assert "llmkit-expires-at" in spec_for({"llmkit:ttl": "4h"}).labels
    assert "llmkit-expires-at" not in spec_for({}).labels


def test_spot_pricing_defaults_to_all_spot_and_share_overrides():
    assert spec_for({"llmkit:pricing": "spot"}).gpu_fleet.spot_share_pct == 100
    assert spec_for({"llmkit:pricing": "spot", "llmkit:spotSharePct": "60"}).gpu_fleet.spot_share_pct == 60
    assert spec_for({}).gpu_fleet.spot_share_pct == 0


@pytest.mark.parametrize("config, mix", [
    ({}, "on-demand"),
    ({"llmkit:pricing": "reserved-1y"}, "on-demand"),
    ({"llmkit:spotSharePct": "100"}, "spot"),
    ({"llmkit:pricing": "spot"}, "spot"),
    ({"llmkit:spotSharePct": "40"}, "mix"),
    ({"llmkit:pricing": "spot", "llmkit:spotSharePct": "0"}, "spot"),  # spot pricing never buys on-demand
    ({"llmkit:pricing": "spot", "llmkit:spotSharePct": "50"}, "mix"),  # an explicit share wins, on every cloud
])
def test_capacity_mix_is_one_rule_for_the_clouds_that_need_a_mode(config, mix):
    assert spec_for(config).gpu_fleet.capacity_mix == mix


@pytest.mark.parametrize(
    "config, key",
    [
        ({"llmkit:architecture": "serverless"}, "architecture"),
        ({"llmkit:cloud": "oracle"}, "cloud"),
        ({"llmkit:users": "many"}, "users"),
        ({"llmkit:users": "0"}, "users"),
        ({"llmkit:spotSharePct": "150"}, "spotSharePct"),
        ({"llmkit:dtype": "fp4"}, "dtype"),
        ({"llmkit:protect": "maybe"}, "protect"),
        ({"llmkit:budget": "-5"}, "budget"),
        ({"llmkit:hostedModels": "{\"a\": 1}", "llmkit:architecture": "api"}, "hostedModels"),
    ],
)
def test_bad_values_name_the_key(config, key):
    with pytest.raises(UserError, match=key):
        spec_for(config)


def test_unknown_models_suggest_known_names():
    with pytest.raises(UnknownName, match="did you mean"):
        spec_for({"llmkit:model": "llama-3.1-8"})
    with pytest.raises(UnknownName):
        spec_for({"llmkit:architecture": "api", "llmkit:hostedModels": '["gpt-4x"]'})


def test_a_misspelt_config_key_is_an_error_with_a_suggestion():
    with pytest.raises(UnknownName, match="llmkit:users"):
        spec_for({"llmkit:user": "50"})
    spec_for({"aws:region": "us-west-2", "gcp:project": "p"})  # other namespaces are the providers'


def test_pulumi_yaml_declares_every_key_the_kit_reads_and_the_stacks_set():
    import yaml

    from llmkit.components.spec import CONFIG_KEYS
    from llmkit.lifecycle.project import SHIPPED
    from llmkit.stacks import load_stack_config, stack_names

    project = yaml.safe_load((SHIPPED / "Pulumi.yaml").read_text())  # the repository's, as shipped
    assert project["name"] == "llmkit" and project["runtime"]["name"] == "python"
    assert project["stackConfigDir"] == "stacks"
    declared = project["config"]
    assert set(declared) == {f"llmkit:{k}" for k in CONFIG_KEYS}
    for key, schema in declared.items():
        assert schema["type"] in ("string", "integer", "boolean", "array") and schema["description"], key
    assert declared["llmkit:apiKeys"].get("secret") is True
    for name in stack_names():
        for key in load_stack_config(name).config:
            assert not key.startswith("llmkit:") or key in declared, (name, key)


def test_pulumi_yaml_defaults_are_the_ones_build_spec_applies():
    """Mocks do not read Pulumi.yaml defaults, so build_spec must apply the same ones itself."""
    import yaml

    from llmkit.lifecycle.project import SHIPPED

    declared = yaml.safe_load((SHIPPED / "Pulumi.yaml").read_text())["config"]
    default = {k.split(":")[1]: str(v["default"]).lower() for k, v in declared.items() if "default" in v}
    bare = spec_for({})
    hybrid = spec_for({"llmkit:architecture": "hybrid"})
    applied = {
        "architecture": bare.architecture, "cloud": bare.cloud, "model": bare.model_server.model_id,
        "users": str(bare.workload.users), "queriesPerUserPerDay": str(bare.workload.queries_per_user_per_day),
        "inputTokens": str(bare.workload.input_tokens), "outputTokens": str(bare.workload.output_tokens),
        "pricing": bare.gpu_fleet.pricing, "spotSharePct": str(bare.gpu_fleet.spot_share_pct),
        "localSharePct": str(hybrid.router.local_share_pct), "owner": bare.owner, "protect": str(bare.protect).lower(),
        "publicEndpoint": str(bare.public_endpoint).lower(), "regulatedData": str(bare.regulated_data).lower(),
        "responseCache": str(hybrid.response_cache is not None).lower(),
    }
    assert default == applied


@pytest.mark.parametrize("users, guide_max", [(40, 1), (100, 2), (200, 3), (400, 5), (800, 10), (1500, 15)])
def test_default_maximum_follows_the_guide_horizontal_scaling_table_and_max_replicas_overrides_it(users, guide_max):
    spec = spec_for({"llmkit:users": str(users), "llmkit:replicas": "1"})
    assert spec.gpu_fleet.max_size == guide_max
    assert spec_for({"llmkit:users": str(users), "llmkit:replicas": "1", "llmkit:maxReplicas": "17"}).gpu_fleet.max_size == 17
    api = spec_for({"llmkit:architecture": "api", "llmkit:replicas": "3", "llmkit:maxReplicas": "9"})
    assert (api.api_fleet.desired_size, api.api_fleet.max_size) == (3, 9)
    with pytest.raises(UserError, match="maxReplicas"):
        spec_for({"llmkit:replicas": "4", "llmkit:maxReplicas": "3"})


def test_endpoint_is_private_by_default_public_only_when_asked_and_never_plain_http_for_regulated_data():
    assert spec_for({}).public_endpoint is False
    assert spec_for({"llmkit:tlsCertificate": "arn:aws:acm:us-east-1:1:certificate/x"}).public_endpoint is True
    assert spec_for({"llmkit:publicEndpoint": "true"}).public_endpoint is True
    regulated = {"llmkit:regulatedData": "true"}
    assert spec_for(regulated).public_endpoint is False
    assert spec_for({**regulated, "llmkit:tlsCertificate": "arn:aws:acm:us-east-1:1:certificate/x"}).public_endpoint
    with pytest.raises(UserError, match="regulatedData"):
        spec_for({**regulated, "llmkit:publicEndpoint": "true"})


def test_response_cache_is_on_for_router_stacks_unless_switched_off():
    """api and hybrid stacks get the shared cache by default, its key in the stack's own secret
    entry; ``responseCache: false`` drops it (routers keep LiteLLM's in-memory cache); a gpu
    stack has no router to cache for; anything but true/false is exit 2."""
    for architecture in ("api", "hybrid"):
        cache = spec_for({"llmkit:architecture": architecture}).response_cache
        assert cache is not None and cache.auth_secret == "llmkit-t-response-cache-key"
        off = spec_for({"llmkit:architecture": architecture, "llmkit:responseCache": "false"})
        assert off.response_cache is None and off.router is not None and off.router.cache
    assert spec_for({}).response_cache is None
    with pytest.raises(UserError, match="llmkit:responseCache must be true or false"):
        spec_for({"llmkit:architecture": "api", "llmkit:responseCache": "sometimes"})
    with pytest.raises(UserError, match="llmkit:responseCache must be true or false"):
        spec_for({"llmkit:responseCache": "maybe"})
