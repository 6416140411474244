"""AKS through the classic provider (``pulumi_azure``, azurerm-bridged): clusters and node
pools. Same catalog rows as the azure-native pricers; only the property spellings differ
(``defaultNodePool``; v5 ``enableAutoScaling`` and v6 ``autoScalingEnabled`` both read). Its
VMs, scale sets, disks and public IPs are two-layer (``mappers/azure.py``).
"""

from __future__ import annotations

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, autoscaled, hourly_item, pricer
from llmkit.pricing.preview.resources.azure_k8s import CLASSIC_KEYS, node_pool


@pricer("azure:containerservice/kubernetesCluster:KubernetesCluster")
def kubernetes_cluster(ctx: PriceContext) -> list[CostComponent]:
    tier = (ctx.get("skuTier") or "Free").lower()
    if tier not in ("free", "standard", "paid"):
        raise UnknownInput(f"no catalog price for the AKS {tier} tier")
    fixed = [] if tier == "free" else hourly_item(ctx, "k8s_control_plane_hour", "AKS control plane (Standard tier)")
    lo, desired, hi, build = node_pool(ctx, ctx.get("defaultNodePool") or {}, "defaultNodePool", CLASSIC_KEYS)
    return autoscaled(ctx, build, lo, desired, hi, fixed)


@pricer("azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool")
def kubernetes_node_pool(ctx: PriceContext) -> list[CostComponent]:
    lo, desired, hi, build = node_pool(ctx, ctx.inputs, "node pool", CLASSIC_KEYS)
    return autoscaled(ctx, build, lo, desired, hi)
