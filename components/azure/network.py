"""The stack's private network: a VNet, one private subnet for every server, its NSG, NAT egress.

Servers have no public IPs. By default the client-facing load balancer is internal and the NSG
admits its serving port from the ``VirtualNetwork`` only; with ``llmkit:publicEndpoint`` the only
inbound path from the internet is the public Standard Load Balancer, which is pass-through
(clients' own addresses reach the backends), so the NSG then admits the serving port from
``Internet``. It admits nothing else from outside the VNet: no port 22, no wildcard ports, and an explicit deny-all below the allow rules (which also
overrides Azure's default allow-everything-inside-the-VNet rule). Health probes come from the
``AzureLoadBalancer`` service tag; servers call each other (router -> vLLM, Qdrant) only from
the subnet's own prefix, not the wider ``VirtualNetwork`` tag (which spans peerings). Egress
(image pulls, model downloads, hosted APIs) goes out through a NAT gateway. Storage and Key
Vault service endpoints let the subnet reach those services while their firewalls deny the rest.
"""

from __future__ import annotations

import dataclasses

import pulumi_azure_native as azure

from llmkit.components.azure.base import AzureBase, l4_public
from llmkit.components.children import server_subnet

DENY_ALL_PRIORITY = 4096


@dataclasses.dataclass
class Network:
    vnet: azure.network.VirtualNetwork
    subnet: azure.network.Subnet
    nsg: azure.network.NetworkSecurityGroup
    subnet_prefix: str
    nat_ip: azure.network.PublicIPAddress  # every server's egress address (what PaaS firewalls admit)


def _rule(name: str, priority: int, source: str, port: int, dest: str, why: str) -> azure.network.SecurityRuleArgs:
    return azure.network.SecurityRuleArgs(
        name=name,
        priority=priority,
        direction="Inbound",
        access="Allow",
        protocol="Tcp",
        source_address_prefix=source,
        source_port_range="*",
        destination_address_prefix=dest,
        destination_port_range=str(port),
        description=why,
    )


def create_network(base: AzureBase, *, public_port: int, internal_ports: list[int]) -> Network:
    """``public_port``: the front fleet's serving port (reached only via the public LB);
    ``internal_ports``: ports other servers in the VNet call (vLLM behind the router, Qdrant)."""
    spec = base.spec
    prefix = server_subnet(spec)
    rules = [
        _rule("allow-lb-clients", 100, "Internet", public_port, prefix,
              "clients through the public load balancer (pass-through), serving port only")
        if l4_public(spec) else
        _rule("allow-lb-clients", 100, "VirtualNetwork", public_port, prefix,
              "clients inside the VNet through the internal load balancer, serving port only"),
        _rule("allow-lb-probes", 110, "AzureLoadBalancer", public_port, prefix,
              "load balancer health probes"),
    ]
    for offset, port in enumerate(sorted(set(internal_ports))):
        rules.append(_rule(f"allow-subnet-{port}", 200 + offset * 10, prefix, port, prefix,
                           "servers of this stack calling each other (router -> vLLM, clients -> Qdrant)"))
        rules.append(_rule(f"allow-probes-{port}", 300 + offset * 10, "AzureLoadBalancer", port, prefix,
                           "internal load balancer health probes"))
    rules.append(
        azure.network.SecurityRuleArgs(
            name="deny-all-inbound",
            priority=DENY_ALL_PRIORITY,
            direction="Inbound",
            access="Deny",
            protocol="*",
            source_address_prefix="*",
            source_port_range="*",
            destination_address_prefix="*",
            destination_port_range="*",
            description="nothing else in, including SSH",
        )
    )
    nsg = azure.network.NetworkSecurityGroup(
        base.name("servers-nsg"),
        **base.placed(),
        security_rules=rules,
    )
    nat_ip = azure.network.PublicIPAddress(
        base.name("nat-ip"),
        **base.placed(),
        sku=azure.network.PublicIPAddressSkuArgs(name="Standard"),
        public_ip_allocation_method="Static",
    )
    nat = azure.network.NatGateway(
        base.name("nat"),
        **base.placed(),
        sku=azure.network.NatGatewaySkuArgs(name="Standard"),
        public_ip_addresses=[azure.network.SubResourceArgs(id=nat_ip.id)],
    )
    vnet = azure.network.VirtualNetwork(
        base.name("vnet"),
        **base.placed(ignore_changes=["subnets"]),
        address_space=azure.network.AddressSpaceArgs(address_prefixes=[spec.network_cidr]),
    )
    subnet = azure.network.Subnet(
        base.name("servers"),
        resource_group_name=base.rg_name,
        virtual_network_name=vnet.name,
        address_prefix=prefix,
        network_security_group=azure.network.NetworkSecurityGroupArgs(id=nsg.id),
        nat_gateway=azure.network.SubResourceArgs(id=nat.id),
        default_outbound_access=False,
        service_endpoints=[
            azure.network.ServiceEndpointPropertiesFormatArgs(service="Microsoft.Storage"),
            azure.network.ServiceEndpointPropertiesFormatArgs(service="Microsoft.KeyVault"),
        ],
        opts=base.opts(),
    )
    return Network(vnet=vnet, subnet=subnet, nsg=nsg, subnet_prefix=prefix, nat_ip=nat_ip)


