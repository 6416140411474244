"""Standard Load Balancers: the public endpoint, and (hybrid) an internal one for the vLLM fleet.

The health probe is an HTTP probe on the backend's readiness path (``/health`` for vLLM,
the router's readiness path for LiteLLM), so an instance only receives traffic once the model
is loaded. Sub-resource ids (frontend, pool, probe) are built from the load balancer's own
name so the rule can reference them in the same request, as ARM requires.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import AzureBase

FRONTEND_PORT = 80


@dataclasses.dataclass
class LoadBalancer:
    lb: azure.network.LoadBalancer
    pool_id: pulumi.Output[str]
    probe_id: pulumi.Output[str]
    public_ip: Optional[azure.network.PublicIPAddress]
    lb_name: str


def create_load_balancer(
    base: AzureBase,
    role: str,
    *,
    backend_port: int,
    health_path: str,
    public: bool,
    subnet_id: Optional[pulumi.Input[str]] = None,
    private_ip: Optional[str] = None,
    frontend_port: int = FRONTEND_PORT,
) -> LoadBalancer:
    """A public LB (Standard public IP) or an internal one at ``private_ip`` in ``subnet_id``."""
    lb_name = f"llmkit-{base.spec.stack}-{role}-lb"
    lb_path = f"Microsoft.Network/loadBalancers/{lb_name}"
    frontend_id = base.child_id(f"{lb_path}/frontendIPConfigurations/frontend")
    pool_id = base.child_id(f"{lb_path}/backendAddressPools/{role}")
    probe_id = base.child_id(f"{lb_path}/probes/{role}-ready")

    public_ip: Optional[azure.network.PublicIPAddress] = None
    if public:
        public_ip = azure.network.PublicIPAddress(
            base.name(f"{role}-lb-ip"),
            **base.placed(),
            sku=azure.network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
            public_ip_allocation_method="Static",
        )
        frontend = azure.network.FrontendIPConfigurationArgs(
            name="frontend",
            public_ip_address=azure.network.PublicIPAddressArgs(id=public_ip.id),
        )
    else:
        frontend = azure.network.FrontendIPConfigurationArgs(
            name="frontend",
            subnet=azure.network.SubnetArgs(id=subnet_id),
            private_ip_allocation_method="Static",
            private_ip_address=private_ip,
        )
    lb = azure.network.LoadBalancer(
        base.name(f"{role}-lb"),
        load_balancer_name=lb_name,
        **base.placed(),
        sku=azure.network.LoadBalancerSkuArgs(name="Standard", tier="Regional"),
        frontend_ip_configurations=[frontend],
        backend_address_pools=[azure.network.BackendAddressPoolArgs(name=role)],
        probes=[
            azure.network.ProbeArgs(
                name=f"{role}-ready",
                protocol="Http",
                port=backend_port,
                request_path=health_path,
                interval_in_seconds=15,
                number_of_probes=2,
            )
        ],
        load_balancing_rules=[
            azure.network.LoadBalancingRuleArgs(
                name=f"{role}-http",
                protocol="Tcp",
                frontend_port=frontend_port,
                backend_port=backend_port,
                frontend_ip_configuration=azure.network.SubResourceArgs(id=frontend_id),
                backend_address_pool=azure.network.SubResourceArgs(id=pool_id),
                probe=azure.network.SubResourceArgs(id=probe_id),
                idle_timeout_in_minutes=30,  # long generations stream for minutes
                enable_tcp_reset=True,
                disable_outbound_snat=True,  # egress goes through the NAT gateway
            )
        ],
    )
    return LoadBalancer(lb=lb, pool_id=pool_id, probe_id=probe_id, public_ip=public_ip, lb_name=lb_name)
