"""AWS compute: EC2 instances (with root and attached EBS volumes) and Auto Scaling groups,
which take their instance shape from a launch template or launch configuration in the plan.

Volume defaults follow EC2: an instance without ``rootBlockDevice`` gets its AMI's root
volume, which a preview does not show, so an 8 GB gp2 root volume is assumed and named so.
"""

from __future__ import annotations

import math
from typing import Any, Mapping, Optional

from llmkit.pricing.preview.plan import UNKNOWN
from llmkit.pricing.preview.resources import (
    CostComponent,
    PriceContext,
    UnknownInput,
    as_int,
    as_mapping,
    as_objects,
    autoscaled,
    disk_line,
    pricer,
)

LAUNCH_TEMPLATES = ("aws:ec2/launchTemplate:LaunchTemplate",)
LAUNCH_CONFIGURATIONS = ("aws:ec2/launchConfiguration:LaunchConfiguration",)
DEFAULT_ROOT_GB = 8
DEFAULT_VOLUME_TYPE = "gp2"


class Shape:
    """What one member of a group costs: instance type, market, and its volumes."""

    def __init__(self, instance_type: Any, spot: bool, volumes: list[tuple[str, Any, str]]):
        self.instance_type = instance_type
        self.spot = spot
        self.volumes = volumes  # (label, size GB, volume type)


def _size(value: Any, what: str) -> Any:
    """A volume size as a bounded whole number; not set or unknown stays as it is (an unknown
    part of the instance, priced downstream)."""
    return value if value is None or value == UNKNOWN else as_int(value, what)


def _volumes_from_instance(ctx: PriceContext, inputs: Mapping[str, Any]) -> list[tuple[str, Any, str]]:
    root = as_mapping(inputs.get("rootBlockDevice"), "rootBlockDevice")
    if root:
        size = root.get("volumeSize")
        vols = [("Root volume", DEFAULT_ROOT_GB if size is None else _size(size, "rootBlockDevice.volumeSize"), root.get("volumeType") or DEFAULT_VOLUME_TYPE)]
    else:
        vols = [("Root volume (assumed AMI default)", DEFAULT_ROOT_GB, DEFAULT_VOLUME_TYPE)]
    for i, dev in enumerate(as_objects(inputs.get("ebsBlockDevices"), "ebsBlockDevices")):
        # no volumeSize: the size comes from a snapshot, an unknown part of the instance
        vols.append((f"EBS volume {i + 1}", _size(dev.get("volumeSize"), f"ebsBlockDevices[{i}].volumeSize"), dev.get("volumeType") or DEFAULT_VOLUME_TYPE))
    return vols


def _volumes_from_template(inputs: Mapping[str, Any]) -> list[tuple[str, Any, str]]:
    vols = []
    for i, dev in enumerate(inputs.get("blockDeviceMappings") or []):
        ebs = dev.get("ebs") or {}
        if not ebs:
            continue
        vols.append((f"EBS volume {i + 1}", ebs.get("volumeSize"), ebs.get("volumeType") or DEFAULT_VOLUME_TYPE))
    if not vols:
        vols.append(("Root volume (assumed AMI default)", DEFAULT_ROOT_GB, DEFAULT_VOLUME_TYPE))
    return vols


def template_shape(ctx: PriceContext, key: str, ref: Mapping[str, Any] | None, *, instance_type: Any = None) -> Shape:
    """The shape of a launch template referenced by ``ref`` ({id|name, version})."""
    ident = None
    if ref:
        ident = ref.get("id") or ref.get("name") or ref.get("launchTemplateId") or ref.get("launchTemplateName")
    lt = ctx.referenced(key, LAUNCH_TEMPLATES, ref=ident)
    if lt is None:
        raise UnknownInput("its launch template is not in this plan")
    itype = instance_type or lt.get("instanceType")
    if not itype:
        raise UnknownInput("the launch template sets no instanceType")
    market = (lt.get("instanceMarketOptions") or {}).get("marketType")
    return Shape(itype, market == "spot", _volumes_from_template(lt))


def member_lines(ctx: PriceContext, shape: Shape, count: int, *, spot_count: int = 0, label: str = "Instance usage") -> list[CostComponent]:
    """Lines for ``count`` members, ``spot_count`` of them on spot (plus their volumes)."""
    lines: list[CostComponent] = []
    on_demand = count - spot_count
    if shape.spot:
        spot_count, on_demand = count, 0
    if on_demand or not spot_count:
        lines.append(ctx.instance_line(shape.instance_type, on_demand, label=label))
    if spot_count:
        lines.append(ctx.instance_line(shape.instance_type, spot_count, pricing="spot", label=label))
    for vol_label, size, vtype in shape.volumes:
        lines.append(disk_line(ctx, vol_label, size, vtype, count))
    return lines


@pricer("aws:ec2/instance:Instance")
def instance(ctx: PriceContext) -> list[CostComponent]:
    itype = ctx.get("instanceType")
    spot = (ctx.get("instanceMarketOptions", "marketType") or "") == "spot"
    if not itype:
        ref = ctx.get("launchTemplate") or {}
        shape = template_shape(ctx, "launchTemplate", ref)
        shape.spot = shape.spot or spot
    else:
        shape = Shape(itype, spot, _volumes_from_instance(ctx, ctx.inputs))
    return member_lines(ctx, shape, 1)


def _group_shape(ctx: PriceContext) -> tuple[Shape, Optional[Mapping[str, Any]]]:
    mixed = ctx.get("mixedInstancesPolicy")
    if mixed:
        spec = ctx.get("mixedInstancesPolicy", "launchTemplate", "launchTemplateSpecification") or {}
        overrides = ctx.get("mixedInstancesPolicy", "launchTemplate", "overrides") or []
        first = overrides[0].get("instanceType") if overrides and isinstance(overrides[0], dict) else None
        shape = template_shape(ctx, "mixedInstancesPolicy", spec, instance_type=first)
        return shape, ctx.get("mixedInstancesPolicy", "instancesDistribution") or {}
    if ctx.get("launchTemplate"):
        return template_shape(ctx, "launchTemplate", ctx.get("launchTemplate")), None
    lc_ref = ctx.get("launchConfiguration")
    if lc_ref:
        lc = ctx.referenced("launchConfiguration", LAUNCH_CONFIGURATIONS, ref=lc_ref)
        if lc is None:
            raise UnknownInput("its launch configuration is not in this plan")
        if not lc.get("instanceType"):
            raise UnknownInput("the launch configuration sets no instanceType")
        return Shape(lc["instanceType"], bool(lc.get("spotPrice")), _volumes_from_instance(ctx, lc)), None
    raise UnknownInput("no launch template or launch configuration is set")


@pricer("aws:autoscaling/group:Group")
def autoscaling_group(ctx: PriceContext) -> list[CostComponent]:
    lo = as_int(ctx.require("minSize"), "minSize")
    hi = as_int(ctx.require("maxSize"), "maxSize")
    desired_raw = ctx.get("desiredCapacity")
    desired = as_int(desired_raw, "desiredCapacity") if desired_raw is not None else lo
    shape, dist = _group_shape(ctx)
    base = as_int(dist.get("onDemandBaseCapacity", 0), "onDemandBaseCapacity") if dist else 0
    pct = as_int(dist.get("onDemandPercentageAboveBaseCapacity", 100), "onDemandPercentageAboveBaseCapacity") if dist else 100

    def build(n: int) -> list[CostComponent]:
        above = max(n - base, 0)
        on_demand = min(n, base) + math.ceil(above * pct / 100)
        return member_lines(ctx, shape, n, spot_count=n - on_demand)

    return autoscaled(ctx, build, lo, desired, hi)
