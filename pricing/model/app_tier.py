"""The app tier in front of hosted tokens: what it is made of, not what it costs.

Why its own module: every estimate request carries an ``AppTier`` (``framework.Request``
defaults to the guide's), but only an API estimate prices it (``api_cost``). Kept apart, a
self-hosted estimate does not import the API cost model at start-up (issue 10).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from llmkit.core.records import record

APP_TIER_MODES: tuple[str, ...] = ("guide", "instances", "stack")


@record
class AppTier:
    """The servers and people around hosted tokens.

    ``mode="guide"``: the guide's flat $300 infrastructure + $200 operations a month (section 5,
    model B). ``mode="instances"``: ``servers`` x the cheapest catalog CPU type with
    ``min_memory_gb`` (or ``instance_type``), a load balancer and alarms priced from the
    catalog, plus ``operations`` a month. ``mode="stack"``: what the kit's api reference stack
    deploys, i.e. ``instances`` plus its vector DB server (instance and data disk) and the NAT
    gateway its private servers reach the hosted APIs through, so an estimate can be held
    against ``llmkit preview`` of that stack.
    """

    mode: str = "guide"
    infrastructure: Decimal = Decimal(300)
    operations: Decimal = Decimal(200)
    servers: int = 2
    instance_type: Optional[str] = None
    min_memory_gb: Decimal = Decimal(4)
    monitoring_alarms: int = 5
    vector_db_disk_gb: Decimal = Decimal(100)  # stack mode: the vector DB's data disk

    def __post_init__(self) -> None:
        if self.mode not in APP_TIER_MODES:
            raise ValueError("app tier mode must be guide, instances or stack")
