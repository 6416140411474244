"""GCP compute: instances (host + guest accelerators + boot disk), managed instance groups
(zonal and regional) built from an instance template, with an autoscaler's min/max, and
persistent disks.

GCP prices a GPU VM as host plus accelerators: a machine type with built-in GPUs (g2, a2, a3)
is priced whole by the catalog; an N1 host adds ``catalog.accelerator`` rows per GPU.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, autoscaled, disk_line, pricer
from llmkit.pricing.preview.resources.lines import machine_lines

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


def vm_lines(
    ctx: PriceContext,
    machine: Any,
    accelerators: list[Mapping[str, Any]],
    spot: bool,
    disks: list[tuple[str, Any, str]],
    count: int,
    label: str = "Instance usage",
) -> list[CostComponent]:
    """Lines for ``count`` VMs: host, guest GPUs on top of it, and disks."""
    machine = leaf(machine)
    pricing = "spot" if spot else None
    guests = []
    for acc in accelerators:
        kind = leaf(acc.get("type"))
        if not kind:
            raise UnknownInput("guestAccelerators.type is not set")
        guests.append((kind, as_int(acc.get("count", 1), "guestAccelerators.count")))
    lines = machine_lines(ctx, machine, count, pricing, tuple(guests), label)
    for name, size, dtype in disks:
        lines.append(disk_line(ctx, name, size, dtype, count))
    return lines


@pricer("gcp:compute/instance:Instance")
def instance(ctx: PriceContext) -> list[CostComponent]:
    machine = ctx.require("machineType")
    params = ctx.get("bootDisk", "initializeParams") or {}
    disks = [("Boot disk", params.get("size") or DEFAULT_BOOT_GB, params.get("type") or DEFAULT_DISK_TYPE)]
    return vm_lines(ctx, machine, ctx.get("guestAccelerators") or [], is_spot(ctx.get("scheduling")), disks, 1)


def template_lines(ctx: PriceContext, template: Mapping[str, Any]) -> Any:
    """A ``build(n)`` for n VMs of an instance template."""
    machine = template.get("machineType")
    if not machine:
        raise UnknownInput("the instance template sets no machineType")
    disks = []
    for i, d in enumerate(template.get("disks") or []):
        if d.get("source"):
            continue  # an existing disk
        label = "Boot disk" if d.get("boot") or i == 0 else f"Disk {i + 1}"
        disks.append((label, d.get("diskSizeGb") or DEFAULT_BOOT_GB, d.get("diskType") or DEFAULT_DISK_TYPE))
    accs = template.get("guestAccelerators") or []
    spot = is_spot(template.get("scheduling"))
    return lambda n: vm_lines(ctx, machine, accs, spot, disks, n)


@pricer("gcp:compute/instanceGroupManager:InstanceGroupManager", "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager")
def instance_group(ctx: PriceContext) -> list[CostComponent]:
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
        ctx.notes.append("size range from its autoscaler")
    else:
        if size is None:
            raise UnknownInput("targetSize is not set and no autoscaler targets the group")
        lo = desired = hi = as_int(size, "targetSize")
    return autoscaled(ctx, template_lines(ctx, template), lo, desired, hi)


@pricer("gcp:compute/disk:Disk", "gcp:compute/regionDisk:RegionDisk")
def disk(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.get("size")
    if size is None:
        raise UnknownInput("size is not set (it comes from the image or snapshot)")
    replicas = 2 if ctx.resource.type.endswith("RegionDisk") else 1
    return [disk_line(ctx, "Persistent disk" + (" (2 zonal replicas)" if replicas == 2 else ""), size, ctx.get("type") or DEFAULT_DISK_TYPE, replicas)]
