"""AWS networking that bills by the hour: Elastic IPs (public IPv4), NAT gateways and
application / network load balancers, plus their usage-based data and capacity units."""

from __future__ import annotations

from pricing.resources import HOURS, CostComponent, NotPriced, PriceContext, metered, pricer, usage_key

NAT_GB = usage_key("monthly_data_processed_gb", "GB", "data processed by the NAT gateway per month", 100)
LCU = usage_key("capacity_units", "LCU", "average load balancer capacity units in use over the month", 1)


@pricer("aws:ec2/eip:Eip")
def eip(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("public_ipv4_hour", what="public IPv4 address")
    return [ctx.hours("Public IPv4 address", row, row.price)]


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

