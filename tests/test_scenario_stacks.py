"""The three scenario stacks deploy what ``llmkit estimate --scenario`` prices.

``preview --stack <scenario>`` (the offline plan, priced) is held against ``estimate --scenario
<scenario>``: the same models, users and GPU fleet, the same hosted-token bill, and
infrastructure totals within 10 %. Both sides are reconciled bucket by bucket (servers, load
balancers, network, storage, monitoring, secrets, bandwidth); every bucket that differs by more
than a dollar must carry a reason in ``REASONS``, so a new, unexplained difference fails here.
Where the decision tree answers differently from the stack's architecture, the stack file says why.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from _stack_plans import config
from llmkit.components.spec import build_spec
from llmkit.pricing.model.scenarios import SCENARIOS
from llmkit.stacks import load_stack_config

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOLERANCE = Decimal("0.10")

# estimate component -> bucket
ESTIMATE_BUCKETS = {
    "gpu_instances": "servers", "router": "servers", "app_instances": "servers", "vector_db": "servers",
    "vector_db_disk": "servers", "instance_disks": "servers",
    "load_balancer": "load balancers", "load_balancer_capacity": "load balancers",
    "nat_gateway": "network", "model_storage": "storage", "backups": "storage",
    "monitoring_alarms": "monitoring", "monitoring_logs": "monitoring", "bandwidth": "bandwidth",
    "response_cache": "response cache",
}
# preview resource type -> bucket
PREVIEW_BUCKETS = {
    "aws:autoscaling/group:Group": "servers", "aws:ec2/instance:Instance": "servers", "aws:ebs/volume:Volume": "servers",
    "aws:lb/loadBalancer:LoadBalancer": "load balancers",
    "aws:ec2/natGateway:NatGateway": "network", "aws:ec2/eip:Eip": "network",
    "aws:s3/bucket:Bucket": "storage", "aws:cloudwatch/metricAlarm:MetricAlarm": "monitoring",
    "aws:cloudwatch/dashboard:Dashboard": "monitoring",
    "aws:secretsmanager/secret:Secret": "secrets",
    "aws:elasticache/replicationGroup:ReplicationGroup": "response cache",
}
TOKENS = "llmkit:pricing:HostedLlmTokens"

# Why a bucket may differ between the two (each is a modelling choice, not a price error).
REASONS = {
    "servers": "the plan prices each server's own root disk (GPU fleet disks sized to the model) and the "
               "router's disks; the estimate counts 100 GB per GPU server and none for routers",
    "load balancers": "the plan has no LCU usage and a hybrid's second (internal) ALB; the estimate prices one ALB "
                      "with one LCU-hour per hour",
    "network": "the NAT gateway's public address (EIP) is in the plan; the self-hosted estimate has no NAT gateway",
    "storage": "the model bucket's GB are usage (unknown until --usage), so the plan leaves it uncounted",
    "monitoring": "the plan counts the alarms it creates (scale in/out, GPU, 5xx, p95, cost per query, API quota) "
                  "and its dashboard; "
                  "the estimate a fixed alarm count and the log GB it expects",
    "secrets": "Secrets Manager entries (router, provider and model-server keys) are in the plan only",
    "bandwidth": "internet egress is usage in the plan (unknown until --usage); the estimate derives it from tokens",
}


def _json(cli, *argv: str) -> dict:
    result = cli(*argv, "-f", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def reconcile(preview: dict, estimate: dict) -> dict[str, tuple[Decimal, Decimal]]:
    """bucket -> (estimate, preview) monthly USD; every priced item lands in exactly one bucket."""
    buckets: dict[str, list[Decimal]] = {}
    for c in estimate["components"]:
        if c.get("category") != "infrastructure":
            continue
        bucket = ESTIMATE_BUCKETS[c["name"]]  # KeyError: a new estimate component nobody reconciled
        buckets.setdefault(bucket, [Decimal(0), Decimal(0)])[0] += Decimal(str(c["monthly"]))
    for r in preview["projects"][0]["breakdown"]["resources"]:
        if r["resourceType"] == TOKENS or r["monthlyCost"] is None:
            continue
        cost = Decimal(str(r["monthlyCost"]))
        if cost == 0:
            continue
        bucket = PREVIEW_BUCKETS[r["resourceType"]]  # KeyError: a new priced resource nobody reconciled
        buckets.setdefault(bucket, [Decimal(0), Decimal(0)])[1] += cost
    return {k: (v[0], v[1]) for k, v in buckets.items()}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_stack_deploys_the_models_and_fleet_its_estimate_prices(cli, name):
    scenario, cfg = SCENARIOS[name], config(name)
    estimate = _json(cli, "estimate", "--scenario", name)
    spec = build_spec(cfg, name)
    assert spec.workload.users == scenario.users == estimate["workload"]["users"]
    if spec.model_server is not None:
        assert spec.model_server.model_id == scenario.model == estimate["model"].split("+")[0]
        capacity = estimate["capacity"]
        assert (spec.gpu_fleet.instance_type, spec.gpu_fleet.desired_size, spec.model_server.dtype) == (
            capacity["instance_type"], capacity["desired_replicas"], capacity["dtype"])
    hosted = spec.router.hosted_models[0] if spec.router else None
    assert hosted == (scenario.api_model if scenario.approach == "hybrid" else scenario.model if scenario.approach == "api" else None)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_preview_and_estimate_agree_within_ten_percent_with_every_difference_itemised(cli, name):
    estimate = _json(cli, "estimate", "--scenario", name)
    preview = _json(cli, "preview", "--stack", name)
    buckets = reconcile(preview, estimate)
    table = "\n".join(f"  {b:15} estimate ${e:>10.2f}  preview ${p:>10.2f}  diff ${p - e:>+9.2f}" for b, (e, p) in sorted(buckets.items()))
    for bucket, (est, plan) in buckets.items():
        if abs(plan - est) > 1:
            assert bucket in REASONS, f"{name}: unexplained difference in {bucket}\n{table}"
    est_total = sum(e for e, _ in buckets.values())
    plan_total = sum(p for _, p in buckets.values())
    assert est_total > 0 and abs(plan_total - est_total) <= TOLERANCE * est_total, f"{name}: infrastructure\n{table}"
    # the hosted-token bill is the same model at the same volume on both sides
    est_tokens = sum(Decimal(str(c["monthly"])) for c in estimate["components"] if c["name"] == "llm_api")
    plan_tokens = sum(Decimal(str(r["monthlyCost"])) for r in preview["projects"][0]["breakdown"]["resources"]
                      if r["resourceType"] == TOKENS)
    assert abs(plan_tokens - est_tokens) <= Decimal("0.01") * max(est_tokens, Decimal(1)), (est_tokens, plan_tokens)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_stack_that_departs_from_the_decision_tree_says_why(cli, name):
    tree = _json(cli, "estimate", "--scenario", name)["scenario"]["decision_tree"]["recommendation"]
    architecture = config(name)["llmkit:architecture"]
    deployed = {"gpu": "self-hosted", "api": "api", "hybrid": "hybrid"}[architecture]
    text = load_stack_config(name).path.read_text()
    if tree != deployed:
        assert "decision tree" in text.lower() and "why" in text.lower(), f"{name}: tree says {tree}, stack deploys {deployed}"
