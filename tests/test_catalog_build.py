"""The catalog build: data/ is exactly what the sources produce, and its rules (zone
aggregation, Azure reservation terms, region factors, genai-prices tiers) do what build.py says."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.pricing.catalog import build

PRICING_API = Path(__file__).resolve().parent / "fixtures" / "pricing-api"



def test_bundled_data_is_reproducible_from_sources(capsys):
    assert build.main(["--check"]) == 0, capsys.readouterr().err


def test_check_reports_a_stale_file(tmp_path, capsys):
    out = tmp_path / "data"
    assert build.main(["--out", str(out)]) == 0
    (out / "llms.csv").write_text("stale\n", encoding="utf-8")
    assert build.main(["--check", "--out", str(out)]) == 1
    assert "llms.csv" in capsys.readouterr().err


def zone(price: str, spot: str, az: str) -> dict[str, str]:
    return {"InstanceType": "g4dn.xlarge", "AcceleratorName": "T4", "AcceleratorCount": "1.0", "vCPUs": "4.0",
            "MemoryGiB": "16.0", "Price": price, "SpotPrice": spot, "Region": "us-west-2", "AvailabilityZone": az}


def test_zone_aggregation_median_spot_without_local_zones():
    rows = [zone("0.526", "0.24", "usw2-az1"), zone("0.526", "0.25", "usw2-az2"), zone("0.526", "0.30", "usw2-az3"),
            zone("0.526", "0.06", "usw2-lax1-az1"), zone("0.526", "0.07", "usw2-lax1-az2")]
    z = build.aggregate_zones(rows)
    assert z.on_demand == Decimal("0.526")
    assert z.spot == Decimal("0.25") and z.spot_zones == 3  # Local Zones left out, median of the rest
    assert (z.gpu, z.gpu_count, z.vcpus) == ("T4", 1, 4)


def test_zone_aggregation_on_demand_disagreement_takes_most_common_then_highest():
    rows = [zone("0.5", "", "a"), zone("0.6", "", "b"), zone("0.6", "", "c")]
    assert build.aggregate_zones(rows).on_demand == Decimal("0.6")
    tie = [zone("0.5", "", "a"), zone("0.6", "", "b")]
    assert build.aggregate_zones(tie).on_demand == Decimal("0.6")
    assert build.aggregate_zones(tie).spot is None


def test_azure_reservation_row_is_the_whole_term():
    sample = PRICING_API / "azure" / "finfocus-plugin-azure-public_eastus_standard_d2als_v7_reservationterm_1_year.json"
    item = json.loads(sample.read_text())["Items"][0]  # a recorded Retail Prices API response
    assert item["type"] == "Reservation" and item["unitOfMeasure"] == "1 Hour"
    hourly = build.azure_reservation_hourly(Decimal(str(item["retailPrice"])), 1)
    assert hourly == Decimal("0.047489")  # 416 / 8760 h, not 416 per hour
    assert build.azure_reservation_hourly(Decimal("876"), 3) == Decimal("0.033333")


def test_region_factor_is_checked_against_upstream_rows():
    priced = lambda od: build.Priced(Decimal(od), None, None, None, False, "s", "2025-07-01")  # noqa: E731
    upstream = {("aws", "us-east-1", "a"): priced("1.0"), ("aws", "us-west-2", "a"): priced("1.0"),
                ("aws", "us-east-1", "b"): priced("2.0"), ("aws", "us-west-2", "b"): priced("2.0")}
    rule = {"cloud": "aws", "region": "us-west-2", "base_region": "us-east-1", "factor": "1.00", "check_types": ""}
    assert "over 2 types" in build.check_region_factor(rule, upstream)
    with pytest.raises(build.BuildError, match="median of 1.0000"):
        build.check_region_factor({**rule, "factor": "1.2"}, upstream)


def test_genai_prices_tiers_and_dated_options():
    assert build._base_price({"base": 3, "tiers": [{"start": 200000, "price": 6}]}) == (Decimal(3), True)
    assert build._base_price(0.5) == (Decimal("0.5"), False)
    entry = {"prices": [{"prices": {"input_mtok": 10}}, {"constraint": {"start_date": "2025-06-10"}, "prices": {"input_mtok": 2}}]}
    assert build._current_prices(entry, "2026-08-21") == {"input_mtok": 2}
    assert build._current_prices(entry, "2025-01-01") == {"input_mtok": 10}


def test_every_required_region_of_every_cloud_is_built():
    tables = build.build_all()
    instances = tables[build.InstancePrice]
    for cloud, regions in build.REQUIRED_REGIONS.items():
        for region in regions:
            assert any(r.cloud == cloud and r.region == region for r in instances), (cloud, region)
