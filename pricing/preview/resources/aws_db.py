"""AWS managed databases: RDS instances, Aurora cluster instances and ElastiCache nodes.

Instance classes are catalog items ``db_instance_hour:<class>``; RDS storage uses the block
storage price of its type where the catalog has no RDS-specific storage row (said so in the
component name), and Multi-AZ doubles the instance and its storage.
"""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, pricer, usage_key

AURORA_STORAGE_GB = usage_key("storage_gb", "GB", "Aurora data stored", 10)


def db_hours(ctx: PriceContext, klass: str, count: int, label: str) -> CostComponent:
    row = ctx.platform(f"db_instance_hour:{klass}", what=f"database class {klass}")
    return ctx.hours(f"{label} ({klass})", row, row.price, count)


@pricer("aws:rds/instance:Instance")
def rds_instance(ctx: PriceContext) -> list[CostComponent]:
    klass = ctx.require("instanceClass")
    copies = 2 if ctx.get("multiAz") else 1
    lines = [db_hours(ctx, klass, copies, "Database instance" + (" (Multi-AZ)" if copies == 2 else ""))]
    size = ctx.get("allocatedStorage")
    if size is None:
        if not ctx.get("snapshotIdentifier") and not ctx.get("replicateSourceDb"):
            raise UnknownInput("allocatedStorage is not set")
        return lines
    stype = ctx.get("storageType") or "gp2"
    row = ctx.catalog.find_platform("aws", ctx.need_region(), f"db_storage_gb_month:{stype}")
    label = "Database storage"
    if row is None:
        row = ctx.platform(f"block_storage_gb_month:{stype}", what=f"{stype} storage")
        label = "Database storage (at EBS price)"
    lines.append(ctx.fixed(f"{label} ({stype}, {as_int(size, 'allocatedStorage')} GB)", row, Decimal(as_int(size, "allocatedStorage")) * copies, unit="GB-months"))
    return lines


@pricer("aws:rds/clusterInstance:ClusterInstance")
def aurora_instance(ctx: PriceContext) -> list[CostComponent]:
    return [db_hours(ctx, ctx.require("instanceClass"), 1, "Aurora instance")]


@pricer("aws:elasticache/cluster:Cluster")
def elasticache_cluster(ctx: PriceContext) -> list[CostComponent]:
    node = ctx.get("nodeType")
    if node is None and ctx.get("replicationGroupId"):
        raise UnknownInput("node type comes from its replication group")
    nodes = as_int(ctx.get("numCacheNodes", default=1), "numCacheNodes")
    return [db_hours(ctx, ctx.require("nodeType"), nodes, "Cache nodes")]


@pricer("aws:elasticache/replicationGroup:ReplicationGroup")
def elasticache_group(ctx: PriceContext) -> list[CostComponent]:
    node = ctx.require("nodeType")
    if ctx.get("numCacheClusters") is not None:
        nodes = as_int(ctx.get("numCacheClusters"), "numCacheClusters")
    else:
        shards = as_int(ctx.get("numNodeGroups", default=1), "numNodeGroups")
        replicas = as_int(ctx.get("replicasPerNodeGroup", default=0), "replicasPerNodeGroup")
        nodes = shards * (replicas + 1)
    return [db_hours(ctx, node, nodes, "Cache nodes")]
