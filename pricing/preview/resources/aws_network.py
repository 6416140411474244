"""AWS networking that bills by the hour: Elastic IPs (public IPv4), NAT gateways and
application / network load balancers, plus their usage-based data and capacity units."""

from __future__ import annotations

from llmkit.pricing.preview.resources import DATA_PROCESSED_GB, HOURS, CostComponent, NotPriced, PriceContext, hourly_item, metered, pricer, usage_key

NAT_GB = DATA_PROCESSED_GB
LCU = usage_key("capacity_units", "LCU", "average load balancer capacity units in use over the month", 1)


@pricer("aws:ec2/eip:Eip")
def eip(ctx: PriceContext) -> list[CostComponent]:
    return hourly_item(ctx, "public_ipv4_hour", "Public IPv4 address")


@pricer("aws:ec2/natGateway:NatGateway", usage=(NAT_GB,))
def nat_gateway(ctx: PriceContext) -> list[CostComponent]:
    return metered(ctx, "NAT gateway", "nat_gateway_hour", "nat_gateway_gb", NAT_GB)


@pricer("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", usage=(LCU,))
def load_balancer(ctx: PriceContext) -> list[CostComponent]:
    kind = (ctx.get("loadBalancerType") or "application").lower()
    if kind == "application":
        hour, unit, label = "lb_hour", "lb_capacity_unit_hour", "Application load balancer"
    elif kind == "network":
        hour, unit, label = "nlb_hour", "nlb_capacity_unit_hour", "Network load balancer"
    else:
        raise NotPriced(f"{kind} load balancers are not priced")
    hour_row = ctx.platform(hour, what=f"{label} hours")
    unit_row = ctx.platform(unit, what=f"{label} capacity units")
    return [
        ctx.hours(label, hour_row, hour_row.price),
        ctx.usage_line("Capacity units", LCU.name, unit_row, scale=HOURS, unit="LCU-hours"),
    ]

