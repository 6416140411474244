"""Azure cost models: virtual machines and scale sets with their managed disks, and the
services LLM agent stacks add around the model: App Service plans, Azure OpenAI deployments, Cache for Redis, Cosmos DB, Azure AI Search and Log
Analytics (Container Apps is ``models.common.ServerlessContainer``).

The snapshot holds no sourced price for most of them yet: a missing row makes the resource
unknown-input naming the price (fetchable by a live price refresh), never $0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Optional

from llmkit.core.records import record
from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.preview.resources.base import UnknownInput, UsageKey, usage_key
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.lines import autoscaled, global_platform, total
from llmkit.pricing.preview.resources.models.common import LOG_INGEST_GB, MILLION, STORAGE_GB, Hourly, ScaledGroup, global_row, optional_row, per_million

REQUEST_UNITS = usage_key("monthly_request_units", "request units", "request units consumed per month (serverless)", 1_000_000)
INPUT_TOKENS = usage_key("monthly_input_tokens", "tokens", "input tokens per month", 10_000_000)
OUTPUT_TOKENS = usage_key("monthly_output_tokens", "tokens", "output tokens per month", 2_000_000)


class AppServicePlan(Hourly):
    """Instances of a plan SKU (B1, S1, P1v3 ...) by operating system."""


class RedisCache(Hourly):
    """An Azure Cache for Redis of a SKU (``standard_c1``, ``premium_p1``); Premium shards multiply."""


class SearchService(Hourly):
    """Azure AI Search search units (replicas x partitions) of a tier."""


class ProvisionedThroughput(Hourly):
    """Cosmos DB provisioned RU/s on a database or container, per 100 RU/s-hour, per region."""


class OpenAIProvisioned(Hourly):
    """An Azure OpenAI provisioned deployment: PTUs x hours of its deployment type."""


class OpenAIPayAsYouGo:
    """An Azure OpenAI standard (pay-as-you-go) deployment: input and output tokens from usage.

    Azure prices tokens per deployment type (Standard, GlobalStandard, DataZoneStandard) and per
    model version (gpt-4o 2024-05-13 costs twice 2024-08-06), so the catalog row is keyed by all
    three (``openai_tokens_1m:<sku>:<model>:<version>:<input|output>``); a catalog LLM row of
    provider ``azure`` (live price map) is the fallback. OpenAI's own rate for the same model is
    not assumed: without an Azure price the deployment is unknown-input naming what is missing."""

    USAGE: tuple[UsageKey, ...] = (INPUT_TOKENS, OUTPUT_TOKENS)
    DIRECTIONS = (("Input tokens", INPUT_TOKENS, "input"), ("Output tokens", OUTPUT_TOKENS, "output"))

    def __init__(self, model: str, sku: str, version: Optional[str] = None) -> None:
        self.model, self.sku, self.version = model, sku, version

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        rows = self._version_rows(prices)
        if rows is not None:
            version = f" {self.version}" if self.version else ""
            return [per_million(prices, f"{label} ({self.model}{version}, {self.sku})", key, row)
                    for (label, key, _), row in zip(self.DIRECTIONS, rows)]
        try:
            llm = prices.catalog.llm(f"azure/{self.model}")
        except LookupError:
            llm = None
        if llm is None or llm.provider != "azure":
            version = f"version {self.version}" if self.version else "no model version set"
            raise UnknownInput(f"no catalog Azure token price for model {self.model} ({version}, {self.sku} deployment)")
        lines = []
        for label, key, price in (("Input tokens", INPUT_TOKENS, llm.input_per_million), ("Output tokens", OUTPUT_TOKENS, llm.output_per_million)):
            qty = prices.usage.get(key.name)
            lines.append(CostComponent(
                f"{label} ({self.model})", "1M tokens", None if qty is None else qty / MILLION, price, llm.source, llm.as_of,
                usage_key=key.name, usage_source=prices.usage_sources.get(key.name),
            ))
        return lines

    def _version_rows(self, prices: PriceContext) -> Optional[list[Any]]:
        """The input and output rows of this deployment type, model and version, or None.

        A deployment that names no version gets Azure's default one, which the preview does not
        know: it is priced only where that cannot matter, by the row for the model's name
        without a version (version ``*``), or else where every version the catalog has for
        this deployment type and model costs the same (and a note says so)."""
        if self.version:
            return self._rows(prices, self.version)
        rows = self._rows(prices, "*")
        if rows is not None:
            return rows
        prefix = f"openai_tokens_1m:{self.sku}:{self.model}:".lower()
        named = {p.item[len(prefix):].rpartition(":")[0] for p in prices.catalog.platforms(prices.cloud) if p.item.lower().startswith(prefix)}
        priced = {v: r for v, r in ((v, self._rows(prices, v)) for v in sorted(named)) if r is not None}
        rates = {tuple(row.price for row in r) for r in priced.values()}
        if len(rates) != 1:
            return None
        prices.notes.append(f"{self.model} {self.sku} deployment names no model version: priced at the rate every version "
                            f"in the catalog shares ({', '.join(priced)})")
        return next(iter(priced.values()))

    def _rows(self, prices: PriceContext, version: str) -> Optional[list[Any]]:
        """Both rows of one version. A global deployment type bills one token price whatever the
        resource's region (LiteLLM's map lists it with no region), so its rows are read at the
        cloud's default region and a deployment in any region is priced."""
        region = None if self.sku.startswith("Global") else prices.need_region()
        rows = [prices.catalog.find_platform(prices.cloud, region, f"openai_tokens_1m:{self.sku}:{self.model}:{version}:{direction}")
                for _, _, direction in self.DIRECTIONS]
        return rows if all(rows) else None


class CosmosAccount:
    """A Cosmos DB account: stored data (usage) in every region, and for a serverless account the
    request units consumed (usage); provisioned throughput is priced on its databases and
    containers."""

    USAGE: tuple[UsageKey, ...] = (STORAGE_GB, REQUEST_UNITS)

    def __init__(self, serverless: bool, regions: int) -> None:
        self.serverless, self.regions = serverless, regions

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        storage = prices.platform("cosmos_storage_gb_month", what="Cosmos DB storage")
        lines = [prices.usage_line(f"Storage ({self.regions} region(s))", STORAGE_GB.name, storage, scale=Decimal(self.regions), unit="GB-months")]
        if self.serverless:
            ru = prices.platform("cosmos_serverless_ru_1m", what="Cosmos DB serverless request units")
            lines.append(per_million(prices, "Request units (serverless)", REQUEST_UNITS, ru))
        return lines


class LogWorkspace:
    """A Log Analytics workspace (and workspace-based Application Insights): data ingested."""

    USAGE: tuple[UsageKey, ...] = (LOG_INGEST_GB,)

    def __init__(self, label: str, note: Optional[str] = None) -> None:
        self.label, self.note = label, note

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        if self.note:
            prices.notes.append(self.note)
        row = prices.platform("log_ingest_gb", what="Log Analytics ingestion")
        return [prices.usage_line(self.label, LOG_INGEST_GB.name, row, unit="GB")]


class SqlDatabase:
    """An Azure SQL database: DTU tiers (Basic, S0..S12, P1..) include their storage; vCore
    SKUs (GP_Gen5_2, BC_Gen5_4 ...) bill compute per hour and data storage per GB apart, which
    is named unknown where the catalog has no storage price (or no size is set)."""

    USAGE: tuple[UsageKey, ...] = ()

    def __init__(self, sku: str, vcore: bool, max_size_gb: Optional[Decimal], zone_redundant: bool) -> None:
        self.sku, self.vcore, self.max_size_gb, self.zone_redundant = sku, vcore, max_size_gb, zone_redundant

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform(f"db_instance_hour:{self.sku}", what=f"SQL database SKU {self.sku}")
        lines = [prices.hours(f"SQL database ({self.sku})", row, row.price)]
        if self.zone_redundant:
            prices.notes.append("zone redundancy is priced at the SKU's rate (its surcharge is not in the catalog)")
        if self.vcore:
            edition = self.sku.split("_", 1)[0]
            storage = prices.catalog.find_platform(prices.cloud, prices.need_region(), f"db_storage_gb_month:{edition}")
            name = f"Data storage ({edition}{'' if self.max_size_gb is None else f', {self.max_size_gb} GB'})"
            if storage is None or self.max_size_gb is None:
                lines.append(CostComponent.unknown_part(name, "GB-months", "data storage " + ("size" if storage is not None else "price")))
            else:
                lines.append(prices.fixed(name, storage, self.max_size_gb, unit="GB-months"))
        return lines


CDN_GB = usage_key("monthly_outbound_gb", "GB", "data delivered to users per month (first 10 TB tier)", 100)
PEERING_IN_GB = usage_key("monthly_inbound_gb", "GB", "data received over the peering per month", 100)
PEERING_OUT_GB = usage_key("monthly_outbound_gb", "GB", "data sent over the peering per month", 100)
SERVERLESS_SQL_TB = usage_key("monthly_serverless_sql_tb", "TB", "data processed by serverless SQL queries per month", 1)
BUILTIN_ACTIONS = usage_key("monthly_builtin_actions", "actions", "built-in trigger and action executions per month", 100_000)
STANDARD_CALLS = usage_key("monthly_standard_connector_calls", "calls", "standard connector executions per month", 10_000)
ENTERPRISE_CALLS = usage_key("monthly_enterprise_connector_calls", "calls", "enterprise connector executions per month", 0)
RUN_HOURS = usage_key("monthly_hours", "hours", "hours the container group runs per month (restart policy OnFailure / Never)", 100)
SPARK_HOURS = usage_key("monthly_hours", "hours", "hours the Spark pool's nodes run per month", 10)


class CdnEndpoint:
    """An Azure CDN endpoint: data delivered, at the first-tier rate of its profile's SKU (a
    global service: the rate does not depend on the stack's region)."""

    USAGE: tuple[UsageKey, ...] = (CDN_GB,)
    REGIONAL = False

    def __init__(self, sku: str) -> None:
        self.sku = sku

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = global_row(prices, f"azure_cdn_egress_gb:{self.sku.lower()}", f"Azure CDN {self.sku} data transfer")
        return [prices.usage_line(f"Outbound data transfer ({self.sku}, first 10 TB)", CDN_GB.name, row, unit="GB")]


class VnetPeering:
    """A peering between two virtual networks of one region: data in and out of it, per GB."""

    USAGE: tuple[UsageKey, ...] = (PEERING_IN_GB, PEERING_OUT_GB)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        inbound = prices.platform("vnet_peering_gb:inbound", what="intra-region VNet peering inbound data")
        outbound = prices.platform("vnet_peering_gb:outbound", what="intra-region VNet peering outbound data")
        return [prices.usage_line("Inbound data transfer", PEERING_IN_GB.name, inbound, unit="GB"),
                prices.usage_line("Outbound data transfer", PEERING_OUT_GB.name, outbound, unit="GB")]


class SynapseWorkspace:
    """A Synapse workspace's serverless SQL pool: data processed, per TB (dedicated SQL and
    Spark pools are priced on their own resources)."""

    USAGE: tuple[UsageKey, ...] = (SERVERLESS_SQL_TB,)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("synapse_serverless_sql_tb", what="Synapse serverless SQL")
        return [prices.usage_line("Serverless SQL data processed", SERVERLESS_SQL_TB.name, row, unit="TB")]


class SparkPool:
    """A Synapse Spark pool (memory optimized): vCore-hours while it runs, its nodes' vCores x
    the hours from usage. The bundled snapshot holds no sourced vCore-hour (the one Infracost
    golden with Spark pools prints West Europe lines that do not pin it): offline it is
    unknown-input naming the price; the live Retail Prices lookup prices it."""

    USAGE: tuple[UsageKey, ...] = (SPARK_HOURS,)

    def __init__(self, size: str, vcores: int, nodes: int) -> None:
        self.size, self.vcores, self.nodes = size, vcores, nodes

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("synapse_spark_vcore_hour:memory_optimized", what="Synapse Spark memory-optimized vCore-hour")
        return [prices.usage_line(f"{self.size} nodes ({self.nodes} x {self.vcores} vCores)", SPARK_HOURS.name, row,
                                  scale=Decimal(self.nodes * self.vcores), unit="vCore-hours")]


class ContainerGroup:
    """A Linux container group (Azure Container Instances): its containers' requested vCPUs and
    memory (GB), per hour. A group that restarts Always runs all month; one that runs to
    completion (OnFailure / Never) runs the hours from usage. The bundled snapshot holds no
    sourced rate: offline it is unknown-input naming it; the live Retail Prices lookup prices it."""

    USAGE: tuple[UsageKey, ...] = (RUN_HOURS,)

    def __init__(self, vcpus: Decimal, memory_gb: Decimal, always: bool) -> None:
        self.vcpus, self.memory_gb, self.always = vcpus, memory_gb, always

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        cpu = prices.platform("aci_vcpu_hour", what="Container Instances vCPU-hour")
        memory = prices.platform("aci_gb_hour", what="Container Instances memory GB-hour")
        parts = ((f"vCPU ({self.vcpus.normalize()} vCPU)", cpu, self.vcpus), (f"Memory ({self.memory_gb.normalize()} GB)", memory, self.memory_gb))
        if self.always:
            return [prices.hours(name, row, row.price, count) for name, row, count in parts]
        return [prices.usage_line(name, RUN_HOURS.name, row, scale=count, unit="hours") for name, row, count in parts]


class LogicWorkflow:
    """A Logic Apps (Consumption) workflow: built-in, standard-connector and enterprise-connector
    executions, each from usage. Connector rates are sourced where the snapshot has them; the
    built-in action rate only from the live lookup (its paid tier, the free monthly allowance not
    subtracted): without it that line is an unknown part, the connectors still priced."""

    USAGE: tuple[UsageKey, ...] = (BUILTIN_ACTIONS, STANDARD_CALLS, ENTERPRISE_CALLS)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        lines = []
        for label, key, item in (("Built-in actions", BUILTIN_ACTIONS, "logic_apps_builtin_action"),
                                 ("Standard connector calls", STANDARD_CALLS, "logic_apps_standard_connector_call"),
                                 ("Enterprise connector calls", ENTERPRISE_CALLS, "logic_apps_enterprise_connector_call")):
            row = optional_row(prices, item)
            lines.append(prices.usage_line(label, key.name, row, unit=key.unit) if row is not None
                         else CostComponent.unknown_part(label, key.unit, f"{label[:-1].lower()} price"))
        if all(line.price is None for line in lines):
            raise UnknownInput(f"no catalog price for Logic Apps actions ({prices.cloud} {prices.need_region()})")
        return lines


class MetricAlertRule:
    """An Azure Monitor metric alert rule, per month (one monitored time series). Rules live in
    location "global", which has no regional price: the rule is priced at the catalog's rate
    for the stack's region (or the cloud's default region), and says so."""

    USAGE: tuple[UsageKey, ...] = ()
    REGIONAL = False

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = global_platform(prices, "monitoring_alarm_month", "metric alert rule")
        return [prices.fixed("Metric alert rule (one time series)", row, 1)]


BLOB_GB = usage_key("storage_gb", "GB", "average data stored in the month", 100)
VAULT_OPS = usage_key("monthly_operations", "operations", "secret operations per month", 10000)


class BlobStorage:
    """A storage account: blob data stored (hot tier), from usage."""

    USAGE: tuple[UsageKey, ...] = (BLOB_GB,)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("object_storage_gb_month", what="blob storage")
        return [prices.usage_line("Blob storage (hot)", BLOB_GB.name, row)]


class KeyVault:
    """A Key Vault: secret operations, per 10,000, from usage."""

    USAGE: tuple[UsageKey, ...] = (VAULT_OPS,)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("secret_10k_requests", what="Key Vault operations")
        return [prices.usage_line("Secret operations", VAULT_OPS.name, row, scale=Decimal("0.0001"), unit="10k operations")]


@record
class ClassicAksCluster:
    """An AKS cluster of the classic provider: its control plane (None: the Free tier) and its
    one default node pool, priced as a scaled group with the control plane as the part that
    does not scale."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    control_plane: Optional[Hourly]
    pool: ScaledGroup

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        fixed = self.control_plane.cost(prices) if self.control_plane is not None else ()
        pool, members = self.pool, self.pool.members
        return autoscaled(prices, lambda n: members.lines(prices, n), pool.min_size, pool.desired, pool.max_size, fixed)


@record
class AksCluster:
    """An AKS managed cluster: its control plane (None: the Free tier, nothing to pay) and the
    node pools inline in it, each at its desired size; when a pool autoscales, the monthly range
    is every pool at its minimum to every pool at its maximum."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    control_plane: Optional[Hourly]
    pools: tuple[ScaledGroup, ...]

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        fixed = self.control_plane.cost(prices) if self.control_plane is not None else []
        if not self.pools:
            return fixed
        lines = fixed + [c for pool in self.pools for c in pool.members.lines(prices, pool.desired)]
        if any(pool.min_size != pool.max_size for pool in self.pools):
            low = fixed + [c for pool in self.pools for c in pool.members.lines(prices, pool.min_size)]
            high = fixed + [c for pool in self.pools for c in pool.members.lines(prices, pool.max_size)]
            prices.monthly_range = (total(low), total(high))
        return lines
