"""Cognito user pools: monthly active users (usage) across the MAU bands of the pool's feature
plan (``userPoolTier``, Essentials by default), priced from the AWS Price List (GetProducts
AmazonCognito) through botocore's Stubber, which validates each request and response against
the real service model. No price is bundled: offline with no usage the pool is usage-based,
with usage and no cached price it is unknown-input naming the refresh command, never $0.

The PriceList elements below are CONSTRUCTED in the shape GetProducts returns (JSON strings
with product.attributes and terms.OnDemand.<term>.priceDimensions carrying beginRange,
endRange "Inf", unit and pricePerUnit.USD; attribute names from the service's DescribeServices
answer, usagetypes as a public cost model reading the price files names them). Their prices
are ARTIFICIAL, only to exercise the code."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Optional

import pytest

from llmkit.pricing.catalog.live import FetchError, LivePrices, PriceCache
from llmkit.pricing.catalog.live.cache import from_payload, to_payload
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.infracost import llmkit_summary
from llmkit.pricing.preview.usage import Usage
from tests import _previewdocs as pd
from tests.test_live_prices import stubbed_aws

POOL = "aws:cognito/userPool:UserPool"
FREE, LITE_1, LITE_2, ESSENTIALS, PLUS = Decimal(0), Decimal("0.0051"), Decimal("0.0042"), Decimal("0.0123"), Decimal("0.0187")


def product(usagetype: str, bands: list[tuple[str, str, Any]], region: str = "us-east-1") -> dict[str, Any]:
    sku = "SKU" + usagetype.split("-", 1)[1].upper()
    dims = {f"{sku}.JRTCKXETXF.{i}": {"unit": "MAU", "beginRange": b, "endRange": e, "appliesTo": [],
                                      "description": f"{usagetype} {b}-{e}", "rateCode": f"{sku}.JRTCKXETXF.{i}",
                                      "pricePerUnit": {"USD": str(p)}} for i, (b, e, p) in enumerate(bands)}
    return {"product": {"productFamily": "User Pool MAU", "sku": sku,
                        "attributes": {"servicecode": "AmazonCognito", "servicename": "Amazon Cognito", "regionCode": region,
                                       "location": "US East (N. Virginia)", "locationType": "AWS Region",
                                       "usagetype": usagetype, "operation": usagetype.split("-", 1)[1].replace("MAU", "Operation")}},
            "serviceCode": "AmazonCognito",
            "terms": {"OnDemand": {f"{sku}.JRTCKXETXF": {"offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                                                         "priceDimensions": dims, "termAttributes": {}}}},
            "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z"}


PRODUCTS = [
    product("USE1-CognitoUserPoolsMAU", [("0", "10000", FREE), ("10000", "100000", LITE_1), ("100000", "Inf", LITE_2)]),
    product("USE1-CognitoEssentialsMAU", [("10000", "Inf", ESSENTIALS), ("0", "10000", FREE)]),  # bands in any order
    product("USE1-CognitoPlusMAU", [("0", "Inf", PLUS)]),
    product("USE1-CognitoM2MAppClients", [("0", "Inf", Decimal("6"))]),  # another product of the service: skipped
]


def plan(tier: Optional[str] = None) -> str:
    inputs = {"name": "users", **({"userPoolTier": tier} if tier else {})}
    return pd.dumps(pd.doc(pd.create(POOL, "users", inputs)))


def live_catalog(tmp_path: Any, products: list[Any] = PRODUCTS) -> Catalog:
    client, _ = stubbed_aws(products, service="AmazonCognito")
    return Catalog(live=LivePrices({"aws": client}, PriceCache(tmp_path), warn=lambda m: None))


def users(n: int) -> Usage:
    return Usage(resources={"users": {"monthly_active_users": Decimal(n)}})


@pytest.mark.parametrize("tier, mau, expected", [
    (None, 50_000, 40_000 * ESSENTIALS),  # Essentials by default; its first 10,000 MAU band is priced 0
    ("ESSENTIALS", 8_000, Decimal(0)),
    ("LITE", 250_000, 90_000 * LITE_1 + 150_000 * LITE_2),
    ("PLUS", 1_000, 1_000 * PLUS),
])
def test_mau_across_the_plans_bands_from_the_price_list(tmp_path, tier, mau, expected):
    (r,) = price_document(plan(tier), usage=users(mau), catalog=live_catalog(tmp_path)).resources
    assert r.bucket in ("estimated", "free") and r.current.monthly == expected
    assert all("AmazonCognito" in c.source for c in r.current.components)


def test_bands_counted_after_the_free_tier_get_the_pricing_pages_allowance_first(tmp_path):
    """A Price List whose bands start with a paid one counts billable users: the plan's free tier
    (10,000 MAU for Essentials and Lite, none for Plus) comes first, as a $0 line naming it."""
    shifted = [product("USE1-CognitoEssentialsMAU", [("0", "Inf", ESSENTIALS)]),
               product("USE1-CognitoUserPoolsMAU", [("0", "90000", LITE_1), ("90000", "Inf", LITE_2)])]
    (r,) = price_document(plan(), usage=users(50_000), catalog=live_catalog(tmp_path / "e", shifted)).resources
    assert r.current.monthly == 40_000 * ESSENTIALS
    assert [(c.name, c.monthly_quantity, c.price) for c in r.current.components] == [
        ("Monthly active users (Essentials), first 10,000 free (free tier per account)", 10_000, 0),
        ("Monthly active users (Essentials), 10,000+", 40_000, ESSENTIALS)]
    assert "cognito/pricing" in r.current.components[0].source
    (r,) = price_document(plan("LITE"), usage=users(250_000), catalog=live_catalog(tmp_path / "l", shifted)).resources
    assert r.current.monthly == 90_000 * LITE_1 + 150_000 * LITE_2
    assert r.current.components[-1].name == "Monthly active users (Lite), 100,000+"


def test_each_band_used_is_its_own_line(tmp_path):
    (r,) = price_document(plan("LITE"), usage=users(150_000), catalog=live_catalog(tmp_path)).resources
    assert [(c.name, c.monthly_quantity, c.price) for c in r.current.components] == [
        ("Monthly active users (Lite), 0-10,000", 10_000, FREE),
        ("Monthly active users (Lite), 10,000-100,000", 90_000, LITE_1),
        ("Monthly active users (Lite), 100,000+", 50_000, LITE_2)]


def test_offline_without_usage_is_usage_based_and_with_usage_names_the_refresh_command():
    (r,) = price_document(plan()).resources
    assert r.bucket == "usage-based" and "monthly_active_users" in r.reason and r.current.monthly is None
    (r,) = price_document(plan(), usage=users(50_000)).resources
    assert r.bucket == "unknown-input" and r.current.monthly is None
    assert "Cognito essentials MAU" in r.reason and "llmkit prices refresh --cloud aws --region us-east-1 --service services" in r.reason


def test_a_tier_the_provider_does_not_have_is_named_not_priced():
    (r,) = price_document(plan("ENTERPRISE"), usage=users(5)).resources
    assert r.bucket == "unsupported" and "ENTERPRISE" in r.reason


@pytest.mark.parametrize("products, why", [
    ([PRODUCTS[0]], "0 different"),  # no Essentials product in the answer: not Lite's price
    ([product("USE1-CognitoEssentialsMAU", [("0", "10000", FREE), ("10000", "Inf", "v000000")])], "not a number"),
    ([product("USE1-CognitoEssentialsMAU", [("0", "10000", FREE), ("20000", "Inf", ESSENTIALS)])], "without gaps"),
    ([product("USE1-CognitoEssentialsMAU", [("0", "Inf", FREE)])], "all 0"),
])
def test_a_broken_or_missing_answer_is_a_failed_lookup(products, why):
    client, _ = stubbed_aws(products, service="AmazonCognito")
    with pytest.raises(FetchError, match=why):
        client.platform("us-east-1", "cognito_mau:essentials")


def test_the_bands_survive_the_cache(tmp_path):
    client, stubs = stubbed_aws(PRODUCTS, service="AmazonCognito")
    row = LivePrices({"aws": client}, PriceCache(tmp_path)).refresh("platform", "aws", "eu-central-1", "cognito_mau:lite")
    stubs[0].assert_no_pending_responses()
    assert row.tiers == ((0, 10_000, FREE), (10_000, 100_000, LITE_1), (100_000, None, LITE_2)) and row.price == LITE_1
    assert from_payload("platform", json.loads(json.dumps(to_payload(row)))) == row
    cached = PriceCache(tmp_path).get("platform", "aws", "eu-central-1", "cognito_mau:lite")
    assert cached is not None and cached.row == row


def test_refresh_through_the_stubbed_api_then_price_offline_from_the_cache(cli, tmp_path):
    client, _ = stubbed_aws(PRODUCTS, service="AmazonCognito")
    LivePrices({"aws": client}).refresh("platform", "aws", "eu-central-1", "cognito_mau:essentials")
    doc, usage = tmp_path / "preview.json", tmp_path / "usage.yml"
    doc.write_text(pd.dumps(pd.doc(pd.create(POOL, "users", {"name": "users"}), config={"aws:region": "eu-central-1"})))
    usage.write_text("resource_usage:\n  users:\n    monthly_active_users: 25000\n")
    res = cli("price", str(doc), "--usage", str(usage), "--format", "json", "--offline")
    assert res.code == 0, res.err
    out = json.loads(res.out)
    (r,) = out["projects"][0]["breakdown"]["resources"]
    assert r["metadata"]["bucket"] == "estimated" and Decimal(r["monthlyCost"]) == 15_000 * ESSENTIALS
    assert [s["source"] for s in llmkit_summary(out)["priceSources"]] == ["AWS Price List Query API"]
