"""The routers' shared response cache as the api and hybrid reference stacks deploy it, priced
from the catalog, so ``estimate`` carries the same line ``preview`` prices from the plan.

One node per cloud, the smallest sensible one (llmkit.components.<cloud>.cache deploys exactly
these; tests/test_response_cache.py holds the plan's priced line against this one): a cache
node-hour (AWS ElastiCache for Redis OSS, Azure Cache for Redis) or GB-hours of capacity
(Memorystore). A cloud whose cache has no sourced catalog price gets an unknown line, never $0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from llmkit.core.records import record
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.costs import CostComponent


@record
class CacheSize:
    """The managed cache a cloud's response cache is priced as, and how much of it per hour."""

    item: str  # the catalog's platform item
    per_hour: Decimal  # units of that item billed per hour (nodes, or GB of capacity)
    what: str


RESPONSE_CACHE = {
    "aws": CacheSize("db_instance_hour:cache.t3.micro", Decimal(1), "ElastiCache for Redis OSS, 1 x cache.t3.micro"),
    "azure": CacheSize("redis_cache_hour:basic_c1", Decimal(1), "Azure Cache for Redis, Basic C1"),
    "gcp": CacheSize("memorystore_gb_hour:basic", Decimal(1), "Memorystore for Redis, BASIC 1 GB"),
}


def response_cache_component(cat: Any, cloud: str, region: str) -> CostComponent:
    """The cache's month (730 h); unknown where the catalog has no price for it."""
    from llmkit.pricing.model.selfhosted import platform_component

    size = RESPONSE_CACHE[cloud]
    return platform_component(cat, cloud, region, "response_cache", size.item, HOURS_PER_MONTH * size.per_hour,
                              f"shared response cache ({size.what})")
