"""Logic Apps (Consumption) workflows: built-in, standard-connector and enterprise-connector
executions from usage. The snapshot holds the connector rates Infracost's golden pins for
westeurope ($0.000125 and $0.001 per call); the built-in action rate only comes from the Retail
Prices lookup (served from 127.0.0.1), so offline that line is an unknown part, named.

The Retail Prices rows below are CONSTRUCTED in the API's item schema with the meter names
Infracost's pricer reads; their prices are artificial, only to exercise the code: a free first
tier of built-in actions and a paid tier from 4,000."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from llmkit.pricing.catalog.live import LivePrices, PriceCache
from llmkit.pricing.catalog.live.azure import AzurePrices
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.usage import Usage
from tests import _previewdocs as pd
from tests.replay_server import ReplayServer

WORKFLOW = "azure-native:logic:Workflow"
USAGE = Usage(resources={"flow": {"monthly_builtin_actions": Decimal(200_000), "monthly_standard_connector_calls": Decimal(40_000),
                                  "monthly_enterprise_connector_calls": Decimal(1_000)}})
BUILTIN = Decimal("0.0000321")


def plan(region: str, **extra: Any) -> str:
    return json.dumps(pd.doc(pd.create(WORKFLOW, "flow", {"location": region, "definition": {}, **extra}), config={"azure-native:location": region}))


def test_offline_in_westeurope_the_connectors_are_priced_and_the_built_in_rate_is_named():
    (r,) = price_document(plan("westeurope"), usage=USAGE).resources
    assert r.current.monthly == 40_000 * Decimal("0.000125") + 1_000 * Decimal("0.001")  # Infracost's golden rates: $6.00
    assert r.current.unknown_parts == ("built-in action price",)


def test_where_no_rate_is_known_the_workflow_is_unknown_input_never_zero():
    (r,) = price_document(plan("eastus"), usage=USAGE).resources
    assert r.bucket == "unknown-input" and r.current.monthly is None and "Logic Apps actions" in r.reason


def test_the_retail_prices_api_prices_built_in_actions_at_the_paid_tier(tmp_path):
    def row(price: str, tier: int) -> dict[str, Any]:
        return {"currencyCode": "USD", "retailPrice": float(price), "unitPrice": float(price), "armRegionName": "westeurope", "location": "EU West",
                "productName": "Logic Apps", "skuName": "Consumption", "meterName": "Consumption Built-in Actions", "serviceName": "Logic Apps",
                "unitOfMeasure": "1", "type": "Consumption", "tierMinimumUnits": float(tier)}

    def api(req: Any) -> Any:
        flt = req.q("$filter") or ""
        hits = [row("0", 0), row(str(BUILTIN), 4000)] if "Consumption Built-in Actions" in flt else []
        return 200, {"Items": hits, "NextPageLink": None}, {}

    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", api)
        live = LivePrices({"azure": AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)}, PriceCache(tmp_path), warn=lambda m: None)
        (r,) = price_document(plan("westeurope"), usage=USAGE, catalog=Catalog(live=live)).resources
    assert not r.current.unknown_parts
    assert r.current.monthly == 200_000 * BUILTIN + 40_000 * Decimal("0.000125") + 1_000 * Decimal("0.001")


def test_a_workflow_in_an_integration_service_environment_is_named_not_priced():
    (r,) = price_document(plan("westeurope", integrationServiceEnvironment={"id": "/ise"}), usage=USAGE).resources
    assert r.current.monthly is None and "integration service environment" in r.reason
