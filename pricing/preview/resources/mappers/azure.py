"""Azure mappers (``azure-native`` provider, camelCase inputs) -> ``models/azure.py`` and the
shared models. Older azure-native versions spelt some modules differently (``cache`` for
``redis``, ``documentdb`` for ``cosmosdb``, ``insights`` for ``applicationinsights``): the
registry maps both spellings to the same mapper."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from llmkit.pricing.preview.resources.base import NotPriced, UnknownInput, as_int, as_number
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.models import azure as m
from llmkit.pricing.preview.resources.models.common import Hourly, Metered, NoCharge, ServerlessContainer

PROVISIONED_OPENAI = ("ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged")
_MEMORY = re.compile(r"^\s*([0-9.]+)\s*(Gi|G|Mi|M)?\s*$")


def memory_gib(value: Any, what: str) -> Decimal:
    """"1.5Gi" / "512Mi" / 2 -> GiB."""
    match = _MEMORY.match(str(value))
    if value is None or not match:
        raise UnknownInput(f"{what} is not a memory size")
    number, unit = Decimal(match.group(1)), match.group(2) or "Gi"
    return number / 1024 if unit in ("Mi", "M") else number


def sql_database(ctx: PriceContext) -> m.SqlDatabase:
    name = str(ctx.require("sku", "name"))
    capacity = ctx.get("sku", "capacity")
    sku = name
    if capacity is not None and "_" in name and not name.rsplit("_", 1)[-1].isdigit():
        sku = f"{name}_{capacity}"  # vCore: GP_Gen5 + 2 vCores -> GP_Gen5_2
    vcore = "_" in sku
    size = ctx.number("maxSizeBytes")
    return m.SqlDatabase(sku=sku, vcore=vcore, max_size_gb=None if size is None else size / 1024**3,
                         zone_redundant=bool(ctx.get("zoneRedundant")))


def container_app(ctx: PriceContext) -> ServerlessContainer:
    profile = ctx.get("workloadProfileName")
    if profile and profile != "Consumption":
        raise NotPriced(f"apps on the dedicated workload profile {profile} are priced with the profile, which is not priced")
    containers = ctx.get("template", "containers") or []
    if not containers:
        raise UnknownInput("template.containers is not set")
    vcpu = sum((Decimal(str(c.get("resources", {}).get("cpu", "0.5"))) for c in containers), Decimal(0))
    mem = sum((memory_gib(c.get("resources", {}).get("memory", "1Gi"), "container memory") for c in containers), Decimal(0))
    minimum = as_int(ctx.get("template", "scale", "minReplicas", default=0), "template.scale.minReplicas")
    return ServerlessContainer("container_apps", "Container Apps", vcpu, mem, minimum)


def managed_environment(ctx: PriceContext) -> NoCharge:
    profiles = [p.get("workloadProfileType") for p in ctx.get("workloadProfiles") or [] if isinstance(p, dict)]
    dedicated = [p for p in profiles if p and p != "Consumption"]
    if dedicated:
        raise NotPriced(f"dedicated workload profiles ({', '.join(dedicated)}) are not priced")
    return NoCharge("a consumption-only environment bills through its apps")


def app_service_plan(ctx: PriceContext) -> m.AppServicePlan:
    sku = str(ctx.require("sku", "name"))
    count = as_int(ctx.get("sku", "capacity", default=1), "sku.capacity")
    os_name = "linux" if ctx.get("reserved") or "linux" in str(ctx.get("kind") or "").lower() else "windows"
    if sku.upper() in ("F1", "FREE"):
        return NoCharge("the Free (F1) plan")  # type: ignore[return-value]
    return m.AppServicePlan(f"app_service_plan_hour:{os_name}:{sku}", f"Plan instances ({count} x {sku}, {os_name})", count, f"App Service {sku} ({os_name})")


def openai_deployment(ctx: PriceContext) -> Any:
    sku = str(ctx.require("sku", "name"))
    model = str(ctx.get("properties", "model", "name") or "unknown model")
    if sku in PROVISIONED_OPENAI:
        ptus = as_int(ctx.require("sku", "capacity"), "sku.capacity")
        return m.OpenAIProvisioned(f"openai_ptu_hour:{sku}", f"Provisioned throughput ({ptus} PTU, {sku}, {model})", ptus, f"Azure OpenAI {sku} PTU")
    version = ctx.get("properties", "model", "version")
    return m.OpenAIPayAsYouGo(model, sku, None if version is None else str(version))


def redis_cache(ctx: PriceContext) -> m.RedisCache:
    tier = str(ctx.require("sku", "name")).lower()
    family = str(ctx.require("sku", "family")).lower()
    size = as_int(ctx.require("sku", "capacity"), "sku.capacity")
    shards = as_int(ctx.get("shardCount", default=1), "shardCount") if tier == "premium" else 1
    name = f"{tier}_{family}{size}"
    return m.RedisCache(f"redis_cache_hour:{name}", f"Cache ({name}{f', {shards} shards' if shards > 1 else ''})", shards, f"Azure Cache for Redis {name}")


def search_service(ctx: PriceContext) -> Any:
    sku = str(ctx.require("sku", "name")).lower()
    if sku == "free":
        return NoCharge("free tier")
    units = as_int(ctx.get("replicaCount", default=1), "replicaCount") * as_int(ctx.get("partitionCount", default=1), "partitionCount")
    return m.SearchService(f"search_unit_hour:{sku}", f"Search units ({units} x {sku})", units, f"Azure AI Search {sku} search unit")


def cosmos_account(ctx: PriceContext) -> m.CosmosAccount:
    caps = {c.get("name") for c in ctx.get("capabilities") or [] if isinstance(c, dict)}
    regions = len(ctx.get("locations") or []) or 1
    return m.CosmosAccount(serverless="EnableServerless" in caps, regions=regions)


COSMOS_ACCOUNTS = ("azure-native:cosmosdb:DatabaseAccount", "azure-native:documentdb:DatabaseAccount")


def cosmos_throughput(ctx: PriceContext) -> Any:
    """RU/s set on a database or container, reserved in every region of its account (found in
    the plan; one region when it is not). Autoscale bills the RU/s it scales to each hour, which
    preview cannot know: unknown-input."""
    throughput = ctx.get("options", "throughput")
    if ctx.get("options", "autoscaleSettings", "maxThroughput") is not None:
        raise UnknownInput("autoscale throughput depends on the load (maxThroughput is an upper bound)")
    if throughput is None:
        return NoCharge("no throughput of its own (shared from the database, or a serverless account)")
    ru = as_int(throughput, "options.throughput")
    account = ctx.referenced("accountName", COSMOS_ACCOUNTS, ctx.inputs.get("accountName")) or {}
    regions = len(account.get("locations") or []) or 1
    if account.get("enableMultipleWriteLocations") and regions > 1:
        raise NotPriced("multi-region writes are not priced")
    where = f", {regions} regions" if regions > 1 else ""
    return m.ProvisionedThroughput("cosmos_ru100_hour", f"Provisioned throughput ({ru} RU/s{where})", Decimal(ru) / 100 * regions, "Cosmos DB provisioned throughput")


def log_workspace(ctx: PriceContext) -> m.LogWorkspace:
    return m.LogWorkspace("Data ingested (Analytics logs)")


def app_insights(ctx: PriceContext) -> m.LogWorkspace:
    return m.LogWorkspace("Telemetry ingested", "workspace-based Application Insights bills ingestion at the Log Analytics rate")


# Hourly units of one price row (see mappers/aws.py).


def azure_firewall(ctx: PriceContext) -> Hourly:
    tier = str(ctx.get("sku", "tier") or "Standard")
    return Hourly(f"azure_firewall_hour:{tier}", f"Firewall deployment ({tier})", 1, f"Azure Firewall {tier}")


def bastion_host(ctx: PriceContext) -> Hourly:
    sku = str(ctx.get("sku", "name") or "Basic")
    return Hourly(f"bastion_hour:{sku}", f"Bastion host ({sku})", 1, f"Azure Bastion {sku}")


def vpn_gateway(ctx: PriceContext) -> Hourly:
    sku = str(ctx.require("sku", "name"))
    return Hourly(f"vpn_gateway_hour:{sku}", f"Gateway ({sku})", 1, f"virtual network gateway {sku}")


def container_registry(ctx: PriceContext) -> Hourly:
    sku = str(ctx.require("sku", "name"))
    return Hourly(f"container_registry_hour:{sku}", f"Registry ({sku})", 1, f"Container Registry {sku}")


def synapse_sql_pool(ctx: PriceContext) -> Hourly:
    sku = str(ctx.require("sku", "name"))
    return Hourly(f"synapse_dwu_hour:{sku}", f"Dedicated SQL pool ({sku})", 1, f"Synapse dedicated SQL pool {sku}")


CDN_PROFILES = ("azure-native:cdn:Profile",)
CLASSIC_CDN_SKUS = ("Standard_Microsoft", "Standard_Akamai", "Standard_Verizon", "Premium_Verizon")
VIRTUAL_NETWORKS = ("azure-native:network:VirtualNetwork",)


def cdn_profile(ctx: PriceContext) -> NoCharge:
    sku = str(ctx.require("sku", "name"))
    if sku not in CLASSIC_CDN_SKUS:
        raise NotPriced(f"{sku} profiles (Azure Front Door: a monthly base fee and traffic) are not priced")
    return NoCharge("a classic CDN profile bills through its endpoints' traffic")


def cdn_endpoint(ctx: PriceContext) -> m.CdnEndpoint:
    profile = ctx.referenced("profileName", CDN_PROFILES, ctx.inputs.get("profileName"))
    if profile is None:
        raise UnknownInput("the endpoint's CDN profile (its SKU sets the rate) is not in the plan")
    sku = str((profile.get("sku") or {}).get("name") or "")
    if sku not in CLASSIC_CDN_SKUS:
        raise NotPriced(f"endpoints of {sku or 'unknown'} profiles are not priced")
    return m.CdnEndpoint(sku)


def vnet_peering(ctx: PriceContext) -> m.VnetPeering:
    """Intra-region peering only: global peering bills by the two regions' zones."""
    remote_ref = ctx.get("remoteVirtualNetwork", "id")
    remote = ctx.referenced("remoteVirtualNetwork", VIRTUAL_NETWORKS, remote_ref)
    local = ctx.referenced("virtualNetworkName", VIRTUAL_NETWORKS, ctx.inputs.get("virtualNetworkName"))
    if remote is None:
        raise UnknownInput("the remote virtual network is not in the plan (its region decides the rate)")
    here = str((local or {}).get("location") or ctx.need_region()).replace(" ", "").lower()
    there = str(remote.get("location") or "").replace(" ", "").lower()
    if not there:
        raise UnknownInput("the remote virtual network's location is not set")
    if there != here:
        raise NotPriced(f"global peering ({here} to {there}) is not priced")
    return m.VnetPeering()


def synapse_workspace(ctx: PriceContext) -> m.SynapseWorkspace:
    return m.SynapseWorkspace()


# vCores per node of a Spark pool node size (learn.microsoft.com Synapse Apache Spark pool
# configurations; the same table as Infracost's synapse_spark_pool.go)
SPARK_NODE_VCORES = {"Small": 4, "Medium": 8, "Large": 16, "XLarge": 32, "XXLarge": 64}


def spark_pool(ctx: PriceContext) -> m.SparkPool:
    """Nodes: the fixed count, or an autoscaling pool's minimum (what it always runs)."""
    family = str(ctx.get("nodeSizeFamily") or "MemoryOptimized")
    if family != "MemoryOptimized":
        raise NotPriced(f"{family} Spark pools are not priced (memory-optimized ones are)")
    size = str(ctx.require("nodeSize"))
    if size not in SPARK_NODE_VCORES:
        raise NotPriced(f"node size {size} is not priced")
    if ctx.get("autoScale", "enabled"):
        nodes = as_int(ctx.require("autoScale", "minNodeCount"), "autoScale.minNodeCount")
    else:
        nodes = as_int(ctx.require("nodeCount"), "nodeCount")
    return m.SparkPool(size, SPARK_NODE_VCORES[size], nodes)


def _requested(requests: Any, key: str) -> Decimal:
    if requests.get(key) is None:
        raise UnknownInput(f"a container's resources.requests.{key} is not set")
    return as_number(requests[key], f"resources.requests.{key}")


def container_group(ctx: PriceContext) -> m.ContainerGroup:
    """Linux, Standard SKU, regular priority: the sum of the containers' requested vCPUs and GB."""
    if str(ctx.get("osType") or "Linux") != "Linux":
        raise NotPriced("Windows container groups are not priced (Linux ones are)")
    if str(ctx.get("sku") or "Standard") != "Standard" or str(ctx.get("priority") or "Regular") != "Regular":
        raise NotPriced(f"{ctx.get('sku') or 'Standard'} / {ctx.get('priority') or 'Regular'} container groups are not priced (Standard, Regular ones are)")
    containers = ctx.get("containers") or []
    if not containers:
        raise UnknownInput("containers is not set")
    requests = [(c.get("resources") or {}).get("requests") or {} for c in containers]
    if any(r.get("gpu") for r in requests):
        raise NotPriced("GPU container groups are not priced")
    vcpus = sum((_requested(r, "cpu") for r in requests), Decimal(0))
    memory = sum((_requested(r, "memoryInGB") for r in requests), Decimal(0))
    return m.ContainerGroup(vcpus, memory, always=str(ctx.get("restartPolicy") or "Always") == "Always")


def logic_workflow(ctx: PriceContext) -> m.LogicWorkflow:
    """Consumption workflows only: one in an integration service environment bills with it."""
    if ctx.get("integrationServiceEnvironment"):
        raise NotPriced("workflows in an integration service environment are priced with the environment, which is not priced")
    return m.LogicWorkflow()


# Networking and monitoring. Models without fields are made once: a mapper that returns one
# costs a resource nothing more than the pricer function it replaced.

_PUBLIC_IP = Hourly("public_ipv4_hour", "Public IP address", 1, "Public IP address")
_NAT_GATEWAY = Metered("NAT gateway", "nat_gateway_hour", "nat_gateway_gb")
_STANDARD_LB = Metered("Standard load balancer", "lb_hour", "lb_capacity_unit_hour")
_METRIC_ALERT = m.MetricAlertRule()


def public_ip(ctx: PriceContext) -> Hourly:
    """A public IP address (azure-native PublicIPAddress, classic PublicIp), per hour."""
    return _PUBLIC_IP


def load_balancer(ctx: PriceContext) -> Metered:
    sku = (ctx.get("sku", "name") or "Basic").lower()
    if sku == "basic":
        raise NotPriced("Basic load balancers are retired and carry no charge to estimate")
    if sku != "standard":
        raise NotPriced(f"{sku} load balancers are not priced")
    return _STANDARD_LB


def nat_gateway(ctx: PriceContext) -> Metered:
    return _NAT_GATEWAY


def metric_alert(ctx: PriceContext) -> m.MetricAlertRule:
    return _METRIC_ALERT


_BLOB_STORAGE = m.BlobStorage()
_KEY_VAULT = m.KeyVault()


def storage_account(ctx: PriceContext) -> m.BlobStorage:
    return _BLOB_STORAGE


def key_vault(ctx: PriceContext) -> m.KeyVault:
    return _KEY_VAULT
