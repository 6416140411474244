"""`llmkit prices refresh` also fetches the prices that exist only through a live lookup (each
client's ``live_only_items``: Container Instances, Synapse Spark pools, Logic Apps actions,
Lambda provisioned concurrency...), so that `llmkit price --offline` prices those resources
from the cache afterwards, naming the cache's source and date.

The Azure Retail Prices rows served from 127.0.0.1 are the CONSTRUCTED rows of
tests/test_container_group.py and tests/test_synapse_spark_pool.py (the API's item schema and
meter names; artificial prices, only to exercise the code)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from llmkit.commands.prices import refresh_items, service_of
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.catalog.live import default_fetchers
from llmkit.pricing.catalog.live.azure import SPARK_ITEM
from llmkit.pricing.preview.infracost import llmkit_summary
from tests import _previewdocs as pd
from tests import test_container_group as aci
from tests import test_synapse_spark_pool as spark
from tests.replay_server import ReplayServer

TODAY = dt.date.today().isoformat()
REGION = "northeurope"
ROWS = aci.ROWS + spark.ROWS


def retail_api(req: Any) -> Any:
    """The Retail Prices API's answer: the rows whose region and meter or product the filter names."""
    flt = req.q("$filter") or ""
    hits = [r for r in ROWS if f"armRegionName eq '{r['armRegionName']}'" in flt
            and (f"meterName eq '{r['meterName']}'" in flt or f"productName eq '{r['productName']}'" in flt)]
    return 200, {"Items": hits, "NextPageLink": None}, {}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_each_clients_live_only_items_are_ones_it_prices(cloud):
    client = default_fetchers()[cloud]
    assert all(client.supports_platform(item) for item in client.live_only_items), client.live_only_items


def test_refresh_lists_the_live_only_items_in_every_snapshot_region_under_services():
    cat, fetchers = load_catalog(), default_fetchers()
    every = refresh_items(cat, fetchers, ["azure"], None, ["compute", "storage", "network", "services"], [])
    for region in cat.regions("azure"):
        assert {("platform", "azure", region, i) for i in ("aci_vcpu_hour", "aci_gb_hour", SPARK_ITEM)} <= set(every)
    services = refresh_items(cat, fetchers, ["aws"], "eu-central-1", ["services"], [])
    assert {("platform", "aws", "eu-central-1", i) for i in ("lambda_provisioned_gb_second:arm64", "cognito_mau:essentials")} <= set(services)
    assert {service_of(fetchers["aws"], key) for _, _, _, key in services} == {"services"}
    network = {key for *_, key in refresh_items(cat, fetchers, ["azure"], REGION, ["network"], [])}
    assert "nat_gateway_hour" in network and "aci_vcpu_hour" not in network
    assert {key for *_, key in refresh_items(cat, fetchers, ["azure"], REGION, ["storage"], [])} == {
        "block_storage_gb_month:Premium_LRS", "block_storage_gb_month:StandardSSD_LRS", "block_storage_gb_month:Standard_LRS"}


def test_refresh_then_offline_price_prices_a_container_group_and_a_spark_pool(cli, tmp_path):
    doc = tmp_path / "preview.json"
    doc.write_text(pd.dumps(pd.doc(
        json.loads(aci.group(REGION))["steps"][-1],
        json.loads(spark.plan(REGION, spark.AUTOSCALE))["steps"][-1],
        config={"azure-native:location": REGION})))
    usage = tmp_path / "usage.yml"
    usage.write_text("resource_usage:\n  spark:\n    monthly_hours: 100\n")

    before = cli("price", str(doc), "--usage", str(usage), "--format", "json", "--offline")
    assert before.code == 0, before.err
    assert {r["metadata"]["bucket"] for r in before_resources(before.out)} == {"unknown-input"}

    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", retail_api)
        res = cli("prices", "refresh", "--cloud", "azure", "--region", REGION, "--service", "services",
                  "--endpoint", s.url + "/api/retail/prices", "--format", "json")
    assert res.code == 0, res.err
    items = {i["key"]: i for i in json.loads(res.out)["items"]}
    for key in ("aci_vcpu_hour", "aci_gb_hour", SPARK_ITEM):
        assert (items[key]["status"], items[key]["region"], items[key]["as_of"]) == ("fetched", REGION, TODAY)
    assert items["aci_vcpu_hour"]["price"] == str(aci.VCPU) and items[SPARK_ITEM]["price"] == str(spark.PAID)
    assert (items["aci_vcpu_hour"]["unit"], items[SPARK_ITEM]["unit"]) == ("vCPU-hour", "vCore-hour")
    assert items["logic_apps_builtin_action"]["status"] == "failed"  # not served: not cached, never $0

    out = cli("price", str(doc), "--usage", str(usage), "--format", "json", "--offline")
    assert out.code == 0, out.err
    got = {r["name"]: r for r in before_resources(out.out)}
    assert {n: r["metadata"]["bucket"] for n, r in got.items()} == {"aci": "estimated", "spark": "estimated"}
    assert Decimal(got["aci"]["monthlyCost"]) == 730 * (Decimal("1.5") * aci.VCPU + 2 * aci.GB_SECOND * 3600)
    assert Decimal(got["spark"]["monthlyCost"]) == 3 * 8 * 100 * spark.PAID
    (source,) = llmkit_summary(json.loads(out.out))["priceSources"]
    assert source["source"] == "Azure Retail Prices API" and source["oldestAsOf"] == source["newestAsOf"] == TODAY


def before_resources(text: str) -> list[dict[str, Any]]:
    return json.loads(text)["projects"][0]["breakdown"]["resources"]
