"""HTTPS on Azure: an Application Gateway (v2) in front of the internal load balancer.

Azure's Standard Load Balancer passes TCP through and cannot terminate TLS, so a stack with
``llmkit:tlsCertificate`` gets an Application Gateway with a public address: HTTPS on 443 with
the certificate from Key Vault (TLS 1.2+ predefined policy), and a port-80 listener that only
redirects to it. Behind it the client-facing load balancer stays internal, on its fixed private
address, so the servers never face the internet. The gateway reads the certificate through its
own user-assigned identity, granted Key Vault Secrets User on that one secret.

``llmkit:tlsCertificate`` on Azure is the Azure resource id of the certificate's Key Vault
secret (``/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>``):
the id scopes the grant, and the gateway is given the secret's URI derived from it.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import KEY_VAULT_SECRETS_USER, AzureBase
from llmkit.core.errors import UserError

HTTPS_PORT = 443
HTTP_PORT = 80
TLS_POLICY = "AppGwSslPolicy20220101"  # TLS 1.2 minimum, modern ciphers (Azure's predefined policy)
REQUEST_TIMEOUT_S = 600  # long generations stream for minutes
_SECRET_ID = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/(?P<vault>[^/]+)/secrets/(?P<name>[^/]+)$",
    re.IGNORECASE,
)


def certificate_secret(resource_id: str) -> tuple[str, str]:
    """(grant scope, secret URI) from the Key Vault secret's resource id; UserError otherwise."""
    match = _SECRET_ID.match(resource_id.strip())
    if not match:
        raise UserError(
            "llmkit:tlsCertificate on Azure must be the resource id of the certificate's Key Vault secret "
            "(/subscriptions/.../providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>)"
        )
    return resource_id.strip(), f"https://{match['vault']}.vault.azure.net/secrets/{match['name']}"


def gateway_subnet_prefix(network_cidr: str) -> str:
    """The gateway's own subnet (Application Gateway needs a dedicated one): the third /24."""
    return str(list(ipaddress.ip_network(network_cidr).subnets(new_prefix=24))[2])


def create_app_gateway(
    base: AzureBase, *, vnet_name: pulumi.Input[str], backend_address: str, probe_path: str,
) -> pulumi.Output[Optional[str]]:
    """The gateway, its subnet, public IP and identity; returns the https:// endpoint."""
    spec = base.spec
    scope, secret_uri = certificate_secret(str(spec.tls_certificate))
    subnet = azure.network.Subnet(
        base.name("appgw"),
        resource_group_name=base.rg_name,
        virtual_network_name=vnet_name,
        address_prefix=gateway_subnet_prefix(spec.network_cidr),
        opts=base.opts(),
    )
    identity = azure.managedidentity.UserAssignedIdentity(
        base.name("appgw-identity"), resource_name_=f"llmkit-{spec.stack}-appgw", **base.placed()
    )
    grant = base.grant("appgw-cert-reader", role_guid=KEY_VAULT_SECRETS_USER, scope=scope,
                       principal_id=identity.principal_id, why="the gateway reads its TLS certificate")
    public_ip = azure.network.PublicIPAddress(
        base.name("appgw-ip"),
        **base.placed(),
        sku=azure.network.PublicIPAddressSkuArgs(name="Standard", tier="Regional"),
        public_ip_allocation_method="Static",
    )
    name = f"llmkit-{spec.stack}-appgw"

    def sub(kind: str, child: str) -> pulumi.Output[str]:
        return base.child_id(f"Microsoft.Network/applicationGateways/{name}/{kind}/{child}")

    net = azure.network
    azure.network.ApplicationGateway(
        base.name("appgw"),
        application_gateway_name=name,
        **base.placed(depends_on=[grant]),
        sku=net.ApplicationGatewaySkuArgs(name="Standard_v2", tier="Standard_v2"),
        autoscale_configuration=net.ApplicationGatewayAutoscaleConfigurationArgs(min_capacity=1, max_capacity=4),
        identity=net.ManagedServiceIdentityArgs(type=net.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[identity.id]),
        gateway_ip_configurations=[net.ApplicationGatewayIPConfigurationArgs(name="gateway", subnet=net.SubResourceArgs(id=subnet.id))],
        frontend_ip_configurations=[net.ApplicationGatewayFrontendIPConfigurationArgs(
            name="public", public_ip_address=net.SubResourceArgs(id=public_ip.id))],
        frontend_ports=[net.ApplicationGatewayFrontendPortArgs(name="https", port=HTTPS_PORT),
                        net.ApplicationGatewayFrontendPortArgs(name="http", port=HTTP_PORT)],
        ssl_certificates=[net.ApplicationGatewaySslCertificateArgs(name="endpoint", key_vault_secret_id=secret_uri)],
        ssl_policy=net.ApplicationGatewaySslPolicyArgs(policy_type="Predefined", policy_name=TLS_POLICY),
        backend_address_pools=[net.ApplicationGatewayBackendAddressPoolArgs(
            name="internal-lb", backend_addresses=[net.ApplicationGatewayBackendAddressArgs(ip_address=backend_address)])],
        probes=[net.ApplicationGatewayProbeArgs(
            name="ready", protocol="Http", host=backend_address, path=probe_path, interval=15, timeout=5,
            unhealthy_threshold=3, match=net.ApplicationGatewayProbeHealthResponseMatchArgs(status_codes=["200"]))],
        backend_http_settings_collection=[net.ApplicationGatewayBackendHttpSettingsArgs(
            name="internal-lb", port=HTTP_PORT, protocol="Http", cookie_based_affinity="Disabled",
            request_timeout=REQUEST_TIMEOUT_S, probe=net.SubResourceArgs(id=sub("probes", "ready")))],
        http_listeners=[
            net.ApplicationGatewayHttpListenerArgs(
                name="https", protocol="Https", frontend_ip_configuration=net.SubResourceArgs(id=sub("frontendIPConfigurations", "public")),
                frontend_port=net.SubResourceArgs(id=sub("frontendPorts", "https")),
                ssl_certificate=net.SubResourceArgs(id=sub("sslCertificates", "endpoint"))),
            net.ApplicationGatewayHttpListenerArgs(
                name="http", protocol="Http", frontend_ip_configuration=net.SubResourceArgs(id=sub("frontendIPConfigurations", "public")),
                frontend_port=net.SubResourceArgs(id=sub("frontendPorts", "http"))),
        ],
        redirect_configurations=[net.ApplicationGatewayRedirectConfigurationArgs(
            name="to-https", redirect_type="Permanent", include_path=True, include_query_string=True,
            target_listener=net.SubResourceArgs(id=sub("httpListeners", "https")))],
        request_routing_rules=[
            net.ApplicationGatewayRequestRoutingRuleArgs(
                name="https", rule_type="Basic", priority=100, http_listener=net.SubResourceArgs(id=sub("httpListeners", "https")),
                backend_address_pool=net.SubResourceArgs(id=sub("backendAddressPools", "internal-lb")),
                backend_http_settings=net.SubResourceArgs(id=sub("backendHttpSettingsCollection", "internal-lb"))),
            net.ApplicationGatewayRequestRoutingRuleArgs(
                name="http-redirect", rule_type="Basic", priority=200, http_listener=net.SubResourceArgs(id=sub("httpListeners", "http")),
                redirect_configuration=net.SubResourceArgs(id=sub("redirectConfigurations", "to-https"))),
        ],
    )
    return public_ip.ip_address.apply(lambda ip: f"https://{ip}" if ip else None)
