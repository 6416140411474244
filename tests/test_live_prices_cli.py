"""Every region, live prices end to end, derived prices visible: through the real CLI.

A preview in eu-central-1, ap-southeast-1 (AWS), northeurope (Azure) and europe-west1 (GCP):
offline with an empty cache every priced resource is unknown-input with the command that
fetches its price (never "unknown region"); after `llmkit prices refresh` against recorded API
responses (Azure, GCP from 127.0.0.1) and botocore's Stubber (AWS), `llmkit price --offline`
prices every one of them from a named, dated source.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from llmkit.pricing.preview.infracost import llmkit_summary

from llmkit.pricing.catalog.live import LivePrices
from tests import _previewdocs as pd
from tests.replay_server import ReplayServer
from tests.test_live_prices import azure_meters, load, stubbed_aws

TODAY = dt.date.today().isoformat()


def preview() -> str:
    return pd.dumps(pd.doc(
        pd.create("aws:ec2/instance:Instance", "frankfurt", {"instanceType": "t2.micro", "availabilityZone": "eu-central-1a",
                                                             "rootBlockDevice": {"volumeSize": 10, "volumeType": "io1"}}),
        pd.create("aws:ec2/instance:Instance", "singapore", {"instanceType": "t2.micro", "availabilityZone": "ap-southeast-1b",
                                                             "rootBlockDevice": {"volumeSize": 10, "volumeType": "io1"}}),
        pd.create("azure-native:compute:VirtualMachine", "dublin", {"location": "North Europe", "hardwareProfile": {"vmSize": "Standard_D2s_v3"},
                                                                    "storageProfile": {"osDisk": {"diskSizeGB": 30}}}),
        pd.create("gcp:compute/instance:Instance", "belgium", {"machineType": "n1-standard-8", "zone": "europe-west1-b"}),
        pd.create("aws:lb/loadBalancer:LoadBalancer", "frankfurt-alb", {"loadBalancerType": "application", "subnets": [pd.UNKNOWN]}),
        pd.create("aws:ec2/natGateway:NatGateway", "frankfurt-nat", {"subnetId": pd.UNKNOWN}),
        pd.create("azure-native:network:NatGateway", "dublin-nat", {"location": "northeurope"}),
        pd.create("azure-native:network:PublicIPAddress", "dublin-ip", {"location": "northeurope"}),
        config={"aws:region": "eu-central-1"},
    ))


def price_json(cli: Any, tmp_path: Any, *extra: str) -> dict[str, Any]:
    doc = tmp_path / "preview.json"
    doc.write_text(preview())
    res = cli("price", str(doc), "--format", "json", *extra)
    assert res.code == 0, res.err
    return json.loads(res.out)


def buckets(out: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {r["name"]: (r["metadata"]["bucket"], r["metadata"].get("reason") or "") for r in out["projects"][0]["breakdown"]["resources"]}


@pytest.mark.parametrize("cloud, region", [("aws", "eu-central-1"), ("aws", "ap-southeast-1"), ("gcp", "europe-west1"), ("azure", "northeurope")])
def test_every_public_region_is_valid_and_an_unpriced_one_names_the_refresh_command(cli, cloud, region):
    res = cli("estimate", "--approach", "self-hosted", "--model", "llama-3.1-8b", "--cloud", cloud, "--region", region, "--offline")
    assert res.code == 2
    assert f"llmkit prices refresh --cloud {cloud} --region {region}" in res.err and "unknown" not in res.err
    bad = cli("estimate", "--approach", "self-hosted", "--model", "llama-3.1-8b", "--cloud", cloud, "--region", "atlantis-9")
    assert bad.code == 2 and "unknown" in bad.err


def test_plan_accepts_any_aws_region_and_says_how_to_get_its_prices(cli):
    res = cli("plan", "--stack", "gpu-aws", "--set", "aws:region=eu-central-1", "--offline")
    assert res.code == 2 and "llmkit prices refresh --cloud aws --region eu-central-1" in res.err


def test_offline_with_no_cache_every_resource_is_unknown_input_with_the_fetch_command(cli, tmp_path):
    got = buckets(price_json(cli, tmp_path, "--offline"))
    assert {b for b, _ in got.values()} == {"unknown-input"}
    assert "llmkit prices refresh --cloud aws --region eu-central-1" in got["frankfurt"][1]
    assert "llmkit prices refresh --cloud azure --region northeurope" in got["dublin"][1]
    assert "llmkit prices refresh --cloud gcp --region europe-west1" in got["belgium"][1]
    assert "llmkit prices refresh --cloud aws --region eu-central-1" in got["frankfurt-nat"][1]


def test_refresh_from_recorded_responses_then_price_offline_prices_every_resource(cli, tmp_path, monkeypatch):
    vm = load("azure/adapted-northeurope-d2s_v3.json")
    disk = load("azure/constructed-northeurope-p10-disk.json")
    gcp_pages = {"": load("gcp/constructed-compute-skus-page1.json"), "page-2": load("gcp/constructed-compute-skus-page2.json")}
    with ReplayServer() as s:
        s.route("GET", r"/api/retail/prices", lambda req: (200, vm, {}) if "Virtual Machines" in req.q("$filter") else
                (200, disk, {}) if "P10" in req.q("$filter") else azure_meters(req))
        s.route("GET", r"/v1/services/6F81-5844-456A/skus", lambda req: (200, gcp_pages[req.q("pageToken") or ""], {}))
        res = cli("prices", "refresh", "--cloud", "azure", "--region", "northeurope", "--type", "Standard_D2s_v3",
                  "--endpoint", s.url + "/api/retail/prices", "--format", "json")
        assert res.code == 0, res.err
        status = {i["key"]: i["status"] for i in json.loads(res.out)["items"]}
        assert status["Standard_D2s_v3"] == status["block_storage_gb_month:Premium_LRS"] == "fetched"
        assert status["block_storage_gb_month:Standard_LRS"] == "failed"  # not served: not cached, not $0
        assert status["nat_gateway_hour"] == status["public_ipv4_hour"] == status["lb_hour"] == "fetched"
        monkeypatch.setenv("LLMKIT_GCP_API_KEY", "k-123")
        res = cli("prices", "refresh", "--cloud", "gcp", "--region", "europe-west1", "--type", "n1-standard-8", "--endpoint", s.url)
        assert res.code == 0, res.err
        assert "k-123" not in res.out + res.err
    io1 = load("aws/botocore-1.43.11_pricing-2017-10-15_examples-1.json")["examples"]["GetProducts"][0]["output"]["PriceList"][0]
    for region in ("eu-central-1", "ap-southeast-1"):
        client, _ = stubbed_aws([load(f"aws/adapted-{region}-t2.micro-item.json")])
        LivePrices({"aws": client}).refresh("instance", "aws", region, "t2.micro")
        client, _ = stubbed_aws([json.loads(io1)])
        LivePrices({"aws": client}).refresh("platform", "aws", region, "block_storage_gb_month:io1")
    network = load("aws/constructed-eu-central-1-network-items.json")
    for item, family in (("lb_hour", "AWSELB Load Balancer-Application"), ("lb_capacity_unit_hour", "AWSELB Load Balancer-Application"),
                         ("nat_gateway_hour", "AmazonEC2 NAT Gateway"), ("nat_gateway_gb", "AmazonEC2 NAT Gateway")):
        client, _ = stubbed_aws(network[family], service=family.split()[0])
        LivePrices({"aws": client}).refresh("platform", "aws", "eu-central-1", item)

    listed = cli("prices", "list", "--cloud", "gcp", "--region", "europe-west1", "--format", "json")
    assert listed.code == 0, listed.err
    assert [(r["type"], r["on_demand_hourly"]) for r in json.loads(listed.out)["instances"]] == [("n1-standard-8", "0.418368")]
    shown = cli("prices", "show", "--cloud", "aws", "--region", "eu-central-1", "--type", "t2.micro", "--format", "json")
    assert json.loads(shown.out)["on_demand_hourly"] == "0.0152" and json.loads(shown.out)["as_of"] == TODAY

    out = price_json(cli, tmp_path, "--offline")
    got = buckets(out)
    assert {n: b for n, (b, _) in got.items()} == {**{n: "estimated" for n in ("frankfurt", "singapore", "dublin", "belgium")},
                                                   "frankfurt-alb": "usage-based", "frankfurt-nat": "usage-based",
                                                   "dublin-nat": "usage-based", "dublin-ip": "estimated"}
    lines = {r["name"]: r["costComponents"] for r in out["projects"][0]["breakdown"]["resources"]}
    line_meta = {r["name"]: r["metadata"]["costComponents"] for r in out["projects"][0]["breakdown"]["resources"]}
    assert lines["frankfurt"][0]["price"] == "0.0152" and lines["frankfurt"][1]["price"] == "0.138"
    assert lines["frankfurt-nat"][0]["price"] == "0.052" and lines["frankfurt-alb"][0]["price"] == "0.027"  # fixed part priced
    assert lines["dublin-nat"][0]["price"] == "0.045" and lines["dublin-ip"][0]["price"] == "0.005"
    assert lines["dublin"][0]["price"] == "0.096" and lines["belgium"][0]["price"] == "0.418368"  # 8 x 0.034806 + 30 x 0.004664
    sources = {s["source"]: s for s in llmkit_summary(out)["priceSources"]}
    assert set(sources) == {"AWS Price List Query API", "Azure Retail Prices API", "GCP Cloud Billing Catalog API"}
    assert all(s["oldestAsOf"] == s["newestAsOf"] == TODAY for s in sources.values())
    assert "warnings" not in llmkit_summary(out)
    # the Azure disk price is the 128 GiB tier's per GiB: an assumption, marked as derived
    assert line_meta["dublin"][1]["derived"] is True and "tier" in line_meta["dublin"][1]["derivation"]
    table = cli("price", str(tmp_path / "preview.json"), "--offline")
    assert "Price sources: AWS Price List Query API" in " ".join(table.out.split()) and "older than 90 days" not in table.out


def test_derived_prices_are_marked_in_every_format_with_how_they_were_derived(cli, tmp_path):
    doc = tmp_path / "eu.json"
    doc.write_text(pd.dumps(pd.doc(
        pd.create("aws:ec2/instance:Instance", "web", {"instanceType": "g4dn.xlarge", "availabilityZone": "eu-west-1a"}))))
    out = json.loads(cli("price", str(doc), "--format", "json", "--offline").out)
    line = out["projects"][0]["breakdown"]["resources"][0]["metadata"]["costComponents"][0]
    assert line["derived"] is True and line["derivation"].startswith("derived: us-east-1 price x 1.12")
    assert llmkit_summary(out)["derivedPrices"] == [line["derivation"]]
    assert "older than 90 days" in llmkit_summary(out)["warnings"][0]  # the bundled rows are from 2025
    for fmt in ("table", "markdown", "html"):
        text = " ".join(cli("price", str(doc), "--format", fmt, "--offline").out.split())
        assert "~1" in text and "~1 derived price, not published: derived: us-east-1 price x 1.12" in text, fmt
        assert "Price sources: llmkit bundled price snapshot" in text and "older than 90 days" in text, fmt
    published = tmp_path / "us.json"
    published.write_text(pd.dumps(pd.doc(
        pd.create("aws:ec2/instance:Instance", "web", {"instanceType": "g4dn.xlarge", "availabilityZone": "us-east-1a"}))))
    assert "derived" not in cli("price", str(published), "--offline").out


def test_reserved_assumption_is_marked_as_derived(cli, tmp_path):
    doc = tmp_path / "us.json"
    doc.write_text(pd.dumps(pd.doc(
        pd.create("aws:ec2/instance:Instance", "web", {"instanceType": "g4dn.xlarge", "availabilityZone": "us-east-1a"}))))
    out = json.loads(cli("price", str(doc), "--format", "json", "--pricing", "reserved-1y", "--offline").out)
    meta = out["projects"][0]["breakdown"]["resources"][0]["metadata"]["costComponents"][0]
    assert meta["derived"] is True and "30-50% assumption" in meta["derivation"]


def test_preview_says_once_that_an_unreachable_price_api_is_unavailable(cli, monkeypatch, tmp_path):
    """`preview` sizes the stack's fleet before it prices the plan; both use the one live price
    source of the process, so an API found unreachable is tried and reported once, not once per
    stage (it was twice: the price report set up a second source that forgot the first)."""
    import socket

    with socket.socket() as s:  # a 127.0.0.1 port nothing listens on: every fetch is refused
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/"
    monkeypatch.delenv("LLMKIT_OFFLINE")
    monkeypatch.setenv("LLMKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LLMKIT_AZURE_PRICES_URL", closed)
    monkeypatch.setenv("LLMKIT_LITELLM_PRICES_URL", closed + "prices.json")
    res = cli("preview", "--stack", "hybrid-azure", "--format", "json")
    assert res.code == 0, res.err
    lines = [line for line in res.err.splitlines() if "unreachable" in line]
    assert sorted(lines) == sorted(set(lines)) and len(lines) == 2, res.err  # Azure's API, LiteLLM's map
