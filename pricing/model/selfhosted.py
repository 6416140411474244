"""Self-hosted cost: the GPU fleet the capacity model sizes, plus the guide's other components.

The guide's model A (section 5): GPU instances, a vector DB instance, a load balancer, model
storage, bandwidth, backups and monitoring, plus operations and one-time setup. Here every
infrastructure line is priced from a catalog row (instance or platform item) and a usage
quantity derived from the workload or given, so the figure moves with the cloud, region and
pricing model; operations keep the guide's defaults unless overridden. Pricing models
(on-demand, spot, reserved-1y, reserved-3y) apply to the instances only: load balancers,
storage, egress and people are not discounted by an instance reservation.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.errors import UserError
from llmkit.pricing.model.capacity import GpuFleetSizing, size_gpu_fleet
from llmkit.pricing.catalog.types import PRICING_MODELS
from llmkit.pricing.model.costs import CostComponent, Estimate, Operations
from llmkit.core.clouds import AWS, CLOUDS, by_cloud
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.workload import Workload

# Bytes leaving the cloud per query: the streamed answer (one server-sent event of ~200 bytes
# per output token, as OpenAI-compatible servers stream) plus ~2 KB of request/response headers.
STREAM_BYTES_PER_OUTPUT_TOKEN = 200
HTTP_OVERHEAD_BYTES_PER_QUERY = 2048
LOG_BYTES_PER_QUERY = 2048  # one structured access-log line plus one metrics record

# The instance types the reference stacks deploy (both read llmkit.core.clouds), so an estimate
# prices what ``llmkit up`` would create. Where the catalog has no price for the type in a
# region, the cheapest catalog CPU type with as much memory stands in.
VECTOR_DB_INSTANCE_TYPES = by_cloud("vector_db_instance_type")
APP_INSTANCE_TYPES = by_cloud("api_instance_type")


@record
class SelfHostedOptions:
    """Choices of a self-hosted deployment; None means "let the models decide"."""

    model: str = "mistral-7b"
    cloud: str = "aws"
    region: Optional[str] = None
    pricing: str = "on-demand"
    dtype: Optional[str] = None
    gpu: Optional[str] = None
    instance_type: Optional[str] = None
    replicas: Optional[int] = None  # override the desired replica count (N+1 included)
    target_utilisation: Decimal = Decimal("0.75")
    concurrency: Optional[int] = None  # batch per replica; 1 = no batching (a lever); None = max useful
    vector_db_instance: Optional[str] = None  # None: the reference stacks' type (VECTOR_DB_INSTANCE_TYPES)
    vector_db_min_memory_gb: Decimal = Decimal(8)
    storage_gb: Decimal = Decimal(500)  # model cache + vector data in object storage (guide: 500 GB)
    disk_gb_per_instance: Decimal = Decimal(100)  # root + model cache disk of each server
    egress_gb: Optional[Decimal] = None  # None: from the workload's streamed answers
    lb_capacity_units: Decimal = Decimal(1)
    monitoring_alarms: int = 10
    backup_gb: Decimal = Decimal(100)  # vector DB snapshots kept in object storage
    operations: Operations = Operations()
    setup_one_time: Optional[Decimal] = None
    horizon_months: int = 36

    def __post_init__(self) -> None:
        if self.pricing not in PRICING_MODELS:
            raise UserError(f"pricing must be one of {', '.join(PRICING_MODELS)}")
        if self.replicas is not None and self.replicas < 1:
            raise UserError("replicas must be at least 1")
        if self.horizon_months < 1:
            raise UserError("horizon must be at least one month")


def _region(cat: Any, cloud: str, region: Optional[str]) -> str:
    return region or cat.default_region(cloud)


def _row_source(row: Any) -> str:
    return f"{row.source} (as of {row.as_of})"


def platform_component(
    cat: Any, cloud: str, region: str, name: str, item: str, quantity: Decimal, detail: str,
) -> CostComponent:
    """quantity x the catalog's price of ``item``; unknown (None) when the catalog has none."""
    row = cat.find_platform(cloud, region, item)
    if row is None:
        return CostComponent.monthly_amount(name, None, f"no catalog price for {item} in {cloud} {region}", "infrastructure", detail)
    return CostComponent.monthly_amount(name, row.price * quantity, _row_source(row), "infrastructure",
                         f"{detail}: {quantity} {row.unit} x ${row.price}", as_of=row.as_of)


def preferred_instance(cat: Any, cloud: str, region: str, preferred: dict[str, str], min_memory_gb: Decimal) -> Any:
    """The reference stacks' instance type where the catalog prices it, else the cheapest fit."""
    from llmkit.core.errors import UnknownName

    name = preferred.get(cloud)
    if name:
        try:
            return cat.instance(cloud, region, name)
        except UnknownName:
            pass
    return cheapest_cpu_instance(cat, cloud, region, min_memory_gb)


def cheapest_cpu_instance(cat: Any, cloud: str, region: str, min_memory_gb: Decimal, min_vcpus: int = 2) -> Any:
    """The cheapest GPU-less instance type with enough memory (vector DB, router, app tier)."""
    from llmkit.pricing.model.capacity import per_catalog_cache

    cache = per_catalog_cache(cat, "cheapest_cpu")
    key = (cloud, region, Decimal(min_memory_gb), min_vcpus)
    if key not in cache:
        cache[key] = _cheapest_cpu(cat, cloud, region, min_memory_gb, min_vcpus)
    return cache[key]


def _cheapest_cpu(cat: Any, cloud: str, region: str, min_memory_gb: Decimal, min_vcpus: int) -> Any:
    rows = [
        i for i in cat.instances(cloud=cloud, region=region)
        if not i.gpu and not getattr(i, "retired", False) and i.memory_gb >= min_memory_gb and i.vcpus >= min_vcpus
        and i.on_demand_hourly > 0
    ]
    if not rows:
        raise UserError(f"no CPU instance type with {min_memory_gb} GB in {cloud} {region}")
    return min(rows, key=lambda i: (i.on_demand_hourly, i.type))


def instance_component(cat: Any, name: str, inst: Any, count: int, pricing: str, detail: str) -> CostComponent:
    hourly = inst.hourly(pricing)
    note = ""
    if hourly is None:
        hourly, note = inst.on_demand_hourly, f" (no {pricing} price: on-demand)"
    elif pricing.startswith("reserved") and getattr(inst, "reserved_is_assumption", False):
        note = " (reserved price assumed from the guide's 30-50% range)"
    return CostComponent.monthly_amount(name, hourly * count * HOURS_PER_MONTH, _row_source(inst), "infrastructure",
                         f"{detail}: {count} x {inst.type} x ${hourly}/h x {HOURS_PER_MONTH} h{note}", as_of=inst.as_of)


def egress_gb(workload: Workload, share: Decimal = Decimal(1)) -> Decimal:
    per_query = workload.output_tokens * STREAM_BYTES_PER_OUTPUT_TOKEN + HTTP_OVERHEAD_BYTES_PER_QUERY
    return (workload.monthly_queries * share * per_query / Decimal(10**9)).quantize(Decimal("0.001"))


def support_components(
    cat: Any, workload: Workload, opts: SelfHostedOptions, region: str, servers: int, share: Decimal = Decimal(1),
) -> list[CostComponent]:
    """Everything around the GPU fleet: vector DB, load balancer, storage, bandwidth, backups
    and monitoring (the guide's section 5 list), priced from the catalog."""
    cloud = opts.cloud
    comps: list[CostComponent] = []
    if opts.vector_db_instance:
        vdb = cat.instance(cloud, region, opts.vector_db_instance)
    else:
        vdb = preferred_instance(cat, cloud, region, VECTOR_DB_INSTANCE_TYPES, opts.vector_db_min_memory_gb)
    comps.append(instance_component(cat, "vector_db", vdb, 1, opts.pricing, "vector DB instance"))
    hours = HOURS_PER_MONTH
    lb = platform_component(cat, cloud, region, "load_balancer", "lb_hour", hours, "load balancer hours")
    comps += [lb, lb_capacity_component(cat, cloud, region, workload, share, opts.lb_capacity_units)]
    comps.append(platform_component(cat, cloud, region, "model_storage", "object_storage_gb_month", opts.storage_gb,
                                    "model and document storage"))
    disk = _disk_item(cat, cloud, region)
    comps.append(platform_component(cat, cloud, region, "instance_disks", disk, opts.disk_gb_per_instance * (servers + 1),
                                    f"{servers + 1} server disks (GPU fleet + vector DB)"))
    gb = opts.egress_gb if opts.egress_gb is not None else egress_gb(workload, share)
    comps.append(platform_component(cat, cloud, region, "bandwidth", "egress_gb", gb, "internet egress of streamed answers"))
    comps.append(platform_component(cat, cloud, region, "backups", "object_storage_gb_month", opts.backup_gb,
                                    "vector DB snapshots"))
    comps.append(platform_component(cat, cloud, region, "monitoring_alarms", "monitoring_alarm_month",
                                    Decimal(opts.monitoring_alarms), "alerts (GPU utilisation, errors, cost)"))
    log_gb = (workload.monthly_queries * share * LOG_BYTES_PER_QUERY / Decimal(10**9)).quantize(Decimal("0.001"))
    comps.append(platform_component(cat, cloud, region, "monitoring_logs", "log_ingest_gb", log_gb, "log ingestion"))
    return comps


def lb_capacity_component(
    cat: Any, cloud: str, region: str, workload: Workload, share: Decimal, capacity_units: Decimal,
) -> CostComponent:
    """AWS bills ALB capacity units per hour; Azure and GCP bill the GB the balancer processes."""
    row = cat.find_platform(cloud, region, "lb_capacity_unit_hour")
    if row is not None and "hour" not in row.unit.lower():
        per_query = (workload.effective_input_tokens * 4 + HTTP_OVERHEAD_BYTES_PER_QUERY
                     + workload.output_tokens * STREAM_BYTES_PER_OUTPUT_TOKEN)
        gb = (workload.monthly_queries * share * per_query / Decimal(10**9)).quantize(Decimal("0.001"))
        return platform_component(cat, cloud, region, "load_balancer_capacity", "lb_capacity_unit_hour", gb,
                                  "load balancer data processed")
    return platform_component(cat, cloud, region, "load_balancer_capacity", "lb_capacity_unit_hour",
                              HOURS_PER_MONTH * capacity_units, "load balancer capacity units")


def _disk_item(cat: Any, cloud: str, region: str) -> str:
    return f"block_storage_gb_month:{CLOUDS[cloud].disk_type if cloud in CLOUDS else AWS.disk_type}"


def gpu_fleet_component(sizing: GpuFleetSizing, replicas: int) -> CostComponent:
    hourly = sizing.hourly_per_instance
    note = " (reserved price assumed from the guide's 30-50% range)" if sizing.price_is_assumption else ""
    return CostComponent.monthly_amount(
        "gpu_instances", hourly * replicas * HOURS_PER_MONTH, f"{sizing.price_source} (as of {sizing.price_as_of})",
        "infrastructure",
        f"{replicas} x {sizing.instance_type} ({sizing.gpus_per_instance} x {sizing.gpu}, {sizing.dtype}) "
        f"x ${hourly}/h x {HOURS_PER_MONTH} h, {sizing.pricing}{note}", as_of=sizing.price_as_of,
    )


def sizing_details(sizing: GpuFleetSizing, replicas: int) -> dict[str, Any]:
    return {
        "capacity": {
            "instance_type": sizing.instance_type,
            "gpu": sizing.gpu,
            "gpus_per_instance": sizing.gpus_per_instance,
            "tensor_parallel": sizing.tensor_parallel,
            "dtype": sizing.dtype,
            "max_model_len": sizing.max_model_len,
            "replicas_needed": sizing.replicas_needed,
            "min_replicas": sizing.min_replicas,
            "desired_replicas": replicas,
            "max_replicas": max(sizing.max_replicas, replicas),
            "replica_output_tokens_per_s": round(sizing.replica_tokens_per_s, 1),
            "replica_concurrency": sizing.replica_concurrency,
            "peak_output_tokens_per_s": round(sizing.peak_output_tokens_per_s, 2),
            "hourly_per_instance": sizing.hourly_per_instance,
        }
    }


def estimate_selfhosted(
    workload: Workload, opts: SelfHostedOptions = SelfHostedOptions(), *, catalog: Any = None,
    share: Decimal = Decimal(1),
) -> Estimate:
    """Monthly cost of self-hosting ``opts.model`` for ``share`` of the workload's queries."""
    from llmkit.pricing.model.capacity import _catalog

    cat = _catalog(catalog)
    region = _region(cat, opts.cloud, opts.region)
    served = workload if share == 1 else _share_of(workload, share)
    sizing = size_gpu_fleet(
        served, opts.model, opts.cloud, region, dtype=opts.dtype, gpu=opts.gpu, instance_type=opts.instance_type,
        pricing=opts.pricing, target_utilisation=opts.target_utilisation, catalog=cat,
        concurrency=opts.concurrency,
    )
    replicas = opts.replicas or sizing.desired_replicas
    notes: list[str] = []
    if opts.replicas and opts.replicas < sizing.replicas_needed:
        notes.append(f"{opts.replicas} replicas are fewer than the {sizing.replicas_needed} the peak needs")
    comps = [gpu_fleet_component(sizing, replicas)]
    comps += support_components(cat, served, opts, region, replicas, Decimal(1))
    comps += opts.operations.components()
    model = cat.open_model(opts.model)
    return Estimate(
        approach="self-hosted",
        label=f"self-hosted {model.id} on {replicas} x {sizing.instance_type}",
        workload=workload,
        components=tuple(comps),
        pricing=opts.pricing,
        one_time_setup=opts.setup_one_time,
        horizon_months=opts.horizon_months,
        quality_score=model.quality_score,
        model=model.id,
        notes=tuple(notes),
        details={"cloud": opts.cloud, "region": region, **sizing_details(sizing, replicas)},
    )


def _share_of(workload: Workload, share: Decimal) -> Workload:
    """The workload a share of traffic puts on one path (same users, fewer queries each)."""
    if share <= 0:
        raise UserError("a traffic share must be positive")
    return records.replace(workload, queries_per_user_per_day=workload.queries_per_user_per_day * share)
