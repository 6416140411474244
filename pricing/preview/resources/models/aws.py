"""AWS cost models: EC2 instances and the members of Auto Scaling and EKS node groups, load
balancers, buckets, managed databases (RDS per engine and licence, Aurora clusters and
instances) and the serverless and managed services LLM agent stacks put around the model
(Lambda, API Gateway, SQS, DynamoDB, ECS on Fargate, ECR, EFS, OpenSearch, CloudFront,
SageMaker endpoints).

Prices are catalog platform rows; a row the catalog lacks makes the line unknown (named) or
the resource unknown-input, never $0. Free tiers are not subtracted (as Infracost does not):
the figures are list prices for the usage given.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, ClassVar, Optional

from llmkit.core.records import record
from llmkit.pricing.cost_component import HOURS, CostComponent
from llmkit.pricing.preview.resources.base import UnknownInput, UsageKey, usage_key
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.lines import disk_line
from llmkit.pricing.preview.resources.models.common import (
    LOG_INGEST_GB,
    MONTHLY_REQUESTS,
    OBJECT_STORAGE_GB,
    REQUEST_DURATION_MS,
    STORAGE_GB,
    StoredGigabytes,
    global_row,
    optional_row,
    per_million,
    product_line,
)

GP3_BASELINE_IOPS = 3000  # included with RDS gp3 storage below 400 GB (aws.amazon.com/rds/pricing/)
GP3_BASELINE_LIMIT_GB = 400

AURORA_STORAGE_GB = usage_key("storage_gb", "GB", "Aurora data stored", 10)
AURORA_IO = usage_key("monthly_io_requests", "I/O requests", "Aurora storage I/O requests per month", 1_000_000)
AURORA_EXTRA_ACU_HOURS = usage_key("monthly_additional_acu_hours", "ACU-hours", "Serverless v2 ACU-hours above the minimum capacity", 0)
WRITE_UNITS = usage_key("monthly_write_request_units", "request units", "on-demand write request units per month", 1_000_000)
READ_UNITS = usage_key("monthly_read_request_units", "request units", "on-demand read request units per month", 1_000_000)
OCU_HOURS = usage_key("monthly_ocu_hours", "OCU-hours", "OpenSearch Compute Unit hours per month (indexing + search)", 730)
CDN_GB = usage_key("monthly_data_transfer_gb", "GB", "data transferred out to viewers per month", 100)
LOG_STORED_GB = usage_key("storage_gb", "GB", "log data retained", 20)
SECRET_REQUESTS = usage_key("monthly_requests", "requests", "API requests per month", 10000)
MONTHLY_ACTIVE_USERS = usage_key("monthly_active_users", "MAU", "users with a sign-in, sign-up, token refresh or other identity operation in the month", 1000)
CDN_REQUESTS = usage_key("monthly_https_requests", "requests", "HTTPS requests per month", 1_000_000)


def db_class_row(prices: PriceContext, engine: str, klass: str) -> Optional[Any]:
    """The hourly row of a DB class for an engine (``db_instance_hour:<engine>:<class>``). The
    snapshot's first rows are RDS for PostgreSQL without an engine in the key; they price
    ``postgres`` only, never another engine."""
    row = optional_row(prices, f"db_instance_hour:{engine}:{klass}")
    if row is None and engine == "postgres":
        row = optional_row(prices, f"db_instance_hour:{klass}")
    return row


@record
class RdsInstance:
    """An RDS DB instance: engine (with its licence model), class, Multi-AZ, storage and IOPS."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    engine: Optional[str]  # mysql, postgres, mariadb, sqlserver-ex/web/se/ee, oracle-se2 ... (None: not set)
    byol: bool  # bring-your-own-license (commercial engines): priced apart from licence-included
    klass: str
    multi_az: bool
    storage_type: str
    storage_gb: Optional[int]  # None: comes from a snapshot or source instance
    iops: Optional[int]
    iops_unknown: bool = False  # IOPS set but computed at apply

    @property
    def price_engine(self) -> Optional[str]:
        return None if self.engine is None else self.engine + ("-byol" if self.byol else "")

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        copies = 2 if self.multi_az else 1
        az = " (Multi-AZ)" if self.multi_az else ""
        return [self._instance(prices, copies, az), *self._storage(prices, copies, az)]

    def _instance(self, prices: PriceContext, copies: int, az: str) -> CostComponent:
        engine = self.price_engine
        name = f"Database instance{az} ({engine or 'engine not set'}, {self.klass})"
        row = None if engine is None else db_class_row(prices, engine, self.klass)
        if row is None:
            what = "engine" if engine is None else f"instance price ({engine} {self.klass})"
            return CostComponent.unknown_part(name, "hours", what)
        return prices.hours(name, row, row.price, copies)

    def _storage(self, prices: PriceContext, copies: int, az: str) -> list[CostComponent]:
        stype = self.storage_type
        if self.storage_gb is None:
            return [CostComponent.unknown_part(f"Database storage{az} ({stype})", "GB-months", "storage size")]
        size = self.storage_gb
        row = optional_row(prices, f"db_storage_gb_month:{stype}")
        label = f"Database storage{az}"
        if row is None:
            row = optional_row(prices, f"block_storage_gb_month:{stype}")
            label += " (at EBS price)"
        lines = [
            prices.fixed(f"{label} ({stype}, {size} GB)", row, Decimal(size) * copies, unit="GB-months")
            if row is not None else CostComponent.unknown_part(f"{label} ({stype}, {size} GB)", "GB-months", f"{stype} storage price")
        ]
        if self.iops_unknown and stype in ("io1", "io2", "gp3"):
            lines.append(CostComponent.unknown_part(f"Provisioned IOPS{az} ({stype})", "IOPS-months", "provisioned IOPS"))
        extra = self._billed_iops(size)
        if extra:
            name = f"Provisioned IOPS{az} ({stype}, {extra})"
            iops_row = optional_row(prices, f"db_iops_month:{stype}")
            if iops_row is None:
                lines.append(CostComponent.unknown_part(name, "IOPS-months", "provisioned IOPS price"))
            else:
                lines.append(prices.fixed(name, iops_row, extra * copies, unit="IOPS-months"))
        return lines

    def _billed_iops(self, size: int) -> int:
        """IOPS billed on top of storage: all of them on io1/io2, those above the included
        baseline on gp3 (0 when the baseline is not known for this size)."""
        if not self.iops:
            return 0
        if self.storage_type in ("io1", "io2"):
            return self.iops
        if self.storage_type == "gp3" and size < GP3_BASELINE_LIMIT_GB:
            return max(0, self.iops - GP3_BASELINE_IOPS)
        return 0


@record
class AuroraCluster:
    """An Aurora cluster's own charges: storage and I/O (usage-based; I/O-Optimized bundles I/O
    into a higher storage rate) and Serverless v2 capacity (the minimum ACUs run all month)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (AURORA_STORAGE_GB, AURORA_IO, AURORA_EXTRA_ACU_HOURS)

    engine: str
    io_optimized: bool
    acu_min: Optional[Decimal]  # Serverless v2 scaling; None: provisioned instances only

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        config = "io-optimized" if self.io_optimized else "standard"
        storage = prices.platform(f"aurora_storage_gb_month:{config}", what=f"Aurora {config} storage")
        lines = [prices.usage_line(f"Storage ({config})", AURORA_STORAGE_GB.name, storage, unit="GB-months")]
        if not self.io_optimized:
            io = prices.platform("aurora_io_1m", what="Aurora I/O requests")
            lines.append(per_million(prices, "I/O requests", AURORA_IO, io))
        if self.acu_min is not None:
            acu = optional_row(prices, f"aurora_acu_hour:{config}")
            if acu is None:
                lines.append(CostComponent.unknown_part(f"Serverless v2 capacity ({config})", "ACU-hours", f"{config} ACU price"))
            else:
                lines.append(prices.hours(f"Serverless v2 minimum capacity ({self.acu_min} ACU)", acu, acu.price, self.acu_min))
                lines.append(prices.usage_line("Serverless v2 capacity above the minimum", AURORA_EXTRA_ACU_HOURS.name, acu, unit="ACU-hours"))
        return lines


@record
class AuroraInstance:
    """A provisioned Aurora instance (hours of its class for the cluster's engine); a
    ``db.serverless`` instance bills as ACUs on its cluster."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    engine: str
    klass: str

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        if self.klass == "db.serverless":
            prices.notes.append("Serverless v2 instance: its capacity is priced as ACUs on the cluster")
            return []
        row = db_class_row(prices, self.engine, self.klass)
        if row is None:
            raise UnknownInput(f"no catalog price for {self.engine} {self.klass} ({prices.cloud} {prices.region})")
        return [prices.hours(f"Aurora instance ({self.engine}, {self.klass})", row, row.price)]


@record
class CacheNodes:
    """ElastiCache nodes of one type. The catalog's ``db_instance_hour:cache.*`` rows are
    ElastiCache for Redis OSS; other engines (valkey, memcached) have rows of their own
    (``cache_node_hour:<engine>:<type>``) and are unknown where the catalog has none."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    engine: str
    node_type: str
    nodes: int

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        item = f"db_instance_hour:{self.node_type}" if self.engine == "redis" else f"cache_node_hour:{self.engine}:{self.node_type}"
        row = prices.platform(item, what=f"{self.engine} node type {self.node_type}")
        return [prices.hours(f"Cache nodes ({self.engine}, {self.node_type})", row, row.price, self.nodes)]


@record
class LambdaFunction:
    """Requests and GB-seconds of duration (memory x time), both from usage."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (MONTHLY_REQUESTS, REQUEST_DURATION_MS)

    memory_mb: int
    architecture: str  # x86_64 | arm64

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        requests = prices.platform("lambda_requests_1m", what="Lambda requests")
        duration = prices.platform(f"lambda_gb_second:{self.architecture}", what=f"Lambda {self.architecture} duration")
        gb_per_ms = Decimal(self.memory_mb) / 1024 / 1000
        return [
            per_million(prices, "Requests", MONTHLY_REQUESTS, requests),
            product_line(prices, f"Duration ({self.architecture}, {self.memory_mb} MB)", "GB-seconds", duration, (MONTHLY_REQUESTS, REQUEST_DURATION_MS), gb_per_ms),
        ]


@record
class LambdaProvisionedConcurrency:
    """Provisioned concurrency kept warm all month: executions x the function's memory in GB x
    the month's seconds, in GB-seconds of its architecture. No bundled price is sourced (the
    one Infracost golden line does not pin it): offline it is unknown-input naming the price;
    the live Price List lookup prices it. Invocations it serves bill on the function at the
    on-demand duration rate there (AWS's lower provisioned duration rate is not applied)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    executions: int
    memory_mb: int
    architecture: str  # x86_64 | arm64

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform(f"lambda_provisioned_gb_second:{self.architecture}", what=f"Lambda provisioned concurrency ({self.architecture})")
        gb_seconds = Decimal(self.executions) * Decimal(self.memory_mb) / 1024 * HOURS * 3600
        name = f"Provisioned concurrency ({self.executions} x {self.memory_mb} MB, {self.architecture})"
        return [prices.fixed(name, row, gb_seconds, unit="GB-seconds")]


# Cognito's free tier per feature plan (MAU per month per ACCOUNT): Lite and Essentials 10,000,
# Plus none. Source: aws.amazon.com/cognito/pricing/, as transcribed verbatim by
# api-evangelist/amazon-cognito plans/amazon-cognito-plans-pricing.yml (page read 2026-09-20).
COGNITO_FREE_MAU = {"lite": Decimal(10_000), "essentials": Decimal(10_000), "plus": Decimal(0)}
COGNITO_FREE_SOURCE = "Amazon Cognito pricing page (aws.amazon.com/cognito/pricing/): free tier per account"
COGNITO_FREE_AS_OF = "2026-09-20"


@record
class CognitoUserPool:
    """A user pool: its monthly active users (usage) across the MAU bands of its feature plan,
    one line per band used. No price is bundled (none citable at hand): the bands come from the
    AWS Price List through `llmkit prices refresh` or an online run. The free tier is counted
    once: as the Price List's band priced 0 from the first user where it lists one, else as the
    pricing page's allowance (COGNITO_FREE_MAU) before the bands, which then count billable
    users. The free tier is per account, not per pool: a second pool in the account gets it
    again here, so its line names that. With no usage given the pool is usage-based; with usage
    but no cached price it is unknown-input naming the command that fetches it."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (MONTHLY_ACTIVE_USERS,)

    plan: str  # lite | essentials | plus

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        from llmkit.pricing.catalog.loader import refresh_hint

        key = MONTHLY_ACTIVE_USERS.name
        what, given = f"Monthly active users ({self.plan.capitalize()})", prices.usage_sources.get(key)
        users = prices.usage.get(key)
        row = optional_row(prices, f"cognito_mau:{self.plan}")
        if users is None:
            return [prices.usage_line(what, key, row) if row is not None else
                    CostComponent(what, "MAU", None, None, "", "", usage_key=key, usage_source=given)]
        if row is None:
            region = prices.need_region()
            raise UnknownInput(f"no cached price for Cognito {self.plan} MAU (aws {region}): "
                               f"`{refresh_hint('aws', region)} --service services` fetches it")
        tiers = getattr(row, "tiers", ()) or ((Decimal(0), None, row.price),)
        free = Decimal(0) if tiers[0][2] == 0 else COGNITO_FREE_MAU[self.plan]
        lines = []
        if free and users:
            lines.append(CostComponent(f"{what}, first {free:,.0f} free (free tier per account)", "MAU", min(users, free), Decimal(0),
                                       COGNITO_FREE_SOURCE, COGNITO_FREE_AS_OF, usage_key=key, usage_source=given))
        for start, end, price in tiers:
            used = max(Decimal(0), (users - free if end is None else min(users - free, end)) - start)
            if used > 0:
                band = f"{start + free:,.0f}+" if end is None else f"{start + free:,.0f}-{end + free:,.0f}"
                lines.append(CostComponent(f"{what}, {band}", "MAU", used, price, row.source, row.as_of, usage_key=key, usage_source=given))
        return lines


@record
class ApiGateway:
    """A REST or HTTP API: requests from usage (first pricing tier)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (MONTHLY_REQUESTS,)

    kind: str  # rest | http

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform(f"apigw_{self.kind}_requests_1m", what=f"API Gateway {self.kind.upper()} API requests")
        return [per_million(prices, f"{self.kind.upper()} API requests", MONTHLY_REQUESTS, row)]


@record
class SqsQueue:
    USAGE: ClassVar[tuple[UsageKey, ...]] = (MONTHLY_REQUESTS,)

    fifo: bool

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        kind = "fifo" if self.fifo else "standard"
        row = prices.platform(f"sqs_requests_1m:{kind}", what=f"SQS {kind} requests")
        return [per_million(prices, f"Requests ({kind})", MONTHLY_REQUESTS, row)]


@record
class DynamoTable:
    """Provisioned capacity (WCU/RCU hours) or on-demand request units, plus storage."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (WRITE_UNITS, READ_UNITS, STORAGE_GB)

    on_demand: bool
    write_capacity: int
    read_capacity: int

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        if self.on_demand:
            wru = prices.platform("dynamodb_wru_1m", what="DynamoDB write request units")
            rru = prices.platform("dynamodb_rru_1m", what="DynamoDB read request units")
            lines = [per_million(prices, "Write request units", WRITE_UNITS, wru), per_million(prices, "Read request units", READ_UNITS, rru)]
        else:
            wcu = prices.platform("dynamodb_wcu_hour", what="DynamoDB write capacity")
            rcu = prices.platform("dynamodb_rcu_hour", what="DynamoDB read capacity")
            lines = [
                prices.hours(f"Write capacity ({self.write_capacity} WCU)", wcu, wcu.price, self.write_capacity),
                prices.hours(f"Read capacity ({self.read_capacity} RCU)", rcu, rcu.price, self.read_capacity),
            ]
        storage = optional_row(prices, "dynamodb_storage_gb_month")
        if storage is None:
            return lines + [CostComponent.unknown_part("Storage", "GB-months", "storage price")]
        return lines + [prices.usage_line("Storage", STORAGE_GB.name, storage, unit="GB-months")]


@record
class FargateService:
    """ECS tasks on Fargate: vCPU-hours and GB-hours of the task size, all month."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    vcpu: Decimal
    memory_gb: Decimal
    tasks: int
    architecture: str  # x86_64 | arm64

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        arch = self.architecture
        cpu = prices.platform(f"fargate_vcpu_hour:{arch}", what=f"Fargate {arch} vCPU")
        mem = prices.platform(f"fargate_gb_hour:{arch}", what=f"Fargate {arch} memory")
        return [
            prices.hours(f"vCPU ({self.tasks} x {self.vcpu} vCPU, {arch})", cpu, cpu.price, self.vcpu * self.tasks),
            prices.hours(f"Memory ({self.tasks} x {self.memory_gb} GB)", mem, mem.price, self.memory_gb * self.tasks),
        ]


@record
class OpenSearchDomain:
    """Data and dedicated master node hours by instance type, plus EBS storage per node."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    nodes: tuple[tuple[str, int, str], ...]  # (instance type, count, role)
    volume_gb: Optional[int]
    volume_type: str
    data_nodes: int

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        lines = []
        for itype, count, role in self.nodes:
            row = prices.platform(f"search_instance_hour:{itype}", what=f"OpenSearch instance {itype}")
            lines.append(prices.hours(f"{role} nodes ({count} x {itype})", row, row.price, count))
        if self.volume_gb:
            name = f"Storage ({self.volume_type}, {self.data_nodes} x {self.volume_gb} GB)"
            row = optional_row(prices, f"search_storage_gb_month:{self.volume_type}")
            lines.append(prices.fixed(name, row, self.volume_gb * self.data_nodes, unit="GB-months") if row is not None
                         else CostComponent.unknown_part(name, "GB-months", f"{self.volume_type} storage price"))
        return lines


@record
class OpenSearchServerless:
    """OCU-hours (indexing and search, from usage: the account-wide minimum is shared by
    collections with the same KMS key) and stored data."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (OCU_HOURS, STORAGE_GB)

    kind: str

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        ocu = prices.platform("opensearch_serverless_ocu_hour", what="OpenSearch Serverless OCU")
        storage = prices.platform("opensearch_serverless_storage_gb_month", what="OpenSearch Serverless storage")
        prices.notes.append("OCUs have an account-wide minimum shared by collections with the same KMS key")
        return [
            prices.usage_line(f"Compute ({self.kind.lower()} collection)", OCU_HOURS.name, ocu, unit="OCU-hours"),
            prices.usage_line("Managed storage", STORAGE_GB.name, storage, unit="GB-months"),
        ]


@record
class CloudFrontDistribution:
    USAGE: ClassVar[tuple[UsageKey, ...]] = (CDN_GB, CDN_REQUESTS)
    REGIONAL: ClassVar[bool] = False

    price_class: str

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        # The rows are the first-tier rates of the US/Mexico/Canada edges, which Europe shares
        # (the PriceClass_100 locations); the other classes also serve from dearer edges.
        if self.price_class != "PriceClass_100":
            prices.notes.append(f"{self.price_class} is priced at the US/Europe edge rates; traffic served from other edges costs more")
        egress = global_row(prices, "cdn_egress_gb", "CloudFront data transfer out")
        requests = global_row(prices, "cdn_https_10k_requests", "CloudFront HTTPS requests")
        return [
            prices.usage_line(f"Data transfer out ({self.price_class})", CDN_GB.name, egress, unit="GB"),
            prices.usage_line("HTTPS requests", CDN_REQUESTS.name, requests, scale=Decimal("0.0001"), unit="10k requests"),
        ]


@record
class SageMakerEndpoint:
    """Instance hours of each production variant, all month."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    variants: tuple[tuple[str, int], ...]  # (instance type, count)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        lines = []
        for itype, count in self.variants:
            row = prices.platform(f"sagemaker_instance_hour:{itype}", what=f"SageMaker hosting instance {itype}")
            lines.append(prices.hours(f"Hosting instances ({count} x {itype})", row, row.price, count))
        return lines




# ---------------------------------------------------------------- operations (CloudWatch, Secrets Manager, Budgets)


class MetricAlarm:
    USAGE: tuple[UsageKey, ...] = ()

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("monitoring_alarm_month", what="CloudWatch alarm")
        return [prices.fixed("Standard metric alarm", row, 1)]


class Dashboard:
    """A CloudWatch dashboard: a flat month (an account's first three are free; which ones are
    is not knowable from one stack, so every dashboard is counted)."""

    USAGE: tuple[UsageKey, ...] = ()

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("monitoring_dashboard_month", what="CloudWatch dashboard")
        return [prices.fixed("Dashboard", row, 1)]


class LogGroup:
    """CloudWatch Logs: data ingested and retained, from usage."""

    USAGE: tuple[UsageKey, ...] = (LOG_INGEST_GB, LOG_STORED_GB)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        ingest = prices.platform("log_ingest_gb", what="log ingestion")
        stored = prices.platform("log_storage_gb_month", what="log storage")
        return [
            prices.usage_line("Data ingested", LOG_INGEST_GB.name, ingest),
            prices.usage_line("Archival storage", LOG_STORED_GB.name, stored),
        ]


class Secret:
    """A Secrets Manager secret: the secret-month and its API requests (usage)."""

    USAGE: tuple[UsageKey, ...] = (SECRET_REQUESTS,)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        month = prices.platform("secret_month", what="secret storage")
        requests = prices.platform("secret_10k_requests", what="secret API requests")
        return [
            prices.fixed("Secret", month, 1),
            prices.usage_line("API requests", SECRET_REQUESTS.name, requests, scale=Decimal("0.0001"), unit="10k requests"),
        ]


class Budget:
    """Budgets bill only beyond the free allowance of action-enabled budgets; the catalog's
    ``budget_month`` row, when it has one, is that charge."""

    USAGE: tuple[UsageKey, ...] = ()
    REGIONAL = False

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = optional_row(prices, "budget_month")
        if row is None:
            prices.notes.append("budgets without actions carry no charge")
            return []
        return [prices.fixed("Budget", row, 1)]


# ---------------------------------------------------------------- workflow and data services (usage-billed)

TRANSITIONS = usage_key("monthly_transitions", "state transitions", "Standard workflow state transitions per month", 100_000)
EXPRESS_MEMORY_MB = usage_key("memory_mb", "MB", "memory an Express execution uses (billed in 64 MB steps)", 64)
CUSTOM_EVENTS = usage_key("monthly_custom_events", "events", "custom events published to the bus per month", 1_000_000)
DPU_HOURS = usage_key("monthly_dpu_hours", "DPU-hours", "DPU-hours the crawler runs per month", 10)
JOB_HOURS = usage_key("monthly_hours", "hours", "hours the job runs per month", 10)
GRAPHQL_OPERATIONS = usage_key("monthly_operations", "operations", "GraphQL queries and mutations per month", 1_000_000)
REALTIME_UPDATES = usage_key("monthly_realtime_updates", "updates", "real-time (subscription) messages delivered per month", 0)
CONNECTION_MINUTES = usage_key("monthly_connection_minutes", "connection-minutes", "minutes clients stay connected for real-time updates per month", 0)
THOUSAND = Decimal("0.001")


class StateMachine:
    """A Step Functions state machine: Standard workflows bill state transitions (per 1K);
    Express ones bill requests and GB-hours of duration (requests x duration x memory), all from
    usage at the first duration tier."""

    USAGE: tuple[UsageKey, ...] = (TRANSITIONS, MONTHLY_REQUESTS, REQUEST_DURATION_MS, EXPRESS_MEMORY_MB)

    def __init__(self, express: bool) -> None:
        self.express = express

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        if not self.express:
            row = prices.platform("sfn_transitions_1k", what="Step Functions state transitions")
            return [prices.usage_line("State transitions", TRANSITIONS.name, row, scale=THOUSAND, unit="1K transitions")]
        requests = prices.platform("sfn_express_requests_1m", what="Step Functions Express requests")
        duration = prices.platform("sfn_express_gb_hour", what="Step Functions Express duration")
        gb_hours_per_ms_mb = Decimal(1) / (3_600_000 * 1024)
        return [
            per_million(prices, "Express requests", MONTHLY_REQUESTS, requests),
            product_line(prices, "Express duration (first tier)", "GB-hours", duration,
                         (MONTHLY_REQUESTS, REQUEST_DURATION_MS, EXPRESS_MEMORY_MB), gb_hours_per_ms_mb),
        ]


class EventBus:
    """An EventBridge bus: custom events published to it, per million (events AWS services
    publish to the default bus are free)."""

    USAGE: tuple[UsageKey, ...] = (CUSTOM_EVENTS,)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("eventbridge_events_1m", what="EventBridge custom events")
        return [per_million(prices, "Custom events published", CUSTOM_EVENTS, row)]


class GlueCrawler:
    """A Glue crawler: the DPU-hours it runs (usage)."""

    USAGE: tuple[UsageKey, ...] = (DPU_HOURS,)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("glue_dpu_hour", what="Glue DPU-hour")
        return [prices.usage_line("Crawler run time", DPU_HOURS.name, row, unit="DPU-hours")]


@record
class GlueJob:
    """A Glue job: hours it runs (usage) x the DPUs its configuration allocates."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (JOB_HOURS,)

    dpus: Decimal

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("glue_dpu_hour", what="Glue DPU-hour")
        return [prices.usage_line(f"Job run time ({self.dpus.normalize()} DPUs)", JOB_HOURS.name, row, scale=self.dpus, unit="DPU-hours")]


class HostedZone:
    """A Route 53 hosted zone (also the private zone a Cloud Map DNS namespace creates): a flat
    month; DNS queries are not counted."""

    USAGE: tuple[UsageKey, ...] = ()
    REGIONAL = False

    def __init__(self, label: str) -> None:
        self.label = label

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = global_row(prices, "route53_hosted_zone_month", "Route 53 hosted zone")
        return [prices.fixed(self.label, row, 1, unit="months")]


class AppSyncApi:
    """An AppSync GraphQL API: queries and mutations, real-time updates delivered and minutes
    of client connection, each per million from usage (a cache is a separate resource)."""

    USAGE: tuple[UsageKey, ...] = (GRAPHQL_OPERATIONS, REALTIME_UPDATES, CONNECTION_MINUTES)
    LINES = (("Queries and mutations", GRAPHQL_OPERATIONS, "appsync_operations_1m"),
             ("Real-time updates", REALTIME_UPDATES, "appsync_realtime_updates_1m"),
             ("Real-time connection minutes", CONNECTION_MINUTES, "appsync_connection_minutes_1m"))

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        return [per_million(prices, label, key, prices.platform(item, what=f"AppSync {label.lower()}")) for label, key, item in self.LINES]


# ---------------------------------------------------------------- networking and storage

LCU = usage_key("capacity_units", "LCU", "average load balancer capacity units in use over the month", 1)
EGRESS_GB = usage_key("monthly_egress_gb", "GB", "data transferred out to the internet per month", 10)
# loadBalancerType -> (hour row, capacity unit row, label)
LOAD_BALANCER_KINDS = {
    "application": ("lb_hour", "lb_capacity_unit_hour", "Application load balancer"),
    "network": ("nlb_hour", "nlb_capacity_unit_hour", "Network load balancer"),
}


@record
class LoadBalancer:
    """An application or network load balancer: its hours and the capacity units (LCU/NLCU)
    it uses, from usage."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (LCU,)

    kind: str  # a key of LOAD_BALANCER_KINDS

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        hour, unit, label = LOAD_BALANCER_KINDS[self.kind]
        hour_row = prices.platform(hour, what=f"{label} hours")
        unit_row = prices.platform(unit, what=f"{label} capacity units")
        return [
            prices.hours(label, hour_row, hour_row.price),
            prices.usage_line("Capacity units", LCU.name, unit_row, scale=HOURS, unit="LCU-hours"),
        ]


class S3Bucket:
    """An S3 bucket: data stored (Standard) and internet egress, both from usage."""

    USAGE: tuple[UsageKey, ...] = (OBJECT_STORAGE_GB, EGRESS_GB)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("object_storage_gb_month", what="S3 Standard storage")
        return [
            prices.usage_line("Storage (Standard)", OBJECT_STORAGE_GB.name, row),
            prices.usage_line("Data transfer out to the internet", EGRESS_GB.name, prices.platform("egress_gb", what="egress")),
        ]


# ---------------------------------------------------------------- compute (EC2, Auto Scaling, EKS)


@record
class LaunchShape:
    """What one member of a group (or one instance) runs: instance type, market, and its volumes
    ((label, size GB, volume type); the size is None or unknown where a snapshot sets it: an
    unknown part of the member, priced with the rest)."""

    instance_type: str
    spot: bool
    volumes: tuple[tuple[str, Any, str], ...]


@record
class Ec2Members:
    """Instances of one launch shape, for any count (``lines``): their on-demand and spot hours
    and their volumes; alone (``cost``), one EC2 instance. A group keeps the first
    ``on_demand_base`` members on demand and ``on_demand_percent`` of those above (an Auto
    Scaling mixed-instances policy; a spot shape makes every member spot); an EKS managed node
    group without a launch template adds each node's disk (gp2)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    shape: LaunchShape
    on_demand_base: int = 0
    on_demand_percent: int = 100
    label: str = "Instance usage"
    node_disk_gb: Any = None  # EKS diskSize (as given; disk_line checks it), None: no node disk

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        return self.lines(prices, 1)

    def lines(self, prices: PriceContext, count: int) -> list[CostComponent]:
        shape = self.shape
        above = max(count - self.on_demand_base, 0)
        on_demand = min(count, self.on_demand_base) + math.ceil(above * self.on_demand_percent / 100)
        spot_count = count - on_demand
        if shape.spot:
            spot_count, on_demand = count, 0
        lines: list[CostComponent] = []
        if on_demand or not spot_count:
            lines.append(prices.instance_line(shape.instance_type, on_demand, label=self.label))
        if spot_count:
            lines.append(prices.instance_line(shape.instance_type, spot_count, pricing="spot", label=self.label))
        for vol_label, size, vtype in shape.volumes:
            lines.append(disk_line(prices, vol_label, size, vtype, count))
        if self.node_disk_gb is not None:
            lines.append(disk_line(prices, "Node disk", self.node_disk_gb, "gp2", count))
        return lines
