"""The cost policy pack's validators, run directly (never by starting the PolicyPack) on
resources recorded from a real Pulumi program under the SDK mocks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pulumi_policy import PolicyCustomTimeouts, PolicyProviderResource, PolicyResource, PolicyResourceOptions, StackValidationArgs

from llmkit.policies import cost_rules
from llmkit.pricing.catalog import load_catalog


def _program(budget: str = "100000"):
    import pulumi
    import pulumi_aws as aws

    aws.budgets.Budget("budget", budget_type="COST", limit_amount=budget, limit_unit="USD", time_unit="MONTHLY")
    west = aws.Provider("west", region="us-west-2")
    aws.ec2.Instance(
        "gpu",
        instance_type="g5.xlarge",
        ami="ami-123",
        root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(volume_size=100, volume_type="gp3"),
        opts=pulumi.ResourceOptions(provider=west),
    )
    aws.ec2.Vpc("net", cidr_block="10.0.0.0/16", opts=pulumi.ResourceOptions(provider=west))


@pytest.fixture
def recorded(run_pulumi):
    return run_pulumi(_program, config={"aws:region": "us-east-1"})


def as_policy_resources(recorded):
    """RecordedResource -> PolicyResource, with each resource's provider attached as the
    policy engine does (a PolicyProviderResource carrying the provider's props)."""
    providers = {}
    for r in recorded:
        if r.type.startswith("pulumi:providers:"):
            providers[r.urn] = PolicyProviderResource(r.type, r.inputs, r.urn, r.name)
    opts = PolicyResourceOptions(False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])
    out = []
    for r in recorded:
        if r.type.startswith("pulumi:providers:"):
            continue
        prov = providers.get(r.provider.rsplit("::", 1)[0]) if r.provider else None
        out.append(PolicyResource(r.type, r.inputs, r.urn, r.name, opts, prov, None, [], {}))
    return out


def expected_monthly():
    cat = load_catalog()
    return cat.instance("aws", "us-west-2", "g5.xlarge").on_demand_hourly * 730 + 100 * cat.platform("aws", "us-west-2", "block_storage_gb_month:gp3").price


def run(recorded, config):
    messages = []
    args = StackValidationArgs(as_policy_resources(recorded), config)
    cost_rules.validate_monthly_cost(args, lambda message, urn=None: messages.append(message))
    return messages


def test_recorded_program_is_priced_in_its_providers_region(recorded):
    doc = cost_rules.document_from_resources(as_policy_resources(recorded))
    from llmkit.pricing.preview.breakdown import price_document

    b = price_document(doc)
    assert b.total_monthly == expected_monthly()
    assert {r.name: r.bucket for r in b.resources if r.name != "budget"} == {"gpu": "estimated", "net": "free"}


def test_budget_violation_reported_once_and_without_inputs(recorded):
    total = expected_monthly()
    assert run(recorded, {"budget": float(total + 1)}) == []
    (msg,) = run(recorded, {"budget": float(total - 1)})
    assert "budget" in msg and "ami-123" not in msg


def test_increase_limits_against_a_baseline(recorded):
    total = expected_monthly()
    base = total - Decimal(100)
    assert run(recorded, {"baselineMonthlyCost": str(base), "maxIncrease": 150}) == []
    assert len(run(recorded, {"baselineMonthlyCost": str(base), "maxIncrease": 50})) == 1
    pct = Decimal(100) / base * 100
    assert len(run(recorded, {"baselineMonthlyCost": str(base), "maxIncreasePct": str(pct - 1)})) == 1
    assert run(recorded, {"baselineMonthlyCost": str(base), "maxIncreasePct": str(pct + 1)}) == []


def test_spot_pricing_config_changes_the_total(recorded):
    cat = load_catalog()
    row = cat.instance("aws", "us-west-2", "g5.xlarge")
    total = expected_monthly()
    spot_total = total - row.on_demand_hourly * 730 + (row.spot_hourly or row.on_demand_hourly) * 730
    assert run(recorded, {"budget": str(spot_total + 1), "pricing": "spot"}) == []


def test_policy_objects_build_without_starting_a_server():
    (policy,) = cost_rules.policies()
    assert policy.name == cost_rules.POLICY_NAME


def test_the_stacks_own_budget_resource_is_the_default_limit(run_pulumi):
    total = expected_monthly()
    tight = run_pulumi(lambda: _program(str(int(total) - 10)), config={"aws:region": "us-east-1"})
    (msg,) = run(tight, {})
    assert "budget" in msg
    roomy = run_pulumi(lambda: _program(str(int(total) + 10)), config={"aws:region": "us-east-1"})
    assert run(roomy, {}) == []
    assert run(tight, {"budget": float(total + 100)}) == []  # explicit policy config wins


def test_declared_budget_reads_each_clouds_budget_resource_from_its_descriptor():
    from types import SimpleNamespace as R

    from llmkit.policies.cost_rules import declared_budget

    aws = R(resource_type="aws:budgets/budget:Budget", props={"limitAmount": "900", "limitUnit": "USD", "timeUnit": "MONTHLY"})
    aws_yearly = R(resource_type="aws:budgets/budget:Budget", props={"limitAmount": "10", "timeUnit": "ANNUALLY"})
    azure = R(resource_type="azure-native:consumption:Budget", props={"amount": 700, "timeGrain": "Monthly"})
    azure_quarterly = R(resource_type="azure-native:consumption:Budget", props={"amount": 5, "timeGrain": "Quarterly"})
    gcp = R(resource_type="gcp:billing/budget:Budget", props={"amount": {"specifiedAmount": {"units": "650"}}})
    gcp_eur = R(resource_type="gcp:billing/budget:Budget", props={"amount": {"specifiedAmount": {"units": "1", "currencyCode": "EUR"}}})
    other = R(resource_type="aws:s3/bucket:Bucket", props={"limitAmount": "1"})
    assert declared_budget([aws, aws_yearly, other]) == Decimal("900")
    assert declared_budget([aws, azure, azure_quarterly]) == Decimal("700")
    assert declared_budget([aws, azure, gcp, gcp_eur]) == Decimal("650")
    assert declared_budget([aws_yearly, azure_quarterly, gcp_eur, other]) is None
