"""The validator: each check fires on a defective row, the upstream defects listed in
pricing/catalog/upstream/PROVENANCE.md are caught when the raw rows are fed through it, and none of them reach
the bundled catalog."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.pricing.catalog import build, load_catalog
from llmkit.pricing.catalog.types import GpuSpec, InstancePrice, LlmPrice, PlatformPrice
from llmkit.pricing.catalog.validate import Problem, load_shapes, validate

T4 = GpuSpec("T4", Decimal(16), Decimal(320), Decimal(65), False, False, "test")
GPUS = {"T4": T4}


def instance(**overrides) -> InstancePrice:
    row = InstancePrice(
        cloud="aws",
        region="us-east-1",
        type="g4dn.xlarge",
        vcpus=4,
        memory_gb=Decimal(16),
        gpu="T4",
        gpu_count=1,
        gpu_memory_gb=Decimal(16),
        on_demand_hourly=Decimal("0.526"),
        spot_hourly=Decimal("0.2"),
        reserved_1y_hourly=Decimal("0.37"),
        reserved_3y_hourly=Decimal("0.26"),
        reserved_is_assumption=True,
        source="test sheet",
        as_of="2025-11-01",
    )
    return dataclasses.replace(row, **overrides)


def checks(problems: list[Problem]) -> set[str]:
    return {p.check for p in problems}


def test_clean_row_has_no_problems():
    assert validate([instance()], gpus=GPUS) == []


@pytest.mark.parametrize(
    "overrides, check",
    [
        ({"on_demand_hourly": Decimal(0)}, "non-positive-price"),
        ({"spot_hourly": Decimal("-0.1")}, "non-positive-price"),
        ({"spot_hourly": Decimal("0.526")}, "spot-not-below-on-demand"),
        ({"spot_hourly": Decimal("0.9")}, "spot-not-below-on-demand"),
        ({"reserved_1y_hourly": Decimal("0.6")}, "reserved-not-below-on-demand"),
        ({"reserved_3y_hourly": Decimal("0.40")}, "reserved-3y-above-1y"),
        ({"gpu_count": 4}, "gpu-mismatch"),  # g4dn.xlarge is published with 1 T4
        ({"gpu_memory_gb": Decimal(24)}, "gpu-mismatch"),  # a T4 has 16 GB
        ({"gpu": "T5"}, "unknown-gpu"),
        ({"gpu": None}, "gpu-mismatch"),  # count and memory without a GPU model
        ({"source": " "}, "unsourced"),
        ({"as_of": "Nov 2025"}, "undated"),
        ({"host_on_demand_hourly": Decimal("0.6")}, "host-not-below-total"),
    ],
)
def test_each_check_fires(overrides, check):
    problems = validate([instance(**overrides)], gpus=GPUS)
    assert check in checks(problems), problems


def test_duplicates_and_region_spread():
    a = instance()
    eu = instance(region="eu-west-1", on_demand_hourly=Decimal("1.10"), spot_hourly=None,
                  reserved_1y_hourly=None, reserved_3y_hourly=None)
    problems = validate([a, a, eu], gpus=GPUS)
    assert "duplicate-key" in checks(problems)
    spread = [p for p in problems if p.check == "region-spread"]
    assert len(spread) == 1 and "eu-west-1" in spread[0].message and "us-east-1" in spread[0].message
    # 2x is the limit: exactly double is tolerated
    ok = instance(region="eu-west-1", on_demand_hourly=Decimal("1.052"), spot_hourly=None,
                  reserved_1y_hourly=None, reserved_3y_hourly=None)
    assert "region-spread" not in checks(validate([a, ok], gpus=GPUS))


def test_platform_and_llm_rows():
    free = PlatformPrice("aws", "us-east-1", "budget_month", "budget-month", Decimal(0), "x", "2025-11-01")
    llm_a = LlmPrice("openai", "m1", Decimal(1), Decimal(2), None, None, False, None, "x", "2025-11-01", ("alias",))
    llm_b = dataclasses.replace(llm_a, model="m2", aliases=("ALIAS",))
    typo = dataclasses.replace(free, item="nat_gatway_hour", price=Decimal("0.045"))
    bare_db = dataclasses.replace(free, item="db_instance_hour", price=Decimal("0.1"))
    no_unit = dataclasses.replace(free, item="lb_hour", unit=" ", price=Decimal("0.02"))
    cached = dataclasses.replace(llm_a, model="m3", aliases=(), cached_input_per_million=Decimal(1))
    problems = validate([free, llm_a, llm_b, typo, bare_db, no_unit, cached], gpus=GPUS)
    assert any(p.check == "non-positive-price" and "budget_month" in p.key for p in problems)
    assert any(p.check == "duplicate-key" and "ALIAS" in p.message for p in problems)
    assert {p.key for p in problems if p.check == "unknown-platform-item"} == {
        "platform aws/us-east-1/nat_gatway_hour", "platform aws/us-east-1/db_instance_hour"}
    assert any(p.check == "missing-unit" for p in problems)
    assert any(p.check == "cached-not-below-input" and p.key == "llm m3" for p in problems)


# ---------------------------------------------------------------- upstream defects


@pytest.fixture(scope="module")
def gpus(upstream_dir) -> dict[str, GpuSpec]:
    return build.read_gpus(upstream_dir)


@pytest.fixture(scope="module")
def upstream_dir() -> Path:
    """The upstream files the build reads (pricing/catalog/upstream), defects included."""
    return build.UPSTREAM


def test_gcp_8x_h100_region_spread_is_caught(upstream_dir, gpus):
    raw = build.raw_gcp_accelerators(upstream_dir, count=8)
    problems = validate(raw, gpus=gpus)
    spread = [p for p in problems if p.check == "region-spread" and "nvidia-h100-80gb" in p.key]
    assert spread, problems
    assert "us-central1" in spread[0].message or "us-west1" in spread[0].message


def test_spot_above_on_demand_rows_are_caught(upstream_dir, gpus):
    raw = build.raw_gcp_accelerators(upstream_dir) + build.raw_instances("azure", upstream_dir, gpus)
    bad = {p.key for p in validate(raw, gpus=gpus) if p.check == "spot-not-below-on-demand"}
    assert "accelerator gcp/us-central1/nvidia-a100-80gb" in bad
    assert "accelerator gcp/europe-west4/nvidia-h200-141gb" in bad
    assert "instance azure/eastus/Standard_NC40ads_H100_v5" in bad  # spot == on-demand


def test_azure_h100_with_12_gpus_is_caught(upstream_dir, gpus):
    raw = build.raw_instances("azure", upstream_dir, gpus)
    nd = [r for r in raw if r.type == "Standard_ND96isr_H100_v5"]
    assert nd and all(r.gpu_count == 12 for r in nd)  # the upstream defect is really there
    problems = [p for p in validate(nd, gpus=gpus) if p.check == "gpu-mismatch"]
    assert {p.key for p in problems} == {f"instance azure/{r.region}/Standard_ND96isr_H100_v5" for r in nd}
    assert "published size is 8 x H100-80GB" in problems[0].message


def test_a4_highgpu_priced_zero_is_caught(upstream_dir, gpus, tmp_path):
    """The subset we hold has no a4 row; an upstream-shaped one with price 0 must be rejected."""
    upstream = tmp_path / "data"
    (upstream / "cloud-prices").mkdir(parents=True)
    src = upstream_dir / "cloud-prices" / "gcp_vms_subset.csv"
    text = src.read_text(encoding="utf-8")
    text += "a4-highgpu-8g,224.0,3968.0,,,,us-central1,us-central1-b,0.0,0.0\n"
    (upstream / "cloud-prices" / "gcp_vms_subset.csv").write_text(text, encoding="utf-8")
    raw = [r for r in build.raw_instances("gcp", upstream, gpus) if r.type == "a4-highgpu-8g"]
    assert len(raw) == 1
    assert "non-positive-price" in checks(validate(raw, gpus=gpus))


def test_bundled_catalog_passes_and_carries_none_of_the_defects():
    cat = load_catalog()
    assert validate(cat.all_rows()) == []
    nd = [r for r in cat.instances(cloud="azure") if r.type == "Standard_ND96isr_H100_v5"]
    assert nd and all(r.gpu_count == 8 and r.spot_hourly is None for r in nd)
    assert not [r for r in cat.instances(cloud="gcp") if r.type.startswith("a4-")]
    h100 = [a.on_demand_hourly for a in cat.accelerators(cloud="gcp") if a.api_name == "nvidia-h100-80gb"]
    assert h100 and max(h100) <= 2 * min(h100)
    assert not [a for a in cat.accelerators(cloud="gcp") if a.api_name == "nvidia-a100-80gb"]


def test_build_refuses_to_write_a_catalog_with_problems(tmp_path, monkeypatch, capsys):
    real = build.build_all

    def with_defect(upstream=build.UPSTREAM):
        tables = real(upstream)
        row = tables[InstancePrice][0]
        tables[InstancePrice][0] = dataclasses.replace(row, spot_hourly=row.on_demand_hourly * 2)
        return tables

    monkeypatch.setattr(build, "build_all", with_defect)
    out = tmp_path / "out"
    assert build.main(["--out", str(out)]) == 1
    assert not out.exists()
    assert "spot-not-below-on-demand" in capsys.readouterr().err


def test_shapes_sheet_covers_every_bundled_type():
    shapes = load_shapes()
    cat = load_catalog()
    missing = {(r.cloud, r.type) for r in cat.instances() if (r.cloud, r.type.lower()) not in shapes}
    assert not missing
