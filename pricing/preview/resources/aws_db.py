"""AWS ElastiCache nodes (node type x node count, by engine). RDS and Aurora are two-layer
pricers (``mappers/aws.py``, ``models/aws.py``)."""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, pricer


def db_hours(ctx: PriceContext, klass: str, count: int, label: str, engine: str = "redis") -> CostComponent:
    """Node hours; the catalog's ``db_instance_hour:cache.*`` rows are ElastiCache for Redis OSS,
    other engines (valkey, memcached) have rows of their own (``cache_node_hour:<engine>:<type>``)."""
    item = f"db_instance_hour:{klass}" if engine == "redis" else f"cache_node_hour:{engine}:{klass}"
    row = ctx.platform(item, what=f"{engine} node type {klass}")
    return ctx.hours(f"{label} ({engine}, {klass})", row, row.price, count)


@pricer("aws:elasticache/cluster:Cluster")
def elasticache_cluster(ctx: PriceContext) -> list[CostComponent]:
    node = ctx.get("nodeType")
    if node is None and ctx.get("replicationGroupId"):
        raise UnknownInput("node type comes from its replication group")
    nodes = as_int(ctx.get("numCacheNodes", default=1), "numCacheNodes")
    return [db_hours(ctx, ctx.require("nodeType"), nodes, "Cache nodes", str(ctx.get("engine") or "redis").lower())]


@pricer("aws:elasticache/replicationGroup:ReplicationGroup")
def elasticache_group(ctx: PriceContext) -> list[CostComponent]:
    node = ctx.require("nodeType")
    if ctx.get("numCacheClusters") is not None:
        nodes = as_int(ctx.get("numCacheClusters"), "numCacheClusters")
    else:
        shards = as_int(ctx.get("numNodeGroups", default=1), "numNodeGroups")
        replicas = as_int(ctx.get("replicasPerNodeGroup", default=0), "replicasPerNodeGroup")
        nodes = shards * (replicas + 1)
    return [db_hours(ctx, node, nodes, "Cache nodes", str(ctx.get("engine") or "redis").lower())]
