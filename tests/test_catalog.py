"""The bundled catalog answers what the rest of llmkit asks of it (the loader interface in the
preamble) and covers what issue 2 requires: GPU families, regions, platform items, LLMs, models."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.core.errors import UnknownName
from llmkit.pricing.catalog import Catalog, build, load_catalog
from llmkit.pricing.catalog.loader import DATA_DIR
from llmkit.pricing.catalog.types import PLATFORM_ITEMS

REQUIRED_REGIONS = {
    "aws": ["us-east-1", "us-west-2", "eu-west-1"],
    "azure": ["eastus", "westus2", "westeurope"],
    "gcp": ["us-central1", "us-west1", "europe-west4"],
}
GPU_FAMILIES = ["T4", "A10G", "A10", "L4", "L40S", "V100", "A100-40GB", "A100-80GB", "H100-80GB", "H200"]
GUIDE_LLMS = ["gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "claude-3-opus", "claude-3-sonnet", "claude-3-haiku"]
CURRENT_LLMS = [
    "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-5", "gpt-5-mini", "claude-sonnet-4-5",
    "claude-opus-4-1", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash", "mistral-large", "mistral-small",
]


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog()


def test_load_catalog_is_cached_and_lazy():
    assert load_catalog() is load_catalog()
    fresh = Catalog(DATA_DIR)
    assert "_instances" not in vars(fresh)  # nothing parsed yet
    fresh.llm("gpt-4o")
    assert "_llms" in vars(fresh) and "_instances" not in vars(fresh)  # only what was asked for


def test_every_gpu_in_the_specs_has_the_spec_figures(cat):
    names = {g.name for g in cat.gpus()}
    assert set(GPU_FAMILIES) <= names
    with (build.UPSTREAM / "gpu-specs.csv").open() as fh:
        for r in csv.DictReader(fh):
            g = cat.gpu(r["gpu"])
            assert g.vram_gb == Decimal(r["vram_gb"]) and g.memory_bandwidth_gb_s == Decimal(r["memory_bandwidth_gb_s"])
            assert g.bf16 == (r["bf16"] == "yes")


@pytest.mark.parametrize("gpu", GPU_FAMILIES)
def test_every_gpu_family_is_priced_with_consistent_memory(cat, gpu):
    rows = cat.instances(gpu=gpu)
    assert rows, gpu
    for r in rows:
        assert r.gpu == gpu and r.gpu_count >= 1 and r.gpu_memory_gb == cat.gpu(gpu).vram_gb


@pytest.mark.parametrize("cloud", sorted(REQUIRED_REGIONS))
def test_required_regions_have_gpu_and_cpu_types(cat, cloud):
    assert set(REQUIRED_REGIONS[cloud]) <= set(cat.regions(cloud))
    for region in REQUIRED_REGIONS[cloud]:
        rows = cat.instances(cloud=cloud, region=region)
        assert any(r.gpu for r in rows) and any(not r.gpu for r in rows), (cloud, region)
        for r in rows:
            assert r.source and r.as_of and r.on_demand_hourly > 0


@pytest.mark.parametrize(
    "cloud, types",
    [
        ("aws", ["t3.medium", "t3.xlarge", "m5.large", "m6i.xlarge", "m7i.2xlarge", "g4dn.xlarge", "g5.xlarge", "g5.48xlarge", "g6e.12xlarge", "p4d.24xlarge", "p5.48xlarge"]),
        ("azure", ["Standard_B2s", "Standard_B4ms", "Standard_D2s_v5", "Standard_D4s_v5", "Standard_D8s_v5", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4", "Standard_NV36ads_A10_v5"]),
        ("gcp", ["e2-standard-2", "n1-standard-4", "n2-standard-8", "g2-standard-4", "a2-highgpu-1g", "a3-highgpu-8g"]),
    ],
)
def test_named_types_are_priced_in_every_required_region(cat, cloud, types):
    for region in REQUIRED_REGIONS[cloud]:
        for t in types:
            assert cat.instance(cloud, region, t).type == t


def test_readme_list_prices_are_what_the_catalog_says(cat):
    expect = {
        ("aws", "g4dn.xlarge"): "0.526", ("aws", "g5.xlarge"): "1.006", ("aws", "p5.48xlarge"): "55.04",
        ("aws", "t3.medium"): "0.0416", ("aws", "m5.large"): "0.096", ("azure", "Standard_NC4as_T4_v3"): "0.526",
        ("azure", "Standard_NC24ads_A100_v4"): "3.673", ("azure", "Standard_B2s"): "0.0416", ("gcp", "n1-standard-4"): "0.19",
    }
    for (cloud, t), price in expect.items():
        assert cat.instance(cloud, None, t).on_demand_hourly == Decimal(price)
    g2 = cat.instance("gcp", "us-central1", "g2-standard-4")
    assert g2.on_demand_hourly.quantize(Decimal("0.0001")) == Decimal("0.7068")
    a2 = cat.instance("gcp", "us-central1", "a2-highgpu-1g")
    assert a2.host_on_demand_hourly == Decimal("0.73948")
    assert a2.on_demand_hourly == a2.host_on_demand_hourly + cat.accelerator("gcp", "us-central1", "A100-40GB").on_demand_hourly


def test_gcp_gpu_vm_is_host_plus_accelerators(cat):
    for r in cat.instances(cloud="gcp"):
        if r.gpu is None:
            assert r.host_on_demand_hourly is None
            continue
        assert r.host_on_demand_hourly is not None and r.host_on_demand_hourly < r.on_demand_hourly
        per_gpu = (r.on_demand_hourly - r.host_on_demand_hourly) / r.gpu_count
        assert any(abs(a.on_demand_hourly - per_gpu) < Decimal("0.00001") for a in cat.accelerators("gcp", r.region)), r


def test_attachable_accelerators(cat):
    t4 = cat.accelerator("gcp", "us-central1", "nvidia-tesla-t4")
    assert t4.gpu == "T4" and t4.on_demand_hourly == Decimal("0.35")
    assert cat.accelerator("gcp", "us-central1", "t4") == t4
    for api in ("nvidia-tesla-v100", "nvidia-tesla-a100", "nvidia-l4"):
        assert cat.accelerator("gcp", "europe-west4", api).api_name == api
    with pytest.raises(UnknownName):
        cat.accelerator("gcp", "us-central1", "nvidia-tesla-k80")


def test_reserved_and_spot_rules(cat):
    for r in cat.instances():
        assert r.spot_hourly is None or r.spot_hourly < r.on_demand_hourly
        assert r.reserved_3y_hourly <= r.reserved_1y_hourly < r.on_demand_hourly
        if r.reserved_is_assumption:  # the guide's range: 1 year 30% off, 3 years 50% off
            assert abs(r.reserved_1y_hourly - r.on_demand_hourly * Decimal("0.70")) <= Decimal("0.0000005")
            assert abs(r.reserved_3y_hourly - r.on_demand_hourly * Decimal("0.50")) <= Decimal("0.0000005")


def test_derived_rows_say_so(cat):
    eu = cat.instance("aws", "eu-west-1", "g4dn.xlarge")
    assert eu.source.startswith("derived:") and "x 1.12" in eu.source and "NOT a published price" in eu.source
    assert eu.on_demand_hourly == (Decimal("0.526") * Decimal("1.12")).normalize()
    assert eu.spot_hourly is None  # spot is never derived across regions
    assert eu.derived and not cat.instance("aws", "us-east-1", "g4dn.xlarge").derived
    assert cat.instance("gcp", "us-central1", "a3-highgpu-8g").derived  # its H100 price comes from us-east4
    assert cat.accelerator("gcp", "us-central1", "nvidia-h100-80gb").derived
    assert not cat.accelerator("gcp", "us-central1", "nvidia-tesla-t4").derived
    for r in cat.instances():
        assert r.derived == ("derived:" in r.source), r
    ali = cat.instance("alibaba", None, "ecs.gn6v-c8g1.2xlarge")
    assert "guide figure, unverified" in ali.source and ali.on_demand_hourly == Decimal("0.85")


@pytest.mark.parametrize("cloud", sorted(REQUIRED_REGIONS))
def test_platform_items_per_cloud_and_region(cat, cloud):
    base = [i for i in PLATFORM_ITEMS if ":" not in i and i not in ("budget_month", "secret_month")]
    disks = {"aws": ["gp3", "gp2", "io1", "st1", "sc1", "standard"],
             "azure": ["Premium_LRS", "StandardSSD_LRS", "Standard_LRS", "PremiumV2_LRS"],
             "gcp": ["pd-standard", "pd-balanced", "pd-ssd", "hyperdisk-balanced"]}[cloud]
    dbs = {"aws": ["db.t3.micro", "db.t3.small", "db.t3.medium", "db.m5.large", "db.r5.large", "cache.t3.micro", "cache.m5.large"],
           "azure": ["S0", "S1", "GP_Gen5_2"], "gcp": ["db-f1-micro", "db-g1-small", "db-custom-2-7680"]}[cloud]
    for region in REQUIRED_REGIONS[cloud]:
        for item in base + [f"block_storage_gb_month:{d}" for d in disks] + [f"db_instance_hour:{d}" for d in dbs]:
            p = cat.platform(cloud, region, item)
            assert p.price > 0 and p.unit and p.source and p.as_of
    # budgets are free on all three clouds: no row, and find_platform says so without raising
    assert cat.find_platform(cloud, None, "budget_month") is None


def test_platform_lookup_errors(cat):
    with pytest.raises(UnknownName, match="did you mean"):
        cat.platform("aws", "us-east-1", "nat_gateway_hours")
    assert cat.find_platform("aws", "us-east-1", "block_storage_gb_month:gp3").price == Decimal("0.08")
    assert cat.find_platform("nocloud", "x", "lb_hour") is None


@pytest.mark.parametrize("model", GUIDE_LLMS + CURRENT_LLMS)
def test_llm_prices(cat, model):
    m = cat.llm(model)
    assert m.input_per_million > 0 and m.output_per_million >= m.input_per_million
    assert m.source and m.as_of and m.provider in ("openai", "anthropic", "google", "mistral")


def test_guide_llm_figures_and_quality(cat):
    assert (cat.llm("gpt-4").input_per_million, cat.llm("gpt-4").output_per_million) == (30, 60)
    assert (cat.llm("gpt-4-turbo").input_per_million, cat.llm("gpt-4-turbo").output_per_million) == (10, 30)
    assert (cat.llm("gpt-3.5-turbo").input_per_million, cat.llm("gpt-3.5-turbo").output_per_million) == (Decimal("0.5"), Decimal("1.5"))
    scores = {"gpt-4": 95, "claude-3-opus": 94, "gpt-4-turbo": 93, "claude-3-sonnet": 88, "gpt-3.5-turbo": 78}
    for model, score in scores.items():
        assert cat.llm(model).quality_score == score
    assert cat.llm("claude-3-opus").retired and cat.llm("gpt-4-32k").retired and not cat.llm("gpt-4o").retired
    assert cat.llm("gpt-4o").cached_input_per_million == Decimal("1.25")
    # context windows come from LiteLLM, or the key-models sheet for models the map has dropped
    assert all(m.context_window for m in cat.llms())
    assert cat.llm("claude-3-opus").context_window == 200000 and cat.llm("gpt-4.1").context_window == 1047576


@pytest.mark.parametrize(
    "alias, model",
    [("gpt-3.5", "gpt-3.5-turbo"), ("GPT-4 Turbo", "gpt-4-turbo"), ("gpt-4o-2024-08-06", "gpt-4o"),
     ("openai/gpt-4o-mini", "gpt-4o-mini"), ("claude-3-opus-20240229", "claude-3-opus"),
     ("Claude 3 Sonnet", "claude-3-sonnet"), ("gemini/gemini-2.5-pro", "gemini-2.5-pro"),
     ("mistral-large-latest", "mistral-large")],
)
def test_llm_aliases(cat, alias, model):
    assert cat.llm(alias).model == model


def test_unknown_llm_suggests(cat):
    with pytest.raises(UnknownName) as err:
        cat.llm("gpt-4oo")
    assert "gpt-4o" in err.value.suggestions


def test_open_models(cat):
    expect = {
        "llama-3.1-8b": (32, 8, 128, 82), "llama-3.1-70b": (80, 8, 128, 86), "mistral-7b": (32, 8, 128, 84),
        "mixtral-8x7b": (32, 8, 128, 87), "phi-3-mini": (32, 32, 96, 72), "llama-2-13b": (40, 40, 128, None),
    }
    for mid, (layers, kv, hd, q) in expect.items():
        m = cat.open_model(mid)
        assert (m.layers, m.kv_heads, m.head_dim, m.quality_score) == (layers, kv, hd, q)
        assert "config.json" in m.source and "/" in m.name and m.license
    mix = cat.open_model("mixtral-8x7b")
    assert (mix.params_b, mix.active_params_b) == (Decimal("46.7"), Decimal("12.9"))
    # KV cache per token in fp16 matches the published figures: Llama-3-8B 128 KiB, Llama-3-70B 320 KiB
    kv = lambda m: 2 * m.layers * m.kv_heads * m.head_dim * 2  # noqa: E731
    assert kv(cat.open_model("llama-3.1-8b")) == 128 * 1024 and kv(cat.open_model("llama-3.1-70b")) == 320 * 1024
    assert cat.open_model("meta-llama/Llama-3.1-8B-Instruct").id == "llama-3.1-8b"
    with pytest.raises(UnknownName):
        cat.open_model("llama-9")


def test_defaults_and_name_forgiveness(cat):
    assert [cat.default_region(c) for c in ("aws", "azure", "gcp")] == ["us-east-1", "eastus", "us-central1"]
    assert cat.instance("aws", None, "g4dn.xlarge").region == "us-east-1"
    assert cat.instance("azure", "West Europe", "standard_nc4as_t4_v3").region == "westeurope"
    assert cat.instance("azure", "eastus", "NC6s_v3").type == "Standard_NC6s_v3"
    assert cat.instance("gcp", "us-central1-a", "n1-standard-4").region == "us-central1"
    assert cat.instance("aws", "us-west-2b", "g5.xlarge").region == "us-west-2"
    assert cat.instance("AWS", "US-EAST-1", "G4DN.XLARGE").type == "g4dn.xlarge"


@pytest.mark.parametrize(
    "args, kind",
    [(("nocloud", None, "x"), "cloud"), (("aws", "mars-1", "g4dn.xlarge"), "region"),
     (("aws", "us-east-1", "g4dn.xlarg"), "instance type"), (("aws", "eu-west-1", "g6e.16xlarge"), "priced in us-west-2")],
)
def test_instance_unknown_names(cat, args, kind):
    with pytest.raises(UnknownName, match=kind):
        cat.instance(*args)


def test_instances_filters(cat):
    rows = cat.instances(cloud="aws", region="us-east-1", min_gpu_memory_gb=140)
    assert rows and all(r.gpu_count * r.gpu_memory_gb >= 140 for r in rows)
    all_aws = cat.instances(cloud="aws", region="us-east-1")
    assert {r.type for r in all_aws if r.total_gpu_memory_gb >= 140} == {r.type for r in rows}
    prices = [r.on_demand_hourly for r in rows]
    assert prices == sorted(prices)
    a100 = cat.instances(gpu="a100")
    assert {r.gpu for r in a100} == {"A100-40GB", "A100-80GB"}
    with pytest.raises(UnknownName):
        cat.instances(gpu="RTX9090")
