"""Synapse Spark pools: vCore-hours of the pool's nodes (a fixed count, or an autoscaling pool's
minimum) x the hours it runs (usage). The bundled snapshot holds no sourced vCore-hour price, so
offline the pool is unknown-input naming it; the Retail Prices API lookup (served from 127.0.0.1)
prices it.

The Retail Prices rows below are CONSTRUCTED in the API's item schema with the names Infracost's
pricer filters on (serviceName, productName, skuName "vCore"); their prices are artificial, only
to exercise the code: a free first tier and a paid tier from 120 vCore-hours, a Dev/Test row and
another region's row that the lookup must skip."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from llmkit.pricing.catalog.live import LivePrices, PriceCache
from llmkit.pricing.catalog.live.azure import SPARK_ITEM, SPARK_PRODUCT, AzurePrices
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.usage import Usage
from tests import _previewdocs as pd
from tests.replay_server import ReplayServer

POOL = "azure-native:synapse:BigDataPool"
PAID = Decimal("0.1234")


def row(region: str, price: str, *, tier: int = 0, kind: str = "Consumption") -> dict[str, Any]:
    return {"currencyCode": "USD", "retailPrice": float(price), "unitPrice": float(price), "armRegionName": region,
            "location": region, "productName": SPARK_PRODUCT, "skuName": "vCore", "meterName": "vCore",
            "serviceName": "Azure Synapse Analytics", "serviceFamily": "Analytics", "unitOfMeasure": "1 Hour",
            "type": kind, "tierMinimumUnits": float(tier), "isPrimaryMeterRegion": True}


ROWS = [row("northeurope", "0", tier=0), row("northeurope", str(PAID), tier=120), row("northeurope", "0.05", tier=120, kind="DevTestConsumption"),
        row("westeurope", "0.9999", tier=120)]


def retail_api(req: Any) -> Any:
    flt = req.q("$filter") or ""
    hits = [r for r in ROWS if f"armRegionName eq '{r['armRegionName']}'" in flt and f"productName eq '{r['productName']}'" in flt]
    return 200, {"Items": hits, "NextPageLink": None}, {}


def plan(region: str, pool: dict[str, Any]) -> str:
    return json.dumps(pd.doc(pd.create(POOL, "spark", {"location": region, **pool}), config={"azure-native:location": region}))


HOURS = Usage(resources={"spark": {"monthly_hours": Decimal(100)}})
AUTOSCALE = {"nodeSize": "Medium", "nodeSizeFamily": "MemoryOptimized", "autoScale": {"enabled": True, "minNodeCount": 3, "maxNodeCount": 10}}


def test_the_retail_prices_api_prices_the_pools_vcore_hours(tmp_path):
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", retail_api)
        client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
        assert client.supports_platform(SPARK_ITEM)
        live = LivePrices({"azure": client}, PriceCache(tmp_path), warn=lambda m: None)
        (r,) = price_document(plan("northeurope", AUTOSCALE), usage=HOURS, catalog=Catalog(live=live)).resources
    # the autoscaling minimum: 3 Medium nodes x 8 vCores x 100 hours, at the paid tier's rate
    assert r.bucket == "estimated" and r.current.monthly == 3 * 8 * 100 * PAID
    assert "Synapse" in r.current.components[0].source


def test_offline_the_pool_is_unknown_input_naming_the_price_never_zero():
    (r,) = price_document(plan("eastus", {"nodeSize": "Small", "nodeCount": 3}), usage=HOURS).resources
    assert r.bucket == "unknown-input" and r.current.monthly is None and "Synapse Spark" in r.reason


@pytest.mark.parametrize("pool, why", [
    ({"nodeSize": "Small", "nodeSizeFamily": "HardwareAcceleratedGPU", "nodeCount": 3}, "HardwareAcceleratedGPU"),
    ({"nodeSize": "Huge", "nodeCount": 3}, "node size Huge"),
])
def test_other_node_families_and_sizes_are_named_not_priced(pool, why):
    (r,) = price_document(plan("eastus", pool), usage=HOURS).resources
    assert r.current.monthly is None and why in r.reason
