"""Azure AKS: the control plane by SKU tier (Free has none to pay) and node pools, both the
``agentPoolProfiles`` inline in a ManagedCluster and separate AgentPool resources, with the
autoscaler's min/max as the range."""

from __future__ import annotations

from typing import Any, Mapping

from llmkit.pricing.preview.plan import UNKNOWN
from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, autoscaled, disk_line, pricer, total
from llmkit.pricing.preview.resources.mappers.azure import default_disk_type

DEFAULT_NODE_DISK_GB = 128


# Property names of a node pool: azure-native (AgentPool / agentPoolProfiles) and the classic
# provider (defaultNodePool / KubernetesClusterNodePool; v5 enableAutoScaling, v6 autoScalingEnabled).
NATIVE_KEYS = {"count": "count", "auto": ("enableAutoScaling",), "priority": "scaleSetPriority", "disk": "osDiskSizeGB"}
CLASSIC_KEYS = {"count": "nodeCount", "auto": ("autoScalingEnabled", "enableAutoScaling"), "priority": "priority", "disk": "osDiskSizeGb"}


def node_pool(ctx: PriceContext, pool: Mapping[str, Any], label: str, keys: Mapping[str, Any] = NATIVE_KEYS) -> tuple[int, int, int, Any]:
    """(min, desired, max, build) of one AKS node pool."""
    size = pool.get("vmSize")
    if not size or size == UNKNOWN:
        raise UnknownInput(f"{label}.vmSize is not set")
    count = as_int(pool.get(keys["count"], pool.get("minCount", 1)), f"{label}.{keys['count']}")
    lo = hi = count
    if any(pool.get(k) for k in keys["auto"]):
        lo = as_int(pool.get("minCount", count), f"{label}.minCount")
        hi = as_int(pool.get("maxCount", count), f"{label}.maxCount")
    spot = (pool.get(keys["priority"]) or "").lower() == "spot"
    ephemeral = (pool.get("osDiskType") or "").lower() == "ephemeral"
    disk_gb = pool.get(keys["disk"]) or DEFAULT_NODE_DISK_GB
    name = pool.get("name") or label

    def build(n: int) -> list[CostComponent]:
        lines = [ctx.instance_line(size, n, pricing="spot" if spot else None, label=f"Nodes {name}")]
        if not ephemeral:
            lines.append(disk_line(ctx, f"Node OS disk {name}", disk_gb, default_disk_type(size), n))
        return lines

    return lo, count, hi, build


def _control_plane(ctx: PriceContext) -> list[CostComponent]:
    tier = (ctx.get("sku", "tier") or "Free").lower()
    if tier == "free":
        return []
    if tier not in ("standard", "paid"):  # "Paid" is azure-native 1.x's name for Standard (uptime SLA)
        raise UnknownInput(f"no catalog price for the AKS {tier} tier")
    row = ctx.platform("k8s_control_plane_hour", what="AKS Standard tier")
    return [ctx.hours("AKS control plane (Standard tier)", row, row.price)]


@pricer("azure-native:containerservice:ManagedCluster")
def managed_cluster(ctx: PriceContext) -> list[CostComponent]:
    fixed = _control_plane(ctx)
    pools = [node_pool(ctx, p or {}, f"agentPoolProfiles[{i}]") for i, p in enumerate(ctx.get("agentPoolProfiles") or [])]
    if not pools:
        return fixed
    lines = fixed + [c for lo, desired, hi, build in pools for c in build(desired)]
    if any(lo != hi for lo, _, hi, _ in pools):
        low = fixed + [c for lo, _, _, build in pools for c in build(lo)]
        high = fixed + [c for _, _, hi, build in pools for c in build(hi)]
        ctx.monthly_range = (total(low), total(high))
    return lines


@pricer("azure-native:containerservice:AgentPool")
def agent_pool(ctx: PriceContext) -> list[CostComponent]:
    lo, desired, hi, build = node_pool(ctx, ctx.inputs, "agent pool")
    return autoscaled(ctx, build, lo, desired, hi)
