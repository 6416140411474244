"""The one cost line of the whole project: what a pricer, a cost model and the preview
breakdown all return, so an estimate and a preview speak the same shape.

A line is ``monthly_quantity x price`` in ``unit``s with the ``source`` and ``as_of`` of its
price. ``price`` None means the price is unknown; ``monthly_quantity`` None means it waits for
usage not given (``usage_key`` names it). Either makes ``monthly_cost`` None: listed, never $0.
The estimate models (api / self-hosted / hybrid) deal in whole monthly amounts; they build lines
with :meth:`CostComponent.monthly_amount` (one "month" at that price) and read ``monthly``.
A line with ``unknown`` set is a part of a resource that cannot be priced at preview (an
attached volume whose size comes from a snapshot): the resource is priced for its other lines
and shows this one by name (partial pricing), never as $0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.units import HOURS_PER_MONTH

HOURS = HOURS_PER_MONTH  # the pricers' short name for the 730-hour month (llmkit.core.units)
_ONE = Decimal(1)


@record(frozen=False, slots=True)
class CostComponent:
    """One priced line. Never modified once built (pricers share equal lines per plan).

    ``usage_key`` marks a usage-based line; ``usage_source`` says where its quantity came from
    (``usage file``, ``usage default``, ``stack config``). ``category`` (infrastructure |
    operations | llm) and ``detail`` are what the estimate models group and explain by.
    """

    name: str
    unit: str
    monthly_quantity: Optional[Decimal]
    price: Optional[Decimal]
    source: str
    as_of: str
    usage_key: Optional[str] = None
    usage_source: Optional[str] = None
    category: str = "infrastructure"
    detail: str = ""
    unknown: Optional[str] = None  # names the part whose cost is unknown ("volume size"): no cost, shown by name
    # A price that is not published (a region uplift, the guide's reserved assumption): shown
    # with a marker in every format, and ``derivation`` says how it was made.
    derived: bool = False
    derivation: Optional[str] = None

    @classmethod
    def monthly_amount(cls, name: str, monthly: Optional[Decimal], source: str, category: str = "infrastructure",
                       detail: str = "", as_of: str = "") -> "CostComponent":
        """A whole monthly amount (None: unknown) as one line of one month; ``as_of`` is the date
        of the catalog price behind it ("" for a figure with no date: a guide assumption)."""
        return cls(name, "month", _ONE, monthly, source, as_of, category=category, detail=detail)

    @classmethod
    def unknown_part(cls, name: str, unit: str, what: str, *, price: Optional[Decimal] = None, source: str = "", as_of: str = "") -> "CostComponent":
        """A line whose cost is unknown at preview (``what`` names the missing part)."""
        return cls(name, unit, None, price, source, as_of, unknown=what)

    @property
    def monthly_cost(self) -> Optional[Decimal]:
        if self.monthly_quantity is None or self.price is None:
            return None
        return self.monthly_quantity * self.price

    @property
    def monthly(self) -> Optional[Decimal]:
        """The line's monthly cost (the estimate models' name for ``monthly_cost``)."""
        return self.monthly_cost

    @property
    def hourly_quantity(self) -> Optional[Decimal]:
        return None if self.monthly_quantity is None else self.monthly_quantity / HOURS

    @property
    def hourly_cost(self) -> Optional[Decimal]:
        cost = self.monthly_cost
        return None if cost is None else cost / HOURS

    def with_monthly(self, monthly: Optional[Decimal], **changes: object) -> "CostComponent":
        """A copy holding another whole monthly amount (discounts, renames in the models)."""
        return records.replace(self, unit="month", monthly_quantity=_ONE, price=monthly, **changes)  # type: ignore[arg-type]
