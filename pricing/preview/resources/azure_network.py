"""Azure networking: public IPs, Standard load balancers and NAT gateways."""

from __future__ import annotations

from llmkit.pricing.preview.resources import DATA_PROCESSED_GB, CostComponent, NotPriced, PriceContext, hourly_item, metered, pricer

LB_DATA_GB = NAT_GB = DATA_PROCESSED_GB


@pricer("azure-native:network:PublicIPAddress")
def public_ip(ctx: PriceContext) -> list[CostComponent]:
    return hourly_item(ctx, "public_ipv4_hour", "Public IP address")


@pricer("azure-native:network:LoadBalancer", usage=(LB_DATA_GB,))
def load_balancer(ctx: PriceContext) -> list[CostComponent]:
    sku = (ctx.get("sku", "name") or "Basic").lower()
    if sku == "basic":
        raise NotPriced("Basic load balancers are retired and carry no charge to estimate")
    if sku != "standard":
        raise NotPriced(f"{sku} load balancers are not priced")
    return metered(ctx, "Standard load balancer", "lb_hour", "lb_capacity_unit_hour", LB_DATA_GB)


@pricer("azure-native:network:NatGateway", usage=(NAT_GB,))
def nat_gateway(ctx: PriceContext) -> list[CostComponent]:
    return metered(ctx, "NAT gateway", "nat_gateway_hour", "nat_gateway_gb", NAT_GB)
