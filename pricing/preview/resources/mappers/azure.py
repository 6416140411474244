"""Azure mappers (``azure-native`` provider, camelCase inputs) -> ``models/azure.py`` and the
shared models. Older azure-native versions spelt some modules differently (``cache`` for
``redis``, ``documentdb`` for ``cosmosdb``, ``insights`` for ``applicationinsights``): the
registry maps both spellings to the same mapper."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Optional

from llmkit.pricing.preview.plan import UNKNOWN
from llmkit.pricing.preview.resources.base import NotPriced, UnknownInput, as_int, as_number
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.models import azure as m
from llmkit.pricing.preview.resources.models.common import Disk, Hourly, Machines, Metered, NoCharge, ScaledGroup, ServerlessContainer, Volume

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

PUBLIC_IP = Hourly("public_ipv4_hour", "Public IP address", 1, "Public IP address")
NAT_GATEWAY = Metered("NAT gateway", "nat_gateway_hour", "nat_gateway_gb")
STANDARD_LB = Metered("Standard load balancer", "lb_hour", "lb_capacity_unit_hour")
_METRIC_ALERT = m.MetricAlertRule()


def public_ip(ctx: PriceContext) -> Hourly:
    """A public IP address (azure-native PublicIPAddress, classic PublicIp), per hour."""
    return PUBLIC_IP


def load_balancer(ctx: PriceContext) -> Metered:
    sku = (ctx.get("sku", "name") or "Basic").lower()
    if sku == "basic":
        raise NotPriced("Basic load balancers are retired and carry no charge to estimate")
    if sku != "standard":
        raise NotPriced(f"{sku} load balancers are not priced")
    return STANDARD_LB


def nat_gateway(ctx: PriceContext) -> Metered:
    return NAT_GATEWAY


def metric_alert(ctx: PriceContext) -> m.MetricAlertRule:
    return _METRIC_ALERT


_BLOB_STORAGE = m.BlobStorage()
_KEY_VAULT = m.KeyVault()


def storage_account(ctx: PriceContext) -> m.BlobStorage:
    return _BLOB_STORAGE


def key_vault(ctx: PriceContext) -> m.KeyVault:
    return _KEY_VAULT


# Virtual machines, scale sets and managed disks. azure-native 1.x spells types with
# API-version modules (``compute/v20210301``); the plan reader normalises those. Azure bills
# managed disks by size tier; the catalog's per-GB price is used and the line says the size
# it was applied to.

DEFAULT_OS_DISK_GB = 30  # marketplace Linux images
WINDOWS = "Windows VM prices (licence included) are not in the catalog"
AUTOSCALE = ("azure-native:monitor:AutoscaleSetting", "azure-native:insights:AutoscaleSetting")
_PREMIUM_CAPABLE = re.compile(r"^Standard_[A-Z]+\d+[a-z]*s[a-z]*(?:_|$)")


def default_disk_type(vm_size: str) -> str:
    """Premium SSD where the size supports premium storage (an 's' in its features), else HDD."""
    return "Premium_LRS" if _PREMIUM_CAPABLE.match(vm_size or "") else "Standard_LRS"


VM_LABEL = "VM usage"  # an Azure VM's instance line


def disk(label: str, size: Any, kind: str) -> Disk:
    """A disk of a VM: a size not set fails the VM (unknown-input); one computed at apply is an
    unknown part of it."""
    if size is None:
        raise UnknownInput(f"{label} size is not set")
    return Disk(label, None if size == UNKNOWN else as_int(size, f"{label} size"), kind)


def _os_disk(profile: Any, vm_size: str) -> Disk:
    os_disk = (profile or {}).get("osDisk") or {}
    size = os_disk.get("diskSizeGB")
    kind = ((os_disk.get("managedDisk") or {}).get("storageAccountType")) or default_disk_type(vm_size)
    if size is None:
        return disk("OS disk (assumed image default)", DEFAULT_OS_DISK_GB, kind)
    return disk("OS disk", size, kind)


def _data_disks(profile: Any, vm_size: str) -> tuple[Disk, ...]:
    out = []
    for i, data in enumerate((profile or {}).get("dataDisks") or []):
        if (data.get("createOption") or "Empty") == "Attach":
            continue  # an existing disk, priced as its own resource
        kind = ((data.get("managedDisk") or {}).get("storageAccountType")) or default_disk_type(vm_size)
        out.append(disk(f"Data disk {i + 1}", data.get("diskSizeGB"), kind))
    return tuple(out)


def _linux_only(os_profile: Any, storage: Any) -> None:
    """The catalog prices Linux VMs; a Windows VM's licence is not in it, so it is unknown."""
    publisher = str(((storage or {}).get("imageReference") or {}).get("publisher") or "")
    if (os_profile or {}).get("windowsConfiguration") or "windows" in publisher.lower():
        raise UnknownInput(WINDOWS)


def _spot(priority: Any) -> bool:
    return (priority or "").lower() == "spot"


def virtual_machine(ctx: PriceContext) -> Machines:
    size = ctx.require("hardwareProfile", "vmSize")
    profile = ctx.get("storageProfile") or {}
    _linux_only(ctx.get("osProfile") or {}, profile)
    disks = (_os_disk(profile, size),) + _data_disks(profile, size)
    return Machines(size, spot=_spot(ctx.get("priority")), disks=disks, label=VM_LABEL)


def scale_set(ctx: PriceContext) -> ScaledGroup:
    """Its capacity, or the min..max of an autoscale setting in the plan that targets it."""
    size = ctx.require("sku", "name")
    capacity = as_int(ctx.get("sku", "capacity", default=0), "sku.capacity")
    vmp = ctx.get("virtualMachineProfile") or {}
    profile = vmp.get("storageProfile") or {}
    _linux_only(vmp.get("osProfile") or {}, profile)
    shape = Machines(size, spot=_spot(vmp.get("priority")), disks=(_os_disk(profile, size),) + _data_disks(profile, size), label=VM_LABEL)
    lo = hi = capacity
    setting = ctx.referencing("targetResourceUri", AUTOSCALE, names=(ctx.get("vmScaleSetName"),))
    if not setting:
        return ScaledGroup(shape, lo, capacity, hi)
    cap = ((setting.get("profiles") or [{}])[0] or {}).get("capacity") or {}
    lo = as_int(cap.get("minimum", capacity), "autoscale minimum")
    hi = as_int(cap.get("maximum", capacity), "autoscale maximum")
    if "default" in cap and not capacity:
        capacity = as_int(cap["default"], "autoscale default")
    return ScaledGroup(shape, lo, capacity, hi, note="size range from its autoscale setting")


def managed_disk(ctx: PriceContext) -> Volume:
    size = ctx.get("diskSizeGB")
    if size is None:
        ctx.require("diskSizeGB")
    return Volume(ctx.get("sku", "name") or "Standard_LRS", as_int(size, "Managed disk size"), "Managed disk")


# The classic provider (``pulumi_azure``, azurerm-bridged): the same catalog rows as the
# azure-native types; only the property spellings differ (``size``, ``osDisk.diskSizeGb``).


def _classic_os_disk(os_disk: Any, size: str) -> Disk:
    kind = os_disk.get("storageAccountType") or default_disk_type(size)
    gb = os_disk.get("diskSizeGb")
    return disk("OS disk", gb, kind) if gb is not None else disk("OS disk (assumed image default)", DEFAULT_OS_DISK_GB, kind)


def classic_linux_vm(ctx: PriceContext) -> Machines:
    size = ctx.require("size")
    return Machines(size, spot=_spot(ctx.get("priority")), disks=(_classic_os_disk(ctx.get("osDisk") or {}, size),), label=VM_LABEL)


def windows_vm(ctx: PriceContext) -> Machines:
    raise UnknownInput(WINDOWS)


def classic_linux_scale_set(ctx: PriceContext) -> ScaledGroup:
    size = ctx.require("sku")
    count = as_int(ctx.get("instances", default=0), "instances")
    shape = Machines(size, spot=_spot(ctx.get("priority")), disks=(_classic_os_disk(ctx.get("osDisk") or {}, size),), label=VM_LABEL)
    return ScaledGroup(shape, count, count, count)


def classic_managed_disk(ctx: PriceContext) -> Volume:
    gb = ctx.get("diskSizeGb")
    if gb is None:
        raise UnknownInput("diskSizeGb is not set (size comes from the source)")
    return Volume(ctx.get("storageAccountType") or "Standard_LRS", as_int(gb, "Managed disk size"), "Managed disk")


# AKS: the control plane by SKU tier (Free has none to pay) and node pools, both the
# ``agentPoolProfiles`` inline in a ManagedCluster and separate AgentPool resources, with the
# autoscaler's min/max as the range; the classic provider's KubernetesCluster (one
# ``defaultNodePool``) and KubernetesClusterNodePool alike.

DEFAULT_NODE_DISK_GB = 128
# Property names of a node pool: azure-native (AgentPool / agentPoolProfiles) and the classic
# provider (defaultNodePool / KubernetesClusterNodePool; v5 enableAutoScaling, v6 autoScalingEnabled).
NATIVE_KEYS = {"count": "count", "auto": ("enableAutoScaling",), "priority": "scaleSetPriority", "disk": "osDiskSizeGB"}
CLASSIC_KEYS = {"count": "nodeCount", "auto": ("autoScalingEnabled", "enableAutoScaling"), "priority": "priority", "disk": "osDiskSizeGb"}
AKS_TIERS = ("standard", "paid")  # "Paid" is azure-native 1.x's name for Standard (uptime SLA)
_AKS_NATIVE_CONTROL_PLANE = Hourly("k8s_control_plane_hour", "AKS control plane (Standard tier)", 1, "AKS Standard tier")
_AKS_CLASSIC_CONTROL_PLANE = Hourly("k8s_control_plane_hour", "AKS control plane (Standard tier)", 1, "AKS control plane (Standard tier)")


def node_pool(pool: Any, label: str, keys: Any = NATIVE_KEYS) -> ScaledGroup:
    """One AKS node pool: its nodes (each with an OS disk unless the disk is ephemeral) from its
    count, or from minCount..maxCount when the autoscaler is on."""
    size = pool.get("vmSize")
    if not size or size == UNKNOWN:
        raise UnknownInput(f"{label}.vmSize is not set")
    count = as_int(pool.get(keys["count"], pool.get("minCount", 1)), f"{label}.{keys['count']}")
    lo = hi = count
    if any(pool.get(k) for k in keys["auto"]):
        lo = as_int(pool.get("minCount", count), f"{label}.minCount")
        hi = as_int(pool.get("maxCount", count), f"{label}.maxCount")
    name = pool.get("name") or label
    disks: tuple[Disk, ...] = ()
    if (pool.get("osDiskType") or "").lower() != "ephemeral":
        gb = pool.get(keys["disk"]) or DEFAULT_NODE_DISK_GB
        disks = (disk(f"Node OS disk {name}", gb, default_disk_type(size)),)
    return ScaledGroup(Machines(size, spot=_spot(pool.get(keys["priority"])), disks=disks, label=f"Nodes {name}"), lo, count, hi)


def _control_plane(tier: Any, plane: Hourly) -> Optional[Hourly]:
    """The control plane of a cluster's SKU tier: none to pay on Free, unknown on a tier the
    catalog does not price."""
    tier = (tier or "Free").lower()
    if tier == "free":
        return None
    if tier not in AKS_TIERS:
        raise UnknownInput(f"no catalog price for the AKS {tier} tier")
    return plane


def managed_cluster(ctx: PriceContext) -> m.AksCluster:
    plane = _control_plane(ctx.get("sku", "tier"), _AKS_NATIVE_CONTROL_PLANE)
    pools = tuple(node_pool(p or {}, f"agentPoolProfiles[{i}]") for i, p in enumerate(ctx.get("agentPoolProfiles") or []))
    return m.AksCluster(plane, pools)


def agent_pool(ctx: PriceContext) -> ScaledGroup:
    return node_pool(ctx.inputs, "agent pool")


def classic_kubernetes_cluster(ctx: PriceContext) -> m.ClassicAksCluster:
    plane = _control_plane(ctx.get("skuTier"), _AKS_CLASSIC_CONTROL_PLANE)
    return m.ClassicAksCluster(plane, node_pool(ctx.get("defaultNodePool") or {}, "defaultNodePool", CLASSIC_KEYS))


def classic_node_pool(ctx: PriceContext) -> ScaledGroup:
    return node_pool(ctx.inputs, "node pool", CLASSIC_KEYS)
