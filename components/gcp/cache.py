"""The routers' shared response cache on GCP: Memorystore for Redis, BASIC tier, 1 GB, peered
into the stack's VPC only (``authorizedNetwork``, no public address exists for Memorystore),
AUTH on and in-transit encryption (server-authenticated TLS on port 6378).

The AUTH string is made by Memorystore; it goes from the instance's output into Secret Manager,
readable by the routers' service account alone, and reaches the routers through load-secrets.sh,
never metadata. The server CA that signs the TLS certificate is public: it is written to the
routers with their config, so LiteLLM verifies the server. Memorystore lives in Google's peered
network, where this VPC's ingress rules do not apply; egress rules here keep every server but
the routers (network tag) from opening a connection to its address range.

WHY BASIC, 1 GB: it is a cache; when it restarts, LiteLLM misses and calls the model, as it
would without one. STANDARD_HA doubles the price to keep hits through a failover.
"""

from __future__ import annotations

import ipaddress
from typing import Sequence

import pulumi
import pulumi_gcp as gcp

from llmkit.components.apikeys import SecretValue
from llmkit.components.gcp.base import GcpBase
from llmkit.components.gcp.network import Network
from llmkit.components.gcp.secrets import create_secret
from llmkit.components.spec import DeploymentSpec

TIER, MEMORY_GB, REDIS_VERSION = "BASIC", 1, "REDIS_7_2"
TLS_PORT = "6378"  # Memorystore's port with in-transit encryption (6379 without); known at plan time


def cache_range(spec: DeploymentSpec) -> str:
    """The /29 Memorystore takes in the peered network: the first of the stack's fourth /24
    (servers use the second, the internal load balancers' proxies the third), so it is known at
    plan time and the egress rules can name it."""
    fourth = list(ipaddress.IPv4Network(spec.network_cidr).subnets(new_prefix=24))[3]
    return str(next(fourth.subnets(new_prefix=29)))


class ResponseCache:
    def __init__(self, base: GcpBase, net: Network, *, router_tag: str, readers: Sequence[pulumi.Input[str]]) -> None:
        cache = base.spec.response_cache
        if cache is None:
            raise ValueError(f"stack {base.spec.stack}: the spec has no response cache")
        reserved = cache_range(base.spec)
        self.instance = gcp.redis.Instance(
            base.name("cache"),
            tier=TIER, memory_size_gb=MEMORY_GB, redis_version=REDIS_VERSION, region=base.region,
            authorized_network=net.network.id, connect_mode="DIRECT_PEERING", reserved_ip_range=reserved,
            auth_enabled=True, transit_encryption_mode="SERVER_AUTHENTICATION",
            display_name=f"llmkit {base.spec.stack} response cache", labels=base.labels, opts=base.opts(),
        )
        self.secret = create_secret(base, cache.auth_secret, SecretValue(self.instance.auth_string, generated=False), readers)
        self._firewall(base, net, "cache-egress-routers", 900, [router_tag], reserved, allow=True)
        self._firewall(base, net, "cache-egress-others", 1000, [], reserved, allow=False)

    @staticmethod
    def _firewall(base: GcpBase, net: Network, name: str, priority: int, tags: list[str], reserved: str,
                  *, allow: bool) -> None:
        gcp.compute.Firewall(
            base.name(name), network=net.network.id, direction="EGRESS", priority=priority,
            destination_ranges=[reserved], target_tags=tags or None,
            allows=[gcp.compute.FirewallAllowArgs(protocol="tcp", ports=[TLS_PORT])] if allow else None,
            denies=None if allow else [gcp.compute.FirewallDenyArgs(protocol="tcp", ports=[TLS_PORT])],
            description="the response cache: routers only" if allow else "the response cache: no other server",
            opts=base.opts(),
        )

    @property
    def host(self) -> pulumi.Output[str]:
        return self.instance.host

    @property
    def port(self) -> pulumi.Output[str]:
        return self.instance.port.apply(str)

    @property
    def ca(self) -> pulumi.Output[str]:
        """The PEM of the CA that signs the instance's TLS certificate (public)."""
        return self.instance.server_ca_certs.apply(lambda certs: "".join(c.cert or "" for c in certs or []))
