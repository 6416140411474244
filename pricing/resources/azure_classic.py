"""Azure through the classic provider (``pulumi_azure``, azurerm-bridged): Linux VMs and scale
sets, managed disks, public IPs, AKS clusters and node pools. Same catalog rows as the
azure-native pricers; only the property spellings differ (``size``, ``osDisk.diskSizeGb``,
``defaultNodePool``; v5 ``enableAutoScaling`` and v6 ``autoScalingEnabled`` both read).
"""

from __future__ import annotations

from typing import Any, Mapping

from pricing.resources import CostComponent, PriceContext, UnknownInput, as_int, autoscaled, disk_line, hourly_item, pricer
from pricing.resources.azure_compute import DEFAULT_OS_DISK_GB, default_disk_type, vm_lines

DEFAULT_NODE_DISK_GB = 128


def _os_disk(disk: Mapping[str, Any], size: str) -> tuple[str, Any, str]:
    kind = disk.get("storageAccountType") or default_disk_type(size)
    gb = disk.get("diskSizeGb")
    return ("OS disk", gb, kind) if gb is not None else ("OS disk (assumed image default)", DEFAULT_OS_DISK_GB, kind)


@pricer("azure:compute/linuxVirtualMachine:LinuxVirtualMachine")
def linux_vm(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.require("size")
    spot = (ctx.get("priority") or "").lower() == "spot"
    return vm_lines(ctx, size, 1, spot, [_os_disk(ctx.get("osDisk") or {}, size)])


@pricer("azure:compute/windowsVirtualMachine:WindowsVirtualMachine", "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet")
def windows_vm(ctx: PriceContext) -> list[CostComponent]:
    raise UnknownInput("Windows VM prices (licence included) are not in the catalog")


@pricer("azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet")
def linux_scale_set(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.require("sku")
    count = as_int(ctx.get("instances", default=0), "instances")
    spot = (ctx.get("priority") or "").lower() == "spot"
    disks = [_os_disk(ctx.get("osDisk") or {}, size)]
    return autoscaled(ctx, lambda n: vm_lines(ctx, size, n, spot, disks), count, count, count)


@pricer("azure:compute/managedDisk:ManagedDisk")
def managed_disk(ctx: PriceContext) -> list[CostComponent]:
    gb = ctx.get("diskSizeGb")
    if gb is None:
        raise UnknownInput("diskSizeGb is not set (size comes from the source)")
    return [disk_line(ctx, "Managed disk", gb, ctx.get("storageAccountType") or "Standard_LRS")]


@pricer("azure:network/publicIp:PublicIp")
def public_ip(ctx: PriceContext) -> list[CostComponent]:
    return hourly_item(ctx, "public_ipv4_hour", "Public IP address")


def _pool(ctx: PriceContext, pool: Mapping[str, Any], label: str) -> tuple[int, int, int, Any]:
    size = pool.get("vmSize")
    if not size:
        raise UnknownInput(f"{label}.vmSize is not set")
    auto = pool.get("autoScalingEnabled", pool.get("enableAutoScaling"))
    count = as_int(pool.get("nodeCount", pool.get("minCount", 1)), f"{label}.nodeCount")
    lo = hi = count
    if auto:
        lo = as_int(pool.get("minCount", count), f"{label}.minCount")
        hi = as_int(pool.get("maxCount", count), f"{label}.maxCount")
    spot = (pool.get("priority") or "").lower() == "spot"
    ephemeral = (pool.get("osDiskType") or "").lower() == "ephemeral"
    disk_gb = pool.get("osDiskSizeGb") or DEFAULT_NODE_DISK_GB
    name = pool.get("name") or label

    def build(n: int) -> list[CostComponent]:
        lines = [ctx.instance_line(size, n, pricing="spot" if spot else None, label=f"Nodes {name}")]
        if not ephemeral:
            lines.append(disk_line(ctx, f"Node OS disk {name}", disk_gb, default_disk_type(size), n))
        return lines

    return lo, count, hi, build


@pricer("azure:containerservice/kubernetesCluster:KubernetesCluster")
def kubernetes_cluster(ctx: PriceContext) -> list[CostComponent]:
    tier = (ctx.get("skuTier") or "Free").lower()
    if tier not in ("free", "standard", "paid"):
        raise UnknownInput(f"no catalog price for the AKS {tier} tier")
    fixed = [] if tier == "free" else hourly_item(ctx, "k8s_control_plane_hour", "AKS control plane (Standard tier)")
    lo, desired, hi, build = _pool(ctx, ctx.get("defaultNodePool") or {}, "defaultNodePool")
    return autoscaled(ctx, build, lo, desired, hi, fixed)


@pricer("azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool")
def kubernetes_node_pool(ctx: PriceContext) -> list[CostComponent]:
    lo, desired, hi, build = _pool(ctx, ctx.inputs, "node pool")
    return autoscaled(ctx, build, lo, desired, hi)
