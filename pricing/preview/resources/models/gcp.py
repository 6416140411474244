"""GCP cost models: Compute Engine VMs (host + guest accelerators + disks), GKE clusters,
Cloud Storage buckets, Secret Manager, Cloud Monitoring alerting, and the services LLM agent
stacks add around the model: Memorystore, Firestore, Artifact Registry and Vertex AI endpoints
(Cloud Run is ``models.common.ServerlessContainer``; managed instance groups and node pools are
``models.common.ScaledGroup`` of ``Machines``).

GCP prices a GPU VM as host plus accelerators: a machine type with built-in GPUs (g2, a2, a3)
is priced whole by the catalog; an N1 host adds ``catalog.accelerator`` rows per GPU.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Optional

from llmkit.core.records import record
from llmkit.pricing.catalog.types import CLOUD_SQL_CUSTOM_TIER
from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.preview.resources.base import UnknownInput, UsageKey, usage_key
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.lines import autoscaled, global_platform
from llmkit.pricing.preview.resources.models.common import (
    MONTHLY_REQUESTS,
    OBJECT_STORAGE_GB,
    REQUEST_DURATION_MS,
    STORAGE_GB,
    Hourly,
    Machines,
    per_million,
    product_line,
)

DOC_READS = usage_key("monthly_document_reads", "reads", "document reads per month", 1_000_000)
DOC_WRITES = usage_key("monthly_document_writes", "writes", "document writes per month", 200_000)
HUNDRED_K = Decimal("0.00001")



class Memorystore(Hourly):
    """A Memorystore for Redis instance: GB-hours of its capacity at its tier's rate."""


class VertexDeployment(Hourly):
    """Node-hours of the machine type serving a Vertex AI model deployment (min replicas)."""


class Firestore:
    """Document reads and writes (per 100k) and stored data, all from usage."""

    USAGE: tuple[UsageKey, ...] = (DOC_READS, DOC_WRITES, STORAGE_GB)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        reads = prices.platform("firestore_reads_100k", what="Firestore document reads")
        writes = prices.platform("firestore_writes_100k", what="Firestore document writes")
        storage = prices.platform("firestore_storage_gb_month", what="Firestore storage")
        return [
            prices.usage_line("Document reads", DOC_READS.name, reads, scale=HUNDRED_K, unit="100k reads"),
            prices.usage_line("Document writes", DOC_WRITES.name, writes, scale=HUNDRED_K, unit="100k writes"),
            prices.usage_line("Stored data", STORAGE_GB.name, storage, unit="GB-months"),
        ]


class CloudSqlInstance:
    """A Cloud SQL instance: its tier's hours (doubled for high availability) and its disk. A
    tier the catalog does not price leaves the instance part unknown (named); the disk is still
    priced (at the Cloud SQL storage rate, else the persistent-disk rate, said so)."""

    USAGE: tuple[UsageKey, ...] = ()

    def __init__(self, tier: str, ha: bool, disk_gb: int, disk_type: str) -> None:
        self.tier, self.ha, self.disk_gb, self.disk_type = tier, ha, disk_gb, disk_type

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        copies = 2 if self.ha else 1
        region = prices.need_region()
        name = f"Cloud SQL instance ({self.tier}{', high availability' if self.ha else ''})"
        row = prices.catalog.find_platform("gcp", region, f"db_instance_hour:{self.tier}")
        custom = CLOUD_SQL_CUSTOM_TIER.fullmatch(self.tier)
        if row is not None:
            lines = [prices.hours(name, row, row.price, copies)]
        elif custom is not None and self._custom_rows(prices, region) is not None:
            lines = self._custom(prices, region, int(custom[1]), Decimal(custom[2]) / 1024, copies)
        else:
            lines = [CostComponent.unknown_part(name, "hours", f"tier price ({self.tier})")]
        storage: Optional[object] = prices.catalog.find_platform("gcp", region, f"db_storage_gb_month:{self.disk_type}")
        label = "Cloud SQL storage"
        if storage is None:
            pd = "pd-ssd" if self.disk_type == "PD_SSD" else "pd-standard"
            storage = prices.platform(f"block_storage_gb_month:{pd}", what=f"{pd} storage")
            label = "Cloud SQL storage (at persistent disk price)"
        lines.append(prices.fixed(f"{label} ({self.disk_type}, {self.disk_gb} GB)", storage, Decimal(self.disk_gb) * copies, unit="GB-months"))
        return lines

    @staticmethod
    def _custom_rows(prices: PriceContext, region: str) -> Optional[tuple[Any, Any]]:
        vcpu = prices.catalog.find_platform("gcp", region, "cloud_sql_vcpu_hour")
        memory = prices.catalog.find_platform("gcp", region, "cloud_sql_memory_gb_month")
        return None if vcpu is None or memory is None else (vcpu, memory)

    def _custom(self, prices: PriceContext, region: str, vcpus: int, memory_gb: Decimal, copies: int) -> list[CostComponent]:
        """A custom tier (``db-custom-<vCPUs>-<MB>``) bills its vCPUs per hour and its memory per
        GB, at the zonal rates (high availability doubles both, as it doubles the instance)."""
        rows = self._custom_rows(prices, region)
        assert rows is not None
        vcpu, memory = rows
        ha = ", high availability" if self.ha else ""
        return [
            prices.hours(f"Cloud SQL vCPUs ({vcpus}, {self.tier}{ha})", vcpu, vcpu.price, vcpus * copies),
            prices.fixed(f"Cloud SQL memory ({memory_gb.normalize()} GB, {self.tier}{ha})", memory, memory_gb * copies, unit="GB-months"),
        ]


# Clock speed that comes with each memory size of a 1st gen function, in MHz (the compute-time
# table of cloud.google.com/functions/pricing-1stgen; Infracost's cloudfunctions pricer uses the
# same figures). Other sizes are priced for memory and invocations, their CPU named unknown.
FUNCTION_MHZ = {128: 200, 256: 400, 512: 800, 1024: 1400, 2048: 2400, 4096: 4800}


class CloudFunction:
    """A 1st gen Cloud Function: invocations, GB-seconds of memory and GHz-seconds of CPU while
    invocations run (invocations x average duration), all from usage. The average duration is
    used as given (Google bills each invocation in 100 ms steps)."""

    USAGE: tuple[UsageKey, ...] = (MONTHLY_REQUESTS, REQUEST_DURATION_MS)

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        invocations = prices.platform("cloud_functions_requests_1m", what="Cloud Functions invocations")
        memory = prices.platform("cloud_functions_gb_second", what="Cloud Functions memory")
        keys = (MONTHLY_REQUESTS, REQUEST_DURATION_MS)
        lines = [
            per_million(prices, "Invocations", MONTHLY_REQUESTS, invocations),
            product_line(prices, f"Memory ({self.memory_mb} MB)", "GB-seconds", memory, keys, Decimal(self.memory_mb) / 1024 / 1000),
        ]
        mhz = FUNCTION_MHZ.get(self.memory_mb)
        if mhz is None:
            lines.append(CostComponent.unknown_part(f"CPU ({self.memory_mb} MB tier)", "GHz-seconds", f"CPU speed of the {self.memory_mb} MB tier"))
        else:
            cpu = prices.platform("cloud_functions_ghz_second", what="Cloud Functions CPU")
            lines.append(product_line(prices, f"CPU ({mhz} MHz)", "GHz-seconds", cpu, keys, Decimal(mhz) / 1000 / 1000))
        return lines


# ---------------------------------------------------------------- Compute Engine and GKE


@record
class GkeCluster:
    """A GKE cluster: the cluster management fee, and its default node pool when it is kept
    (``nodes`` x ``node_count``, a fixed size). Autopilot bills pod requests, which a preview
    does not declare: named in a note."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    autopilot: bool = False
    nodes: Optional[Machines] = None  # the default pool's nodes (None: removed, or pools declared)
    node_count: int = 0

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("k8s_control_plane_hour", what="GKE cluster fee")
        fixed = [prices.hours("GKE cluster management", row, row.price)]
        if self.autopilot:
            prices.notes.append("Autopilot pod resources are billed per pod request and not estimated here")
            return fixed
        nodes = self.nodes
        if nodes is None:
            return fixed
        count = self.node_count
        return autoscaled(prices, lambda n: nodes.lines(prices, n), count, count, count, fixed)


# ---------------------------------------------------------------- storage, secrets, monitoring

ACCESS_OPS = usage_key("monthly_access_operations", "operations", "secret access operations per month", 10000)


@record
class GcsBucket:
    """A Cloud Storage bucket: data stored, from usage, at the Standard rate of its region (a
    multi-region or dual-region location is not a catalog region: unknown, named)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (OBJECT_STORAGE_GB,)

    storage_class: str  # upper case, as the API spells it

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        cls = self.storage_class
        region = prices.need_region()
        if "-" not in region:  # US, EU, ASIA, or a dual-region name: not a catalog region
            raise UnknownInput(f"no catalog price for GCS storage in the {region.upper()} multi-region")
        row = prices.platform("object_storage_gb_month", what="GCS Standard storage")
        if cls != "STANDARD":
            prices.notes.append(f"{cls} storage class priced at the Standard rate")
        return [prices.usage_line(f"Storage ({cls.lower()})", OBJECT_STORAGE_GB.name, row)]


class SecretAccess:
    """A Secret Manager secret: its access operations (per 10k), from usage."""

    USAGE: tuple[UsageKey, ...] = (ACCESS_OPS,)
    REGIONAL = False

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("secret_10k_requests", what="secret access operations")
        return [prices.usage_line("Access operations", ACCESS_OPS.name, row, scale=Decimal("0.0001"), unit="10k operations")]


class SecretVersion:
    """An active secret version: billed per month."""

    USAGE: tuple[UsageKey, ...] = ()
    REGIONAL = False

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform("secret_month", what="active secret version")
        return [prices.fixed("Active secret version", row, 1)]


@record
class AlertPolicy:
    """A Cloud Monitoring alerting policy: billed per condition and month (a global service:
    its region's row, else the stack's, else the default region's, noted)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()
    REGIONAL: ClassVar[bool] = False

    conditions: int

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = global_platform(prices, "monitoring_alarm_month", "alerting condition")
        return [prices.fixed("Alerting policy conditions", row, self.conditions, unit="condition-months")]
