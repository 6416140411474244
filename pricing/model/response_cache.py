"""The routers' shared response cache as the api and hybrid reference stacks deploy it, priced
from the catalog, so ``estimate`` carries the same line ``preview`` prices from the plan.

One node per cloud, the smallest sensible one, named by the cloud's descriptor
(``llmkit.core.clouds``, ``response_cache``; llmkit.components.<cloud>.cache deploys exactly
these; tests/test_response_cache.py holds the plan's priced line against this one): a cache
node-hour (AWS ElastiCache for Redis OSS, Azure Cache for Redis) or GB-hours of capacity
(Memorystore). A cloud whose cache has no sourced catalog price gets an unknown line, never $0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from llmkit.core.clouds import CLOUDS
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.costs import CostComponent


def response_cache_component(cat: Any, cloud: str, region: str) -> CostComponent:
    """The cache's month (730 h); unknown where the catalog has no price for it. KeyError for a
    cloud whose descriptor names no response cache (it deploys none)."""
    from llmkit.pricing.model.selfhosted import platform_component

    cache = CLOUDS[cloud].response_cache
    if cache is None:
        raise KeyError(cloud)
    return platform_component(cat, cloud, region, "response_cache", cache.item, HOURS_PER_MONTH * Decimal(cache.per_hour),
                              f"shared response cache ({cache.what})")
