"""Azure container groups (Container Instances): the containers' requested vCPUs and GB, per hour,
all month for a group that restarts Always, for the usage hours of one that runs to completion.
The bundled snapshot holds no sourced rate, so offline a group is unknown-input naming it; the
Retail Prices API lookup (served from 127.0.0.1) prices it.

The Retail Prices rows below are CONSTRUCTED in the API's item schema with the meter names and
units the API lists for Container Instances ("Standard vCPU Duration" per "1 Hour", "Standard
Memory Duration" per "1 GB Hour"), one memory row spelled per second to test the conversion, a
Spot row and a Dev/Test row the lookup must skip; their prices are artificial, only to exercise
the code."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from llmkit.pricing.catalog.live import FetchError, LivePrices, PriceCache
from llmkit.pricing.catalog.live.azure import AzurePrices
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.usage import Usage
from tests import _previewdocs as pd
from tests.replay_server import ReplayServer

GROUP = "azure-native:containerinstance:ContainerGroup"
VCPU, GB_SECOND = Decimal("0.0321"), Decimal("0.000001")


def row(meter: str, price: Decimal, unit: str, *, sku: str = "Standard", kind: str = "Consumption", region: str = "northeurope") -> dict[str, Any]:
    return {"currencyCode": "USD", "retailPrice": float(price), "unitPrice": float(price), "armRegionName": region, "location": region,
            "productName": "Container Instances", "skuName": sku, "meterName": meter, "serviceName": "Container Instances",
            "unitOfMeasure": unit, "type": kind, "tierMinimumUnits": 0.0}


ROWS = [row("Standard vCPU Duration", VCPU, "1 Hour"), row("Standard Memory Duration", GB_SECOND, "1 GB Second"),
        row("Standard vCPU Duration", Decimal("0.0099"), "1 Hour", sku="Standard Spot"),
        row("Standard vCPU Duration", Decimal("0.0011"), "1 Hour", kind="DevTestConsumption"),
        row("Standard vCPU Duration", Decimal("0.0777"), "1 Minute", region="westeurope")]


def retail_api(req: Any) -> Any:
    flt = req.q("$filter") or ""
    hits = [r for r in ROWS if f"armRegionName eq '{r['armRegionName']}'" in flt and f"meterName eq '{r['meterName']}'" in flt]
    return 200, {"Items": hits, "NextPageLink": None}, {}


def group(region: str, **extra: Any) -> str:
    containers = [{"name": "app", "image": "nginx", "resources": {"requests": {"cpu": 1, "memoryInGB": 1.5}}},
                  {"name": "sidecar", "image": "envoy", "resources": {"requests": {"cpu": 0.5, "memoryInGB": 0.5}}}]
    inputs = {"location": region, "osType": "Linux", "containers": containers, **extra}
    return json.dumps(pd.doc(pd.create(GROUP, "aci", inputs), config={"azure-native:location": region}))


def live(s: ReplayServer, tmp_path: Any) -> Catalog:
    s.route("GET", r"/api/retail/prices", retail_api)
    client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
    return Catalog(live=LivePrices({"azure": client}, PriceCache(tmp_path), warn=lambda m: None))


def test_an_always_running_group_is_its_vcpus_and_gb_all_month_at_the_live_rates(tmp_path):
    with ReplayServer() as s:
        (r,) = price_document(group("northeurope"), catalog=live(s, tmp_path)).resources
    # 1.5 vCPU and 2 GB for 730 hours; the per-second memory price is x3600 per hour
    assert r.bucket == "estimated" and r.current.monthly == 730 * (Decimal("1.5") * VCPU + 2 * GB_SECOND * 3600)


def test_a_run_to_completion_group_bills_the_usage_hours(tmp_path):
    usage = Usage(resources={"aci": {"monthly_hours": Decimal(10)}})
    with ReplayServer() as s:
        (r,) = price_document(group("northeurope", restartPolicy="Never"), usage=usage, catalog=live(s, tmp_path)).resources
    assert r.current.monthly == 10 * (Decimal("1.5") * VCPU + 2 * GB_SECOND * 3600)


def test_a_unit_the_lookup_does_not_convert_is_a_failed_lookup_not_a_guess():
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", retail_api)
        with pytest.raises(FetchError, match="unit"):
            AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).platform("westeurope", "aci_vcpu_hour")


def test_offline_a_group_is_unknown_input_naming_the_price_never_zero():
    (r,) = price_document(group("eastus")).resources
    assert r.bucket == "unknown-input" and r.current.monthly is None and "Container Instances vCPU-hour" in r.reason


@pytest.mark.parametrize("extra, why", [
    ({"osType": "Windows"}, "Windows"),
    ({"priority": "Spot"}, "Spot"),
    ({"sku": "Confidential"}, "Confidential"),
])
def test_other_kinds_of_group_are_named_not_priced(extra, why):
    (r,) = price_document(group("eastus", **extra)).resources
    assert r.current.monthly is None and why in r.reason
