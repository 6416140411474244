"""AWS EKS: the cluster's control plane hours and managed node groups (autoscaled range)."""

from __future__ import annotations

from llmkit.pricing.preview.resources import CostComponent, PriceContext, as_int, autoscaled, disk_line, hourly_item, pricer
from llmkit.pricing.preview.resources.aws_compute import Shape, member_lines, template_shape

DEFAULT_NODE_TYPE = "t3.medium"  # EKS's default when instanceTypes is not set
DEFAULT_DISK_GB = 20


@pricer("aws:eks/cluster:Cluster")
def eks_cluster(ctx: PriceContext) -> list[CostComponent]:
    return hourly_item(ctx, "k8s_control_plane_hour", "EKS control plane")


@pricer("aws:eks/nodeGroup:NodeGroup")
def eks_node_group(ctx: PriceContext) -> list[CostComponent]:
    ctx.require("scalingConfig")
    scaling = ctx.mapping("scalingConfig")
    lo = as_int(scaling.get("minSize"), "scalingConfig.minSize")
    hi = as_int(scaling.get("maxSize"), "scalingConfig.maxSize")
    desired = as_int(scaling.get("desiredSize", lo), "scalingConfig.desiredSize")
    types = ctx.get("instanceTypes") or []
    spot = (ctx.get("capacityType") or "ON_DEMAND").upper() == "SPOT"
    lt_ref = ctx.get("launchTemplate")
    if lt_ref:
        shape = template_shape(ctx, "launchTemplate", lt_ref, instance_type=types[0] if types else None)
        shape.spot = shape.spot or spot
    else:
        itype = types[0] if types else DEFAULT_NODE_TYPE
        shape = Shape(itype, spot, [])
        disk = ctx.get("diskSize") or DEFAULT_DISK_GB

    def build(n: int) -> list[CostComponent]:
        lines = member_lines(ctx, shape, n, label="Node usage")
        if not lt_ref:
            lines.append(disk_line(ctx, "Node disk", disk, "gp2", n))
        return lines

    return autoscaled(ctx, build, lo, desired, hi)
