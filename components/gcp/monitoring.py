"""Alert policies for the guide's thresholds, from metrics GCP really has.

Error rate: the external load balancer's share of 5xx responses (the LB sees HTTP, unlike a
passthrough one), alerting above the guide's 1 % for five minutes; p95 response time of the same
load balancer; server cost per query (instances x catalog price over requests) above $0.05.
Utilisation: GPU utilisation (Ops Agent) above the guide's 85 % for 10 minutes
means the fleet is pinned at its max size. Qdrant: CPU above 85 %. Thresholds from
llmkit.components.thresholds.
Hosted-API rate-limit use above 80 % for 5 minutes: the custom metric the routers publish
(api and hybrid stacks). Cost per query counts every fleet (PromQL over instance uptime). Alerts notify the
stack's e-mails when it names any.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Optional, Sequence

import pulumi
import pulumi_gcp as gcp

from llmkit.components.boot import metric_sources
from llmkit.components.boot import metrics_publisher as quota
from llmkit.components.gcp.base import GcpBase
from llmkit.components.gcp.fleet import GPU_METRIC
from llmkit.components.thresholds import GUIDE


def notification_channels(base: GcpBase) -> list[pulumi.Output[str]]:
    return [
        gcp.monitoring.NotificationChannel(
            base.name(f"email-{i}"),
            type="email",
            display_name=f"llmkit {base.spec.stack} owner {i}",
            labels={"email_address": email},
            user_labels=base.labels,
            opts=base.opts(),
        ).id
        for i, email in enumerate(base.spec.budget_emails)
    ]


def _policy(
    base: GcpBase, name: str, summary: str,
    threshold: gcp.monitoring.AlertPolicyConditionConditionThresholdArgs | gcp.monitoring.AlertPolicyConditionConditionPrometheusQueryLanguageArgs,
    channels: Sequence[pulumi.Input[str]],
) -> gcp.monitoring.AlertPolicy:
    if isinstance(threshold, gcp.monitoring.AlertPolicyConditionConditionPrometheusQueryLanguageArgs):
        condition = gcp.monitoring.AlertPolicyConditionArgs(display_name=summary, condition_prometheus_query_language=threshold)
    else:
        condition = gcp.monitoring.AlertPolicyConditionArgs(display_name=summary, condition_threshold=threshold)
    return gcp.monitoring.AlertPolicy(
        base.name(name),
        display_name=f"llmkit {base.spec.stack}: {summary}",
        combiner="OR",
        conditions=[condition],
        notification_channels=list(channels) or None,
        documentation=gcp.monitoring.AlertPolicyDocumentationArgs(content=summary, mime_type="text/markdown"),
        user_labels=base.labels,
        opts=base.opts(),
    )


def _mean(period: str = "300s", aligner: str = "ALIGN_MEAN", reducer: Optional[str] = None):
    return [gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgs(
        alignment_period=period, per_series_aligner=aligner, cross_series_reducer=reducer,
    )]


@dataclasses.dataclass(frozen=True)
class LbMetrics:
    """Where one load balancer's HTTP metrics live: metric prefix, resource type, and the
    resource-label filter that selects this load balancer."""

    prefix: str
    resource_type: str
    label: str  # the resource label that names this load balancer
    value: pulumi.Input[str]

    def filter(self, metric: str) -> pulumi.Output[str]:
        return pulumi.Output.concat(
            f'metric.type = "{self.prefix}/{metric}" AND resource.type = "{self.resource_type}" AND ',
            f'resource.labels.{self.label} = "', self.value, '"')

    def promql(self, metric: str) -> pulumi.Output[str]:
        """The same series as a PromQL selector (Cloud Monitoring's UTF-8 PromQL names)."""
        return pulumi.Output.concat(
            f'{{"{self.prefix}/{metric}", monitored_resource="{self.resource_type}", {self.label}="', self.value, '"}')


def external(backend_name: pulumi.Input[str]) -> LbMetrics:
    """The global external Application Load Balancer, by backend service."""
    return LbMetrics("loadbalancing.googleapis.com/https", "https_lb_rule", "backend_service_name", backend_name)


def internal(forwarding_rule_name: pulumi.Input[str]) -> LbMetrics:
    """The regional internal Application Load Balancer, by forwarding rule."""
    return LbMetrics("loadbalancing.googleapis.com/https/internal", "internal_http_lb_rule", "forwarding_rule_name",
                     forwarding_rule_name)


def error_rate_alert(base: GcpBase, role: str, lb: LbMetrics, channels) -> gcp.monitoring.AlertPolicy:
    requests = lb.filter("request_count")
    errors = pulumi.Output.concat(requests, ' AND metric.labels.response_code_class = 500')
    return _policy(
        base, f"{role}-5xx", f"{role} error rate above {GUIDE.error_rate_pct}%",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=errors,
            denominator_filter=requests,
            aggregations=_mean(aligner="ALIGN_RATE", reducer="REDUCE_SUM"),
            denominator_aggregations=_mean(aligner="ALIGN_RATE", reducer="REDUCE_SUM"),
            comparison="COMPARISON_GT",
            threshold_value=float(GUIDE.error_rate_pct) / 100,
            duration=f"{GUIDE.error_rate_window_s}s",
        ),
        channels,
    )


def latency_alert(base: GcpBase, role: str, lb: LbMetrics, channels) -> gcp.monitoring.AlertPolicy:
    """p95 of the load balancer's total latency (the guide's response-time metric)."""
    return _policy(
        base, f"{role}-latency-p95", f"{role} p95 response time above {GUIDE.latency_alert_s}s",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=lb.filter("total_latencies"),
            aggregations=_mean(aligner="ALIGN_PERCENTILE_95", reducer="REDUCE_MAX"),
            comparison="COMPARISON_GT",
            threshold_value=GUIDE.latency_alert_s * 1000,  # the metric is in milliseconds
            duration="900s",
        ),
        channels,
    )


def cost_per_query_alert(base: GcpBase, role: str, lb: LbMetrics, fleets: Sequence[tuple[str, Decimal]],
                         channels) -> gcp.monitoring.AlertPolicy:
    """Server cost per query above the guide's $0.05, hourly, counting EVERY fleet: a PromQL
    condition summing, per fleet (``fleets``: instance-name prefix, catalog hourly price), the
    instances running (uptime seconds per second, 1 per instance) times its price per second,
    over the front load balancer's requests per second. A fleet with no series yet counts 0
    (``or vector(0)``)."""
    stack = base.spec.labels.get("llmkit-stack", base.spec.stack)
    window = f"{GUIDE.cost_per_query_window_s // 3600}h"
    spend = " + ".join(
        f'(sum(rate({{"compute.googleapis.com/instance/uptime", monitored_resource="gce_instance", '
        f'"metadata_user_llmkit-stack"="{stack}", instance_name=~"{prefix}-.*"}}[{window}])) or vector(0)) * '
        f'{float(hourly) / 3600:.10g}'
        for prefix, hourly in fleets
    )
    query = pulumi.Output.concat(f"({spend}) / sum(rate(", lb.promql("request_count"),
                                 f"[{window}])) > {GUIDE.cost_per_query_usd}")
    return _policy(
        base, f"{role}-cost-per-query", f"{role} server cost per query above ${GUIDE.cost_per_query_usd}",
        gcp.monitoring.AlertPolicyConditionConditionPrometheusQueryLanguageArgs(
            query=query, duration="0s", evaluation_interval="300s",
        ),
        channels,
    )


def gpu_saturated_alert(base: GcpBase, role: str, channels) -> gcp.monitoring.AlertPolicy:
    return _policy(
        base, f"{role}-gpu-saturated", f"{role} GPU utilisation above {GUIDE.gpu_alert_pct}% for 10 minutes",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=f'metric.type = "{GPU_METRIC}" AND resource.type = "gce_instance" '
                   f'AND metadata.user_labels."llmkit-stack" = "{base.spec.labels.get("llmkit-stack", base.spec.stack)}"',
            aggregations=_mean(reducer="REDUCE_MEAN"),
            comparison="COMPARISON_GT",
            threshold_value=GUIDE.gpu_alert_pct,
            duration=f"{GUIDE.gpu_alert_sustain_s}s",
        ),
        channels,
    )


def api_quota_alert(base: GcpBase, channels) -> gcp.monitoring.AlertPolicy:
    """Hosted-API quota use above the guide's 80 % (upgrade the tier), as the routers publish it
    (boot/metrics_publisher.py: a custom metric on the ``global`` resource, labelled by stack)."""
    stack = base.spec.labels.get("llmkit-stack", base.spec.stack)
    return _policy(
        base, "router-api-quota-use", f"router hosted-API rate-limit use above {GUIDE.rate_limit_use_pct}%",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=f'metric.type = "{quota.GCP_METRIC_TYPE}" AND resource.type = "global" AND metric.labels.stack = "{stack}" AND metric.labels.server = "{quota.SOURCE_LITELLM}"',
            aggregations=_mean(period="60s", aligner="ALIGN_MAX", reducer="REDUCE_MAX"),
            comparison="COMPARISON_GT",
            threshold_value=GUIDE.rate_limit_use_pct,
            duration=f"{GUIDE.rate_limit_window_s}s",
        ),
        channels,
    )


def dashboard(base: GcpBase, lb: LbMetrics) -> gcp.monitoring.Dashboard:
    """The guide's key metrics without a threshold of their own: cache hit rate (the servers
    publish it, boot/metrics_publisher.py), p95 response time of the front load balancer, and
    hosted-API quota use."""
    stack = base.spec.labels.get("llmkit-stack", base.spec.stack)
    servers = metric_sources(base.spec)

    def chart(title: str, filter_: str, aligner: str, reducer: str) -> dict:
        query = {"timeSeriesFilter": {"filter": filter_, "aggregation": {
            "alignmentPeriod": "60s", "perSeriesAligner": aligner, "crossSeriesReducer": reducer}}}
        return {"title": title, "xyChart": {"dataSets": [{"timeSeriesQuery": query, "plotType": "LINE"}]}}

    def custom(metric: str, server: str) -> str:
        return (f'metric.type = "{quota.GCP_PREFIX}{metric}" AND resource.type = "global" '
                f'AND metric.labels.stack = "{stack}" AND metric.labels.server = "{server}"')

    def body(latency_filter: str) -> str:
        widgets = [chart(f"{server} cache hit rate (%)", custom(quota.CACHE_METRIC, server), "ALIGN_MEAN", "REDUCE_MEAN")
                   for server in servers]
        widgets.append(chart(f"{GUIDE.latency_percentile} response time (ms)", latency_filter, "ALIGN_PERCENTILE_95", "REDUCE_MAX"))
        if quota.SOURCE_LITELLM in servers:
            widgets.append(chart("hosted-API rate-limit use (%)", custom(quota.METRIC, quota.SOURCE_LITELLM), "ALIGN_MAX", "REDUCE_MAX"))
        return json.dumps({"displayName": f"llmkit {base.spec.stack}", "gridLayout": {"columns": "1", "widgets": widgets}})

    return gcp.monitoring.Dashboard(
        base.name("dashboard"), dashboard_json=lb.filter("total_latencies").apply(body), opts=base.opts(),
    )


def qdrant_cpu_alert(base: GcpBase, instance_name: pulumi.Input[str], channels) -> gcp.monitoring.AlertPolicy:
    return _policy(
        base, "qdrant-cpu", "Qdrant CPU above 85% for 15 minutes",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=pulumi.Output.concat(
                'metric.type = "compute.googleapis.com/instance/cpu/utilization" AND resource.type = "gce_instance" '
                'AND metric.labels.instance_name = "', instance_name, '"',
            ),
            aggregations=_mean(),
            comparison="COMPARISON_GT",
            threshold_value=0.85,
            duration="900s",
        ),
        channels,
    )
