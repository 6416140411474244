"""Live prices: the price-API clients on recorded responses, the cache, the fallbacks.

Azure and GCP answer from tests/replay_server.py on 127.0.0.1 with the responses vendored in
tests/fixtures/pricing-api (PROVENANCE.md there); AWS through botocore's Stubber, which checks
every request and response against botocore's real service model. Nothing reaches a network.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from llmkit.pricing.catalog.live import FetchError, LivePrices, PriceCache, SourceUnavailable
from llmkit.pricing.catalog.live.aws import AwsPrices
from llmkit.pricing.catalog.live.azure import AzurePrices, reservation_hourly
from llmkit.pricing.catalog.live.gcp import GcpPrices, sku_price
from llmkit.pricing.catalog.live.litellm import LiteLlmPrices
from llmkit.pricing.catalog.types import InstancePrice
from tests.replay_server import ReplayServer

API = Path(__file__).resolve().parent / "fixtures" / "pricing-api"


def load(rel: str) -> Any:
    return json.loads((API / rel).read_text(encoding="utf-8"))


def page(rel: str, base: str) -> Any:
    return json.loads((API / rel).read_text(encoding="utf-8").replace("{BASE}", base))


def azure_server(server: ReplayServer, pages: dict[str, Any]) -> None:
    """Serve the Retail Prices API: the first page, then the page a NextPageLink's $skip names."""
    server.route("GET", r"/api/retail/prices", lambda req: (200, pages[req.q("$skip") or "0"], {}))


def fresh_bundled(**kw: Any) -> InstancePrice:
    base = dict(cloud="azure", region="eastus", type="Standard_D2s_v3", vcpus=2, memory_gb=Decimal(8), gpu=None, gpu_count=0,
                gpu_memory_gb=None, on_demand_hourly=Decimal("0.5"), spot_hourly=None, reserved_1y_hourly=None,
                reserved_3y_hourly=None, reserved_is_assumption=False, source="bundled test row", as_of="2025-07-01")
    base.update(kw)
    return InstancePrice(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ Azure


def test_azure_follows_next_page_links_and_reads_linux_rows_only():
    with ReplayServer() as s:
        pages = {str(i * 3): page(f"azure/paged-eastus-d2s_v3-page{i + 1}.json", s.url) for i in range(3)}
        azure_server(s, pages)
        row = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).instance("eastus", "Standard_D2s_v3")
        assert s.count("GET", "/api/retail/prices") == 3
        first = s.requests[0][2]
        assert "armRegionName eq 'eastus'" in first["$filter"][0] and "armSkuName eq 'Standard_D2s_v3'" in first["$filter"][0]
    # Linux Consumption 0.096 (the Windows row is 0.188, Low Priority 0.019); spot: the Linux Spot row
    assert row.on_demand_hourly == Decimal("0.096")
    assert row.spot_hourly == Decimal("0.018816")
    assert row.source.startswith("Azure Retail Prices API eastus Standard_D2s_v3") and row.as_of == dt.date.today().isoformat()


def test_azure_reservation_rows_are_whole_term_prices_made_hourly():
    item = load("azure/finfocus-plugin-azure-public_eastus_standard_d2als_v7_reservationterm_1_year.json")["Items"][0]
    assert item["unitOfMeasure"] == "1 Hour" and item["retailPrice"] == 416.0
    assert reservation_hourly(item) == (Decimal(416) / 8760).quantize(Decimal("0.000001"))  # 0.047489, not 416 an hour


@pytest.mark.parametrize(
    "reply, error",
    [
        ((200, b"<html><body>Service Unavailable</body></html>", {"Content-Type": "text/html"}), SourceUnavailable),
        ((200, b'{"Items": [{"retailPrice": 0.09', {"Content-Type": "application/json"}), FetchError),
        ((200, {"Items": [{"armRegionName": "eastus", "armSkuName": "Standard_D2s_v3", "type": "Consumption",
                           "skuName": "D2s v3", "productName": "Virtual Machines DSv3 Series"}], "NextPageLink": None}, {}), FetchError),
        ((200, {"Items": [{"armRegionName": "eastus", "armSkuName": "Standard_D2s_v3", "type": "Consumption", "retailPrice": "v000000",
                           "skuName": "D2s v3", "productName": "Virtual Machines DSv3 Series"}], "NextPageLink": None}, {}), FetchError),
        ((200, {"NextPageLink": None}, {}), FetchError),
    ],
    ids=["html-error-page", "truncated-json", "missing-retailPrice", "corrupted-price", "no-items"],
)
def test_azure_bad_responses_fail_and_fall_back_without_touching_the_cache(tmp_path, reply, error):
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", lambda req: reply)
        client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
        with pytest.raises(error):
            client.instance("eastus", "Standard_D2s_v3")
        warnings: list[str] = []
        live = LivePrices({"azure": client}, PriceCache(tmp_path), warn=warnings.append)
        bundled = fresh_bundled()
        assert live.instance("azure", "eastus", "Standard_D2s_v3", bundled) is bundled  # the snapshot, never $0
    assert not list(tmp_path.rglob("*.json")), "a failed lookup must not be cached"
    assert len(warnings) == 1


def test_azure_endless_next_page_link_is_stopped():
    with ReplayServer() as s:
        loop = {"Items": [], "NextPageLink": None}
        s.route("GET", r"/api/retail/prices", lambda req: (200, dict(loop, NextPageLink=s.url + "/api/retail/prices?$skip=100"), {}))
        with pytest.raises(FetchError, match="loops"):
            AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).instance("eastus", "Standard_D2s_v3")
        assert s.count("GET", "/api/retail/prices") == 2
        s.routes.clear()
        s.route("GET", r"/api/retail/prices", lambda req: (200, {"Items": [], "NextPageLink": f"{s.url}/api/retail/prices?$skip={int(req.q('$skip') or 0) + 1}"}, {}))
        with pytest.raises(FetchError, match="page"):
            AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).instance("eastus", "Standard_D2s_v3")


def test_azure_429_is_retried_with_the_clients_own_backoff_then_succeeds():
    rec = load("azure/finfocus-plugin-azure-public_eastus_standard_d2s_v3_nofilter_preview.json")
    calls = []

    def handler(req: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            return 429, {"error": "TooManyRequests"}, {"Retry-After": "0"}
        return 200, rec, {}

    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", handler)
        row = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).instance("eastus", "Standard_D2s_v3")
    assert len(calls) == 2 and row.on_demand_hourly == Decimal("0.096")


def azure_meters(req: Any) -> Any:
    """The Retail Prices API's answer to a productName/meterName/armRegionName filter."""
    flt = req.q("$filter") or ""
    rows = load("azure/constructed-northeurope-network-meters.json")["Items"]
    hits = [r for r in rows if all(f"'{r[k]}'" in flt for k in ("productName", "meterName", "armRegionName"))]
    return 200, {"Items": hits, "NextPageLink": None}, {}


@pytest.mark.parametrize("item, price, unit", [("lb_hour", "0.025", "hour"), ("lb_capacity_unit_hour", "0.005", "GB"),
                                               ("nat_gateway_hour", "0.045", "hour"), ("public_ipv4_hour", "0.005", "hour")])
def test_azure_network_meters_the_load_balancer_hour_from_global(item, price, unit):
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", azure_meters)
        row = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).platform("northeurope", item)
        flt = s.requests[0][2]["$filter"][0]
    assert (row.price, row.unit, row.region) == (Decimal(price), unit, "northeurope")
    assert ("armRegionName eq 'Global'" in flt) == (item == "lb_hour")


# ------------------------------------------------------------------------------ GCP


def gcp_server(server: ReplayServer) -> None:
    pages = {"": load("gcp/constructed-compute-skus-page1.json"), "page-2": load("gcp/constructed-compute-skus-page2.json")}
    server.route("GET", r"/v1/services/6F81-5844-456A/skus", lambda req: (200, pages[req.q("pageToken") or ""], {}))


def test_gcp_sums_core_and_ram_skus_per_machine_type_across_pages():
    with ReplayServer() as s:
        gcp_server(s)
        client = GcpPrices(base_url=s.url, api_key="test-key", backoff=0)
        row = client.instance("us-central1", "n1-standard-8")
        gpu_vm = client.instance("us-central1", "g2-standard-4")
        eu = client.instance("europe-west1", "n1-standard-8")
        assert s.count("GET", "/skus") == 2  # both pages, read once for all three prices
        assert s.requests[0][2]["key"] == ["test-key"]
    # 8 x 0.031611 + 30 GiB x 0.004237 (units + nanos/1e9), the published n1-standard-8 price 0.38
    assert row.on_demand_hourly == Decimal("0.379998")
    assert row.spot_hourly == Decimal("8") * Decimal("0.006655") + 30 * Decimal("0.000892")
    assert row.reserved_1y_hourly == Decimal("8") * Decimal("0.019915") + 30 * Decimal("0.002669")
    assert row.reserved_3y_hourly is not None and row.reserved_3y_hourly < row.reserved_1y_hourly
    # a GPU machine type: host (4 cores + 16 GiB) + its built-in L4
    assert gpu_vm.on_demand_hourly == (4 * Decimal("0.024988") + 16 * Decimal("0.002928") + Decimal("0.56")).quantize(Decimal("0.000001"))
    assert gpu_vm.gpu == "L4" and gpu_vm.host_on_demand_hourly is not None
    assert eu.on_demand_hourly == (8 * Decimal("0.034806") + 30 * Decimal("0.004664")).quantize(Decimal("0.000001"))


def test_gcp_two_different_prices_for_one_part_leave_the_machine_type_unpriced():
    import copy

    skus = load("gcp/constructed-compute-skus-page1.json")["skus"]
    twin = copy.deepcopy(skus[1])  # a second "N1 Predefined Instance Core" SKU at another price
    twin["skuId"] = "A001-0000-0099"
    twin["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["nanos"] = 99_000_000
    client = GcpPrices(base_url="http://127.0.0.1:9", api_key="k")
    client._skus = skus + [twin]  # the list as read from the API
    with pytest.raises(FetchError, match="no on-demand core and RAM"):
        client.instance("us-central1", "n1-standard-8")


@pytest.mark.parametrize("units, nanos", [("v000000", 0), ("0", "12"), ("0", 2_000_000_000), (None, None)])
def test_gcp_rejects_a_sku_price_that_is_not_units_plus_nanos(units, nanos):
    sku = load("gcp/constructed-compute-skus-page1.json")["skus"][1]
    rate = sku["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]
    if units is None:
        del sku["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]
    else:
        rate["units"], rate["nanos"] = units, nanos
    with pytest.raises(FetchError):
        sku_price(sku)


def test_gcp_without_key_or_credentials_is_unavailable(monkeypatch, tmp_path):
    monkeypatch.delenv("LLMKIT_GCP_API_KEY", raising=False)
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "none.json"))
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path))
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:9")
    with pytest.raises(SourceUnavailable):
        GcpPrices(base_url="http://127.0.0.1:9").instance("us-central1", "n1-standard-8")


# ------------------------------------------------------------------------------ AWS


def stubbed_aws(products: list[Any], spot: Any = None, service: str = "AmazonEC2") -> tuple[AwsPrices, list[Any]]:
    """AwsPrices over real botocore clients whose answers come from Stubber (which validates
    each request and response against the service model)."""
    import boto3
    from botocore.stub import ANY, Stubber

    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    pricing = session.client("pricing", region_name="us-east-1")
    ec2 = session.client("ec2", region_name="eu-central-1")
    stubs = [Stubber(pricing), Stubber(ec2)]
    stubs[0].add_response(
        "get_products",
        {"FormatVersion": "aws_v1", "PriceList": [json.dumps(p) for p in products]},
        {"ServiceCode": service, "Filters": ANY, "FormatVersion": "aws_v1", "MaxResults": 100},
    )
    if spot is not None:
        stubs[1].add_response("describe_spot_price_history", spot, {"InstanceTypes": ANY, "ProductDescriptions": ["Linux/UNIX"], "StartTime": ANY})
    else:
        stubs[1].add_client_error("describe_spot_price_history", "UnauthorizedOperation")
    for st in stubs:
        st.activate()
    clients = {"pricing": pricing, "ec2": ec2}
    return AwsPrices(client=lambda service, region: clients[service]), stubs


def test_aws_reads_price_per_unit_on_demand_and_no_upfront_standard_reserved():
    spot_rec = load("aws/botocore-1.43.11_ec2_DescribeSpotPriceHistory_example.json")["DescribeSpotPriceHistory"][0]["output"]
    spot = {"SpotPriceHistory": [dict(r, InstanceType="t2.micro", SpotPrice="0.004600") for r in spot_rec["SpotPriceHistory"]]}
    client, stubs = stubbed_aws([load("aws/adapted-eu-central-1-t2.micro-item.json")], spot)
    row = client.instance("eu-central-1", "t2.micro")
    for st in stubs:
        st.assert_no_pending_responses()
    assert row.on_demand_hourly == Decimal("0.0152")
    assert row.reserved_1y_hourly == Decimal("0.0103")  # the 1yr Standard No Upfront term, not the partial-upfront ones
    assert row.spot_hourly == Decimal("0.0046")
    assert (row.vcpus, row.memory_gb) == (1, Decimal(1))
    assert row.source.startswith("AWS Price List Query API") and not row.reserved_is_assumption


def test_aws_rejects_the_corrupted_price_instead_of_reading_the_description(tmp_path):
    item = load("aws/hacker65536-awspricing_ec2.json_t2.micro_apne1_GetProducts-PriceList-item.json")
    client, _ = stubbed_aws([item])
    with pytest.raises(FetchError, match="not a number"):
        client.instance("ap-northeast-1", "t2.micro")
    client, _ = stubbed_aws([item])
    live = LivePrices({"aws": client}, PriceCache(tmp_path), warn=lambda m: None)
    assert live.instance("aws", "ap-northeast-1", "t2.micro") is None  # unknown, never $0
    assert not list(tmp_path.rglob("*.json"))


def test_aws_without_credentials_says_so_once_and_falls_back(monkeypatch, tmp_path):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    said: list[str] = []
    live = LivePrices({"aws": AwsPrices()}, PriceCache(tmp_path), warn=said.append)
    bundled = fresh_bundled(cloud="aws", region="us-east-1", type="g5.xlarge")
    assert live.instance("aws", "us-east-1", "g5.xlarge", bundled) is bundled
    assert live.instance("aws", "us-east-1", "g4dn.xlarge", None) is None
    assert len(said) == 1 and "no AWS credentials" in said[0]


@pytest.mark.parametrize(
    "item, family, price, unit",
    [("lb_hour", "AWSELB Load Balancer-Application", "0.027", "hour"), ("lb_capacity_unit_hour", "AWSELB Load Balancer-Application", "0.008", "LCU-hour"),
     ("nat_gateway_hour", "AmazonEC2 NAT Gateway", "0.052", "hour"), ("nat_gateway_gb", "AmazonEC2 NAT Gateway", "0.052", "GB")],
)
def test_aws_network_prices_pick_the_product_by_usage_type_and_unit(item, family, price, unit):
    products = load("aws/constructed-eu-central-1-network-items.json")[family]
    client, stubs = stubbed_aws(products, service=family.split()[0])
    row = client.platform("eu-central-1", item)
    stubs[0].assert_no_pending_responses()
    assert (row.price, row.unit, row.region) == (Decimal(price), unit, "eu-central-1")
    assert row.source.startswith("AWS Price List Query API") and row.as_of == dt.date.today().isoformat()


# ------------------------------------------------------------------------------ LiteLLM


def test_litellm_price_map_per_token_costs_become_per_million():
    price_map = {"gpt-4o": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06,
                            "max_input_tokens": 128000, "litellm_provider": "openai"},
                 "broken": {"input_cost_per_token": "v000000", "output_cost_per_token": 1e-05},
                 "claude-3-opus-20240229": {"input_cost_per_token": 1.5e-05, "output_cost_per_token": 7.5e-05, "litellm_provider": "anthropic"}}
    with ReplayServer() as s:
        s.route("GET", r"/prices.json", lambda req: (200, price_map, {}))
        client = LiteLlmPrices(url=s.url + "/prices.json", backoff=0)
        row = client.llm("gpt-4o")
        with pytest.raises(FetchError):
            client.llm("broken")
        opus = client.llm("claude-3-opus")  # published under its dated name
        with pytest.raises(FetchError):
            client.llm("claude-9")
        assert s.count("GET", "/prices.json") == 1
    assert (row.input_per_million, row.output_per_million, row.cached_input_per_million) == (Decimal("2.5"), Decimal(10), Decimal("1.25"))
    assert row.provider == "openai" and row.context_window == 128000
    assert (opus.model, opus.input_per_million, opus.provider) == ("claude-3-opus", Decimal(15), "anthropic")


# ------------------------------------------------------------------------------ cache and lookup order


class CountingFetcher:
    def __init__(self, price: str = "0.2") -> None:
        self.calls = 0
        self.price = price

    def instance(self, region: str, type_name: str) -> InstancePrice:
        self.calls += 1
        return fresh_bundled(region=region, type=type_name, on_demand_hourly=Decimal(self.price), source="Azure Retail Prices API test", as_of=dt.date.today().isoformat())


def test_a_fresh_cached_price_saves_the_request_a_stale_one_is_refetched(tmp_path):
    f = CountingFetcher()
    now = dt.datetime.now(dt.timezone.utc)
    live = LivePrices({"azure": f}, PriceCache(tmp_path), max_age_days=30)
    assert live.instance("azure", "northeurope", "Standard_D2s_v3").on_demand_hourly == Decimal("0.2")
    again = LivePrices({"azure": f}, PriceCache(tmp_path), max_age_days=30)
    assert again.instance("azure", "northeurope", "Standard_D2s_v3").on_demand_hourly == Decimal("0.2")
    assert f.calls == 1
    later = LivePrices({"azure": CountingFetcher("0.3")}, PriceCache(tmp_path), max_age_days=30, now=lambda: now + dt.timedelta(days=31))
    assert later.instance("azure", "northeurope", "Standard_D2s_v3").on_demand_hourly == Decimal("0.3")


def test_offline_uses_the_stale_cache_and_never_fetches(tmp_path):
    f = CountingFetcher()
    LivePrices({"azure": f}, PriceCache(tmp_path)).instance("azure", "northeurope", "Standard_D2s_v3")
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400)
    off = LivePrices({"azure": f}, PriceCache(tmp_path), offline=True, now=lambda: later)
    assert off.instance("azure", "northeurope", "Standard_D2s_v3").on_demand_hourly == Decimal("0.2")
    assert off.instance("azure", "northeurope", "Standard_D4s_v3") is None
    assert f.calls == 1


def test_a_corrupt_or_half_written_cache_file_is_ignored_with_one_warning(tmp_path):
    said: list[str] = []
    cache = PriceCache(tmp_path, warn=said.append)
    path = cache.put("instance", "azure", "northeurope", "Standard_D2s_v3", CountingFetcher().instance("northeurope", "Standard_D2s_v3"), dt.datetime.now(dt.timezone.utc))
    text = path.read_text()
    for broken in (text[: len(text) // 2], text.replace('"0.2"', '"v000000"'), "{}"):
        path.write_text(broken)
        assert cache.get("instance", "azure", "northeurope", "Standard_D2s_v3") is None
    assert len(said) == 3 and all("ignored" in m and "\n" not in m for m in said)
    f = CountingFetcher()
    live = LivePrices({"azure": f}, cache, warn=said.append)
    assert live.instance("azure", "northeurope", "Standard_D2s_v3").on_demand_hourly == Decimal("0.2") and f.calls == 1
    assert cache.get("instance", "azure", "northeurope", "Standard_D2s_v3") is not None  # refetched and rewritten


def _writer(root: str, n: int) -> None:
    cache = PriceCache(Path(root))
    row = CountingFetcher().instance("northeurope", "Standard_D2s_v3")
    for _ in range(n):
        cache.put("instance", "azure", "northeurope", "Standard_D2s_v3", row, dt.datetime.now(dt.timezone.utc))


def test_two_processes_writing_the_same_price_never_leave_a_broken_file(tmp_path):
    said: list[str] = []
    cache = PriceCache(tmp_path, warn=said.append)
    _writer(str(tmp_path), 1)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), 150)) for _ in range(2)]
    for p in procs:
        p.start()
    reads = 0
    while any(p.is_alive() for p in procs) and reads < 5000:
        assert cache.get("instance", "azure", "northeurope", "Standard_D2s_v3") is not None
        reads += 1
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert not said
    assert [p.name for p in (tmp_path / "prices" / "instance" / "azure" / "northeurope").iterdir()] == ["standard_d2s_v3.json"]


def test_cache_location_follows_llmkit_cache_dir_then_xdg(monkeypatch, tmp_path):
    from llmkit.pricing.catalog.live import cache_dir

    monkeypatch.setenv("LLMKIT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("LLMKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "llmkit"


# ------------------------------------------------------------------------------ snapshot rebuild


def no_cloud_credentials(monkeypatch: Any, tmp_path: Path) -> None:
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "LLMKIT_GCP_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    for var in ("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "GOOGLE_APPLICATION_CREDENTIALS"):
        monkeypatch.setenv(var, str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path))
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:9")


def test_build_from_api_refreshes_the_snapshot_with_the_same_clients(monkeypatch, tmp_path, capsys):
    import shutil

    from llmkit.pricing.catalog import build
    from llmkit.pricing.catalog.loader import DATA_DIR, Catalog

    out = tmp_path / "data"
    shutil.copytree(DATA_DIR, out)
    no_cloud_credentials(monkeypatch, tmp_path)
    vm = load("azure/finfocus-plugin-azure-public_eastus_standard_d2s_v3_nofilter_preview.json")
    price_map = {"gpt-4o": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai"}}
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", lambda req: (200, vm if "'Standard_D2s_v3'" in req.q("$filter") and "'eastus'" in req.q("$filter")
                                                           else {"Items": [], "NextPageLink": None}, {}))
        s.route("GET", r"/prices.json", lambda req: (200, price_map, {}))
        monkeypatch.setenv("LLMKIT_AZURE_PRICES_URL", s.url + "/api/retail/prices")
        monkeypatch.setenv("LLMKIT_LITELLM_PRICES_URL", s.url + "/prices.json")
        assert build.main(["--from-api", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("no AWS credentials") == 1 and "row(s) kept" in err
    before, after = Catalog(DATA_DIR), Catalog(out)
    d2 = after.instance("azure", "eastus", "Standard_D2s_v3")
    assert d2.source.startswith("Azure Retail Prices API eastus") and d2.as_of == dt.date.today().isoformat()
    assert (d2.on_demand_hourly, d2.spot_hourly, d2.vcpus) == (Decimal("0.096"), Decimal("0.018816"), 2)
    assert after.llm("gpt-4o").source.startswith("LiteLLM price map") and after.llm("gpt-4o").aliases == before.llm("gpt-4o").aliases
    assert after.instance("aws", "us-east-1", "g5.xlarge") == before.instance("aws", "us-east-1", "g5.xlarge")  # kept


def test_no_credential_source_is_known_without_importing_boto3(tmp_path):
    """A user with no AWS credentials pays no boto3 import (~0.2 s) on every price lookup:
    the credential chain's sources are checked first, and boto3 is only asked when one of them
    could answer."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from llmkit.pricing.catalog.live.aws import AwsPrices, NO_CREDENTIALS\n"
        "from llmkit.pricing.catalog.live.http import SourceUnavailable\n"
        "try:\n"
        "    AwsPrices().client('pricing', 'us-east-1')\n"
        "except SourceUnavailable as exc:\n"
        "    assert str(exc) == NO_CREDENTIALS, exc\n"
        "print('boto3' in sys.modules, 'botocore' in sys.modules)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AWS_EC2_METADATA_DISABLED": "true"}
    env.update({k: v for k, v in __import__("os").environ.items() if k in ("PYTHONPATH", "SYSTEMROOT")})
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("setting", ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_WEB_IDENTITY_TOKEN_FILE", "config", "credentials"])
def test_any_credential_source_leaves_the_answer_to_botocore(tmp_path, setting):
    from llmkit.pricing.catalog.live.aws import may_have_credentials

    env = {"AWS_EC2_METADATA_DISABLED": "true"}
    assert not may_have_credentials(env, home=str(tmp_path))
    if setting.startswith("AWS_"):
        env[setting] = "x"
    else:
        (tmp_path / ".aws").mkdir()
        (tmp_path / ".aws" / setting).write_text("[default]\n")
    assert may_have_credentials(env, home=str(tmp_path))
    # a shared-file variable pointing nowhere is no source
    assert not may_have_credentials({"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": str(tmp_path / "none")}, home=str(tmp_path / "elsewhere"))


def test_price_api_clients_are_imported_only_when_a_fetch_needs_them():
    """Start-up budget (issue 10): turning live lookup on costs no client imports; asking for
    a source's client builds that one only."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from llmkit.pricing.catalog.live import configure\n"
        "live = configure(offline=True)\n"
        "mods = lambda: sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('llmkit.pricing.catalog.live.') and m.rsplit('.', 1)[1] in ('aws', 'azure', 'gcp', 'litellm'))\n"
        "print(mods())\n"
        "print(type(live.fetchers.get('azure')).__name__, live.fetchers.get('nowhere'))\n"
        "print(mods())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["[]", "AzurePrices None", "['azure']"]


@pytest.mark.parametrize("engine, klass, filters, price", [
    ("postgres", "db.r6g.large", [("databaseEngine", "PostgreSQL")], "0.248"),
    ("sqlserver-se", "db.m5.xlarge", [("databaseEngine", "SQL Server"), ("databaseEdition", "Standard"), ("licenseModel", "License included")], "1.944"),
])
def test_aws_prices_any_rds_class_of_an_engine_live(engine, klass, filters, price):
    """A DB class the snapshot lacks is fetched from the Price List: the engine's product,
    Single-AZ, by exactly these filters (Stubber checks the request against them)."""
    import boto3
    from botocore.stub import Stubber

    products = load("aws/constructed-eu-central-1-rds-items.json")[f"{engine} {klass}"]
    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    pricing = session.client("pricing", region_name="us-east-1")
    stub = Stubber(pricing)
    expected = [("productFamily", "Database Instance"), ("instanceType", klass), ("regionCode", "eu-central-1"),
                ("deploymentOption", "Single-AZ"), *filters]
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [json.dumps(p) for p in products]},
                      {"ServiceCode": "AmazonRDS", "FormatVersion": "aws_v1", "MaxResults": 100,
                       "Filters": [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in expected]})
    stub.activate()
    client = AwsPrices(client=lambda service, region: pricing)
    item = f"db_instance_hour:{engine}:{klass}"
    assert client.supports_platform(item) and client.supports_platform(f"db_instance_hour:{engine}-byol:{klass}") == (engine != "postgres")
    assert not client.supports_platform(f"db_instance_hour:no-such-engine:{klass}")
    row = client.platform("eu-central-1", item)
    stub.assert_no_pending_responses()
    assert (row.price, row.unit, row.item) == (Decimal(price), "instance-hour", item)
    assert "AmazonRDS" in row.source and row.as_of == dt.date.today().isoformat()


def test_byol_engines_ask_for_the_bring_your_own_licence_product():
    from llmkit.pricing.catalog.live.aws import rds_terms

    assert rds_terms("oracle-se2-byol") == (("databaseEngine", "Oracle"), ("databaseEdition", "Standard Two"),
                                            ("licenseModel", "Bring your own license"))
    assert rds_terms("postgres-byol") is None  # an open-source engine has no licence to bring
    assert rds_terms("db2") is None


def test_a_preview_in_frankfurt_prices_its_rds_class_from_the_price_list(tmp_path):
    """End to end: a DB class the snapshot has no Frankfurt row for is priced from the live
    answer (then cached), not left unknown."""
    import boto3
    from botocore.stub import ANY, Stubber

    from llmkit.pricing.catalog.loader import Catalog
    from llmkit.pricing.preview.breakdown import price_document
    from tests import _previewdocs as pd

    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    pricing = session.client("pricing", region_name="us-east-1")
    stub = Stubber(pricing)
    products = load("aws/constructed-eu-central-1-rds-items.json")["postgres db.r6g.large"]
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [json.dumps(p) for p in products]},
                      {"ServiceCode": "AmazonRDS", "Filters": ANY, "FormatVersion": "aws_v1", "MaxResults": 100})
    stub.activate()
    live = LivePrices({"aws": AwsPrices(client=lambda service, region: pricing)}, PriceCache(tmp_path), warn=lambda m: None)
    doc = pd.doc(pd.create("aws:rds/instance:Instance", "orders-db", {"instanceClass": "db.r6g.large", "engine": "postgres",
                                                                      "allocatedStorage": 20, "storageType": "gp3"}),
                 config={"aws:region": "eu-central-1"})
    b = price_document(json.dumps(doc), catalog=Catalog(live=live))
    stub.assert_no_pending_responses()
    (r,) = b.resources
    line = next(c for c in r.current.components if c.name.startswith("Database instance"))
    assert (line.price, line.as_of) == (Decimal("0.248"), dt.date.today().isoformat()) and "AmazonRDS" in line.source
    assert list(tmp_path.rglob("*.json")), "the fetched price is cached"


def azure_redis(req: Any) -> Any:
    """The Retail Prices API's answer to a Redis Cache filter (the fields it names must match)."""
    flt = req.q("$filter") or ""
    rows = load("azure/constructed-eastus-redis-cache.json")["Items"]
    hits = [r for r in rows if all(f"{k} eq '{r[k]}'" in flt for k in ("productName", "skuName", "meterName", "armRegionName"))]
    return 200, {"Items": hits, "NextPageLink": None}, {}


@pytest.mark.parametrize("item, price", [("redis_cache_hour:basic_c0", "0.0101"), ("redis_cache_hour:standard_c0", "0.0303"),
                                         ("redis_cache_hour:premium_p1", "0.2525")])
def test_azure_redis_cache_hour_is_the_caches_consumption_meter(item, price):
    """The response cache's Azure price is looked up live (the bundled snapshot has none):
    pay-as-you-go only (not Dev/Test), the whole cache's meter for Basic/Standard, per node for
    Premium, in the region asked."""
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", azure_redis)
        client = AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0)
        assert client.supports_platform(item)
        row = client.platform("eastus", item)
    assert (row.price, row.unit, row.region, row.item) == (Decimal(price), "hour", "eastus", item)
    assert row.source.startswith("Azure Retail Prices API eastus Azure Redis Cache")


def test_azure_redis_cache_without_a_meter_is_a_failed_lookup_never_zero():
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", azure_redis)
        with pytest.raises(FetchError):
            AzurePrices(base_url=s.url + "/api/retail/prices", backoff=0).platform("eastus", "redis_cache_hour:basic_c6")
    assert not AzurePrices(base_url="http://127.0.0.1:9").supports_platform("redis_cache_hour:c0")
