"""The routers' shared response cache on AWS: an ElastiCache for Redis OSS replication group of
one small node in the private subnets, reachable on 6379 only from the routers' security group,
with transit encryption (TLS) and an AUTH token generated once into Secrets Manager.

WHY one node, no replica: it is a cache. When the node is replaced, LiteLLM misses and calls
the model, which is what it did before there was a cache; a replica would double the price
to keep hits through a failover. WHY Redis OSS rather than Valkey: the bundled catalog has a
sourced price for Redis OSS ``cache.t3.micro`` nodes and none for Valkey, and nothing is shown
as priced that is not (pricing/catalog/data/platform.csv). The token reaches the routers only
through their instance role (load-secrets.sh), never user data.
"""

from __future__ import annotations

from typing import Sequence

import pulumi
import pulumi_aws as aws

from llmkit.components.apikeys import SecretValue, generate_key
from llmkit.components.aws.base import child, labels
from llmkit.components.aws.network import Network
from llmkit.components.aws.secrets import ApiKeySecrets
from llmkit.components.spec import DeploymentSpec

NODE_TYPE = "cache.t3.micro"  # 0.5 GiB: LLM responses are kilobytes; the smallest node with a sourced price
ENGINE, ENGINE_VERSION = "redis", "7.1"
PORT = 6379
KEY_FIELD = "response-cache"  # names its secret's resources, as the other keys' fields do


class ResponseCache:
    def __init__(
        self, name: str, spec: DeploymentSpec, net: Network, parent: pulumi.Resource,
        *, clients: Sequence[aws.ec2.SecurityGroup], keys: ApiKeySecrets,
    ) -> None:
        cache = spec.response_cache
        if cache is None:
            raise ValueError(f"stack {spec.stack}: the spec has no response cache")
        opts = child(parent)
        token = SecretValue(pulumi.Output.secret(generate_key()), generated=True)
        self.secret = keys.add(cache.auth_secret, KEY_FIELD, token, parent)
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg", vpc_id=net.vpc.id, description=f"{name}: Redis from the routers only",
            ingress=[aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp", from_port=PORT, to_port=PORT, security_groups=[c.id for c in clients],
                description="Redis (TLS) from the routers",
            )],
            tags=labels(spec, f"{name}-sg"), opts=opts,  # no egress: the cache calls nothing
        )
        subnets = aws.elasticache.SubnetGroup(
            f"{name}-subnets", description=f"{name}: the stack's private subnets",
            subnet_ids=[s.id for s in net.private_subnets], tags=labels(spec, f"{name}-subnets"), opts=opts,
        )
        self.group = aws.elasticache.ReplicationGroup(
            f"{name}",
            description=f"llmkit {spec.stack}: LiteLLM response cache",
            engine=ENGINE, engine_version=ENGINE_VERSION, node_type=NODE_TYPE, num_cache_clusters=1,
            port=PORT, subnet_group_name=subnets.name, security_group_ids=[self.security_group.id],
            transit_encryption_enabled=True, at_rest_encryption_enabled=True,
            auth_token=token.value,
            automatic_failover_enabled=False, multi_az_enabled=False,
            tags=labels(spec, name),
            # the token was drawn once, with its secret version: later runs draw a new candidate
            opts=child(parent, ignore_changes=["authToken"]),
        )
        self.port = PORT

    @property
    def host(self) -> pulumi.Output[str]:
        return self.group.primary_endpoint_address
