"""Line builders several pricers and cost models share: totals, autoscaled groups, hourly and
metered services, disks, and platform rows of global services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable, Optional

from llmkit.core.clouds import CLOUDS
from llmkit.pricing.cost_component import CostComponent
from llmkit.core.regions import normalise_region
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.preview.plan import UNKNOWN
from llmkit.pricing.preview.resources.base import UnknownInput, UsageKey, as_int, usage_key
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.derived import derived_fields


DATA_PROCESSED_GB = usage_key("monthly_data_processed_gb", "GB", "data processed per month (NAT gateway, load balancer)", 100)


def total(components: Iterable[CostComponent]) -> Decimal:
    """Known monthly cost of some lines (usage lines without a quantity add nothing)."""
    return sum((c.monthly_cost or Decimal(0) for c in components), Decimal(0))


def autoscaled(
    ctx: PriceContext,
    build: Callable[[int], list[CostComponent]],
    lo: int,
    desired: int,
    hi: int,
    fixed: Iterable[CostComponent] = (),
) -> list[CostComponent]:
    """Lines of an autoscaled group at its desired size, recording the min..max monthly range.

    ``build(n)`` returns the lines for n members (it may mix on-demand and spot members), so
    the range is exact rather than a linear guess; ``fixed`` lines do not scale.
    """
    if not (0 <= lo <= hi):
        raise UnknownInput("group size limits are inconsistent (min above max)")
    desired = min(max(desired, lo), hi)
    fixed = list(fixed)
    if lo == hi:  # a fixed size: no range, and one build (``build`` is the same call each time)
        ctx.monthly_range = None
        return fixed + build(desired)
    low, high = build(lo), build(hi)
    ctx.monthly_range = (total(fixed + low), total(fixed + high))
    return fixed + (low if desired == lo else high if desired == hi else build(desired))


def machine_lines(ctx: PriceContext, machine: Any, count: int = 1, pricing: Optional[str] = None,
                  accelerators: tuple[tuple[str, int], ...] = (), label: str = "Instance usage") -> list[CostComponent]:
    """Hours of ``count`` machines of one type, and of the GPUs attached to each as guest
    accelerators ((kind, per machine): GCP N1 hosts), all month. A type with built-in GPUs
    (g2, a2, a3) takes no guest line, and the note says so."""
    lines = [ctx.instance_line(machine, count, pricing=pricing, label=label)]
    if not accelerators:
        return lines
    row, _, _ = ctx.instance(machine, pricing=pricing)
    for kind, per_machine in accelerators:
        if row.gpu_count:
            ctx.notes.append(f"{machine} has built-in GPUs; guest accelerator line not added")
            continue
        try:
            gpu = ctx.catalog.accelerator(ctx.cloud, ctx.need_region(), kind)
        except LookupError:
            raise UnknownInput(f"no catalog price for accelerator {kind} in {ctx.region}") from None
        hourly, model = ctx.hourly(gpu, kind, pricing)
        lines.append(CostComponent(
            name=f"GPU {gpu.gpu} ({model}, {kind})", unit="GPU-hours", monthly_quantity=HOURS_PER_MONTH * count * per_machine,
            price=hourly, source=gpu.source, as_of=gpu.as_of, **derived_fields(gpu, model),
        ))
    return lines


def hourly_item(ctx: PriceContext, item: str, label: str) -> list[CostComponent]:
    """A service billed per hour all month (public IPs, control planes)."""
    row = ctx.platform(item, what=label)
    return [ctx.hours(label, row, row.price)]


def metered(ctx: PriceContext, label: str, hour_item: str, data_item: str, key: UsageKey, data_label: str = "Data processed") -> list[CostComponent]:
    """An hourly service plus a usage-based data line (NAT gateways, load balancers)."""
    hour = ctx.platform(hour_item, what=f"{label} hours")
    data = ctx.platform(data_item, what=f"{label} data")
    return [ctx.hours(label, hour, hour.price), ctx.usage_line(data_label, key.name, data)]


def disk_line(ctx: PriceContext, name: str, size_gb: Any, disk_type: str, count: int = 1) -> CostComponent:
    """A block-storage line (EBS / managed disk / persistent disk) of ``size_gb`` x ``count``.

    A size that preview cannot know (None: it comes from a snapshot or image; the unknown
    sentinel: computed at apply) makes this an unknown part named "<disk> size": the resource
    it belongs to is still priced for everything else (partial pricing)."""
    if size_gb is None or size_gb == UNKNOWN:
        return CostComponent.unknown_part(f"{name} ({disk_type})", "GB-months", f"{name.lower()} size")
    # the same request again (a group's three sizes, the next member of the plan): its line
    asked = ("disk_line:asked", id(ctx.catalog), ctx.cloud, ctx.region, name, size_gb, disk_type, count) \
        if type(size_gb) is int and type(disk_type) is str else None
    line = ctx.plan.cache.get(asked) if asked else None
    if line is not None:
        return line
    size = as_int(size_gb, f"{name} size")
    row = ctx.platform(f"block_storage_gb_month:{disk_type}", what=f"{disk_type} storage")
    key = ("disk_line", id(row), name, size, count)  # one shared line per plan, as instance_line
    line = ctx.plan.cache.get(key)
    if line is None:
        line = ctx.plan.cache[key] = ctx.fixed(f"{name} ({disk_type}, {size} GB)", row, Decimal(size) * count, unit="GB-months")
    if asked:
        ctx.plan.cache[asked] = line
    return line


def global_platform(ctx: PriceContext, item: str, what: str) -> Any:
    """A platform price for a global resource: its own region's row, else the stack's region
    (from config), else the cloud's default region; the fallback is noted."""
    cloud = ctx.cloud
    candidates = [ctx.region]
    for key in CLOUDS[cloud].region_config_keys if cloud in CLOUDS else ():
        candidates.append(normalise_region(cloud, ctx.plan.config.get(key)))
    candidates.append(ctx.catalog.default_region(cloud))
    for region in candidates:
        if region:
            row = ctx.catalog.find_platform(cloud, region, item)
            if row is not None:
                if region != ctx.region:
                    ctx.notes.append(f"{what} priced at the {region} rate")
                return row
    raise UnknownInput(f"no catalog price for {what} ({cloud})")
