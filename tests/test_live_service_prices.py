"""Live managed-service prices: Azure SQL Database from the Retail Prices API and Cloud SQL from
the Cloud Billing Catalog on recorded-shape responses served from 127.0.0.1, and OpenSearch,
SageMaker hosting and DynamoDB storage from the AWS Price List through botocore's Stubber
(tests/fixtures/pricing-api, PROVENANCE.md there); previews in regions the snapshot does not
price get these resources from them."""

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
from llmkit.pricing.preview.infracost import llmkit_summary
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


# ------------------------------------------------------------------------------ AWS managed services

SERVICE_ITEMS = json.loads((API / "aws" / "constructed-eu-central-1-service-items.json").read_text())


def stubbed_pricing(responses: list[tuple[str, list[tuple[str, str]]]]) -> Any:
    """A pricing client whose GetProducts answers come from the fixture, each request checked by
    botocore's Stubber against the real service model and these exact filters."""
    import boto3
    from botocore.stub import Stubber

    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    pricing = session.client("pricing", region_name="us-east-1")
    stub = Stubber(pricing)
    for item, (service, filters) in responses:
        stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [json.dumps(p) for p in SERVICE_ITEMS[item]]},
                          {"ServiceCode": service, "FormatVersion": "aws_v1", "MaxResults": 100,
                           "Filters": [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in filters]})
    stub.activate()
    return pricing, stub


R = ("regionCode", "eu-central-1")
AWS_CASES = {
    "search_instance_hour:m6g.large.search": ("AmazonES", [("productFamily", "Amazon OpenSearch Service Instance"), R, ("instanceType", "m6g.large.search")], "0.154", "instance-hour"),
    "search_storage_gb_month:gp3": ("AmazonES", [("productFamily", "Amazon OpenSearch Service Volume"), R, ("storageMedia", "GP3")], "0.146", "GB-month"),
    "sagemaker_instance_hour:ml.g5.xlarge": ("AmazonSageMaker", [("productFamily", "ML Instance"), R, ("component", "Hosting"), ("instanceName", "ml.g5.xlarge")], "1.746", "instance-hour"),
    "dynamodb_storage_gb_month": ("AmazonDynamoDB", [("productFamily", "Database Storage"), R], "0.306", "GB-month"),  # the Standard-IA product is skipped
    # ElastiCache nodes of any engine and node type; the extended-support product beside the
    # Valkey node is skipped by its usagetype
    "cache_node_hour:valkey:cache.r7g.large": ("AmazonElastiCache", [("productFamily", "Cache Instance"), ("instanceType", "cache.r7g.large"), R,
                                                                     ("cacheEngine", "Valkey")], "0.248", "node-hour"),
    "db_instance_hour:cache.m6g.large": ("AmazonElastiCache", [("productFamily", "Cache Instance"), ("instanceType", "cache.m6g.large"), R,
                                                               ("cacheEngine", "Redis")], "0.176", "node-hour"),
}


@pytest.mark.parametrize("item", sorted(AWS_CASES))
def test_aws_managed_service_products_from_the_price_list(item):
    from llmkit.pricing.catalog.live.aws import AwsPrices

    service, filters, price, unit = AWS_CASES[item]
    pricing, stub = stubbed_pricing([(item, (service, filters))])
    client = AwsPrices(client=lambda s, r: pricing)
    assert client.supports_platform(item)
    row = client.platform("eu-central-1", item)
    stub.assert_no_pending_responses()
    assert (row.price, row.unit) == (Decimal(price), unit) and service in row.source


def test_a_preview_in_frankfurt_prices_opensearch_and_sagemaker_live(tmp_path):
    from llmkit.pricing.catalog.live.aws import AwsPrices

    order = ["search_instance_hour:m6g.large.search", "search_storage_gb_month:gp3", "sagemaker_instance_hour:ml.g5.xlarge"]
    pricing, stub = stubbed_pricing([(i, AWS_CASES[i][:2]) for i in order])
    live = LivePrices({"aws": AwsPrices(client=lambda s, r: pricing)}, PriceCache(tmp_path), warn=lambda m: None)
    doc = pd.doc(
        pd.create("aws:opensearch/domain:Domain", "vectors", {"clusterConfig": {"instanceType": "m6g.large.search", "instanceCount": 2},
                                                              "ebsOptions": {"ebsEnabled": True, "volumeSize": 50, "volumeType": "gp3"}}),
        pd.create("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "cfg",
                  {"productionVariants": [{"instanceType": "ml.g5.xlarge", "initialInstanceCount": 1}]}),
        pd.create("aws:sagemaker/endpoint:Endpoint", "llm", {"endpointConfigName": "cfg"}),
        config={"aws:region": "eu-central-1"})
    b = price_document(json.dumps(doc), catalog=Catalog(live=live))
    stub.assert_no_pending_responses()
    got = {r.name: r for r in b.resources}
    assert got["vectors"].current.monthly == 2 * 730 * Decimal("0.154") + 2 * 50 * Decimal("0.146")
    assert got["llm"].current.monthly == 730 * Decimal("1.746")
    assert not got["vectors"].current.unknown_parts and got["cfg"].bucket == "free"


def test_elasticache_items_the_client_prices_and_the_ones_it_does_not():
    from llmkit.pricing.catalog.live.aws import AwsPrices

    client = AwsPrices(client=lambda s, r: None)
    assert client.supports_platform("cache_node_hour:memcached:cache.t4g.micro")
    assert not client.supports_platform("cache_node_hour:couchbase:cache.t4g.micro")  # no such engine
    assert not client.supports_platform("cache_node_hour:valkey:db.t3.micro")  # an RDS class is not a cache node
    assert not client.supports_platform("db_instance_hour:cache.t3.micro:extra")  # not a node type


def test_a_preview_in_frankfurt_prices_valkey_and_redis_nodes_live(tmp_path):
    from llmkit.pricing.catalog.live.aws import AwsPrices

    order = ["cache_node_hour:valkey:cache.r7g.large", "db_instance_hour:cache.m6g.large"]
    pricing, stub = stubbed_pricing([(i, AWS_CASES[i][:2]) for i in order])
    live = LivePrices({"aws": AwsPrices(client=lambda s, r: pricing)}, PriceCache(tmp_path), warn=lambda m: None)
    doc = pd.doc(
        pd.create("aws:elasticache/cluster:Cluster", "sessions", {"engine": "valkey", "nodeType": "cache.r7g.large", "numCacheNodes": 1}),
        pd.create("aws:elasticache/cluster:Cluster", "cache", {"engine": "redis", "nodeType": "cache.m6g.large", "numCacheNodes": 2}),
        config={"aws:region": "eu-central-1"})
    b = price_document(json.dumps(doc), catalog=Catalog(live=live))
    stub.assert_no_pending_responses()
    got = {r.name: r.current.monthly for r in b.resources}
    assert got == {"sessions": 730 * Decimal("0.248"), "cache": 2 * 730 * Decimal("0.176")}


# ------------------------------------------------------------------------------ Azure App Service, AI Search

WEB_ROWS = json.loads((API / "azure" / "constructed-northeurope-app-service-search.json").read_text())["Items"]


def web_api(req: Any) -> Any:
    flt = req.q("$filter") or ""
    hits = [r for r in WEB_ROWS if f"serviceName eq '{r['serviceName']}'" in flt and f"armRegionName eq '{r['armRegionName']}'" in flt
            and (f"productName eq '{r['productName']}'" in flt or f"skuName eq '{r['skuName']}'" in flt)]
    return 200, {"Items": hits, "NextPageLink": None}, {}


@pytest.mark.parametrize("item, price", [
    ("app_service_plan_hour:linux:P1v3", "0.169"),     # the Linux product, not the Windows one beside it
    ("app_service_plan_hour:windows:P1v3", "0.343"),
    ("app_service_plan_hour:linux:P1mv3", "0.203"),
    ("app_service_plan_hour:linux:B1", "0.018"),
    ("search_unit_hour:standard", "0.336"),            # the resource's "standard" is the API's "Standard S1"
    ("search_unit_hour:basic", "0.11"),
])
def test_azure_app_service_plans_and_search_units_from_the_retail_prices_api(item, price):
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", web_api)
        client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
        assert client.supports_platform(item)
        row = client.platform("northeurope", item)
    assert row.price == Decimal(price) and row.region == "northeurope" and row.source.startswith("Azure Retail Prices API northeurope")


def test_a_preview_in_northeurope_prices_its_app_service_plan_and_search_live(tmp_path):
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", web_api)
        live = LivePrices({"azure": AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)}, PriceCache(tmp_path), warn=lambda m: None)
        ne = {"location": "northeurope"}
        doc = pd.doc(
            pd.create("azure-native:web:AppServicePlan", "plan", {**ne, "sku": {"name": "P1v3", "capacity": 2}, "kind": "linux", "reserved": True}),
            pd.create("azure-native:search:Service", "search", {**ne, "sku": {"name": "standard"}, "replicaCount": 2}),
            config={"azure-native:location": "northeurope"})
        b = price_document(json.dumps(doc), catalog=Catalog(live=live))
    got = {r.name: r for r in b.resources}
    assert got["plan"].current.monthly == 2 * 730 * Decimal("0.169")
    assert got["search"].current.monthly == 2 * 730 * Decimal("0.336")


# ------------------------------------------------------------------------------ through the CLI


def test_cli_refresh_then_offline_price_of_databases_in_northeurope_and_europe_west1(cli, tmp_path, monkeypatch):
    """`llmkit prices refresh` fills the cache with the managed-database prices of regions the
    snapshot has none for (from recorded-shape answers); `llmkit price --offline` then prices
    a preview's databases there from that named, dated source, and an online `llmkit price`
    fetches on demand the one price the refresh did not cover (vCore storage)."""
    monkeypatch.setenv("LLMKIT_GCP_API_KEY", "k")
    doc = tmp_path / "preview.json"
    doc.write_text(pd.dumps(pd.doc(
        pd.create("azure-native:sql:Database", "orders", {"location": "northeurope", "sku": {"name": "GP_Gen5", "capacity": 2}, "maxSizeBytes": 32 * 1024 ** 3}),
        pd.create("azure-native:sql:Database", "small", {"location": "northeurope", "sku": {"name": "S0"}}),
        pd.create("gcp:sql/databaseInstance:DatabaseInstance", "pg", {"region": "europe-west1", "settings": {"tier": "db-custom-2-7680", "diskSize": 20}}),
        config={"azure-native:location": "northeurope", "gcp:region": "europe-west1", "gcp:project": "p"})))

    def priced(*extra: str) -> tuple[dict[str, Any], set[str]]:
        res = cli("price", str(doc), "--format", "json", *extra)
        assert res.code == 0, res.err
        out = json.loads(res.out)
        return ({r["name"]: r for r in out["projects"][0]["breakdown"]["resources"]},
                {p["source"] for p in llmkit_summary(out)["priceSources"]})

    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", retail_api)
        s.route("GET", r"/v1/services/9662-B51E-5089/skus", lambda req: (200, CLOUD_SQL, {}))
        for cloud, region, endpoint, wanted in (
                ("azure", "northeurope", s.url + "/api/retail/prices", ("db_instance_hour:GP_Gen5_2", "db_instance_hour:S0")),
                ("gcp", "europe-west1", s.url, ("db_instance_hour:db-custom-2-7680", "db_storage_gb_month:PD_SSD", "cloud_sql_vcpu_hour"))):
            res = cli("prices", "refresh", "--cloud", cloud, "--region", region, "--service", "services", "--endpoint", endpoint, "--format", "json")
            assert res.code == 0, res.err
            status = {i["key"]: i["status"] for i in json.loads(res.out)["items"]}
            assert all(status[k] == "fetched" for k in wanted), status
        offline, offline_sources = priced("--offline")
        monkeypatch.setenv("LLMKIT_AZURE_PRICES_URL", s.url + "/api/retail/prices")
        monkeypatch.setenv("LLMKIT_GCP_BILLING_URL", s.url)
        monkeypatch.delenv("LLMKIT_OFFLINE")  # online for this one run, against the local server only
        online, online_sources = priced()
    assert {n: r["metadata"]["bucket"] for n, r in offline.items()} == {"orders": "estimated", "small": "estimated", "pg": "estimated"}
    assert offline["orders"]["metadata"]["unknownParts"] == ["data storage price"]  # not in any snapshot: named, not $0
    assert Decimal(offline["small"]["monthlyCost"]) == 730 * (Decimal("0.4839") / 24).quantize(Decimal("0.000001"))
    assert Decimal(offline["pg"]["monthlyCost"]) == 730 * (2 * Decimal("0.0454") + Decimal("7.5") * Decimal("0.0077")) + 20 * Decimal("0.187")
    assert Decimal(online["orders"]["monthlyCost"]) == 730 * Decimal("0.5044") + 32 * Decimal("0.115")
    assert "unknownParts" not in online["orders"]["metadata"]
    assert offline_sources == online_sources == {"Azure Retail Prices API", "GCP Cloud Billing Catalog API"}


@pytest.mark.parametrize("item, price, unit", [
    ("public_ipv4_hour", "0.005", "hour"),  # the standard-VM charge, not the spot one; a global SKU
    ("nat_gateway_hour", "0.0014", "VM-hour"),
    ("nat_gateway_gb", "0.045", "GB"),
    ("lb_capacity_unit_hour", "0.008", "GB"),
])
def test_gcp_networking_skus_by_description(item, price, unit):
    client = GcpPrices(base_url="http://127.0.0.1:9", api_key="k")
    client._skus = json.loads((API / "gcp" / "constructed-network-skus.json").read_text())["skus"]  # the list as read from the API
    assert client.supports_platform(item)
    row = client.platform("europe-west1", item)
    assert (row.price, row.unit, row.region) == (Decimal(price), unit, "europe-west1")
    with pytest.raises(FetchError):
        client.platform("asia-east1", "nat_gateway_gb")  # no SKU for that region: a failed lookup, not another region's price
