"""The routers' shared response cache on Azure: Azure Cache for Redis, Basic C1, TLS 1.2 only
(port 6380; the plain port off), reachable only from the stack's own servers: its firewall
admits the NAT gateway's address alone, the one address every server of the stack leaves
through (servers have no public IPs), and every connection needs the access key.

The access key is made by Azure; it goes from the cache's output into the stack's Key Vault,
which only the routers' identity reads whole (vLLM and Qdrant get per-secret grants), and
reaches the routers through load-secrets.sh, never customData.

WHY a firewall and not a private endpoint: a private endpoint (with its private DNS zone) is
the stricter path, but the bundled catalog has no sourced price for either yet and nothing is
deployed that the preview cannot price; the firewall plus TLS plus key keeps the cache to this
stack. WHY Basic: it is a cache; when it restarts, LiteLLM misses and calls the model, as it
would without one. Standard (a replica) doubles the price to keep hits through a failover.
WHY C1 (1 GB): the size the GCP stacks' Memorystore has (C0's 250 MB holds few LLM replies), and
the Basic size with a sourced price in the bundled catalog.
"""

from __future__ import annotations

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import AzureBase
from llmkit.components.azure.network import Network
from llmkit.components.azure.secrets import KeyVault

SKU = ("Basic", "C", 1)  # name, family, capacity: 1 GB
TLS_PORT = 6380


class ResponseCache:
    def __init__(self, base: AzureBase, net: Network, vault: KeyVault) -> None:
        cache = base.spec.response_cache
        if cache is None:
            raise ValueError(f"stack {base.spec.stack}: the spec has no response cache")
        name, family, capacity = SKU
        self.redis = azure.redis.Redis(
            base.name("cache"),
            **base.placed(),
            sku=azure.redis.SkuArgs(name=name, family=family, capacity=capacity),
            enable_non_ssl_port=False, minimum_tls_version="1.2", redis_version="6",
            public_network_access="Enabled",  # Basic/Standard have no VNet injection: the firewall below
        )
        azure.redis.FirewallRule(
            base.name("cache-from-servers"),
            cache_name=self.redis.name, resource_group_name=base.rg_name, rule_name="stack_servers_nat",
            start_ip=net.nat_ip.ip_address.apply(lambda ip: ip or ""), end_ip=net.nat_ip.ip_address.apply(lambda ip: ip or ""),
            opts=base.opts(),
        )
        key: pulumi.Output[str] = pulumi.Output.secret(self.redis.access_keys.apply(lambda k: k.primary_key if k else ""))
        self.secret = azure.keyvault.Secret(
            base.name(f"secret-{cache.auth_secret}"),
            secret_name=cache.auth_secret, vault_name=vault.vault.name, resource_group_name=base.rg_name,
            properties=azure.keyvault.SecretPropertiesArgs(value=key, content_type="redis-access-key"),
            tags=base.tags, opts=base.opts(),
        )
        self.port = TLS_PORT

    @property
    def host(self) -> pulumi.Output[str]:
        return self.redis.host_name
