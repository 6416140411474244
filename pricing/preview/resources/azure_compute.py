"""Azure compute: virtual machines (with OS and data disks), scale sets (with an autoscale
setting's min/max when the plan has one) and managed disks.

azure-native 1.x spells types with API-version modules (``compute/v20210301``); the reader
normalises those. Azure bills managed disks by size tier; the catalog's per-GB price is used
and the component says the size it was applied to.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, autoscaled, disk_line, pricer

DEFAULT_OS_DISK_GB = 30  # marketplace Linux images
AUTOSCALE = ("azure-native:monitor:AutoscaleSetting", "azure-native:insights:AutoscaleSetting")
_PREMIUM_CAPABLE = re.compile(r"^Standard_[A-Z]+\d+[a-z]*s[a-z]*(?:_|$)")


def default_disk_type(vm_size: str) -> str:
    """Premium SSD where the size supports premium storage (an 's' in its features), else HDD."""
    return "Premium_LRS" if _PREMIUM_CAPABLE.match(vm_size or "") else "Standard_LRS"


def os_disk(ctx: PriceContext, profile: Mapping[str, Any], vm_size: str, label: str = "OS disk") -> tuple[str, Any, str]:
    disk = (profile or {}).get("osDisk") or {}
    size = disk.get("diskSizeGB")
    kind = ((disk.get("managedDisk") or {}).get("storageAccountType")) or default_disk_type(vm_size)
    if size is None:
        return (f"{label} (assumed image default)", DEFAULT_OS_DISK_GB, kind)
    return (label, size, kind)


def data_disks(profile: Mapping[str, Any], vm_size: str) -> list[tuple[str, Any, str]]:
    out = []
    for i, disk in enumerate((profile or {}).get("dataDisks") or []):
        if (disk.get("createOption") or "Empty") == "Attach":
            continue  # an existing disk, priced as its own resource
        kind = ((disk.get("managedDisk") or {}).get("storageAccountType")) or default_disk_type(vm_size)
        out.append((f"Data disk {i + 1}", disk.get("diskSizeGB"), kind))
    return out


def linux_only(ctx: PriceContext, os_profile: Mapping[str, Any], storage: Mapping[str, Any]) -> None:
    """The catalog prices Linux VMs; a Windows VM's licence is not in it, so it is unknown."""
    publisher = str(((storage or {}).get("imageReference") or {}).get("publisher") or "")
    if (os_profile or {}).get("windowsConfiguration") or "windows" in publisher.lower():
        raise UnknownInput("Windows VM prices (licence included) are not in the catalog")


def vm_lines(ctx: PriceContext, size: str, count: int, spot: bool, disks: list[tuple[str, Any, str]], label: str = "VM usage") -> list[CostComponent]:
    lines = [ctx.instance_line(size, count, pricing="spot" if spot else None, label=label)]
    for name, gb, kind in disks:
        if gb is None:
            raise UnknownInput(f"{name} size is not set")
        lines.append(disk_line(ctx, name, gb, kind, count))
    return lines


@pricer("azure-native:compute:VirtualMachine")
def virtual_machine(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.require("hardwareProfile", "vmSize")
    profile = ctx.get("storageProfile") or {}
    linux_only(ctx, ctx.get("osProfile") or {}, profile)
    disks = [os_disk(ctx, profile, size)] + data_disks(profile, size)
    return vm_lines(ctx, size, 1, (ctx.get("priority") or "").lower() == "spot", disks)


@pricer("azure-native:compute:VirtualMachineScaleSet")
def scale_set(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.require("sku", "name")
    capacity = as_int(ctx.get("sku", "capacity", default=0), "sku.capacity")
    vmp = ctx.get("virtualMachineProfile") or {}
    profile = vmp.get("storageProfile") or {}
    linux_only(ctx, vmp.get("osProfile") or {}, profile)
    disks = [os_disk(ctx, profile, size)] + data_disks(profile, size)
    spot = (vmp.get("priority") or "").lower() == "spot"
    lo = hi = capacity
    setting = ctx.referencing("targetResourceUri", AUTOSCALE, names=(ctx.get("vmScaleSetName"),))
    if setting:
        cap = ((setting.get("profiles") or [{}])[0] or {}).get("capacity") or {}
        lo = as_int(cap.get("minimum", capacity), "autoscale minimum")
        hi = as_int(cap.get("maximum", capacity), "autoscale maximum")
        if "default" in cap and not capacity:
            capacity = as_int(cap["default"], "autoscale default")
        ctx.notes.append("size range from its autoscale setting")
    return autoscaled(ctx, lambda n: vm_lines(ctx, size, n, spot, disks), lo, capacity, hi)


@pricer("azure-native:compute:Disk")
def managed_disk(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.get("diskSizeGB")
    if size is None:
        ctx.require("diskSizeGB")
    kind = ctx.get("sku", "name") or "Standard_LRS"
    return [disk_line(ctx, "Managed disk", size, kind)]
