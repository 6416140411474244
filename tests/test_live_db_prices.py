"""Live managed-database prices: Azure SQL Database from the Retail Prices API and Cloud SQL from
the Cloud Billing Catalog, on recorded-shape responses served from 127.0.0.1
(tests/fixtures/pricing-api, PROVENANCE.md there), and a preview in a region the snapshot does
not price getting its database from them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from llmkit.pricing.catalog.live import FetchError, LivePrices, PriceCache
from llmkit.pricing.catalog.live.azure import AzurePrices
from llmkit.pricing.catalog.live.gcp import GcpPrices
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from tests import _previewdocs as pd
from tests.replay_server import ReplayServer

API = Path(__file__).resolve().parent / "fixtures" / "pricing-api"
SQL_ROWS = json.loads((API / "azure" / "constructed-northeurope-sql-database.json").read_text())["Items"]
CLOUD_SQL = json.loads((API / "gcp" / "constructed-cloud-sql-skus.json").read_text())


def retail_api(req: Any) -> Any:
    """The Retail Prices API's answer to a SQL Database filter (region + skuName or productName)."""
    flt = req.q("$filter") or ""
    hits = [r for r in SQL_ROWS if f"armRegionName eq '{r['armRegionName']}'" in flt and f"serviceName eq '{r['serviceName']}'" in flt
            and (f"skuName eq '{r['skuName']}'" in flt or f"productName eq '{r['productName']}'" in flt)]
    return 200, {"Items": hits, "NextPageLink": None}, {}


def azure(s: ReplayServer) -> AzurePrices:
    s.route("GET", r"/api/retail/prices", retail_api)
    return AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)


@pytest.mark.parametrize("item, price, unit", [
    ("db_instance_hour:GP_Gen5_2", Decimal("0.3044") + 2 * Decimal("0.1"), "database-hour"),  # compute + 2 vCores of licence
    ("db_instance_hour:S0", (Decimal("0.4839") / 24).quantize(Decimal("0.000001")), "database-hour"),  # per day -> per hour
    ("db_instance_hour:Basic", (Decimal("0.1613") / 24).quantize(Decimal("0.000001")), "database-hour"),
    ("db_storage_gb_month:GP", Decimal("0.115"), "GB-month"),
])
def test_azure_sql_database_skus_from_the_retail_prices_api(item, price, unit):
    with ReplayServer() as s:
        row = azure(s).platform("northeurope", item)
    assert (row.price, row.unit, row.region) == (price, unit, "northeurope")
    assert row.source.startswith("Azure Retail Prices API northeurope SQL Database") and row.as_of == dt.date.today().isoformat()


def test_azure_sql_without_a_licence_row_is_a_failed_lookup_not_the_compute_price():
    with ReplayServer() as s:
        client = azure(s)
        with pytest.raises(FetchError, match="compute and licence"):
            client.platform("northeurope", "db_instance_hour:BC_Gen5_2")  # no Business Critical rows at all
    assert AzurePrices().supports_platform("db_instance_hour:GP_Gen5_8") and not AzurePrices().supports_platform("db_instance_hour:cache.t3.micro")


def cloud_sql(s: ReplayServer) -> GcpPrices:
    s.route("GET", r"/v1/services/9662-B51E-5089/skus", lambda req: (200, CLOUD_SQL, {}))
    return GcpPrices(base_url=s.url, api_key="k", backoff=0)


def test_cloud_sql_vcpu_memory_custom_tiers_and_storage_from_the_billing_catalog():
    with ReplayServer() as s:
        client = cloud_sql(s)
        vcpu = client.platform("us-central1", "cloud_sql_vcpu_hour")
        memory = client.platform("us-central1", "cloud_sql_memory_gb_month")
        tier = client.platform("us-central1", "db_instance_hour:db-custom-4-16384")
        ssd = client.platform("europe-west1", "db_storage_gb_month:PD_SSD")
        assert s.count("GET", "/skus") == 1  # the service's SKU list is read once
    # zonal rates only: the regional, "Extended" and commitment SKUs are left out
    assert vcpu.price == Decimal("0.0413") and memory.price == Decimal("5.11")  # 0.007/GiB-hour x 730
    assert tier.price == 4 * Decimal("0.0413") + 16 * Decimal("0.007")
    assert ssd.price == Decimal("0.187") and ssd.region == "europe-west1"


def test_cloud_sql_region_without_its_skus_is_a_failed_lookup():
    with ReplayServer() as s:
        with pytest.raises(FetchError, match="0 different Cloud SQL vCPU prices"):
            cloud_sql(s).platform("asia-east1", "cloud_sql_vcpu_hour")


def test_previews_in_northeurope_and_europe_west1_price_their_databases_live(tmp_path):
    """End to end: regions the bundled snapshot has no database rows for get them from the
    price APIs (then cached), not unknown-input."""
    with ReplayServer() as s:
        live = LivePrices({"azure": azure(s), "gcp": cloud_sql(s)}, PriceCache(tmp_path), warn=lambda m: None)
        doc = pd.doc(
            pd.create("azure-native:sql:Database", "orders", {"location": "northeurope", "sku": {"name": "GP_Gen5", "capacity": 2},
                                                              "maxSizeBytes": 32 * 1024 ** 3}),
            pd.create("gcp:sql/databaseInstance:DatabaseInstance", "pg", {"region": "europe-west1", "databaseVersion": "POSTGRES_15",
                                                                         "settings": {"tier": "db-custom-2-8192", "diskSize": 20}}),
            config={"azure-native:location": "northeurope", "gcp:region": "europe-west1", "gcp:project": "p"})
        b = price_document(json.dumps(doc), catalog=Catalog(live=live))
    got = {r.name: r for r in b.resources}
    orders, pg = got["orders"], got["pg"]
    assert orders.bucket == "estimated" and not orders.current.unknown_parts
    assert orders.current.monthly == 730 * Decimal("0.5044") + 32 * Decimal("0.115")
    assert pg.bucket == "estimated" and not pg.current.unknown_parts
    assert pg.current.monthly == 730 * (2 * Decimal("0.0454") + 8 * Decimal("0.0077")) + 20 * Decimal("0.187")
    assert all("API" in c.source for r in (orders, pg) for c in r.current.components)
    assert list(tmp_path.rglob("*.json")), "the fetched prices are cached"
