"""Every cloud's scaling and alerting thresholds are the guide's, read back from the plans.

``llmkit.components.thresholds.GUIDE`` is the one spec; each test reads what a reference stack
would create on one cloud (autoscaling policies, alarms, alert policies) and compares every
threshold it finds with that spec, including the windows ("below 30 % for 2 h" on AWS and
Azure; GCP's closest: its longest scale-in window, documented in components/gcp/fleet.py).
"""

from __future__ import annotations

import re

import pytest
import yaml

from _stack_plans import by_type, config, recorded
from llmkit.components.spec import build_spec
from llmkit.components.thresholds import GUIDE, HORIZONTAL_SCALING, guide_max_instances

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def test_the_spec_is_the_guides_section_11_and_8():
    assert (GUIDE.scale_out_pct, GUIDE.scale_in_pct, GUIDE.scale_in_sustain_s) == (75, 30, 7200)
    assert (GUIDE.gpu_alert_pct, GUIDE.error_rate_pct, str(GUIDE.cost_per_query_usd), GUIDE.rate_limit_use_pct) == (
        85, 1, "0.05", 80)
    assert GUIDE.rate_limit_window_s == 300
    assert GUIDE.min_instances == 2 and HORIZONTAL_SCALING[-1] == (1000, 10)
    assert [guide_max_instances(u) for u in (1, 50, 51, 150, 300, 500, 501, 1000, 2500)] == [1, 1, 2, 2, 3, 5, 10, 10, 25]


@pytest.mark.parametrize("name", ["gpu-aws", "api-aws", "hybrid-aws", "healthcare"])
def test_aws_scaling_and_alarms_read_the_spec(name):
    resources, spec = recorded(name), build_spec(config(name), name)
    alarms = {a.name.removeprefix(f"{name}-"): a.inputs for a in by_type(resources, ALARM)}
    fleets = [("gpu", spec.gpu_fleet), ("router", spec.api_fleet)]
    for role, fleet in fleets:
        if fleet is None:
            continue
        out, down = alarms[f"{role}-scale-out-alarm"], alarms[f"{role}-scale-in-alarm"]
        assert (out["threshold"], out["period"] * out["evaluationPeriods"]) == (GUIDE.scale_out_pct, GUIDE.scale_out_sustain_s)
        assert (down["threshold"], down["period"] * down["evaluationPeriods"]) == (GUIDE.scale_in_pct, GUIDE.scale_in_sustain_s)
        assert out["metricName"] == ("nvidia_smi_utilization_gpu" if role == "gpu" else "CPUUtilization")
        group = next(g.inputs for g in by_type(resources, "aws:autoscaling/group:Group") if g.name.endswith(f"-{role}-asg"))
        assert group["maxSize"] == fleet.max_size
    if spec.gpu_fleet is not None:
        gpu = alarms["gpu-gpu-high"]
        assert (gpu["threshold"], gpu["period"] * gpu["evaluationPeriods"]) == (GUIDE.gpu_alert_pct, GUIDE.gpu_alert_sustain_s)
        assert spec.gpu_fleet.max_size == max(guide_max_instances(spec.workload.users), spec.gpu_fleet.desired_size)
    assert alarms["lb-5xx-rate"]["threshold"] == float(GUIDE.error_rate_pct)
    assert alarms["lb-cost-per-query"]["threshold"] == float(GUIDE.cost_per_query_usd)
    latency = alarms["lb-latency-p95"]
    assert (latency["extendedStatistic"], latency["threshold"]) == (GUIDE.latency_percentile, GUIDE.latency_alert_s)
    quota = alarms.get("router-api-quota-use")
    if spec.router is not None and spec.router.hosted:
        assert (quota["threshold"], quota["period"] * quota["evaluationPeriods"]) == (GUIDE.rate_limit_use_pct, GUIDE.rate_limit_window_s)
        assert (quota["namespace"], quota["metricName"], quota["statistic"]) == ("LLMKit", "api_quota_use_pct", "Maximum")
        assert quota["dimensions"] == {"Stack": spec.labels["llmkit-stack"], "Server": "litellm"}
    else:  # nothing hosted, no quota to watch
        assert quota is None


@pytest.mark.parametrize("name", ["gpu-azure", "api-azure", "hybrid-azure"])
def test_azure_autoscale_and_alerts_read_the_spec(name):
    resources, spec = recorded(name), build_spec(config(name), name)
    for setting in by_type(resources, "azure-native:monitor:AutoscaleSetting"):
        profile = setting.inputs["profiles"][0]
        fleet = spec.gpu_fleet if "-vllm-" in setting.name else spec.api_fleet
        assert profile["capacity"]["maximum"] == str(fleet.max_size)
        rules = {r["scaleAction"]["direction"]: r["metricTrigger"] for r in profile["rules"]}
        assert rules["Increase"]["threshold"] == GUIDE.scale_out_pct
        assert rules["Decrease"]["threshold"] == GUIDE.scale_in_pct
        assert rules["Decrease"]["timeWindow"] == f"PT{GUIDE.scale_in_sustain_s // 60}M"  # the guide's 2 h
    criteria = {a.name.removeprefix(f"{name}-"): a.inputs["criteria"]["allOf"][0] for a in by_type(resources, "azure-native:monitor:MetricAlert")}
    if spec.gpu_fleet is not None:
        assert criteria["vllm-gpu-saturated"]["threshold"] == GUIDE.gpu_alert_pct
    # an L4 load balancer sees no status codes: backends failing readiness stand in for errors,
    # at the guide's 1 %
    front = "router" if spec.api_fleet else "vllm"
    assert criteria[f"{front}-unready"]["threshold"] == 100 - float(GUIDE.error_rate_pct)
    # p95 response time: the front servers publish it (the L4 load balancer measures none)
    latency = criteria[f"{front}-latency-p95"]
    assert (latency["threshold"], latency["metricName"], latency["timeAggregation"]) == (GUIDE.latency_alert_s, "latency_p95_s", "Maximum")
    quota = criteria.get("router-api-quota-use")
    if spec.router is not None and spec.router.hosted:
        assert (quota["threshold"], quota["operator"], quota["timeAggregation"]) == (GUIDE.rate_limit_use_pct, "GreaterThan", "Maximum")
        assert (quota["metricNamespace"], quota["metricName"]) == ("llmkit", "api_quota_use_pct")
        alert = next(a.inputs for a in by_type(resources, "azure-native:monitor:MetricAlert") if a.name.endswith("-router-api-quota-use"))
        assert alert["windowSize"] == f"PT{GUIDE.rate_limit_window_s // 60}M"
        grants = [g.inputs for g in by_type(resources, "azure-native:authorization:RoleAssignment") if g.name.endswith("-router-metrics-publisher")]
        assert len(grants) == 1  # the routers may publish it
    else:
        assert quota is None


@pytest.mark.parametrize("name", ["gpu-azure", "api-azure", "hybrid-azure"])
def test_azure_cost_per_query_counts_every_fleet_at_its_catalog_price(name):
    """Azure's metric alerts cannot divide: the front servers publish spend over requests, so
    the alert reads their metric at the guide's $0.05, and their boot document names every
    fleet's scale set and catalog price, each readable by the front identity and nothing more."""
    from test_auth_paths import boot_documents

    resources, spec = recorded(name), build_spec(config(name), name)
    front = "router" if spec.api_fleet else "vllm"
    alert = next(a.inputs for a in by_type(resources, "azure-native:monitor:MetricAlert") if a.name.endswith(f"-{front}-cost-per-query"))
    (criterion,) = alert["criteria"]["allOf"]
    assert (criterion["metricNamespace"], criterion["metricName"]) == ("llmkit", "cost_per_query_usd")
    assert (criterion["operator"], criterion["threshold"]) == ("GreaterThan", float(GUIDE.cost_per_query_usd))
    unit = next(f["content"] for f in yaml.safe_load(boot_documents(name)[front])["write_files"]
                if f["path"] == "/etc/systemd/system/llmkit-metrics.service")
    pairs = dict(p.rsplit("=", 1) for p in re.findall(r"--fleet-cost (\S+)", unit))
    prices = {"router": spec.api_fleet, "vllm": spec.gpu_fleet}
    assert pairs.pop("self") == str(prices[front].hourly_usd)
    grants = {g.name.removeprefix(f"{name}-"): g.inputs for g in by_type(resources, "azure-native:authorization:RoleAssignment")
              if "-reads-" in g.name}
    assert all(g["roleDefinitionId"].endswith("/acdd72a7-3385-48ef-bd42-f606fba81ae7") for g in grants.values())  # Reader
    own = grants.pop(f"{front}-reads-{front}-size")
    assert own["scope"] == f"{name}-{front}-vmss-id"  # the mocks' id of the front scale set: its own size
    if front == "router" and spec.gpu_fleet is not None:  # the hybrid's GPU fleet, by its scale set id
        ((vllm_id, vllm_price),) = pairs.items()
        assert vllm_price == str(spec.gpu_fleet.hourly_usd)
        assert grants.pop("router-reads-vllm-size")["scope"] == vllm_id  # the very scale set it prices
    assert pairs == {} or front == "router"
    assert grants == {}  # no other Reader grant: nothing wider than the fleets


@pytest.mark.parametrize("name", ["gpu-gcp", "api-gcp", "hybrid-gcp"])
def test_gcp_autoscalers_and_alert_policies_read_the_spec(name):
    resources, spec = recorded(name), build_spec(config(name), name)
    for autoscaler in by_type(resources, "gcp:compute/regionAutoscaler:RegionAutoscaler"):
        policy = autoscaler.inputs["autoscalingPolicy"]
        gpu = "-vllm-" in autoscaler.name
        fleet = spec.gpu_fleet if gpu else spec.api_fleet
        assert policy["maxReplicas"] == fleet.max_size
        assert policy["cpuUtilization"]["target"] == GUIDE.scale_out_pct / 100
        if gpu:
            (metric,) = policy["metrics"]
            assert metric["target"] == GUIDE.scale_out_pct
        # target tracking has no scale-in threshold: the closest GCP offers is its longest window
        assert policy["scaleInControl"]["timeWindowSec"] == min(GUIDE.scale_in_sustain_s, 3600)
    policies = {p.name.removeprefix(f"{name}-"): p.inputs["conditions"][0]
                for p in by_type(resources, "gcp:monitoring/alertPolicy:AlertPolicy")}
    conditions = {k: c["conditionThreshold"] for k, c in policies.items() if "conditionThreshold" in c}
    if spec.gpu_fleet is not None:
        assert conditions["vllm-gpu-saturated"]["thresholdValue"] == GUIDE.gpu_alert_pct
        assert conditions["vllm-gpu-saturated"]["duration"] == f"{GUIDE.gpu_alert_sustain_s}s"
    quota = conditions.get("router-api-quota-use")
    if spec.router is not None and spec.router.hosted:
        assert (quota["thresholdValue"], quota["duration"]) == (GUIDE.rate_limit_use_pct, f"{GUIDE.rate_limit_window_s}s")
        assert 'custom.googleapis.com/llmkit/api_quota_use_pct' in quota["filter"]
        assert f'metric.labels.stack = "{spec.labels["llmkit-stack"]}"' in quota["filter"]
    else:
        assert quota is None
    front = "router" if spec.api_fleet else "vllm"
    assert conditions[f"{front}-5xx"]["thresholdValue"] == float(GUIDE.error_rate_pct) / 100
    assert conditions[f"{front}-latency-p95"]["thresholdValue"] == GUIDE.latency_alert_s * 1000
    # cost per query = (sum over EVERY fleet of instances x its price per second) / (requests per second) > $0.05
    query = policies[f"{front}-cost-per-query"]["conditionPrometheusQueryLanguage"]["query"]
    fleets = [(prefix, f) for prefix, f in (("vllm", spec.gpu_fleet), ("router", spec.api_fleet)) if f is not None]
    terms = re.findall(r'instance_name=~"(\w+)-\.\*"\}\[1h\]\)\) or vector\(0\)\) \* ([0-9.e-]+)', query)
    assert [(p, float(f.hourly_usd) / 3600) for p, f in fleets] == [(p, pytest.approx(float(v), rel=1e-9)) for p, v in terms]
    assert f'"metadata_user_llmkit-stack"="{spec.labels["llmkit-stack"]}"' in query
    assert query.endswith(f"> {GUIDE.cost_per_query_usd}") and "request_count" in query.split(" / ", 1)[1]
    assert GUIDE.cost_per_query_window_s == 3600  # the [1h] rate windows above
