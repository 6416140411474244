"""Cost models every cloud shares (machines, volumes, hourly and monthly services, stored data)
and the line builders the cost models share (per-million request lines, usage products)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Optional, Protocol

from llmkit.core.records import record
from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.preview.resources.base import UnknownInput, UsageKey, usage_key
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.derived import derived_fields
from llmkit.pricing.preview.resources.lines import DATA_PROCESSED_GB, autoscaled, disk_line, machine_lines, metered

MILLION = Decimal(1_000_000)
MONTHLY_REQUESTS = usage_key("monthly_requests", "requests", "requests per month", 1_000_000)
REQUEST_DURATION_MS = usage_key("request_duration_ms", "ms", "average duration of a request", 250)
STORAGE_GB = usage_key("storage_gb", "GB", "average data stored in the month", 10)
LOG_INGEST_GB = usage_key("monthly_data_ingested_gb", "GB", "log data ingested per month", 5)
OBJECT_STORAGE_GB = usage_key("storage_gb", "GB", "average data stored in the month", 100)  # S3, GCS buckets


class CostModel(Protocol):
    """A typed resource model: what a mapper makes of a resource's Pulumi inputs (or the sweep of
    a live resource), priced by ``cost`` into lines (its ``USAGE`` names the usage keys it reads)."""

    def cost(self, prices: PriceContext) -> list[CostComponent]: ...


def per_million(prices: PriceContext, name: str, key: UsageKey, row: Any) -> CostComponent:
    """A usage line priced per million (requests, request units) from a per-million row."""
    return prices.usage_line(name, key.name, row, scale=1 / MILLION, unit="1M " + key.unit)


def optional_row(prices: PriceContext, item: str) -> Optional[Any]:
    """A platform row of this region, or None (the caller prices the part as unknown)."""
    return prices.catalog.find_platform(prices.cloud, prices.need_region(), item)


def global_row(prices: PriceContext, item: str, what: str) -> Any:
    """A row of a global service (CloudFront, a CDN): priced the same whatever the stack's
    region, so it is kept once, at the cloud's default region, and read from there."""
    row = prices.catalog.find_platform(prices.cloud, None, item)
    if row is None:
        raise UnknownInput(f"no catalog price for {what} ({prices.cloud}, a global service)")
    return row


def product_line(prices: PriceContext, name: str, unit: str, row: Any, keys: tuple[UsageKey, ...], per_unit: Decimal) -> CostComponent:
    """A usage line whose quantity is the product of several usage values times ``per_unit``
    (GB-seconds = requests x seconds x GB); pending (None) until every value is given."""
    values = [prices.usage.get(k.name) for k in keys]
    qty: Optional[Decimal] = None
    if all(v is not None for v in values):
        qty = per_unit
        for v in values:
            qty *= v  # type: ignore[operator]
    sources = {prices.usage_sources.get(k.name) for k in keys} - {None}
    return CostComponent(
        name=name, unit=unit, monthly_quantity=qty, price=row.price, source=row.source, as_of=row.as_of,
        usage_key=next((k.name for k, v in zip(keys, values) if v is None), keys[0].name),
        usage_source=sources.pop() if len(sources) == 1 else (", ".join(sorted(sources)) or None),  # type: ignore[arg-type]
        **derived_fields(row),
    )


class NoCharge:
    """The model of a resource that bills nothing itself in this configuration (ECS tasks on
    EC2 capacity), saying why in a note."""

    USAGE: tuple[UsageKey, ...] = ()

    def __init__(self, why: str) -> None:
        self.why = why

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        prices.notes.append(self.why)
        return []


class Hourly:
    """Units of one catalog row billed per hour all month (plan instances, cache sizes, search
    units, provisioned throughput units). Subclasses name the service in ``USAGE``-free form."""

    USAGE: tuple[UsageKey, ...] = ()

    def __init__(self, item: str, label: str, units: Decimal | int, what: str) -> None:
        self.item, self.label, self.units, self.what = item, label, Decimal(units), what

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform(self.item, what=self.what)
        return [prices.hours(self.label, row, row.price, self.units)]


class Monthly(Hourly):
    """Units of one catalog row billed per month (a KMS key, a hosted zone): a flat month each."""

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform(self.item, what=self.what)
        return [prices.fixed(self.label, row, self.units, unit="months")]


class ServerlessContainer:
    """Request-billed containers (Azure Container Apps consumption, Cloud Run): requests, and
    vCPU-seconds and GiB-seconds while requests run (requests x duration x size). Minimum
    instances kept warm bill at an idle rate the catalog does not hold: named as unknown, and so
    is the request rate where only the compute rates are sourced."""

    USAGE: tuple[UsageKey, ...] = (MONTHLY_REQUESTS, REQUEST_DURATION_MS)

    def __init__(self, prefix: str, service: str, vcpu: Decimal, memory_gib: Decimal, min_instances: int) -> None:
        self.prefix, self.service = prefix, service
        self.vcpu, self.memory_gib, self.min_instances = vcpu, memory_gib, min_instances

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        p = self.prefix
        cpu = prices.platform(f"{p}_vcpu_second", what=f"{self.service} vCPU")
        mem = prices.platform(f"{p}_gib_second", what=f"{self.service} memory")
        # the per-request rate is the smallest part: without it the compute is still priced
        # and the requests line is named unknown (a sourced vCPU rate with no request rate)
        requests = optional_row(prices, f"{p}_requests_1m")
        keys = (MONTHLY_REQUESTS, REQUEST_DURATION_MS)
        lines = [
            per_million(prices, "Requests", MONTHLY_REQUESTS, requests) if requests is not None
            else CostComponent.unknown_part("Requests", "1M requests", "request price"),
            product_line(prices, f"vCPU while serving ({self.vcpu} vCPU)", "vCPU-seconds", cpu, keys, self.vcpu / 1000),
            product_line(prices, f"Memory while serving ({self.memory_gib} GiB)", "GiB-seconds", mem, keys, self.memory_gib / 1000),
        ]
        if self.min_instances:
            lines.append(CostComponent.unknown_part(f"Minimum instances kept warm ({self.min_instances})", "instance-seconds", "idle instance price"))
        return lines


@record
class StoredGigabytes:
    """A service billed for the data it holds (ECR images, EFS files), from usage."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (STORAGE_GB,)

    item: str  # the catalog row
    label: str

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        row = prices.platform(self.item, what=self.label)
        return [prices.usage_line(self.label, STORAGE_GB.name, row, unit="GB-months")]


@record
class Disk:
    """A disk of each machine of a group: its line's name, its size (as given: None or unknown
    until apply is an unknown part of the machine, the rest priced) and its type."""

    label: str
    size_gb: Any
    disk_type: str


@record
class Machines:
    """Machines of one type billed by the hour all month, with the GPUs attached to each as
    guest accelerators ((kind, per machine)) and each one's disks: an EC2 instance, an Azure VM,
    a scale set's or an AKS pool's members, a Compute Engine VM, a GKE pool's nodes. ``cost``
    prices ``count`` of them; ``lines`` any count (the members of a ``ScaledGroup``). The
    sweep prices a live machine as this model too."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    machine_type: str
    count: int = 1
    spot: bool = False
    accelerators: tuple[tuple[str, int], ...] = ()
    disks: tuple[Disk, ...] = ()
    label: str = "Instance usage"

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        return self.lines(prices, self.count)

    def lines(self, prices: PriceContext, count: int) -> list[CostComponent]:
        """The hours of ``count`` such machines and their GPUs, and their disks' GB-months."""
        lines = machine_lines(prices, self.machine_type, count, "spot" if self.spot else None, self.accelerators, self.label)
        for disk in self.disks:
            lines.append(disk_line(prices, disk.label, disk.size_gb, disk.disk_type, count))
        return lines


@record
class Volume:
    """A block volume (EBS, managed disk, persistent disk) of a type and size, per GB-month:
    ``disk_line``, as the preview prices an instance's disks."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    disk_type: str
    size_gb: int
    label: str = "Volume"
    count: int = 1  # copies billed (a GCP regional disk keeps two zonal replicas)

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        return [disk_line(prices, self.label, self.size_gb, self.disk_type, self.count)]


class Unbilled:
    """A resource whose configuration bills nothing and needs no word about it (an internal
    address): no lines, no note (``NoCharge`` says why in a note)."""

    USAGE: tuple[UsageKey, ...] = ()

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        return []


@record
class Metered:
    """An hourly service with a usage-based data line, ``lines.metered``: NAT gateways (AWS,
    Cloud NAT), GCP forwarding rules."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = (DATA_PROCESSED_GB,)

    label: str
    hour_item: str  # the catalog rows
    data_item: str

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        return metered(prices, self.label, self.hour_item, self.data_item, DATA_PROCESSED_GB)


class GroupMembers(Protocol):
    """The members of a group, priced for any count (``ScaledGroup`` asks at min, max and
    desired size)."""

    def lines(self, prices: PriceContext, count: int) -> list[CostComponent]: ...


@record
class ScaledGroup:
    """A group of like members between a min and a max size (an Auto Scaling group, an EKS
    node group, a managed instance group, a GKE node pool): its lines at the desired size and
    the min..max monthly range (``lines.autoscaled``). ``note`` says where the sizes came from
    when the group does not say them itself (an autoscaler)."""

    USAGE: ClassVar[tuple[UsageKey, ...]] = ()

    members: GroupMembers
    min_size: int
    desired: int
    max_size: int
    note: str = ""

    def cost(self, prices: PriceContext) -> list[CostComponent]:
        if self.note:
            prices.notes.append(self.note)
        members = self.members
        return autoscaled(prices, lambda n: members.lines(prices, n), self.min_size, self.desired, self.max_size)
