"""GCP networking: forwarding rules (the billed part of a load balancer), external static
addresses and Cloud NAT."""

from __future__ import annotations

from pricing.resources import CostComponent, PriceContext, metered, pricer, usage_key

LB_DATA_GB = usage_key("monthly_data_processed_gb", "GB", "data processed by the load balancer per month", 100)
NAT_GB = usage_key("monthly_data_processed_gb", "GB", "data processed by Cloud NAT per month", 100)


@pricer("gcp:compute/forwardingRule:ForwardingRule", "gcp:compute/globalForwardingRule:GlobalForwardingRule", usage=(LB_DATA_GB,))
def forwarding_rule(ctx: PriceContext) -> list[CostComponent]:
    return metered(ctx, "Forwarding rule", "lb_hour", "lb_capacity_unit_hour", LB_DATA_GB)


@pricer("gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress")
def address(ctx: PriceContext) -> list[CostComponent]:
    if (ctx.get("addressType") or "EXTERNAL").upper() == "INTERNAL":
        return []
    row = ctx.platform("public_ipv4_hour", what="external IP address")
    return [ctx.hours("External IP address", row, row.price)]


@pricer("gcp:compute/routerNat:RouterNat", usage=(NAT_GB,))
def router_nat(ctx: PriceContext) -> list[CostComponent]:
    return metered(ctx, "Cloud NAT gateway", "nat_gateway_hour", "nat_gateway_gb", NAT_GB)
