"""GCP networking: forwarding rules (the billed part of a load balancer), external static
addresses and Cloud NAT."""

from __future__ import annotations

from llmkit.pricing.preview.resources import DATA_PROCESSED_GB, CostComponent, PriceContext, hourly_item, metered, pricer

LB_DATA_GB = NAT_GB = DATA_PROCESSED_GB


@pricer("gcp:compute/forwardingRule:ForwardingRule", "gcp:compute/globalForwardingRule:GlobalForwardingRule", usage=(LB_DATA_GB,))
def forwarding_rule(ctx: PriceContext) -> list[CostComponent]:
    return metered(ctx, "Forwarding rule", "lb_hour", "lb_capacity_unit_hour", LB_DATA_GB)


@pricer("gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress")
def address(ctx: PriceContext) -> list[CostComponent]:
    if (ctx.get("addressType") or "EXTERNAL").upper() == "INTERNAL":
        return []
    return hourly_item(ctx, "public_ipv4_hour", "External IP address")


@pricer("gcp:compute/routerNat:RouterNat", usage=(NAT_GB,))
def router_nat(ctx: PriceContext) -> list[CostComponent]:
    return metered(ctx, "Cloud NAT gateway", "nat_gateway_hour", "nat_gateway_gb", NAT_GB)
