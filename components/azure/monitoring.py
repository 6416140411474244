"""Alerts for the guide's thresholds, as far as Azure's platform metrics can see them.

An L4 load balancer sees no HTTP status codes, so the error-rate alarm watches what Azure does
see: the share of backends passing the readiness probe (``DipAvailability``: a server whose
vLLM or router stops answering ``/health`` is an erroring server) and the data-path
availability of the frontend (``VipAvailability``). Utilisation: a fleet pinned above the
scale-out threshold for 15 minutes, or GPUs above the guide's 85 % (the custom metric
gpu_metrics.py publishes; llmkit.components.thresholds), has hit its max size and needs capacity.
Hosted-API rate-limit use above 80 % (api and hybrid) and p95 response time of the front
servers: custom metrics the servers publish (boot/metrics_publisher.py). Server cost per query
too: a metric alert cannot divide one metric by another, so the front servers compute it
(every fleet's size times its catalog price, over their requests) and publish it.
"""

from __future__ import annotations

from typing import Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import AzureBase
from llmkit.components.azure.gpu_metrics import GPU_METRIC, METRIC_NAMESPACE
from llmkit.components.boot import metrics_publisher as quota
from llmkit.components.thresholds import GUIDE

SINGLE_RESOURCE = "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"


def create_action_group(base: AzureBase) -> Optional[azure.monitor.ActionGroup]:
    """E-mail receivers for alerts, when the stack names any (budget e-mails are reused)."""
    if not base.spec.budget_emails:
        return None
    return azure.monitor.ActionGroup(
        base.name("alerts"),
        resource_group_name=base.rg_name,
        location="global",
        group_short_name="llmkit",
        enabled=True,
        email_receivers=[
            azure.monitor.MicrosoftCommonEmailReceiverArgs(name=f"owner{i}", email_address=email)
            for i, email in enumerate(base.spec.budget_emails)
        ],
        tags=base.tags,
        opts=base.opts(),
    )


def metric_alert(
    base: AzureBase,
    name: str,
    *,
    scope: pulumi.Input[str],
    metric: str,
    namespace: str,
    operator: str,
    threshold: float,
    description: str,
    actions: Optional[azure.monitor.ActionGroup],
    window: str = "PT15M",
    severity: int = 2,
    custom: bool = False,
    aggregation: str = "Average",
) -> azure.monitor.MetricAlert:
    return azure.monitor.MetricAlert(
        base.name(name),
        resource_group_name=base.rg_name,
        location="global",
        description=description,
        enabled=True,
        severity=severity,
        scopes=[scope],
        evaluation_frequency="PT5M",
        window_size=window,
        auto_mitigate=True,
        criteria=azure.monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs(
            odata_type=SINGLE_RESOURCE,
            all_of=[
                azure.monitor.MetricCriteriaArgs(
                    criterion_type="StaticThresholdCriterion",
                    name=metric.replace(" ", ""),
                    metric_name=metric,
                    metric_namespace=namespace,
                    operator=operator,
                    threshold=threshold,
                    time_aggregation=aggregation,
                    # a custom metric does not exist until the first VM publishes it
                    skip_metric_validation=True if custom else None,
                )
            ],
        ),
        actions=[azure.monitor.MetricAlertActionArgs(action_group_id=actions.id)] if actions else None,
        tags=base.tags,
        opts=base.opts(),
    )


def lb_alerts(base: AzureBase, role: str, lb: azure.network.LoadBalancer, actions) -> None:
    namespace = "Microsoft.Network/loadBalancers"
    metric_alert(base, f"{role}-unready", scope=lb.id, metric="DipAvailability", namespace=namespace,
                 operator="LessThan", threshold=float(100 - GUIDE.error_rate_pct), actions=actions, window="PT5M", severity=1,
                 description=f"{role}: backends failing the readiness probe (error rate proxy)")
    metric_alert(base, f"{role}-frontend-down", scope=lb.id, metric="VipAvailability", namespace=namespace,
                 operator="LessThan", threshold=99, actions=actions, window="PT5M", severity=1,
                 description=f"{role}: load balancer data path availability")


def fleet_saturated_alert(base: AzureBase, role: str, vmss, threshold: int, actions) -> None:
    metric_alert(base, f"{role}-saturated", scope=vmss.id, metric="Percentage CPU",
                 namespace="Microsoft.Compute/virtualMachineScaleSets", operator="GreaterThan",
                 threshold=threshold, actions=actions,
                 description=f"{role}: above the scale-out threshold for 15 minutes (at max size?)")


def gpu_saturated_alert(base: AzureBase, role: str, vmss, actions) -> None:
    metric_alert(base, f"{role}-gpu-saturated", scope=vmss.id, metric=GPU_METRIC, namespace=METRIC_NAMESPACE,
                 operator="GreaterThan", threshold=GUIDE.gpu_alert_pct, actions=actions, custom=True,
                 window="PT10M",
                 description=f"{role}: GPU utilisation above {GUIDE.gpu_alert_pct}% for 10 minutes (at max size?)")


def api_quota_alert(base: AzureBase, role: str, vmss, actions) -> None:
    """Hosted-API quota use above the guide's 80 % (upgrade the tier), as the routers publish it
    on their own scale set (boot/metrics_publisher.py)."""
    metric_alert(base, f"{role}-api-quota-use", scope=vmss.id, metric=quota.METRIC, namespace=quota.NAMESPACE_AZURE,
                 operator="GreaterThan", threshold=GUIDE.rate_limit_use_pct, actions=actions, custom=True,
                 window=f"PT{GUIDE.rate_limit_window_s // 60}M", aggregation="Maximum",
                 description=f"{role}: hosted-API rate-limit use above {GUIDE.rate_limit_use_pct}%: upgrade the provider tier")


def latency_alert(base: AzureBase, role: str, vmss, actions) -> None:
    """p95 response time of the front servers above the kit's line for 15 minutes, from the
    histogram they publish themselves (boot/metrics_publisher.py): the L4 load balancer sees
    no requests."""
    metric_alert(base, f"{role}-latency-p95", scope=vmss.id, metric=quota.LATENCY_METRIC, namespace=quota.NAMESPACE_AZURE,
                 operator="GreaterThan", threshold=GUIDE.latency_alert_s, actions=actions, custom=True,
                 window="PT15M", aggregation="Maximum",
                 description=f"{role}: {GUIDE.latency_percentile} response time above {GUIDE.latency_alert_s}s for 15 minutes")


def cost_per_query_alert(base: AzureBase, role: str, vmss, actions) -> None:
    """Server cost per query above the guide's $0.05, as the front servers publish it over a
    rolling hour (boot/metrics_publisher.py); averaged over the servers for 15 minutes."""
    metric_alert(base, f"{role}-cost-per-query", scope=vmss.id, metric=quota.COST_METRIC, namespace=quota.NAMESPACE_AZURE,
                 operator="GreaterThan", threshold=float(GUIDE.cost_per_query_usd), actions=actions, custom=True,
                 window="PT15M",
                 description=f"{role}: server cost per query above ${GUIDE.cost_per_query_usd} over the last hour: investigate inefficiency")


def vm_alert(base: AzureBase, name: str, vm, actions) -> None:
    metric_alert(base, f"{name}-cpu", scope=vm.id, metric="Percentage CPU",
                 namespace="Microsoft.Compute/virtualMachines", operator="GreaterThan", threshold=85,
                 actions=actions, description=f"{name}: CPU above 85% for 15 minutes")
