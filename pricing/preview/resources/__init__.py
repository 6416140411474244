"""Per-type pricers, in the style of Infracost's resources: a registry from type token to
pricer (``registry``), what a pricer sees (``context``), shared line builders (``lines``),
the two-layer mappers and cost models (``mappers/``, ``models/``). This package re-exports the
names mappers and models use.
"""

from __future__ import annotations

from llmkit.pricing.cost_component import HOURS, CostComponent
from llmkit.pricing.preview.resources.base import (
    BadInput,
    NotPriced,
    UnknownInput,
    UsageKey,
    as_int,
    as_mapping,
    as_number,
    as_objects,
    usage_key,
)
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.derived import derivation, derived_fields
from llmkit.pricing.preview.resources.lines import (
    DATA_PROCESSED_GB,
    autoscaled,
    disk_line,
    global_platform,
    hourly_item,
    metered,
    total,
)
from llmkit.pricing.preview.resources.registry import Pricer, PricerFn, lookup, registry

__all__ = [
    "derivation",
    "derived_fields",
    "DATA_PROCESSED_GB", "HOURS", "BadInput", "CostComponent", "NotPriced", "PriceContext", "Pricer", "PricerFn",
    "UnknownInput", "UsageKey", "as_int", "as_mapping", "as_number", "as_objects", "autoscaled", "disk_line", "global_platform", "hourly_item",
    "lookup", "metered", "registry", "total", "usage_key",
]
