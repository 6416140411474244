"""Registry of per-type pricers, in the style of Infracost's resources: one small module per
resource family, each pricer declaring the type tokens it prices, its cost components and the
usage keys it reads.

A pricer is a function ``(ctx: PriceContext) -> list[CostComponent]``. It raises
``UnknownInput`` when a value the price depends on is unknown at preview (the engine's unknown
sentinel, a missing computed input, a region or SKU the catalog does not price) so the resource
lands in the unknown-input bucket instead of showing $0, and ``NotPriced`` for a variant of a
supported type that it deliberately does not price (bucket unsupported, with the reason).

Reasons and component names may name an instance type, SKU or region (that is what a cost
report is about) but never echo other input values: previews carry plain-text passwords.
"""

from __future__ import annotations

import dataclasses
import importlib
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Optional

from llmkit.core.regions import normalise_region
from llmkit.pricing.preview.plan import UNKNOWN, Plan, PlannedResource

HOURS = Decimal(730)
_MISSING = object()  # "not looked up yet" in the per-plan catalog cache (None is "no price")

# The families, imported on first use (none of them imports a provider SDK).
_FAMILIES = (
    "aws_compute",
    "aws_storage",
    "aws_network",
    "aws_k8s",
    "aws_db",
    "aws_ops",
    "azure_compute",
    "azure_network",
    "azure_k8s",
    "azure_data",
    "gcp_compute",
    "gcp_network",
    "gcp_k8s",
    "gcp_data",
    "azure_ops",
    "azure_classic",
    "gcp_ops",
)


class UnknownInput(Exception):
    """A value the price depends on is not known (yet): bucket unknown-input, with the reason."""


class NotPriced(Exception):
    """A supported type in a configuration this registry does not price: bucket unsupported."""


@dataclasses.dataclass(frozen=True)
class UsageKey:
    """A usage value a pricer reads from the usage file (``default`` is what --sync-usage writes)."""

    name: str
    unit: str
    description: str
    default: Decimal


@dataclasses.dataclass
class CostComponent:
    """One priced line of a resource. ``monthly_quantity`` None = depends on usage not given.

    ``usage_key`` marks a usage-based line; ``usage_source`` says where its quantity came from
    (``usage file``, ``usage default``, ``stack config``) so defaults are shown as such.
    """

    name: str
    unit: str
    monthly_quantity: Optional[Decimal]
    price: Optional[Decimal]
    source: str
    as_of: str
    usage_key: Optional[str] = None
    usage_source: Optional[str] = None
    # A price that is not published (a region uplift, the guide's reserved assumption): shown
    # with a marker in every format and ``derivation`` says how it was made.
    derived: bool = False
    derivation: Optional[str] = None

    @property
    def hourly_quantity(self) -> Optional[Decimal]:
        return None if self.monthly_quantity is None else self.monthly_quantity / HOURS

    @property
    def monthly_cost(self) -> Optional[Decimal]:
        if self.monthly_quantity is None or self.price is None:
            return None
        return self.monthly_quantity * self.price

    @property
    def hourly_cost(self) -> Optional[Decimal]:
        cost = self.monthly_cost
        return None if cost is None else cost / HOURS


@dataclasses.dataclass
class PriceContext:
    """What a pricer sees: the inputs of the side it prices, the resolved region and usage."""

    resource: PlannedResource
    inputs: Mapping[str, Any]
    region: Optional[str]
    plan: Plan
    catalog: Any
    pricing: str
    usage: Mapping[str, Decimal]
    usage_sources: Mapping[str, str]
    side: str = "new"  # "new" prices the state after the change, "old" the state before it
    notes: list[str] = dataclasses.field(default_factory=list)
    monthly_range: Optional[tuple[Decimal, Decimal]] = None  # set by autoscaled pricers

    @property
    def cloud(self) -> str:
        return self.resource.cloud or ""

    # ---- inputs

    def get(self, *path: Any, default: Any = None) -> Any:
        """A nested input value; the unknown sentinel raises UnknownInput naming the field."""
        value: Any = self.inputs
        for part in path:
            if type(value) is dict or isinstance(value, Mapping):  # the exact check first: ABC checks are slow
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and -len(value) <= part < len(value):
                value = value[part]
            else:
                value = None
            if value is None:
                return default
            if value == UNKNOWN:
                raise UnknownInput(f"{_field(path)} is unknown until apply")
        return value

    def require(self, *path: Any) -> Any:
        """Like ``get`` but a missing value is unknown-input too (a computed input)."""
        value = self.get(*path)
        if value is None or value == "":
            raise UnknownInput(f"{_field(path)} is not set")
        return value

    def number(self, *path: Any, default: Any = None) -> Optional[Decimal]:
        value = self.get(*path, default=default)
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except ArithmeticError:
            raise UnknownInput(f"{_field(path)} is not a number") from None

    def need_region(self) -> str:
        if self.region == UNKNOWN:
            raise UnknownInput("region is unknown until apply")
        if not self.region:
            raise UnknownInput("region is not set (no region input, provider region or stack config)")
        return self.region

    def referenced(self, key: str, types: Iterable[str], ref: Any = None) -> Optional[Mapping[str, Any]]:
        """Inputs of the resource an input refers to (a launch template, an instance template,
        a cluster...), found in the same plan.

        A reference is often unknown at preview (the id of a resource created in the same
        run), so it is resolved, in order, through: the property's recorded dependencies; a
        name, id or self-link that matches a candidate; the resource's own dependencies; the
        one candidate under the same parent component. None when nothing matches.
        """
        types = tuple(types)
        res = self.resource
        if not self.plan.of_type(*types):
            return None
        pick = None
        hits = self._among(res.property_dependencies.get(key, ()), types)
        if len(hits) == 1:
            pick = hits[0]
        if pick is None and isinstance(ref, str) and ref and ref != UNKNOWN:
            names = self._names(types)
            pick = names.get(ref) or names.get(ref.rstrip("/").rsplit("/", 1)[-1])
            if pick is not None and pick.urn == res.urn:
                pick = None
        if pick is None and res.dependencies:
            hits = self._among(res.dependencies, types)
            if len(hits) == 1:
                pick = hits[0]
        if pick is None and (ref is None or ref == UNKNOWN):
            hits = [c for c in self._by_parent(types).get(res.parent, []) if c.urn != res.urn]
            if len(hits) == 1:
                pick = hits[0]
        return None if pick is None else self._side(pick)

    def _among(self, urns: Iterable[str], types: tuple[str, ...]) -> list[PlannedResource]:
        found = (self.plan.get(u) for u in urns if u != self.resource.urn)
        return [r for r in found if r is not None and r.type in types]

    def _by_parent(self, types: tuple[str, ...]) -> dict[Optional[str], list[PlannedResource]]:
        key = ("parents", types)
        index = self.plan.cache.get(key)
        if index is None:
            index = {}
            for c in self.plan.of_type(*types):
                index.setdefault(c.parent, []).append(c)
            self.plan.cache[key] = index
        return index

    def _names(self, types: tuple[str, ...]) -> dict[str, PlannedResource]:
        """Name / id / mock id -> resource, for reference matching (built once per plan)."""
        key = ("names", types, self.side)
        index = self.plan.cache.get(key)
        if index is None:
            index = {}
            for c in self.plan.of_type(*types):
                ins = self._side(c) or {}
                for name in (c.name, f"{c.name}-id", c.resource_id, ins.get("name"), ins.get("namePrefix")):
                    if isinstance(name, str) and name:
                        index.setdefault(name, c)
            self.plan.cache[key] = index
        return index

    def referencing(self, key: str, types: Iterable[str], names: Iterable[Optional[str]] = ()) -> Optional[Mapping[str, Any]]:
        """Inputs of a resource whose input ``key`` points at this one (an autoscaler at its
        group), resolved like ``referenced``; ``names`` are this resource's own names."""
        res = self.resource
        mine = {n for n in (res.name, f"{res.name}-id", res.resource_id, *names) if n}
        cands = self.plan.of_type(*tuple(types))
        for c in cands:
            if res.urn in c.property_dependencies.get(key, ()):
                return self._side(c)
        for c in cands:
            ref = (self._side(c) or {}).get(key)
            if isinstance(ref, str) and ref != UNKNOWN:
                if ref in mine or ref.rstrip("/").rsplit("/", 1)[-1] in mine:
                    return self._side(c)
        unknown = [c for c in cands if (self._side(c) or {}).get(key) in (None, UNKNOWN) and c.parent == res.parent]
        peers = [r for r in self.plan.of_type(res.type) if r.parent == res.parent]
        if len(unknown) == 1 and len(peers) == 1:
            return self._side(unknown[0])
        return None

    def _side(self, other: PlannedResource) -> Optional[Mapping[str, Any]]:
        first, second = (other.new_inputs, other.old_inputs) if self.side == "new" else (other.old_inputs, other.new_inputs)
        return first if first is not None else second

    # ---- catalog

    def instance(self, type_name: str, *, pricing: Optional[str] = None) -> tuple[Any, Decimal, str]:
        """(row, hourly price, pricing model used) of an instance type in this region.

        A pricing model without a catalog price falls back to on-demand, and says so.
        """
        region = self.need_region()
        if not isinstance(type_name, str) or type_name == UNKNOWN:
            raise UnknownInput("instance type is unknown until apply")
        key = ("instance", id(self.catalog), self.cloud, region, type_name)
        row = self.plan.cache.get(key, _MISSING)
        if row is _MISSING:  # one catalog lookup per (cloud, region, type) and plan
            try:
                row = self.catalog.instance(self.cloud, region, type_name)
            except LookupError as exc:  # the reason of a valid but unpriced region names its fix
                row = exc if getattr(exc, "kind", "").endswith("region") else None
            self.plan.cache[key] = row
        if row is None:
            raise UnknownInput(f"no catalog price for {self.cloud} {type_name} in {region}")
        if isinstance(row, LookupError):
            raise UnknownInput(str(row))
        hourly, model = self.hourly(row, type_name, pricing)
        return row, hourly, model

    def hourly(self, row: Any, what: str, pricing: Optional[str] = None) -> tuple[Decimal, str]:
        """(hourly price, model used) of an instance or accelerator row under a pricing model;
        a model the catalog has no price for falls back to on-demand, with a note."""
        model = pricing or self.pricing
        hourly = row.hourly(model)
        if hourly is None:
            self.notes.append(f"no {model} price for {what}; on-demand used")
            model, hourly = "on-demand", row.on_demand_hourly
        return hourly, model

    def instance_line(self, type_name: Any, count: int = 1, *, pricing: Optional[str] = None, label: str = "Instance usage") -> CostComponent:
        """Hours of ``count`` instances of a type under a pricing model, all month.

        Equal lines are one shared object per plan (components are never modified): big plans
        repeat a few instance types, and the JSON writer then encodes each line once."""
        row, hourly, model = self.instance(type_name, pricing=pricing)
        key = ("instance_line", id(row), model, count, label, type_name)
        line = self.plan.cache.get(key)
        if line is None:
            line = self.plan.cache[key] = CostComponent(
                name=f"{label} ({model}, {type_name})",
                unit="hours",
                monthly_quantity=HOURS * count,
                price=hourly,
                source=row.source,
                as_of=row.as_of,
                **derived_fields(row, model),
            )
        return line

    def platform(self, item: str, *, what: Optional[str] = None) -> Any:
        """A platform price row in this region; missing -> UnknownInput naming the item."""
        region = self.need_region()
        key = ("platform", id(self.catalog), self.cloud, region, item)
        row = self.plan.cache.get(key, _MISSING)
        if row is _MISSING:  # one catalog lookup per (cloud, region, item) and plan
            row = self.plan.cache[key] = self.catalog.find_platform(self.cloud, region, item)
        if row is None:
            raise UnknownInput(f"no catalog price for {what or item} ({self.cloud} {region})" + self._no_region_hint(region))
        return row

    def _no_region_hint(self, region: str) -> str:
        """For a valid region the snapshot does not price: say so (never "unknown region")."""
        has_prices = getattr(self.catalog, "has_prices", None)
        if has_prices is None or has_prices(self.cloud, region):
            return ""
        from llmkit.pricing.catalog.live import refresh_hint

        return (f"; the bundled snapshot has no {self.cloud} {region} prices: `{refresh_hint(self.cloud, region)}` fetches "
                "those the price APIs cover (instance types, block storage; AWS and Azure load balancers, NAT gateways, Azure public IPs)")

    # ---- components

    def fixed(self, name: str, row: Any, quantity: Decimal | int, *, unit: Optional[str] = None, price: Optional[Decimal] = None) -> CostComponent:
        """A fixed line from a catalog row (PlatformPrice or instance row with ``price``)."""
        return CostComponent(
            name=name,
            unit=unit or row.unit,
            monthly_quantity=Decimal(quantity),
            price=row.price if price is None else price,
            source=row.source,
            as_of=row.as_of,
            **derived_fields(row),
        )

    def hours(self, name: str, row: Any, hourly: Decimal, count: Decimal | int = 1) -> CostComponent:
        """A line billed per hour for ``count`` units running all month."""
        return CostComponent(
            name=name,
            unit="hours",
            monthly_quantity=HOURS * Decimal(count),
            price=hourly,
            source=row.source,
            as_of=row.as_of,
            **derived_fields(row),
        )

    def usage_line(self, name: str, key: str, row: Any, *, scale: Decimal = Decimal(1), unit: Optional[str] = None) -> CostComponent:
        """A usage-based line: quantity from the usage file (or its type default), else None."""
        qty = self.usage.get(key)
        return CostComponent(
            name=name,
            unit=unit or row.unit,
            monthly_quantity=None if qty is None else qty * scale,
            price=row.price,
            source=row.source,
            as_of=row.as_of,
            usage_key=key,
            usage_source=self.usage_sources.get(key),
            **derived_fields(row),
        )


RESERVED_ASSUMPTION = "reserved price = the guide's 30-50% assumption (1 year 30% off, 3 years 50% off on-demand), not a published price"


def derivation(row: Any, model: Optional[str] = None) -> Optional[str]:
    """How a catalog price was derived when it is not a published one, else None: a derived
    row (another region or size x a factor; its source says which), an assumed platform price,
    or a reserved price that is the guide's assumption."""
    if model in ("reserved-1y", "reserved-3y") and getattr(row, "reserved_is_assumption", False):
        return RESERVED_ASSUMPTION
    if getattr(row, "derived", False) or getattr(row, "assumption", False):
        source = str(getattr(row, "source", ""))
        start = source.find("derived:")
        text = source[start:] if start >= 0 else source
        return _first_clause(text) or "derived, not published"
    return None


def _first_clause(text: str) -> str:
    """Text up to the first ';' outside parentheses (a source's clauses are ';'-separated)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == ";" and depth <= 0:
            return text[:i].strip()
    return text.strip()


def derived_fields(row: Any, model: Optional[str] = None) -> dict[str, Any]:
    how = derivation(row, model)
    return {"derived": how is not None, "derivation": how}


def _field(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path)


PricerFn = Callable[[PriceContext], list[CostComponent]]


@dataclasses.dataclass(frozen=True)
class Pricer:
    types: tuple[str, ...]
    fn: PricerFn
    usage_keys: tuple[UsageKey, ...] = ()
    regional: bool = True  # needs a region (global services say False)


_REGISTRY: dict[str, Pricer] = {}
_loaded = False


def pricer(*types: str, usage: Iterable[UsageKey] = (), regional: bool = True) -> Callable[[PricerFn], PricerFn]:
    """Decorator registering a pricer for one or more type tokens."""

    def register(fn: PricerFn) -> PricerFn:
        entry = Pricer(types=tuple(types), fn=fn, usage_keys=tuple(usage), regional=regional)
        for token in types:
            if token in _REGISTRY:
                raise RuntimeError(f"two pricers for {token}")
            _REGISTRY[token] = entry
        return fn

    return register


def registry() -> dict[str, Pricer]:
    """All pricers by type token (loads the family modules once)."""
    global _loaded
    if not _loaded:
        for family in _FAMILIES:
            importlib.import_module(f"{__name__}.{family}")
        _loaded = True
    return _REGISTRY


def lookup(token: str) -> Optional[Pricer]:
    return registry().get(token)


def usage_key(name: str, unit: str, description: str, default: int | str) -> UsageKey:
    return UsageKey(name, unit, description, Decimal(str(default)))


DATA_PROCESSED_GB = usage_key("monthly_data_processed_gb", "GB", "data processed per month (NAT gateway, load balancer)", 100)


def as_int(value: Any, what: str) -> int:
    """An integer input (counts, sizes); unknown or non-numeric -> UnknownInput."""
    if value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown until apply")
    try:
        return int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        raise UnknownInput(f"{what} is not a whole number") from None


def total(components: Iterable[CostComponent]) -> Decimal:
    """Known monthly cost of some lines (usage lines without a quantity add nothing)."""
    return sum((c.monthly_cost or Decimal(0) for c in components), Decimal(0))


def autoscaled(
    ctx: PriceContext,
    build: Callable[[int], list[CostComponent]],
    lo: int,
    desired: int,
    hi: int,
    fixed: Iterable[CostComponent] = (),
) -> list[CostComponent]:
    """Lines of an autoscaled group at its desired size, recording the min..max monthly range.

    ``build(n)`` returns the lines for n members (it may mix on-demand and spot members), so
    the range is exact rather than a linear guess; ``fixed`` lines do not scale.
    """
    if not (0 <= lo <= hi):
        raise UnknownInput("group size limits are inconsistent (min above max)")
    desired = min(max(desired, lo), hi)
    fixed = list(fixed)
    ctx.monthly_range = (total(fixed + build(lo)), total(fixed + build(hi)))
    if lo == hi:
        ctx.monthly_range = None
    return fixed + build(desired)


def hourly_item(ctx: PriceContext, item: str, label: str) -> list[CostComponent]:
    """A service billed per hour all month (public IPs, control planes)."""
    row = ctx.platform(item, what=label)
    return [ctx.hours(label, row, row.price)]


def metered(ctx: PriceContext, label: str, hour_item: str, data_item: str, key: UsageKey, data_label: str = "Data processed") -> list[CostComponent]:
    """An hourly service plus a usage-based data line (NAT gateways, load balancers)."""
    hour = ctx.platform(hour_item, what=f"{label} hours")
    data = ctx.platform(data_item, what=f"{label} data")
    return [ctx.hours(label, hour, hour.price), ctx.usage_line(data_label, key.name, data)]


def disk_line(ctx: PriceContext, name: str, size_gb: Any, disk_type: str, count: int = 1) -> CostComponent:
    """A block-storage line (EBS / managed disk / persistent disk) of ``size_gb`` x ``count``."""
    size = as_int(size_gb, f"{name} size")
    row = ctx.platform(f"block_storage_gb_month:{disk_type}", what=f"{disk_type} storage")
    key = ("disk_line", id(row), name, size, count)  # one shared line per plan, as instance_line
    line = ctx.plan.cache.get(key)
    if line is None:
        line = ctx.plan.cache[key] = ctx.fixed(f"{name} ({disk_type}, {size} GB)", row, Decimal(size) * count, unit="GB-months")
    return line


def global_platform(ctx: PriceContext, item: str, what: str) -> Any:
    """A platform price for a global resource: its own region's row, else the stack's region
    (from config), else the cloud's default region; the fallback is noted."""
    cloud = ctx.cloud
    candidates = [ctx.region]
    for key in {"aws": ("aws:region",), "azure": ("azure-native:location", "azure:location"), "gcp": ("gcp:region",)}.get(cloud, ()):
        candidates.append(normalise_region(cloud, ctx.plan.config.get(key)))
    candidates.append(ctx.catalog.default_region(cloud))
    for region in candidates:
        if region:
            row = ctx.catalog.find_platform(cloud, region, item)
            if row is not None:
                if region != ctx.region:
                    ctx.notes.append(f"{what} priced at the {region} rate")
                return row
    raise UnknownInput(f"no catalog price for {what} ({cloud})")
