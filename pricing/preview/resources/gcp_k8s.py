"""GCP GKE: the cluster fee, its default node pool when it is kept, and node pools.

Node counts are per zone: a regional cluster or pool (location is a region) runs its count in
every node location (three zones unless ``nodeLocations`` says otherwise). Autoscaling gives
per-zone min/max (or ``totalMin/MaxNodeCount`` for the whole pool).
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from llmkit.pricing.preview.resources import CostComponent, PriceContext, as_int, autoscaled, pricer
from llmkit.pricing.preview.resources.gcp_compute import is_spot, vm_lines

CLUSTERS = ("gcp:container/cluster:Cluster",)
DEFAULT_MACHINE = "e2-medium"
DEFAULT_DISK_GB = 100
DEFAULT_DISK_TYPE = "pd-balanced"
_ZONE = re.compile(r"^[a-z]+-[a-z]+\d+-[a-z]$")


def zones(location: Optional[str], node_locations: Any) -> int:
    if isinstance(node_locations, list) and node_locations:
        return len(node_locations)
    if isinstance(location, str) and location and not _ZONE.match(location):
        return 3
    return 1


def node_build(ctx: PriceContext, config: Mapping[str, Any], label: str) -> Any:
    machine = config.get("machineType") or DEFAULT_MACHINE
    disks = [("Node boot disk", config.get("diskSizeGb") or DEFAULT_DISK_GB, config.get("diskType") or DEFAULT_DISK_TYPE)]
    spot = bool(config.get("spot")) or is_spot(config)
    accs = config.get("guestAccelerators") or []
    return lambda n: vm_lines(ctx, machine, accs, spot, disks, n, label=label)


@pricer("gcp:container/cluster:Cluster")
def gke_cluster(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("k8s_control_plane_hour", what="GKE cluster fee")
    fixed = [ctx.hours("GKE cluster management", row, row.price)]
    if ctx.get("enableAutopilot"):
        ctx.notes.append("Autopilot pod resources are billed per pod request and not estimated here")
        return fixed
    if ctx.get("removeDefaultNodePool") or ctx.get("nodePools"):
        return fixed
    per_zone = as_int(ctx.get("initialNodeCount", default=1), "initialNodeCount")
    count = per_zone * zones(ctx.get("location"), ctx.get("nodeLocations"))
    build = node_build(ctx, ctx.get("nodeConfig") or {}, "Default pool nodes")
    return autoscaled(ctx, build, count, count, count, fixed)


@pricer("gcp:container/nodePool:NodePool")
def node_pool(ctx: PriceContext) -> list[CostComponent]:
    cluster = ctx.referenced("cluster", CLUSTERS, ref=ctx.inputs.get("cluster")) or {}
    location = ctx.get("location") or cluster.get("location")
    n_zones = zones(location, ctx.get("nodeLocations") or cluster.get("nodeLocations"))
    count = ctx.get("nodeCount")
    if count is None:
        count = ctx.get("initialNodeCount", default=1)
    desired = as_int(count, "nodeCount") * n_zones
    lo = hi = desired
    auto = ctx.get("autoscaling") or {}
    if auto:
        if auto.get("totalMinNodeCount") is not None or auto.get("totalMaxNodeCount") is not None:
            lo = as_int(auto.get("totalMinNodeCount", 0), "autoscaling.totalMinNodeCount")
            hi = as_int(auto.get("totalMaxNodeCount", desired), "autoscaling.totalMaxNodeCount")
        else:
            lo = as_int(auto.get("minNodeCount", 0), "autoscaling.minNodeCount") * n_zones
            hi = as_int(auto.get("maxNodeCount", 0), "autoscaling.maxNodeCount") * n_zones
    build = node_build(ctx, ctx.get("nodeConfig") or {}, "Nodes")
    return autoscaled(ctx, build, lo, desired, max(hi, lo))
