"""The result every cost model returns: named monthly components, each with its source.

Why one shape: ``llmkit estimate``, ``compare``, break-even and TCO treat the three approaches
alike only if API, self-hosted and hybrid estimates are the same kind of object. A component
whose price is unknown has ``monthly`` None and makes the total unknown-aware (listed, never $0).
One-time setup is kept apart from the recurring components and spread over the horizon.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.money import rounded
from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.model.workload import Workload

__all__ = ["CostComponent", "Estimate", "Operations"]

MONTHS_PER_YEAR = 12


@record
class Operations:
    """People cost per month; defaults are the guide's section 5 example (DevOps 20% of an
    engineer $500, on-call $200, maintenance and updates $100)."""

    devops: Decimal = Decimal(500)
    on_call: Decimal = Decimal(200)
    maintenance: Decimal = Decimal(100)
    source: str = "guide section 5 (model A operations), overridable"

    def components(self) -> list[CostComponent]:
        return [
            CostComponent.monthly_amount("ops_devops", self.devops, self.source, "operations", "DevOps share of an engineer"),
            CostComponent.monthly_amount("ops_on_call", self.on_call, self.source, "operations", "on-call support"),
            CostComponent.monthly_amount("ops_maintenance", self.maintenance, self.source, "operations", "model updates, maintenance"),
        ]


@record
class Estimate:
    """A monthly estimate of one approach for one workload."""

    approach: str  # api | self-hosted | hybrid
    label: str  # e.g. "API gpt-4", "self-hosted mistral-7b on 2 x g4dn.xlarge"
    workload: Workload
    components: tuple[CostComponent, ...]
    pricing: str = "on-demand"
    one_time_setup: Optional[Decimal] = None
    horizon_months: int = 36
    quality_score: Optional[int] = None
    model: str = ""
    notes: tuple[str, ...] = ()
    details: dict[str, Any] = records.field(default_factory=dict, compare=False, hash=False)
    # Applied to the recurring total after the components (the guide profile's reserved
    # "-30% of the whole total"); 0 everywhere else.
    total_discount: Decimal = Decimal(0)

    @property
    def unknown(self) -> list[str]:
        return [c.name for c in self.components if c.monthly is None]

    @property
    def recurring_monthly(self) -> Decimal:
        subtotal = sum((c.monthly for c in self.components if c.monthly is not None), Decimal(0))
        return subtotal * (1 - self.total_discount)

    @property
    def setup_monthly(self) -> Decimal:
        if not self.one_time_setup:
            return Decimal(0)
        return self.one_time_setup / self.horizon_months

    @property
    def monthly_total(self) -> Decimal:
        """Recurring components plus one-time setup spread over the horizon."""
        return self.recurring_monthly + self.setup_monthly

    @property
    def annual_total(self) -> Decimal:
        return self.monthly_total * MONTHS_PER_YEAR

    def tco(self, years: int) -> Decimal:
        """Total cost of ownership over ``years``: recurring months plus the whole setup."""
        return self.recurring_monthly * MONTHS_PER_YEAR * years + (self.one_time_setup or Decimal(0))

    def subtotal(self, category: str) -> Decimal:
        return sum((c.monthly for c in self.components if c.category == category and c.monthly is not None), Decimal(0))

    def cost_per_query(self) -> Decimal:
        return self.monthly_total / self.workload.monthly_queries

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``llmkit estimate --format json`` (money stays Decimal here)."""
        return {
            "approach": self.approach,
            "label": self.label,
            "model": self.model,
            "pricing": self.pricing,
            "currency": "USD",
            "monthly_total": q(self.monthly_total),
            "annual_total": q(self.annual_total),
            "tco_1y": q(self.tco(1)),
            "tco_3y": q(self.tco(3)),
            "cost_per_query": q(self.cost_per_query(), 6),
            "one_time_setup": self.one_time_setup,
            "total_discount": self.total_discount,
            "components": [
                {"name": c.name, "monthly": q(c.monthly) if c.monthly is not None else None, "source": c.source, "category": c.category, "detail": c.detail}
                for c in self.components
            ],
            "unknown_components": self.unknown,
            "quality_score": self.quality_score,
            "notes": list(self.notes),
            "workload": {
                "users": self.workload.users,
                "queries_per_user_per_day": self.workload.queries_per_user_per_day,
                "input_tokens": self.workload.input_tokens,
                "output_tokens": self.workload.output_tokens,
                "monthly_queries": self.workload.monthly_queries,
                "cache_hit_rate": self.workload.cache_hit_rate,
                "max_context_tokens": self.workload.max_context_tokens,
                "peak_queries_per_second": self.workload.peak_queries_per_second,
            },
            **self.details,
        }


q = rounded  # the cost models' short name for money in JSON (llmkit.core.money.rounded)
