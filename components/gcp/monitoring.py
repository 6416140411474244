"""Alert policies for the guide's thresholds, from metrics GCP really has.

Error rate: the external load balancer's share of 5xx responses (the LB sees HTTP, unlike a
passthrough one), alerting above 5 % for five minutes. Utilisation: GPU utilisation (Ops Agent)
above 90 % for 15 minutes means the fleet is pinned at its max size. Qdrant: CPU above 85 %.
Cost per query has no platform metric; the billing budget covers spend. Alerts notify the
stack's e-mails when it names any.
"""

from __future__ import annotations

from typing import Optional, Sequence

import pulumi
import pulumi_gcp as gcp

from llmkit.components.gcp.base import GcpBase
from llmkit.components.gcp.fleet import GPU_METRIC


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
    base: GcpBase, name: str, summary: str, threshold: gcp.monitoring.AlertPolicyConditionConditionThresholdArgs,
    channels: Sequence[pulumi.Input[str]],
) -> gcp.monitoring.AlertPolicy:
    return gcp.monitoring.AlertPolicy(
        base.name(name),
        display_name=f"llmkit {base.spec.stack}: {summary}",
        combiner="OR",
        conditions=[gcp.monitoring.AlertPolicyConditionArgs(display_name=summary, condition_threshold=threshold)],
        notification_channels=list(channels) or None,
        documentation=gcp.monitoring.AlertPolicyDocumentationArgs(content=summary, mime_type="text/markdown"),
        user_labels=base.labels,
        opts=base.opts(),
    )


def _mean(period: str = "300s", aligner: str = "ALIGN_MEAN", reducer: Optional[str] = None):
    return [gcp.monitoring.AlertPolicyConditionConditionThresholdAggregationArgs(
        alignment_period=period, per_series_aligner=aligner, cross_series_reducer=reducer,
    )]


def error_rate_alert(base: GcpBase, role: str, backend_name: pulumi.Input[str], channels) -> gcp.monitoring.AlertPolicy:
    requests = pulumi.Output.concat(
        'metric.type = "loadbalancing.googleapis.com/https/request_count" AND resource.type = "https_lb_rule" '
        'AND resource.labels.backend_service_name = "', backend_name, '"',
    )
    errors = pulumi.Output.concat(requests, ' AND metric.labels.response_code_class = 500')
    return _policy(
        base, f"{role}-5xx", f"{role} error rate above 5%",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=errors,
            denominator_filter=requests,
            aggregations=_mean(aligner="ALIGN_RATE", reducer="REDUCE_SUM"),
            denominator_aggregations=_mean(aligner="ALIGN_RATE", reducer="REDUCE_SUM"),
            comparison="COMPARISON_GT",
            threshold_value=0.05,
            duration="300s",
        ),
        channels,
    )


def gpu_saturated_alert(base: GcpBase, role: str, channels) -> gcp.monitoring.AlertPolicy:
    return _policy(
        base, f"{role}-gpu-saturated", f"{role} GPU utilisation above 90% for 15 minutes",
        gcp.monitoring.AlertPolicyConditionConditionThresholdArgs(
            filter=f'metric.type = "{GPU_METRIC}" AND resource.type = "gce_instance" '
                   f'AND metadata.user_labels."llmkit-stack" = "{base.spec.labels.get("llmkit-stack", base.spec.stack)}"',
            aggregations=_mean(reducer="REDUCE_MEAN"),
            comparison="COMPARISON_GT",
            threshold_value=90,
            duration="900s",
        ),
        channels,
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
