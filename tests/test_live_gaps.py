"""Live lookups for the services the snapshot has no row for (issue 11): Azure Container Apps
(Consumption), GCP Firestore and GCP Vertex AI prediction nodes. Without a lookup these are
unknown even online; with one, `llmkit price` prices them from the price APIs, and after
`llmkit prices refresh` `llmkit price --offline` prices them from the cache.

The answers served from 127.0.0.1 are CONSTRUCTED in the APIs' schemas (Azure Retail Prices
items: serviceName, meterName, skuName, unitOfMeasure, type, retailPrice, tierMinimumUnits,
paged by NextPageLink; Cloud Billing Catalog SKUs: description, category, serviceRegions /
geoTaxonomy, pricingInfo[].pricingExpression.usageUnit and tieredRates[].unitPrice{units,
nanos}) with the meter names and resource groups the client looks for; free first tiers,
idle meters, Enterprise-edition and training SKUs sit beside them to be skipped. The prices are
artificial, only to exercise the code: the exact meter/SKU wording is not confirmed against a
recorded answer (see the client modules)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest

from llmkit.pricing.catalog.live import FetchError, LivePrices, PriceCache
from llmkit.pricing.catalog.live.azure import AzurePrices
from llmkit.pricing.catalog.live.gcp import FIRESTORE_SERVICE, VERTEX_SERVICE, GcpPrices
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.usage import Usage
from tests import _previewdocs as pd
from tests.replay_server import ReplayServer

TODAY = dt.date.today().isoformat()
CPU_S, MEM_S, REQ_M = Decimal("0.000031"), Decimal("0.0000041"), Decimal("0.47")
READ, WRITE, STORED = Decimal("0.00000071"), Decimal("0.0000019"), Decimal("0.21")  # per read, per write, per GiB-month
CORE, RAM, L4 = Decimal("0.0291"), Decimal("0.0034"), Decimal("0.6421")


def az(meter: str, price: Decimal, unit: str, *, tier: float = 0.0, sku: str = "Standard", region: str = "eastus") -> dict[str, Any]:
    return {"currencyCode": "USD", "retailPrice": float(price), "unitPrice": float(price), "armRegionName": region, "location": "US East",
            "productName": "Azure Container Apps", "skuName": sku, "meterName": meter, "serviceName": "Azure Container Apps",
            "unitOfMeasure": unit, "type": "Consumption", "tierMinimumUnits": tier}


AZ_ROWS = [
    az("Standard vCPU Active Usage", Decimal(0), "1 Second"), az("Standard vCPU Active Usage", CPU_S, "1 Second", tier=180000),
    az("Standard Memory Active Usage", Decimal(0), "1 GiB Second"), az("Standard Memory Active Usage", MEM_S, "1 GiB Second", tier=360000),
    az("Standard Requests", Decimal(0), "1M"), az("Standard Requests", REQ_M, "1M", tier=2),
    az("Standard vCPU Idle Usage", Decimal("0.000004"), "1 Second"),
    az("Standard vCPU Active Usage", Decimal("0.000777"), "1 Second", tier=180000, region="westus"),
]


def retail_api(s: ReplayServer, rows: list[dict[str, Any]]) -> None:
    """The Retail Prices API over ``rows``: the filter's service, region and meter; one row a
    page, linked by NextPageLink (the client must follow the pages)."""
    def handle(req: Any) -> Any:
        flt = req.q("$filter") or ""
        hits = [r for r in rows if all(f"{k} eq '{r[k]}'" in flt for k in ("serviceName", "armRegionName", "meterName"))]
        page = int(req.q("page") or 0)
        nxt = f"{s.url}/api/retail/prices?" + urlencode({"page": page + 1, "$filter": flt}) if page + 1 < len(hits) else None
        return 200, {"Items": hits[page:page + 1], "NextPageLink": nxt}, {}
    s.route("GET", r"/api/retail/prices", handle)


def rate(price: Decimal) -> dict[str, Any]:
    units, frac = divmod(price, 1)
    return {"unitPrice": {"currencyCode": "USD", "units": str(int(units)), "nanos": int(frac * 1_000_000_000)}}


def gsku(desc: str, group: str, unit: str, *tiers: Decimal, usage: str = "OnDemand", regions: Any = ("us-central1",), geo: Any = None) -> dict[str, Any]:
    rates = [{"startUsageAmount": i * 50000, **rate(p)} for i, p in enumerate(tiers)]
    return {"skuId": desc[:14], "description": desc, "serviceRegions": list(regions),
            "category": {"resourceFamily": "ApplicationServices", "resourceGroup": group, "usageType": usage},
            **({"geoTaxonomy": {"type": "REGIONAL", "regions": list(geo)}} if geo else {}),
            "pricingInfo": [{"pricingExpression": {"usageUnit": unit, "tieredRates": rates}}]}


FIRESTORE = [  # serviceRegions says 'global' on every Firestore SKU: the region is in geoTaxonomy
    gsku("Cloud Firestore Entity Reads (Iowa)", "FirestoreReadOps", "count", Decimal(0), READ, regions=["global"], geo=["us-central1"]),
    gsku("Cloud Firestore Entity Writes (Iowa)", "FirestoreWriteOps", "count", Decimal(0), WRITE, regions=["global"], geo=["us-central1"]),
    gsku("Cloud Firestore Storage (Iowa)", "FirestoreStorage", "GiBy.mo", Decimal(0), STORED, regions=["global"], geo=["us-central1"]),
    gsku("Cloud Firestore Enterprise Reads (Iowa)", "FirestoreReadOps", "count", Decimal("0.0000099"), regions=["global"], geo=["us-central1"]),
    gsku("Cloud Firestore Entity Reads (Belgium)", "FirestoreReadOps", "count", Decimal(0), Decimal("0.0000009"), regions=["global"], geo=["europe-west1"]),
]
VERTEX = [
    gsku("Vertex AI: Online/Batch Prediction G2 Instance Core running in Americas", "CPU", "h", CORE),
    gsku("Vertex AI: Online/Batch Prediction G2 Instance Ram running in Americas", "RAM", "GiBy.h", RAM),
    gsku("Vertex AI: Online/Batch Prediction NVIDIA L4 GPU running in Americas", "GPU", "h", L4),
    gsku("Vertex AI: Online/Batch Prediction NVIDIA A100 GPU running in Americas", "GPU", "h", Decimal("2.93")),
    gsku("Vertex AI: Training G2 Instance Core running in Americas", "CPU", "h", Decimal("0.0999")),
    gsku("Vertex AI: Online/Batch Prediction G2 Instance Core running in Americas", "CPU", "h", Decimal("0.0111"), usage="Preemptible"),
    gsku("Vertex AI: Online/Batch Prediction G2 Instance Core running in Belgium", "CPU", "h", Decimal("0.0555"), regions=["europe-west1"]),
]
NODE = (12 * CORE + 48 * RAM + L4).quantize(Decimal("0.000001"))


def billing(s: ReplayServer, firestore: Any = None, vertex: Any = None) -> None:
    s.route("GET", rf"/v1/services/{FIRESTORE_SERVICE}/skus", lambda req: firestore or (200, {"skus": FIRESTORE}, {}))
    s.route("GET", rf"/v1/services/{VERTEX_SERVICE}/skus", lambda req: vertex or (200, {"skus": VERTEX}, {}))
    s.route("GET", r"/v1/services/[^/]+/skus", lambda req: (200, {"skus": []}, {}))  # other services: nothing priced


def preview() -> dict[str, Any]:
    gc = {"region": "us-central1", "location": "us-central1"}
    spec = {"machineType": "g2-standard-12", "acceleratorType": "NVIDIA_L4", "acceleratorCount": 1}
    return pd.doc(
        pd.create("azure-native:app:ContainerApp", "app", {"location": "eastus", "template": {"containers": [{"resources": {"cpu": 0.5, "memory": "1Gi"}}]}}),
        pd.create("gcp:firestore/database:Database", "docs", {**gc, "locationId": "us-central1", "type": "FIRESTORE_NATIVE"}),
        pd.create("gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment", "llm",
                  {**gc, "publisherModelName": "publishers/google/models/gemma3", "deployConfig": {"dedicatedResources": {"machineSpec": spec, "minReplicaCount": 2}}}),
        config={"azure-native:location": "eastus", "gcp:region": "us-central1", "gcp:project": "p"})


USAGE = "resource_usage:\n  app:\n    monthly_requests: 3000000\n    request_duration_ms: 200\n" \
        "  docs:\n    monthly_document_reads: 2000000\n    monthly_document_writes: 500000\n    storage_gb: 10\n"


USAGE_DATA = Usage(resources={"app": {"monthly_requests": Decimal(3_000_000), "request_duration_ms": Decimal(200)},
                               "docs": {"monthly_document_reads": Decimal(2_000_000), "monthly_document_writes": Decimal(500_000), "storage_gb": Decimal(10)}})


def expected() -> dict[str, Decimal]:
    seconds = Decimal(3_000_000) * Decimal("0.2")
    return {"app": 3 * REQ_M + seconds * Decimal("0.5") * CPU_S + seconds * 1 * MEM_S,
            "docs": 20 * READ * 100_000 + 5 * WRITE * 100_000 + 10 * STORED,
            "llm": 2 * 730 * NODE}


# ------------------------------------------------------------------------------ the clients


@pytest.mark.parametrize("item, price, unit", [
    ("container_apps_vcpu_second", CPU_S, "vCPU-second"),   # the paid tier, not the free grant; active, not idle
    ("container_apps_gib_second", MEM_S, "GiB-second"),
    ("container_apps_requests_1m", REQ_M, "1M requests"),
])
def test_container_apps_meters_from_the_retail_prices_api_across_pages(item, price, unit):
    with ReplayServer() as s:
        retail_api(s, AZ_ROWS)
        client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
        assert client.supports_platform(item) and item in client.live_only_items
        row = client.platform("eastus", item)
    assert (row.price, row.unit, row.region, row.as_of) == (price, unit, "eastus", TODAY)
    assert row.source.startswith("Azure Retail Prices API eastus Azure Container Apps")


@pytest.mark.parametrize("item, price, unit", [
    ("firestore_reads_100k", READ * 100_000, "100k reads"),   # per read x 100k; the Enterprise SKU beside it is skipped
    ("firestore_writes_100k", WRITE * 100_000, "100k writes"),
    ("firestore_storage_gb_month", STORED, "GB-month"),
    ("vertex_node_hour:g2-standard-12", NODE, "node-hour"),   # 12 x core + 48 GiB x RAM + 1 x L4, prediction on-demand only
])
def test_firestore_and_vertex_prices_from_the_billing_catalog(item, price, unit):
    with ReplayServer() as s:
        billing(s)
        client = GcpPrices(base_url=s.url, api_key="k", backoff=0)
        assert client.supports_platform(item) and item in client.live_only_items
        row = client.platform("us-central1", item)
    assert (row.price, row.unit, row.region) == (price, unit, "us-central1")
    assert row.source.startswith("GCP Cloud Billing Catalog API")


def test_a_vertex_machine_with_no_prediction_sku_in_the_region_fails_the_lookup():
    with ReplayServer() as s:
        billing(s)
        client = GcpPrices(base_url=s.url, api_key="k", backoff=0)
        with pytest.raises(FetchError, match="no single on-demand prediction price"):
            client.platform("europe-west1", "vertex_node_hour:g2-standard-12")  # a core SKU but no RAM or L4 there
        with pytest.raises(FetchError):
            client.platform("us-central1", "vertex_node_hour:n2-standard-4")  # no N2 prediction SKUs at all


def broken_sku(**change: Any) -> dict[str, Any]:
    sku = json.loads(json.dumps(FIRESTORE[0]))
    for path, value in change.items():
        target = sku
        *parts, last = path.split(".")
        for p in parts:
            target = target[int(p)] if p.isdigit() else target[p]
        key: Any = int(last) if last.isdigit() else last
        if value is None:
            del target[key]
        else:
            target[key] = value
    return {"skus": [sku]}


@pytest.mark.parametrize("reply", [
    (200, b"<html><body>Service Unavailable</body></html>", {"Content-Type": "text/html"}),
    (200, b'{"skus": [{"description": "Cloud Firestore Entity Reads (Iowa)", "pricingInfo": [{"pri', {}),
    (200, broken_sku(**{"pricingInfo.0.pricingExpression.tieredRates.1.unitPrice.units": "v000000"}), {}),
    (200, broken_sku(**{"pricingInfo.0.pricingExpression.tieredRates.1.unitPrice": None}), {}),
    (200, broken_sku(**{"pricingInfo.0.pricingExpression.tieredRates.1": {"unitPrice": {"units": "0", "nanos": 0}}}), {}),  # all free
    (200, broken_sku(**{"pricingInfo.0.pricingExpression.usageUnit": "GiBy"}), {}),  # a unit it does not convert
    (200, {"skus": []}, {}),
], ids=["html-error-page", "truncated-json", "v000000", "missing-unitPrice", "zero-paid-tier", "unknown-unit", "no-skus"])
def test_a_bad_billing_answer_fails_the_firestore_lookup(reply):
    with ReplayServer() as s:
        billing(s, firestore=reply)
        with pytest.raises(FetchError):
            GcpPrices(base_url=s.url, api_key="k", backoff=0).platform("us-central1", "firestore_reads_100k")


@pytest.mark.parametrize("rows", [
    [{**AZ_ROWS[1], "retailPrice": "v000000"}],
    [{**AZ_ROWS[1], "retailPrice": "0.000031"}],     # a number as text is not a number
    [{k: v for k, v in AZ_ROWS[1].items() if k != "retailPrice"}],
    [{**AZ_ROWS[1], "unitOfMeasure": "1 Hour"}],     # a unit the lookup does not convert
    [AZ_ROWS[0]],                                     # only the free tier: no paid price
    [{**AZ_ROWS[1], "meterName": "Standard vCPU Active Usage (preview)"}],  # another meter never matches
], ids=["v000000", "text-price", "missing-retailPrice", "unknown-unit", "free-tier-only", "other-meter"])
def test_a_bad_retail_answer_fails_the_container_apps_lookup(rows):
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", lambda req: (200, {"Items": rows, "NextPageLink": None}, {}))
        with pytest.raises(FetchError):
            AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).platform("eastus", "container_apps_vcpu_second")


ACR_DAY = Decimal("0.1667")
ACR_ROWS = [{**az("Basic Registry Unit", ACR_DAY, "1/Day", sku="Basic"), "serviceName": "Container Registry", "productName": "Container Registry"},
            {**az("Basic Registry Unit", Decimal("0.0999"), "1/Day", sku="Basic"), "serviceName": "Container Registry",
             "productName": "Container Registry", "type": "DevTestConsumption"},
            {**az("Data Stored", Decimal("0.1"), "1 GB/Month", sku="Basic"), "serviceName": "Container Registry", "productName": "Container Registry"},
            {**az("Basic Gateway", Decimal("0.21"), "1 Hour", sku="Basic"), "serviceName": "Azure Bastion", "productName": "Azure Bastion"},
            {**az("Basic Data Transfer Out", Decimal("0.09"), "1 GB", sku="Basic"), "serviceName": "Azure Bastion", "productName": "Azure Bastion"}]


def test_a_container_registry_and_a_bastion_host_are_priced_live_all_month(tmp_path):
    """Registries and Bastion hosts had neither a bundled row nor a lookup: the daily registry
    unit ("Basic Registry Unit" per "1/Day") is priced per hour, as the preview's hourly item is;
    a Bastion host is its "Basic Gateway" hours."""
    with ReplayServer() as s:
        retail_api(s, ACR_ROWS)
        client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
        assert "container_registry_hour:Basic" in client.live_only_items
        live = LivePrices({"azure": client}, PriceCache(tmp_path), warn=lambda m: None)
        doc = pd.doc(pd.create("azure-native:containerregistry:Registry", "acr", {"location": "eastus", "sku": {"name": "Basic"}}),
                     pd.create("azure-native:network:BastionHost", "bastion", {"location": "eastus", "sku": {"name": "Basic"}}),
                     config={"azure-native:location": "eastus"})
        got = {r.name: r.current.monthly for r in price_document(json.dumps(doc), catalog=Catalog(live=live)).resources}
    hourly = (ACR_DAY / 24).quantize(Decimal("0.000001"))
    assert got == {"acr": 730 * hourly, "bastion": 730 * Decimal("0.21")}  # the gateway hour, not the data-out meter


def test_an_html_page_from_the_retail_api_fails_the_lookup():
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", lambda req: (200, b"<html>maintenance</html>", {"Content-Type": "text/html"}))
        with pytest.raises(FetchError):
            AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).platform("eastus", "container_apps_gib_second")


# ------------------------------------------------------------------------------ pricing a preview


def test_a_preview_prices_container_apps_firestore_and_vertex_from_the_live_lookup(tmp_path):
    with ReplayServer() as s:
        retail_api(s, AZ_ROWS)
        billing(s)
        fetchers = {"azure": AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0), "gcp": GcpPrices(base_url=s.url, api_key="k", backoff=0)}
        live = LivePrices(fetchers, PriceCache(tmp_path), warn=lambda m: None)
        b = price_document(json.dumps(preview()), catalog=Catalog(live=live), usage=USAGE_DATA)
    got = {r.name: r for r in b.resources}
    assert {n: r.current.monthly for n, r in got.items()} == pytest.approx(expected(), abs=Decimal("0.000001"))


def test_offline_without_a_refresh_they_are_unknown_never_zero(tmp_path):
    b = price_document(json.dumps(preview()), catalog=Catalog(live=LivePrices({}, PriceCache(tmp_path), offline=True, warn=lambda m: None)))
    for r in b.resources:
        assert r.current.monthly is None, (r.name, r.current.monthly)


def test_cli_refresh_then_offline_price(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("LLMKIT_GCP_API_KEY", "k")
    doc, usage = tmp_path / "preview.json", tmp_path / "usage.yml"
    doc.write_text(pd.dumps(preview()))
    usage.write_text(USAGE)
    with ReplayServer() as s:
        retail_api(s, AZ_ROWS)
        billing(s)
        for cloud, region, endpoint, wanted in (
                ("azure", "eastus", s.url + "/api/retail/prices", ("container_apps_vcpu_second", "container_apps_gib_second", "container_apps_requests_1m")),
                ("gcp", "us-central1", s.url, ("firestore_reads_100k", "firestore_writes_100k", "firestore_storage_gb_month", "vertex_node_hour:g2-standard-12"))):
            res = cli("prices", "refresh", "--cloud", cloud, "--region", region, "--service", "services", "--endpoint", endpoint, "--format", "json")
            items = {i["key"]: i for i in json.loads(res.out)["items"]}
            assert res.code == 0, [(k, i["status"], i.get("error")) for k, i in items.items()]
            assert all((items[k]["status"], items[k]["as_of"]) == ("fetched", TODAY) for k in wanted), items
    out = cli("price", str(doc), "--usage", str(usage), "--format", "json", "--offline")
    assert out.code == 0, out.err
    got = {r["name"]: r for r in json.loads(out.out)["projects"][0]["breakdown"]["resources"]}
    assert {n: r["metadata"]["bucket"] for n, r in got.items()} == {"app": "estimated", "docs": "estimated", "llm": "estimated"}
    for name, cost in expected().items():
        assert Decimal(got[name]["monthlyCost"]) == pytest.approx(cost, abs=Decimal("0.0001")), name
