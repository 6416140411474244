"""price_document over every step op, the five buckets, the Infracost JSON layout, the
hosted-LLM pseudo-resource, guardrails and --compare-to. Expected money is computed here from
catalog rows, never copied from the pricer's output."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.pricing.preview.baseline import compare_to
from llmkit.pricing.preview.breakdown import guardrail_violations, price_document
from llmkit.pricing.preview.infracost import to_json
from llmkit.pricing.catalog import load_catalog
from _previewdocs import create, doc

H = Decimal(730)
FIXTURE = Path(__file__).parent / "fixtures" / "previews" / "every-op.json"


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


@pytest.fixture(scope="module")
def every_op():
    return price_document(FIXTURE.read_bytes())


def vm(cat, t):
    """One instance with its 20 GB gp3 root volume, as in the fixture."""
    return cat.instance("aws", "us-east-1", t).on_demand_hourly * H + 20 * cat.platform("aws", "us-east-1", "block_storage_gb_month:gp3").price


def test_each_op_moves_the_totals_the_right_way(every_op, cat):
    got = {r.name: r for r in every_op.resources}
    eip = cat.platform("aws", "us-east-1", "public_ipv4_hour").price * H
    assert got["added"].past is None and got["added"].current.monthly == vm(cat, "t3.medium")
    assert got["removed"].current is None and got["removed"].past.monthly == vm(cat, "t3.large")
    assert got["resized"].diff_monthly == vm(cat, "t3.xlarge") - vm(cat, "t3.medium")
    assert got["swapped"].diff_monthly == vm(cat, "g5.xlarge") - vm(cat, "g4dn.xlarge")
    assert [r.name for r in every_op.resources].count("swapped") == 1  # the replacement pair counts once
    for name, monthly in (("unchanged", vm(cat, "m5.large")), ("looked-up", eip), ("adopted", eip)):
        assert got[name].past.monthly == got[name].current.monthly == monthly
        assert got[name].diff_monthly == 0
    db = cat.platform("aws", "us-east-1", "db_instance_hour:db.t3.micro").price * H + 20 * (
        cat.find_platform("aws", "us-east-1", "db_storage_gb_month:gp2") or cat.platform("aws", "us-east-1", "block_storage_gb_month:gp2")
    ).price
    assert got["db"].current.monthly == db
    baseline = vm(cat, "m5.large") + 2 * eip
    past = baseline + vm(cat, "t3.large") + vm(cat, "t3.medium") + vm(cat, "g4dn.xlarge")
    current = baseline + vm(cat, "t3.medium") + vm(cat, "t3.xlarge") + vm(cat, "g5.xlarge") + db
    assert every_op.past_total_monthly == past
    assert every_op.total_monthly == current
    assert every_op.diff_total_monthly == current - past


def test_every_resource_lands_in_exactly_one_bucket(every_op):
    got = {r.name: r.bucket for r in every_op.resources}
    assert got["pending"] == "unknown-input"
    assert got["mystery"] == "unsupported"
    assert got["net"] == "free"
    assert got["data"] == "usage-based"
    assert "cluster" not in got  # a component resource is never priced
    counts = every_op.counts()
    assert sum(counts.values()) == len(every_op.resources) == 12
    assert counts["unsupported"] == 1 and counts["unknown-input"] == 1


def test_infracost_json_layout(every_op):
    from infracost_schema import assert_valid
    from llmkit.pricing.preview.infracost import llmkit_summary

    out = to_json(every_op)
    json.dumps(out)  # JSON-ready
    assert_valid(out)
    assert out["version"] == "0.2" and out["currency"] == "USD"
    project = out["projects"][0]
    assert set(project) >= {"name", "breakdown", "pastBreakdown", "diff", "summary"}
    resources = {r["name"]: r for r in project["breakdown"]["resources"]}
    added = resources["added"]
    assert added["resourceType"] == "aws:ec2/instance:Instance"
    assert added["metadata"]["bucket"] == "estimated" and added["metadata"]["op"] == "create" and added["metadata"]["region"] == "us-east-1"
    comp = added["costComponents"][0]
    assert set(comp) >= {"name", "unit", "hourlyQuantity", "monthlyQuantity", "price", "hourlyCost", "monthlyCost"}
    assert comp["priceNotFound"] is False
    line_meta = added["metadata"]["costComponents"][0]  # the schema's CostComponent admits no extras
    assert line_meta["name"] == comp["name"] and line_meta["source"] and line_meta["asOf"]
    assert Decimal(comp["monthlyCost"]) == Decimal(comp["monthlyQuantity"]) * Decimal(comp["price"])
    assert resources["pending"]["monthlyCost"] is None and resources["mystery"]["monthlyCost"] is None  # unknown is null, never "0"
    assert "removed" not in resources and "removed" in {r["name"] for r in project["pastBreakdown"]["resources"]}
    diff_names = {r["name"] for r in project["diff"]["resources"]}
    assert {"added", "removed", "resized", "swapped"} <= diff_names and "unchanged" not in diff_names
    assert Decimal(out["diffTotalMonthlyCost"]) == every_op.diff_total_monthly
    assert Decimal(out["totalMonthlyCost"]) == every_op.total_monthly
    assert Decimal(out["pastTotalMonthlyCost"]) == every_op.past_total_monthly
    assert llmkit_summary(out)["buckets"] == every_op.counts()
    free = {r["name"] for r in project["breakdown"]["freeResources"]}
    assert "net" in free and "net" not in resources  # free resources where Infracost puts them
    assert project["displayName"] and project["metadata"]["type"] == "pulumi_preview_json"
    assert out["timeGenerated"].endswith("Z") and out["metadata"]["vcsCommitSha"] == ""
    assert out["summary"]["unsupportedResourceCounts"] == {"aws:gamelift/fleet:Fleet": 1}


def test_autoscaled_range_in_json_metadata():
    lt = create("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"name": "lt", "instanceType": "t3.medium"})
    asg = create("aws:autoscaling/group:Group", "asg", {"minSize": 1, "desiredCapacity": 2, "maxSize": 5, "launchTemplate": {"name": "lt"}})
    out = to_json(price_document(doc(lt, asg)))
    res = {r["name"]: r for r in out["projects"][0]["breakdown"]["resources"]}["asg"]
    rng = res["metadata"]["monthlyCostRange"]
    assert Decimal(rng["min"]) * 2 == Decimal(res["monthlyCost"]) and Decimal(rng["max"]) * 2 == Decimal(res["monthlyCost"]) * 5


def test_hosted_llm_tokens_from_stack_config(cat):
    from llmkit.pricing.model.api_cost import api_token_cost
    from llmkit.pricing.model.workload import Workload

    config = {
        "aws:region": "us-east-1", "llmkit:architecture": "hybrid", "llmkit:users": "250", "llmkit:queriesPerUserPerDay": "12",
        "llmkit:inputTokens": "800", "llmkit:outputTokens": "200", "llmkit:hostedModels": '["gpt-4o", "claude-3-5-haiku"]',
        "llmkit:localSharePct": "70",
    }
    d = doc(create("llmkit:index:HybridDeployment", "hybrid", {}, custom=False), config=config)
    b = price_document(d)
    (tokens,) = [r for r in b.resources if r.pseudo]
    want = api_token_cost(Workload(users=250, queries_per_user_per_day=Decimal(12), input_tokens=800, output_tokens=200), cat.llm("gpt-4o"), share=Decimal("0.3"))
    assert tokens.bucket == "usage-based"
    assert tokens.current.monthly == want.total
    meta = to_json(b)["projects"][0]["breakdown"]["resources"][0]["metadata"]
    assert meta["pseudoResource"] is True and meta["attributedTo"].endswith("HybridDeployment::hybrid")


def test_no_tokens_for_a_gpu_only_stack():
    b = price_document(doc(create("llmkit:index:GpuCluster", "g", {}, custom=False), config={"llmkit:architecture": "gpu"}))
    assert not [r for r in b.resources if r.pseudo]


def test_guardrails(every_op):
    total, diff = every_op.total_monthly, every_op.diff_total_monthly
    assert guardrail_violations(every_op, budget=total + 1) == []
    (line,) = guardrail_violations(every_op, budget=total - 1)
    assert "over the budget" in line and "at least" in line  # an unknown-input resource can only add
    assert guardrail_violations(every_op, max_increase=diff - 1)
    assert not guardrail_violations(every_op, max_increase=diff + 1)
    pct = diff / every_op.past_total_monthly * 100
    assert guardrail_violations(every_op, max_increase_pct=pct - 1)
    assert not guardrail_violations(every_op, max_increase_pct=pct + 1)


def test_compare_to_a_saved_output(every_op, cat):
    saved = to_json(every_op)
    again = compare_to(every_op, saved)
    assert again.diff_total_monthly == 0
    assert not [r.name for r in again.resources if r.changed]  # free resources read back from freeResources
    (line,) = [c for r in again.resources if r.name == "added" for c in r.past.components][:1]
    assert line.source != "saved output" and line.as_of  # sources read back from the resource metadata
    smaller = price_document(doc(create("aws:ec2/instance:Instance", "added", {"instanceType": "t3.medium", "rootBlockDevice": {"volumeSize": 20, "volumeType": "gp3"}})))
    vs = compare_to(smaller, saved)
    assert vs.past_total_monthly == every_op.total_monthly
    assert vs.total_monthly == vm(cat, "t3.medium")
    ops = {r.name: r.resource.op for r in vs.resources}
    assert ops["added"] == "same" and ops["resized"] == "delete"
    # the saved usage-only bucket (null cost) comes back as usage-based, not as unknown or $0
    (data,) = [r for r in vs.resources if r.name == "data"]
    assert data.bucket == "usage-based" and data.past.monthly is None and data.past.usage_pending


def test_secret_workload_config_makes_tokens_unknown_not_zero():
    config = {"llmkit:architecture": "api", "llmkit:users": "[secret]", "llmkit:owner": "[secret]"}
    b = price_document(doc(create("llmkit:index:ApiTier", "api", {}, custom=False), config=config))
    (tokens,) = [r for r in b.resources if r.pseudo]
    assert tokens.bucket == "unknown-input" and tokens.current.monthly is None
    assert "llmkit:users" in tokens.reason and "owner" not in tokens.reason


def _dumps(b):
    return json.dumps(to_json(b, _run()), separators=(",", ":"), ensure_ascii=False)


def _run():
    from llmkit.pricing.preview.infracost import RunInfo

    return RunInfo(command="llmkit price", path="plan.json", vcs={"vcsCommitSha": "abc"}, time_generated="2026-11-28T05:00:00Z")


def test_compact_writer_is_exactly_json_dumps_of_the_dict(every_op):
    """The CLI's fast writer for big plans must not change one byte of the output."""
    from benchmarks.bench_price import generate
    from llmkit.pricing.preview.infracost import compact_text

    mixed = price_document(generate(240))  # every op, groups, templates, unknown subnets, buckets
    usage = price_document(doc(
        create("aws:s3/bucket:Bucket", "b\u00e9\"q", {}),  # a name that needs escaping
        create("aws:ec2/natGateway:NatGateway", "nat", {}),
        create("llmkit:index:ApiTier", "api", {}, custom=False),
    ), )
    for b in (every_op, mixed, usage, compare_to(mixed, to_json(mixed))):
        assert compact_text(b, _run()) == _dumps(b)


def test_price_source_counts_are_by_price_not_by_line_object():
    """The same plan priced twice in one process (pricers share equal line objects per plan
    and per process cache) counts the same prices; a repeated price counts once."""
    first = price_document(FIXTURE.read_bytes()).provenance.sources
    second = price_document(FIXTURE.read_bytes()).provenance.sources
    assert first == second
    twice = price_document(FIXTURE.read_bytes())
    keys = {(c.source, c.as_of, c.unit, c.price) for r in twice.resources for side in (r.past, r.current)
            if side is not None for c in side.components if c.price is not None}
    assert sum(n for _, _, n in twice.provenance.sources.values()) == len(keys)


def test_every_resource_keeps_the_notes_of_a_lookup_shared_with_others(cat):
    """Equal instance lines are looked up once per plan (a group's sizes, repeated members);
    the note that lookup made (no spot price, on-demand used) still lands on each resource,
    and on each side of an autoscaled group priced at three sizes once only."""
    spot = {"instanceType": "g4dn.xlarge", "instanceMarketOptions": {"marketType": "spot"}}
    assert cat.instance("aws", "eu-west-1", "g4dn.xlarge").hourly("spot") is None  # the premise
    b = price_document(doc(
        *(create("aws:ec2/instance:Instance", f"spot-{i}", dict(spot)) for i in range(3)),
        create("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"name": "lt", "instanceType": "g4dn.xlarge",
                                                               "instanceMarketOptions": {"marketType": "spot"}}),
        create("aws:autoscaling/group:Group", "asg", {"minSize": 1, "desiredCapacity": 2, "maxSize": 3, "launchTemplate": {"name": "lt"}}),
        config={"aws:region": "eu-west-1"},
    ))
    note = "no spot price for g4dn.xlarge; on-demand used"
    got = {r.name: r for r in b.resources}
    for name in ("spot-0", "spot-1", "spot-2", "asg"):
        assert got[name].notes.count(note) == 1, (name, got[name].notes)
        assert "on-demand" in got[name].current.components[0].name
