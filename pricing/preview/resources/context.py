"""What a pricer sees (``PriceContext``): the inputs of the side it prices, the resolved region,
usage values, and the per-plan cached catalog lookups and line builders.

Reasons and component names may name an instance type, SKU or region (that is what a cost
report is about) but never echo other input values: previews carry plain-text passwords.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Mapping, Optional

from llmkit.pricing.cost_component import HOURS, CostComponent
from llmkit.pricing.preview.plan import UNKNOWN, Plan, PlannedResource
from llmkit.core.bounds import MAX_NUMBER
from llmkit.pricing.preview.resources.base import BadInput, UnknownInput, as_mapping, as_number, as_objects, field as _field
from llmkit.pricing.preview.resources.derived import derived_fields
from llmkit.pricing.preview.resources.references import References

_MISSING = object()  # "not looked up yet" in the per-plan catalog cache (None is "no price")


@dataclasses.dataclass
class PriceContext(References):
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

    @classmethod
    def standalone(cls, catalog: Any, token: str, region: Optional[str], *, pricing: str = "on-demand",
                   usage: Optional[Mapping[str, Decimal]] = None) -> "PriceContext":
        """A context outside any preview, so callers that know a resource some other way (a
        sweep of live resources, a self-hosted estimate) price it through the same cost models:
        ``Model(...).cost(PriceContext.standalone(catalog, token, region))``."""
        res = PlannedResource(urn=f"urn:pulumi:standalone::llmkit::{token}::resource", type=token, custom=True,
                              op="same", old_inputs=None, new_inputs={}, provider_ref=None, region=region)
        plan = Plan(resources=[res], components=[], config={}, providers={})
        values = dict(usage or {})
        return cls(resource=res, inputs={}, region=region, plan=plan, catalog=catalog, pricing=pricing,
                   usage=values, usage_sources={k: "caller" for k in values})

    @property
    def cloud(self) -> str:
        return self.resource.cloud or ""

    # ---- inputs

    def get(self, *path: Any, default: Any = None) -> Any:
        """A nested input value; the unknown sentinel raises UnknownInput naming the field, and
        a string or number where the path needs an object or list raises BadInput."""
        value: Any = self.inputs
        for depth, part in enumerate(path):
            if type(value) is dict or isinstance(value, Mapping):  # the exact check first: ABC checks are slow
                value = value.get(part) if isinstance(part, str) else None
            elif isinstance(value, list) and isinstance(part, int):
                value = value[part] if -len(value) <= part < len(value) else None
            elif isinstance(part, int):
                raise BadInput(f"{_field(path[:depth])} must be a list")
            else:
                raise BadInput(f"{_field(path[:depth])} must be an object")
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

    def number(self, *path: Any, default: Any = None, maximum: int = MAX_NUMBER) -> Optional[Decimal]:
        """A non-negative finite number input (sizes, rates, throughput); None when not set."""
        value = self.get(*path, default=default)
        if value is None:
            return None
        return as_number(value, _field(path), maximum=maximum)

    def mapping(self, *path: Any) -> Mapping[str, Any]:
        """An object input ({} when not set); a string or list in its place is BadInput."""
        return as_mapping(self.get(*path), _field(path))

    def objects(self, *path: Any) -> list[Mapping[str, Any]]:
        """A list-of-objects input ([] when not set); any other shape is BadInput."""
        return as_objects(self.get(*path), _field(path))

    def need_region(self) -> str:
        if self.region == UNKNOWN:
            raise UnknownInput("region is unknown until apply")
        if not self.region:
            raise UnknownInput("region is not set (no region input, provider region or stack config)")
        return self.region

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
        repeat a few instance types, and the JSON writer then encodes each line once. The line
        and the notes its lookup made are kept per request, so an autoscaled group's three sizes
        and every later member of the plan skip the lookup (a replayed note is the same note)."""
        asked = None
        if type(type_name) is str:  # anything else is the lookup's to refuse, every time
            asked = ("instance_line:asked", id(self.catalog), self.cloud, self.region, type_name, pricing or self.pricing, count, label)
            hit = self.plan.cache.get(asked)
            if hit is not None:
                if hit[1]:
                    self.notes.extend(hit[1])
                return hit[0]
        noted = len(self.notes)
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
        if asked is not None:
            self.plan.cache[asked] = (line, tuple(self.notes[noted:]))
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
        from llmkit.pricing.catalog.loader import refresh_hint

        return (f"; the bundled snapshot has no {self.cloud} {region} prices: `{refresh_hint(self.cloud, region)}` fetches "
                "those the price APIs cover (instance types, block storage, networking, and the managed services each client prices)")

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
