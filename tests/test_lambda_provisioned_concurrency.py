"""Lambda provisioned concurrency: GB-seconds from the config's executions and the memory and
architecture of the function it names (found in the same plan). The bundled snapshot holds no
price for it, so offline it is unknown-input naming that price; the AWS Price List lookup
(botocore's Stubber against the real service model, exact filters) prices it.

The Price List item below is CONSTRUCTED in the GetProducts shape (product "group" and unit as
Infracost's pricer and AWS's price files spell them); its price 0.0000031234 is artificial,
only to exercise the code, not a claim about AWS's price."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from llmkit.pricing.catalog.live import LivePrices, PriceCache
from llmkit.pricing.catalog.live.aws import AwsPrices
from llmkit.pricing.catalog.loader import Catalog
from llmkit.pricing.preview.breakdown import price_document
from tests import _previewdocs as pd

FUNCTION = "aws:lambda/function:Function"
CONFIG = "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"
PRICE = Decimal("0.0000031234")
SECONDS = 730 * 3600


def arm_item(region: str) -> dict[str, Any]:
    sku = "CONSTRUCTEDPC01"
    return {
        "product": {"productFamily": "Serverless", "sku": sku, "attributes": {
            "servicecode": "AWSLambda", "regionCode": region, "group": "AWS-Lambda-Provisioned-Concurrency-ARM",
            "usagetype": "EUC1-Lambda-Provisioned-Concurrency-ARM", "location": "EU (Frankfurt)", "locationType": "AWS Region"}},
        "serviceCode": "AWSLambda",
        "terms": {"OnDemand": {f"{sku}.JRTCKXETXF": {
            "priceDimensions": {f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                "unit": "Lambda-GB-Second", "endRange": "Inf", "beginRange": "0", "appliesTo": [], "rateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7",
                "description": "constructed", "pricePerUnit": {"USD": str(PRICE)}}},
            "sku": sku, "effectiveDate": "2026-01-01T00:00:00Z", "offerTermCode": "JRTCKXETXF", "termAttributes": {}}}},
        "version": "20260101000000", "publicationDate": "2026-01-01T00:00:00Z",
    }


def plan(region: str, *, with_function: bool = True) -> str:
    steps = [pd.create(CONFIG, "warm", {"functionName": "api", "qualifier": "live", "provisionedConcurrentExecutions": 5})]
    if with_function:
        steps.insert(0, pd.create(FUNCTION, "api", {"memorySize": 2048, "architectures": ["arm64"], "role": "r"}))
    return json.dumps(pd.doc(*steps, config={"aws:region": region}))


def test_offline_the_config_is_unknown_input_naming_the_price_never_zero():
    got = {r.name: r for r in price_document(plan("us-east-1")).resources}
    warm = got["warm"]
    assert warm.bucket == "unknown-input" and warm.current.monthly is None
    assert "Lambda provisioned concurrency (arm64)" in warm.reason  # the function's architecture, read from the plan


def test_a_config_whose_function_is_not_in_the_plan_names_that():
    got = {r.name: r for r in price_document(plan("us-east-1", with_function=False)).resources}
    assert got["warm"].bucket == "unknown-input" and "function" in got["warm"].reason


def test_the_price_list_prices_it_per_gb_second_of_the_functions_architecture(tmp_path):
    import boto3
    from botocore.stub import Stubber

    session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1")
    pricing = session.client("pricing", region_name="us-east-1")
    stub = Stubber(pricing)
    filters = [("productFamily", "Serverless"), ("regionCode", "eu-central-1"), ("group", "AWS-Lambda-Provisioned-Concurrency-ARM")]
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [json.dumps(arm_item("eu-central-1"))]},
                      {"ServiceCode": "AWSLambda", "FormatVersion": "aws_v1", "MaxResults": 100,
                       "Filters": [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in filters]})
    stub.activate()
    client = AwsPrices(client=lambda s, r: pricing)
    assert client.supports_platform("lambda_provisioned_gb_second:arm64") and not client.supports_platform("lambda_provisioned_gb_second:sparc")
    live = LivePrices({"aws": client}, PriceCache(tmp_path), warn=lambda m: None)
    got = {r.name: r for r in price_document(plan("eu-central-1"), catalog=Catalog(live=live)).resources}
    stub.assert_no_pending_responses()
    warm = got["warm"]
    # 5 executions x 2 GB x every second of the month
    assert warm.bucket == "estimated" and warm.current.monthly == 5 * 2 * SECONDS * PRICE
    (line,) = warm.current.components
    assert line.unit == "GB-seconds" and line.monthly_quantity == 5 * 2 * SECONDS and "AWSLambda" in line.source
