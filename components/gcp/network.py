"""The stack's VPC: one private subnet (Private Google Access), Cloud NAT egress, firewalls.

Servers have no external IP. Ingress is allowed only to the serving port of the front fleet,
only from Google's load-balancer and health-check ranges, and (for servers that other servers
call: the hybrid's vLLM behind its internal load balancer, Qdrant) only from the subnet itself.
No rule opens port 22: operators use OS Login through IAP only if they add that rule themselves.
A lowest-priority deny-all makes the default explicit and visible in the plan.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Optional

import pulumi_gcp as gcp

from llmkit.components.children import server_subnet
from llmkit.components.gcp.base import GOOGLE_LB_RANGES, GcpBase
from llmkit.components.spec import DeploymentSpec


@dataclasses.dataclass
class Network:
    network: gcp.compute.Network
    subnet: gcp.compute.Subnetwork
    cidr: str
    proxy_subnet: Optional[gcp.compute.Subnetwork] = None  # the internal HTTP load balancer's proxies
    proxy_cidr: Optional[str] = None


def proxy_only_cidr(spec: DeploymentSpec) -> str:
    """The regional proxy-only subnet an internal Application Load Balancer's Envoy proxies use:
    the third /24 of the stack's network (servers use the second)."""
    return str(list(ipaddress.ip_network(spec.network_cidr).subnets(new_prefix=24))[2])


def add_proxy_subnet(base: GcpBase, net: Network) -> gcp.compute.Subnetwork:
    """The proxy-only subnet, once per stack (an internal HTTP load balancer needs one per region)."""
    if net.proxy_subnet is None:
        net.proxy_cidr = proxy_only_cidr(base.spec)
        net.proxy_subnet = gcp.compute.Subnetwork(
            base.name("proxy-only"),
            network=net.network.id,
            region=base.region,
            ip_cidr_range=net.proxy_cidr,
            purpose="REGIONAL_MANAGED_PROXY",
            role="ACTIVE",
            opts=base.opts(),
        )
    return net.proxy_subnet


def create_network(base: GcpBase) -> Network:
    cidr = server_subnet(base.spec)
    network = gcp.compute.Network(
        base.name("vpc"),
        auto_create_subnetworks=False,
        routing_mode="REGIONAL",
        description=f"llmkit stack {base.spec.stack}",
        opts=base.opts(),
    )
    subnet = gcp.compute.Subnetwork(
        base.name("servers"),
        network=network.id,
        region=base.region,
        ip_cidr_range=cidr,
        private_ip_google_access=True,
        log_config=gcp.compute.SubnetworkLogConfigArgs(aggregation_interval="INTERVAL_5_MIN", flow_sampling=0.5),
        opts=base.opts(),
    )
    router = gcp.compute.Router(base.name("router"), network=network.id, region=base.region, opts=base.opts())
    gcp.compute.RouterNat(
        base.name("nat"),
        router=router.name,
        region=base.region,
        nat_ip_allocate_option="AUTO_ONLY",
        source_subnetwork_ip_ranges_to_nat="LIST_OF_SUBNETWORKS",
        subnetworks=[gcp.compute.RouterNatSubnetworkArgs(name=subnet.id, source_ip_ranges_to_nats=["ALL_IP_RANGES"])],
        log_config=gcp.compute.RouterNatLogConfigArgs(enable=True, filter="ERRORS_ONLY"),
        opts=base.opts(),
    )
    gcp.compute.Firewall(
        base.name("deny-all-ingress"),
        network=network.id,
        direction="INGRESS",
        priority=65534,
        denies=[gcp.compute.FirewallDenyArgs(protocol="all")],
        source_ranges=["0.0.0.0/0"],
        description="nothing reaches the servers except what the rules above allow",
        opts=base.opts(),
    )
    return Network(network=network, subnet=subnet, cidr=cidr)


def _allow(base: GcpBase, network: Network, name: str, role: str, port: int, sources: list[str], why: str) -> gcp.compute.Firewall:
    return gcp.compute.Firewall(
        base.name(name),
        network=network.network.id,
        direction="INGRESS",
        priority=1000,
        allows=[gcp.compute.FirewallAllowArgs(protocol="tcp", ports=[str(port)])],
        source_ranges=sources,
        target_tags=[base.tag(role)],
        description=why,
        opts=base.opts(),
    )


def allow_from_load_balancer(base: GcpBase, network: Network, role: str, port: int) -> gcp.compute.Firewall:
    """The serving port of ``role``'s servers, from Google's LB proxies and health checkers only."""
    return _allow(base, network, f"allow-lb-{role}", role, port, list(GOOGLE_LB_RANGES),
                  f"{role}: load balancer and health checks on the serving port only")


def allow_from_subnet(base: GcpBase, network: Network, role: str, port: int) -> gcp.compute.Firewall:
    """``role``'s port from other servers in the stack's subnet (router -> vLLM, clients -> Qdrant)."""
    return _allow(base, network, f"allow-internal-{role}", role, port, [network.cidr], f"{role}: servers of this stack only")


def allow_from_proxies(base: GcpBase, network: Network, role: str, port: int) -> gcp.compute.Firewall:
    """``role``'s serving port from the internal HTTP load balancer's proxy-only subnet."""
    assert network.proxy_cidr is not None
    return _allow(base, network, f"allow-proxies-{role}", role, port, [network.proxy_cidr],
                  f"{role}: the internal load balancer's proxies on the serving port only")
