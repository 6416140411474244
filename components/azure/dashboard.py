"""The stack's Azure portal dashboard: the guide's key metrics next to the alerts on them.

What the servers publish themselves (boot/metrics_publisher.py, gpu_metrics.py) as custom metrics
on their own scale sets: cache hit rate per publishing server (the guide's key metric with no
threshold, charted nowhere else on Azure), p95 response time and server cost per query of the
client-facing fleet, hosted-API rate-limit use of the routers, GPU utilisation of the vLLM fleet.
One Monitor chart part per metric, in the shape the portal exports (``MonitorChartPart``).
Shared dashboards carry no charge; the metrics they chart are billed as metrics.
"""

from __future__ import annotations

from typing import Any, Mapping

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import AzureBase
from llmkit.components.azure.gpu_metrics import GPU_METRIC, METRIC_NAMESPACE
from llmkit.components.boot import metric_sources
from llmkit.components.boot import metrics_publisher as published
from llmkit.components.thresholds import GUIDE

CHART_PART = "Extension/HubsExtension/PartType/MonitorChartPart"
AVERAGE, MAXIMUM = 4, 3  # the portal's aggregationType codes
LINE_CHART = 2
ROLE_OF_SERVER = {published.SOURCE_LITELLM: "router", published.SOURCE_VLLM: "vllm"}


def charts(spec_sources: list[str], front: str, cost_per_query: bool, gpu: bool) -> list[tuple[str, str, str, int]]:
    """(title, fleet role, metric, aggregation) of every chart, in display order."""
    rows = [(f"{server} cache hit rate (%)", ROLE_OF_SERVER[server], published.CACHE_METRIC, AVERAGE) for server in spec_sources]
    rows.append((f"{GUIDE.latency_percentile} response time (s)", front, published.LATENCY_METRIC, MAXIMUM))
    if cost_per_query:
        rows.append(("server cost per query ($)", front, published.COST_METRIC, AVERAGE))
    if published.SOURCE_LITELLM in spec_sources:
        rows.append(("hosted-API rate-limit use (%)", "router", published.METRIC, MAXIMUM))
    if gpu:
        rows.append(("GPU utilisation (%)", "vllm", GPU_METRIC, AVERAGE))
    return rows


def _part(index: int, title: str, scale_set_id: pulumi.Input[str], metric: str, aggregation: int) -> azure.portal.DashboardPartsArgs:
    chart = {
        "metrics": [{"resourceMetadata": {"id": scale_set_id}, "name": metric, "namespace": METRIC_NAMESPACE,
                     "aggregationType": aggregation, "metricVisualization": {"displayName": title}}],
        "title": title, "titleKind": 2, "visualization": {"chartType": LINE_CHART},
    }
    return azure.portal.DashboardPartsArgs(
        position=azure.portal.DashboardPartsPositionArgs(x=(index % 2) * 6, y=(index // 2) * 4, col_span=6, row_span=4),
        metadata=azure.portal.DashboardPartMetadataArgs(
            type=CHART_PART,
            inputs=[{"name": "options", "isOptional": True}, {"name": "sharedTimeRange", "isOptional": True}],
            settings={"content": {"options": {"chart": chart}}},
        ),
    )


def create_dashboard(base: AzureBase, scale_sets: Mapping[str, Any], *, front: str,
                     cost_per_query: bool) -> azure.portal.Dashboard:
    """One dashboard for the stack; ``scale_sets`` maps fleet role (router, vllm) to its scale set."""
    rows = charts(metric_sources(base.spec), front, cost_per_query, gpu="vllm" in scale_sets)
    parts = [_part(i, title, scale_sets[role].id, metric, aggregation) for i, (title, role, metric, aggregation) in enumerate(rows)]
    return azure.portal.Dashboard(
        base.name("dashboard"), **base.placed(),
        properties=azure.portal.DashboardPropertiesWithProvisioningStateArgs(
            lenses=[azure.portal.DashboardLensArgs(order=0, parts=parts)],
        ),
    )
