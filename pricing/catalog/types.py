"""Row types of the bundled price catalog: the contract between the catalog and its readers.

Money is ``Decimal`` (USD). A price that is not known is ``None``, never zero. Every priced row
carries ``source`` (where the figure comes from) and ``as_of`` (ISO date it was true).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal, Optional

from llmkit.core.records import record

Cloud = str  # a name in llmkit.core.clouds.CLOUDS (aws, azure, gcp, alibaba): one list of clouds
PricingModel = Literal["on-demand", "spot", "reserved-1y", "reserved-3y"]
PRICING_MODELS: tuple[str, ...] = ("on-demand", "spot", "reserved-1y", "reserved-3y")


@record
class InstancePrice:
    """One instance type in one region.

    For GCP machine types with built-in GPUs (g2, a2, a3) the hourly prices are host plus
    accelerators, and ``host_on_demand_hourly`` keeps the host part. GPU-less GCP hosts
    (n1) are priced alone; attach accelerators with ``Catalog.accelerator``.
    ``gpu_memory_gb`` is per GPU; ``total_gpu_memory_gb`` is all of them.
    """

    cloud: str
    region: str
    type: str
    vcpus: int
    memory_gb: Decimal
    gpu: Optional[str]  # name as in gpu-specs.csv (T4, A10G, L4, A100-80GB, ...)
    gpu_count: int
    gpu_memory_gb: Optional[Decimal]
    on_demand_hourly: Decimal
    spot_hourly: Optional[Decimal]
    reserved_1y_hourly: Optional[Decimal]
    reserved_3y_hourly: Optional[Decimal]
    reserved_is_assumption: bool  # True where reserved = guide's 30-50% range, not a published price
    source: str
    as_of: str
    host_on_demand_hourly: Optional[Decimal] = None
    retired: bool = False
    # True where the on-demand price is derived (another region x factor, another size x factor),
    # not published for this type and region; ``source`` gives the base and the factor.
    derived: bool = False

    @property
    def total_gpu_memory_gb(self) -> Decimal:
        return (self.gpu_memory_gb or Decimal(0)) * self.gpu_count

    def hourly(self, pricing: str = "on-demand") -> Optional[Decimal]:
        """Hourly price under a pricing model; None when that model has no price."""
        return {
            "on-demand": self.on_demand_hourly,
            "spot": self.spot_hourly,
            "reserved-1y": self.reserved_1y_hourly,
            "reserved-3y": self.reserved_3y_hourly,
        }[pricing]


@record
class AcceleratorPrice:
    """Price of ONE attachable GPU (GCP guest accelerators), per hour."""

    cloud: str
    region: str
    gpu: str  # gpu-specs name, e.g. T4
    api_name: str  # the cloud's accelerator type, e.g. nvidia-tesla-t4
    on_demand_hourly: Decimal
    spot_hourly: Optional[Decimal]
    reserved_1y_hourly: Optional[Decimal]
    reserved_3y_hourly: Optional[Decimal]
    reserved_is_assumption: bool
    source: str
    as_of: str
    derived: bool = False  # on-demand derived from another region (see source), not published

    def hourly(self, pricing: str = "on-demand") -> Optional[Decimal]:
        return {
            "on-demand": self.on_demand_hourly,
            "spot": self.spot_hourly,
            "reserved-1y": self.reserved_1y_hourly,
            "reserved-3y": self.reserved_3y_hourly,
        }[pricing]


@record
class PlatformPrice:
    """A platform service price: load balancer hour, NAT GB, disk GB-month, egress GB, ...

    ``item`` is one of PLATFORM_ITEMS (a suffix after ':' names a sub-kind, e.g. a disk type:
    ``block_storage_gb_month:gp3``). ``unit`` says what one unit is (``hour``, ``GB``,
    ``GB-month``, ``LCU-hour``, ``secret-month``, ``10k requests``, ``alarm-month``...).
    """

    cloud: str
    region: str
    item: str
    unit: str
    price: Decimal
    source: str
    as_of: str
    assumption: bool = False


@record
class TieredPlatformPrice(PlatformPrice):
    """A platform price that falls with the monthly quantity, where the source publishes the
    bands (the AWS Price List's beginRange/endRange): ``tiers`` = (first unit, end or None for
    no end, price per unit), in order; ``price`` is the first non-zero band's, for listings.
    Only live lookups make these (the bundled CSV has one price per row)."""

    tiers: tuple[tuple[Decimal, Optional[Decimal], Decimal], ...] = ()


# Platform item keys every reader may rely on (per cloud, where the cloud has the thing).
PLATFORM_ITEMS: tuple[str, ...] = (
    "lb_hour",  # application load balancer (ALB / Azure Standard LB / GCP forwarding rule)
    "lb_capacity_unit_hour",  # ALB LCU-hour; Azure LB data GB; GCP LB data GB (unit says which)
    "nlb_hour",
    "nlb_capacity_unit_hour",
    "nat_gateway_hour",
    "nat_gateway_gb",
    "block_storage_gb_month:<disk type>",  # gp3, gp2, io1, st1, sc1 | Premium_LRS, StandardSSD_LRS, Standard_LRS | pd-standard, pd-balanced, pd-ssd
    "object_storage_gb_month",
    "egress_gb",
    "public_ipv4_hour",
    "secret_month",
    "secret_10k_requests",
    "k8s_control_plane_hour",
    "monitoring_alarm_month",
    "log_ingest_gb",
    "log_storage_gb_month",
    "budget_month",
    "db_instance_hour:<class>",  # managed databases: RDS db.*, ElastiCache cache.*, Cloud SQL db-*, Azure SQL SKUs
    "db_storage_gb_month:<storage type>",  # managed database storage: RDS gp2/gp3/io1, Cloud SQL PD_SSD/PD_HDD
)

# Service price keys a region has only where a price is sourced (a missing one is an unknown
# price, named in the report): managed services priced by the two-layer pricers.
SERVICE_ITEMS: tuple[str, ...] = (
    # managed databases and caches by engine and option (RDS classes per engine use db_instance_hour:<engine>:<class>)
    "db_iops_month:<storage type>", "cache_node_hour:<engine>:<node type>",
    "monitoring_dashboard_month",  # AWS CloudWatch dashboard (GCP's are free; Azure's workbooks too)
    "aurora_storage_gb_month:<standard|io-optimized>", "aurora_io_1m", "aurora_acu_hour:<standard|io-optimized>",
    "redis_cache_hour:<sku>", "memorystore_gb_hour:<tier>",
    "cosmos_ru100_hour", "cosmos_serverless_ru_1m", "cosmos_storage_gb_month",
    "dynamodb_wru_1m", "dynamodb_rru_1m", "dynamodb_wcu_hour", "dynamodb_rcu_hour", "dynamodb_storage_gb_month",
    "firestore_reads_100k", "firestore_writes_100k", "firestore_storage_gb_month",
    # serverless and managed services around the model (per-million rows are per 1M units)
    "lambda_requests_1m", "lambda_gb_second:<architecture>", "lambda_provisioned_gb_second:<architecture>",
    "apigw_rest_requests_1m", "apigw_http_requests_1m", "sqs_requests_1m:<standard|fifo>",
    "fargate_vcpu_hour:<architecture>", "fargate_gb_hour:<architecture>",
    "ecr_storage_gb_month", "artifact_storage_gb_month", "efs_storage_gb_month:<storage class>",
    "search_instance_hour:<instance type>", "search_storage_gb_month:<volume type>",
    "opensearch_serverless_ocu_hour", "opensearch_serverless_storage_gb_month", "search_unit_hour:<sku>",
    "cdn_egress_gb", "cdn_https_10k_requests",
    "sagemaker_instance_hour:<instance type>", "vertex_node_hour:<machine type>", "openai_ptu_hour:<deployment sku>",
    "openai_tokens_1m:<deployment sku>:<model>:<version>:<input|output>",
    "container_apps_vcpu_second", "container_apps_gib_second", "container_apps_requests_1m",
    "cloud_run_vcpu_second", "cloud_run_gib_second", "cloud_run_requests_1m",
    "app_service_plan_hour:<os>:<sku>", "autopilot_vcpu_hour", "autopilot_gb_hour",
    "kms_key_month", "kinesis_shard_hour", "transit_gateway_attachment_hour", "network_firewall_endpoint_hour",
    "redshift_node_hour:<node type>", "azure_firewall_hour:<tier>", "bastion_hour:<sku>", "vpn_gateway_hour:<sku>",
    "container_registry_hour:<sku>", "synapse_dwu_hour:<sku>", "synapse_spark_vcore_hour:memory_optimized", "aci_vcpu_hour", "aci_gb_hour",
    "cognito_mau:<lite|essentials|plus>",  # Cognito user pool monthly active users, tiered (live only)
    "logic_apps_builtin_action", "logic_apps_standard_connector_call", "logic_apps_enterprise_connector_call",
    # usage-billed services (Step Functions, EventBridge, Glue, Cloud Functions) and Cloud SQL custom tiers
    "appsync_operations_1m", "appsync_realtime_updates_1m", "appsync_connection_minutes_1m",
    "sfn_transitions_1k", "sfn_express_requests_1m", "sfn_express_gb_hour", "eventbridge_events_1m", "glue_dpu_hour",
    "cloud_functions_ghz_second", "cloud_functions_gb_second", "cloud_functions_requests_1m",
    "cloud_sql_vcpu_hour", "cloud_sql_memory_gb_month",
    # DNS zones, Azure CDN traffic by profile SKU, VNet peering traffic (intra-region), Synapse serverless SQL
    "route53_hosted_zone_month", "azure_cdn_egress_gb:<profile sku>", "vnet_peering_gb:<inbound|outbound>", "synapse_serverless_sql_tb",
)


# A Cloud SQL custom machine tier, db-custom-<vCPUs>-<memory MB>: billed as its vCPUs and memory.
CLOUD_SQL_CUSTOM_TIER = re.compile(r"db-custom-(\d+)-(\d+)")


@record
class LlmPrice:
    """Hosted-LLM token prices in USD per million tokens."""

    provider: str  # openai | anthropic | google | mistral
    model: str  # canonical id, e.g. gpt-4o, claude-3-opus, gemini-2.5-pro
    input_per_million: Decimal
    output_per_million: Decimal
    cached_input_per_million: Optional[Decimal]
    context_window: Optional[int]
    retired: bool
    quality_score: Optional[int]  # the guide's section 7 score where it gives one
    source: str
    as_of: str
    aliases: tuple[str, ...] = ()


@record
class OpenModel:
    """An open-weights model the kit can self-host."""

    id: str  # llama-3.1-8b, llama-3.1-70b, mistral-7b, mixtral-8x7b, phi-3-mini, llama-2-13b ...
    name: str  # Hugging Face repo id served by vLLM
    params_b: Decimal  # total parameters, billions (weights memory)
    active_params_b: Decimal  # parameters read per token (MoE: fewer than total)
    layers: int
    kv_heads: int
    head_dim: int
    context_length: int
    license: str
    quality_score: Optional[int]
    source: str


@record
class GpuSpec:
    """Datasheet figures of one GPU model (from upstream/gpu-specs.csv)."""

    name: str
    vram_gb: Decimal
    memory_bandwidth_gb_s: Decimal
    dense_fp16_tflops: Decimal
    bf16: bool
    fp8: bool
    source: str
