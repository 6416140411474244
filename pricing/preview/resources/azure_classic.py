"""Azure through the classic provider (``pulumi_azure``, azurerm-bridged): Linux VMs and scale
sets, managed disks, public IPs, AKS clusters and node pools. Same catalog rows as the
azure-native pricers; only the property spellings differ (``size``, ``osDisk.diskSizeGb``,
``defaultNodePool``; v5 ``enableAutoScaling`` and v6 ``autoScalingEnabled`` both read).
"""

from __future__ import annotations

from typing import Any, Mapping

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, autoscaled, disk_line, hourly_item, pricer
from llmkit.pricing.preview.resources.azure_compute import DEFAULT_OS_DISK_GB, default_disk_type, vm_lines
from llmkit.pricing.preview.resources.azure_k8s import CLASSIC_KEYS, node_pool



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
