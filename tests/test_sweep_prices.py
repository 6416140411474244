"""The sweep prices a live leftover through the cost models ``llmkit price`` uses for its
Pulumi type (issue 10: one map from resource to catalog price, not one per sweep module), so a
forgotten resource costs the same in ``llmkit sweep`` as in ``llmkit price``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.resources.models.aws import Secret
from llmkit.pricing.preview.resources.models.common import Hourly, Machines, StoredGigabytes, Volume
from llmkit.sweep.base import hourly_cost
from _previewdocs import create, doc


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def _preview_lines(token: str, inputs: dict, config: dict) -> list:
    (res,) = [r for r in price_document(doc(create(token, "r", inputs), config=config)).resources if r.name == "r"]
    return res.current.components


def _money(line) -> tuple:
    """What a line bills (its label aside: Azure's pricer says "VM usage")."""
    return (line.unit, line.monthly_quantity, line.price, line.source, line.as_of, line.derived)


@pytest.mark.parametrize("cloud, token, inputs, config, region, machine, guests", [
    ("aws", "aws:ec2/instance:Instance", {"instanceType": "g5.xlarge"}, {"aws:region": "us-east-1"}, "us-east-1", "g5.xlarge", ()),
    ("gcp", "gcp:compute/instance:Instance",
     {"machineType": "n1-standard-8", "zone": "us-central1-a", "guestAccelerators": [{"type": "nvidia-tesla-t4", "count": 2}]},
     {"gcp:region": "us-central1"}, "us-central1", "n1-standard-8", (("nvidia-tesla-t4", 2),)),
    ("azure", "azure-native:compute:VirtualMachine",
     {"location": "eastus", "hardwareProfile": {"vmSize": "Standard_NC4as_T4_v3"}}, {"azure-native:location": "eastus"},
     "eastus", "Standard_NC4as_T4_v3", ()),
])
def test_a_machine_has_the_lines_price_gives_it(cat, cloud, token, inputs, config, region, machine, guests):
    """The sweep's machine lines (host hours, guest GPU hours) are the preview's, line for line;
    the preview adds the boot disk, which the sweep lists as a leftover of its own."""
    preview = _preview_lines(token, inputs, config)
    model = Machines(machine, accelerators=guests)
    from llmkit.pricing.preview.resources import PriceContext

    sweep = model.cost(PriceContext.standalone(cat, token, region))
    assert [_money(line) for line in sweep] == [_money(line) for line in preview[:len(sweep)]]
    assert len(sweep) == 1 + len(guests) and all(line.price for line in sweep)
    want = sum(line.monthly_cost for line in sweep) / HOURS_PER_MONTH
    assert hourly_cost(cat, token, region, model) == want > 0


def test_a_volume_costs_what_price_says_per_hour(cat):
    monthly = sum(c.monthly_cost for c in _preview_lines(
        "aws:ebs/volume:Volume", {"availabilityZone": "us-east-1a", "size": 500, "type": "gp3"}, {"aws:region": "us-east-1"}))
    assert hourly_cost(cat, "aws:ebs/volume:Volume", "us-east-1", Volume("gp3", 500)) == monthly / HOURS_PER_MONTH
    assert monthly == 500 * cat.platform("aws", "us-east-1", "block_storage_gb_month:gp3").price


def test_usage_the_sweep_does_not_know_is_left_out_and_an_unknown_price_makes_the_cost_unknown(cat):
    """A secret bills its month and its API requests: standing idle, only the month. A model
    whose row the catalog lacks is unknown (None), never $0; stored data is priced from the
    size the sweep measured."""
    secret = hourly_cost(cat, "aws:secretsmanager/secret:Secret", "us-east-1", Secret())
    assert secret == cat.platform("aws", "us-east-1", "secret_month").price / HOURS_PER_MONTH
    assert hourly_cost(cat, "aws:ec2/natGateway:NatGateway", "us-east-1", Hourly("no_such_item_hour", "x", 1, "x")) is None
    assert hourly_cost(cat, "aws:ec2/instance:Instance", "us-east-1", Machines("zz9.galactic")) is None
    gb = Decimal(250)
    stored = hourly_cost(cat, "aws:s3/bucket:Bucket", "us-east-1", StoredGigabytes("object_storage_gb_month", "Storage"),
                         {"storage_gb": gb})
    assert stored == gb * cat.platform("aws", "us-east-1", "object_storage_gb_month").price / HOURS_PER_MONTH


def test_a_bucket_in_a_multi_region_is_unknown_as_price_says(cat):
    """The sweep prices a GCS bucket where it lives: a region's Standard rate, and no rate for a
    multi-region location (US, EU), which `llmkit price` also leaves unknown (never the rate of
    some region it is not in)."""
    from llmkit.pricing.preview.resources.models.gcp import GcsBucket

    usage = {"storage_gb": Decimal(40)}
    token = "gcp:storage/bucket:Bucket"
    regional = hourly_cost(cat, token, "us-central1", GcsBucket("STANDARD"), usage)
    assert regional == 40 * cat.platform("gcp", "us-central1", "object_storage_gb_month").price / HOURS_PER_MONTH
    assert hourly_cost(cat, token, "us", GcsBucket("STANDARD"), usage) is None
    monthly = [r for r in price_document(doc(create(token, "b", {"location": "US"}), config={"gcp:region": "us-central1"})).resources
               if r.name == "b"][0]
    assert monthly.bucket == "unknown-input"


def test_a_model_billed_by_usage_alone_is_unknown_without_usage_and_an_unbilled_one_is_free(cat):
    """No usage given, an S3 bucket (storage and egress, both usage) has no idle cost to show:
    unknown, never $0; an internal GCP address bills nothing: free (0)."""
    from llmkit.pricing.preview.resources.mappers.aws import S3_BUCKET
    from llmkit.pricing.preview.resources.mappers.gcp import INTERNAL_ADDRESS

    assert hourly_cost(cat, "aws:s3/bucket:Bucket", "us-east-1", S3_BUCKET) is None
    assert hourly_cost(cat, "gcp:compute/address:Address", "us-central1", INTERNAL_ADDRESS) == 0
