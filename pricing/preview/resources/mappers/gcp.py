"""GCP mappers (``gcp`` provider, camelCase inputs) -> ``models/gcp.py`` and the shared models."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Mapping, Optional

from llmkit.pricing.preview.resources.base import UnknownInput, as_int
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.mappers.azure import memory_gib
from llmkit.pricing.preview.resources.models import gcp as m
from llmkit.pricing.preview.resources.models.common import (
    Disk,
    Hourly,
    Machines,
    Metered,
    NoCharge,
    ScaledGroup,
    ServerlessContainer,
    StoredGigabytes,
    Unbilled,
    Volume,
)

MIN_SCALE = "autoscaling.knative.dev/minScale"


def _container_size(container: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
    limits = (container.get("resources") or {}).get("limits") or {}
    cpu = str(limits.get("cpu", "1"))
    vcpu = Decimal(cpu[:-1]) / 1000 if cpu.endswith("m") else Decimal(cpu)
    return vcpu, memory_gib(limits.get("memory", "512Mi"), "container memory")


def _sum(containers: list[Any]) -> tuple[Decimal, Decimal]:
    if not containers:
        raise UnknownInput("the service declares no containers")
    sizes = [_container_size(c) for c in containers]
    return sum((s[0] for s in sizes), Decimal(0)), sum((s[1] for s in sizes), Decimal(0))


def cloud_sql(ctx: PriceContext) -> m.CloudSqlInstance:
    return m.CloudSqlInstance(
        tier=str(ctx.require("settings", "tier")),
        ha=(ctx.get("settings", "availabilityType") or "ZONAL").upper() == "REGIONAL",
        disk_gb=as_int(ctx.get("settings", "diskSize", default=10), "settings.diskSize"),
        disk_type=(ctx.get("settings", "diskType") or "PD_SSD").upper(),
    )


def cloud_run_v2(ctx: PriceContext) -> ServerlessContainer:
    vcpu, mem = _sum(ctx.get("template", "containers") or [])
    minimum = as_int(ctx.get("template", "scaling", "minInstanceCount", default=0), "template.scaling.minInstanceCount")
    return ServerlessContainer("cloud_run", "Cloud Run", vcpu, mem, minimum)


def cloud_run_v1(ctx: PriceContext) -> ServerlessContainer:
    vcpu, mem = _sum(ctx.get("template", "spec", "containers") or [])
    annotations = ctx.get("template", "metadata", "annotations") or {}
    minimum = as_int(annotations.get(MIN_SCALE, 0), MIN_SCALE)
    return ServerlessContainer("cloud_run", "Cloud Run", vcpu, mem, minimum)


def memorystore(ctx: PriceContext) -> m.Memorystore:
    tier = str(ctx.get("tier") or "BASIC").lower()
    size = as_int(ctx.require("memorySizeGb"), "memorySizeGb")
    return m.Memorystore(f"memorystore_gb_hour:{tier}", f"Capacity ({size} GB, {tier})", size, f"Memorystore {tier} GB-hour")


def firestore(ctx: PriceContext) -> m.Firestore:
    return m.Firestore()


def artifact_registry(ctx: PriceContext) -> StoredGigabytes:
    return StoredGigabytes(item="artifact_storage_gb_month", label="Artifact storage")


def vertex_endpoint(ctx: PriceContext) -> NoCharge:
    return NoCharge("an endpoint bills through the models deployed to it (node-hours), none of which it declares")


def vertex_model_garden(ctx: PriceContext) -> m.VertexDeployment:
    spec = ctx.get("deployConfig", "dedicatedResources", "machineSpec") or {}
    machine = spec.get("machineType")
    if not machine:
        raise UnknownInput("deployConfig.dedicatedResources.machineSpec.machineType is not set")
    replicas = as_int(ctx.get("deployConfig", "dedicatedResources", "minReplicaCount", default=1), "minReplicaCount")
    return m.VertexDeployment(f"vertex_node_hour:{machine}", f"Serving nodes ({replicas} x {machine})", replicas, f"Vertex AI {machine} node-hour")


def cloud_function(ctx: PriceContext) -> m.CloudFunction:
    return m.CloudFunction(memory_mb=as_int(ctx.get("availableMemoryMb", default=256), "availableMemoryMb"))


# ---------------------------------------------------------------- Compute Engine

TEMPLATES = ("gcp:compute/instanceTemplate:InstanceTemplate", "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate")
AUTOSCALERS = ("gcp:compute/autoscaler:Autoscaler", "gcp:compute/regionAutoscaler:RegionAutoscaler")
DEFAULT_BOOT_GB = 10
DEFAULT_DISK_TYPE = "pd-standard"


def leaf(value: Any) -> Any:
    """``projects/p/zones/z/machineTypes/n1-standard-4`` -> ``n1-standard-4``."""
    return value.rstrip("/").rsplit("/", 1)[-1] if isinstance(value, str) else value


def is_spot(scheduling: Optional[Mapping[str, Any]]) -> bool:
    s = scheduling or {}
    return bool(s.get("preemptible")) or (s.get("provisioningModel") or "").upper() == "SPOT"


def _guests(accelerators: list[Mapping[str, Any]]) -> tuple[tuple[str, int], ...]:
    """Guest accelerators as (kind, per VM)."""
    guests = []
    for acc in accelerators:
        kind = leaf(acc.get("type"))
        if not kind:
            raise UnknownInput("guestAccelerators.type is not set")
        guests.append((kind, as_int(acc.get("count", 1), "guestAccelerators.count")))
    return tuple(guests)


def compute_instance(ctx: PriceContext) -> Machines:
    machine = ctx.require("machineType")
    params = ctx.get("bootDisk", "initializeParams") or {}
    disks = (Disk("Boot disk", params.get("size") or DEFAULT_BOOT_GB, params.get("type") or DEFAULT_DISK_TYPE),)
    accelerators = ctx.get("guestAccelerators") or []
    spot = is_spot(ctx.get("scheduling"))
    return Machines(leaf(machine), spot=spot, accelerators=_guests(accelerators), disks=disks)


def _template_vms(template: Mapping[str, Any]) -> Machines:
    """The VMs an instance template makes (its disks without an existing ``source``)."""
    machine = template.get("machineType")
    if not machine:
        raise UnknownInput("the instance template sets no machineType")
    disks = []
    for i, d in enumerate(template.get("disks") or []):
        if d.get("source"):
            continue  # an existing disk
        label = "Boot disk" if d.get("boot") or i == 0 else f"Disk {i + 1}"
        disks.append(Disk(label, d.get("diskSizeGb") or DEFAULT_BOOT_GB, d.get("diskType") or DEFAULT_DISK_TYPE))
    accelerators = template.get("guestAccelerators") or []
    spot = is_spot(template.get("scheduling"))
    return Machines(leaf(machine), spot=spot, accelerators=_guests(accelerators), disks=tuple(disks))


def instance_group(ctx: PriceContext) -> ScaledGroup:
    """A managed instance group: its template's VMs, sized by the autoscaler that targets it
    (min..max, said in a note) or by ``targetSize``."""
    versions = ctx.get("versions") or []
    ref = versions[0].get("instanceTemplate") if versions and isinstance(versions[0], dict) else None
    template = ctx.referenced("versions", TEMPLATES, ref=ref)
    if template is None:
        raise UnknownInput("its instance template is not in this plan")
    size = ctx.get("targetSize")
    scaler = ctx.referencing("target", AUTOSCALERS, names=(ctx.get("name"),))
    if scaler:
        policy = scaler.get("autoscalingPolicy") or {}
        lo = as_int(policy.get("minReplicas", 0), "autoscalingPolicy.minReplicas")
        hi = as_int(policy.get("maxReplicas", lo), "autoscalingPolicy.maxReplicas")
        desired = as_int(size, "targetSize") if size is not None else lo
        ctx.notes.append("size range from its autoscaler")  # kept if the template then fails
    else:
        if size is None:
            raise UnknownInput("targetSize is not set and no autoscaler targets the group")
        lo = desired = hi = as_int(size, "targetSize")
    return ScaledGroup(_template_vms(template), lo, desired, hi)


def disk(ctx: PriceContext) -> Volume:
    """A persistent disk; a regional disk bills its two zonal replicas."""
    size = ctx.get("size")
    if size is None:
        raise UnknownInput("size is not set (it comes from the image or snapshot)")
    replicas = 2 if ctx.resource.type.endswith("RegionDisk") else 1
    label = "Persistent disk" + (" (2 zonal replicas)" if replicas == 2 else "")
    disk_type = ctx.get("type") or DEFAULT_DISK_TYPE
    return Volume(disk_type, as_int(size, f"{label} size"), label, replicas)


# ---------------------------------------------------------------- GKE
# Node counts are per zone: a regional cluster or pool (location is a region) runs its count in
# every node location (three zones unless ``nodeLocations`` says otherwise). Autoscaling gives
# per-zone min/max (or ``totalMin/MaxNodeCount`` for the whole pool).

CLUSTERS = ("gcp:container/cluster:Cluster",)
DEFAULT_NODE_MACHINE = "e2-medium"
DEFAULT_NODE_DISK_GB = 100
DEFAULT_NODE_DISK_TYPE = "pd-balanced"
_ZONE = re.compile(r"^[a-z]+-[a-z]+\d+-[a-z]$")


def zones(location: Optional[str], node_locations: Any) -> int:
    if isinstance(node_locations, list) and node_locations:
        return len(node_locations)
    if isinstance(location, str) and location and not _ZONE.match(location):
        return 3
    return 1


def _node_vms(config: Mapping[str, Any], label: str) -> Machines:
    machine = config.get("machineType") or DEFAULT_NODE_MACHINE
    disks = (Disk("Node boot disk", config.get("diskSizeGb") or DEFAULT_NODE_DISK_GB, config.get("diskType") or DEFAULT_NODE_DISK_TYPE),)
    spot = bool(config.get("spot")) or is_spot(config)
    accelerators = config.get("guestAccelerators") or []
    return Machines(leaf(machine), spot=spot, accelerators=_guests(accelerators), disks=disks, label=label)


def gke_cluster(ctx: PriceContext) -> m.GkeCluster:
    """The cluster fee, and the default node pool unless the cluster removes it, declares
    pools or is Autopilot."""
    if ctx.get("enableAutopilot"):
        return m.GkeCluster(autopilot=True)
    if ctx.get("removeDefaultNodePool") or ctx.get("nodePools"):
        return m.GkeCluster()
    per_zone = as_int(ctx.get("initialNodeCount", default=1), "initialNodeCount")
    count = per_zone * zones(ctx.get("location"), ctx.get("nodeLocations"))
    return m.GkeCluster(nodes=_node_vms(ctx.get("nodeConfig") or {}, "Default pool nodes"), node_count=count)


def node_pool(ctx: PriceContext) -> ScaledGroup:
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
    return ScaledGroup(_node_vms(ctx.get("nodeConfig") or {}, "Nodes"), lo, desired, max(hi, lo))


# ---------------------------------------------------------------- networking

FORWARDING_RULE = Metered("Forwarding rule", "lb_hour", "lb_capacity_unit_hour")
CLOUD_NAT = Metered("Cloud NAT gateway", "nat_gateway_hour", "nat_gateway_gb")
EXTERNAL_ADDRESS = Hourly("public_ipv4_hour", "External IP address", 1, "External IP address")
INTERNAL_ADDRESS = Unbilled()


def forwarding_rule(ctx: PriceContext) -> Metered:
    """A forwarding rule: the billed part of a load balancer (its hours and data processed)."""
    return FORWARDING_RULE


def address(ctx: PriceContext) -> Any:
    """An external static address bills by the hour; an internal one bills nothing."""
    if (ctx.get("addressType") or "EXTERNAL").upper() == "INTERNAL":
        return INTERNAL_ADDRESS
    return EXTERNAL_ADDRESS


def router_nat(ctx: PriceContext) -> Metered:
    return CLOUD_NAT


# ---------------------------------------------------------------- storage, secrets, monitoring

SECRET = m.SecretAccess()
SECRET_VERSION = m.SecretVersion()


def gcs_bucket(ctx: PriceContext) -> m.GcsBucket:
    return m.GcsBucket((ctx.get("storageClass") or "STANDARD").upper())


def secret(ctx: PriceContext) -> m.SecretAccess:
    return SECRET


def secret_version(ctx: PriceContext) -> m.SecretVersion:
    return SECRET_VERSION


def alert_policy(ctx: PriceContext) -> m.AlertPolicy:
    return m.AlertPolicy(max(len(ctx.get("conditions") or []), 1))
