"""Option values of the cost-framework commands validated into one ``framework.Request``.

WHY its own module: estimate, compare and capacity take the same workload, cloud and pricing
options and must reject bad ones with the same one-line messages (exit 2); the CLI parses,
this validates, ``llmkit.pricing.model.framework`` computes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from llmkit.core import records
from llmkit.core.clouds import DEPLOYABLE
from llmkit.core.errors import UnknownName, UserError


def capped_money(value: float | str, what: str) -> Decimal:
    """``decimal_option`` for a value the caller knows was given."""
    from llmkit.core.bounds import MAX_MONEY, capped

    return capped(value, what, maximum=MAX_MONEY)


def decimal_option(value: Optional[float | str], what: str) -> Optional[Decimal]:
    """A flag's number as a Decimal: finite (no nan/inf) and at most MAX_MONEY, which bounds
    every rate and amount these commands take; lower bounds are each caller's own check."""
    return None if value is None else capped_money(value, what)


def count_option(value: Optional[int], what: str, maximum: int) -> Optional[int]:
    """A whole-number flag no larger than ``maximum`` (a 30-digit --replicas is bad input)."""
    from llmkit.core.bounds import capped

    return None if value is None else int(capped(value, what, maximum=maximum, integral=True))


def build_request(
    *, users: Optional[int], qpd: Optional[float], input_tokens: Optional[int], output_tokens: Optional[int],
    active_hours: Optional[float], peak: Optional[float], cache: Optional[float], context: Optional[int],
    cloud: str, region: Optional[str], pricing: str, profile: str, dtype: Optional[str] = None,
    gpu: Optional[str] = None, instance_type: Optional[str] = None, replicas: Optional[int] = None,
    local_share: Optional[float] = None, no_batching: bool = False, app_tier: Optional[str] = None,
    devops: Optional[float] = None, on_call: Optional[float] = None, maintenance: Optional[float] = None,
    setup: Optional[float] = None, horizon: int = 36,
) -> Any:
    """Validated framework Request from CLI options (None keeps the guide's defaults)."""
    from llmkit.pricing.model.app_tier import AppTier
    from llmkit.pricing.catalog.types import PRICING_MODELS
    from llmkit.pricing.model.costs import Operations
    from llmkit.pricing.model.framework import Request
    from llmkit.pricing.model.workload import Workload

    if pricing not in PRICING_MODELS:
        raise UnknownName("pricing model", pricing, PRICING_MODELS)
    if cloud not in DEPLOYABLE:
        raise UnknownName("cloud", cloud, DEPLOYABLE)
    if region is not None:
        from llmkit.core.regions import is_valid_region, normalise_region, valid_regions

        if not is_valid_region(cloud, normalise_region(cloud, region) or ""):
            raise UnknownName(f"{cloud} region", region, valid_regions(cloud))
    from llmkit.core.bounds import MAX_COUNT
    from llmkit.pricing.model.app_tier import APP_TIER_MODES

    app_tier = app_tier or "guide"
    if app_tier not in APP_TIER_MODES:
        raise UnknownName("app tier", app_tier, APP_TIER_MODES)
    if users is not None and users <= 0:
        raise UserError("users must be a positive whole number")
    count_option(replicas, "--replicas", MAX_COUNT)
    count_option(horizon, "--horizon-months", 1200)
    decimal_option(local_share, "--local-share")
    if local_share is not None and not (0 < local_share < 100):
        raise UserError("local share is a percent between 0 and 100 (exclusive)")
    w = Workload()
    changes: dict[str, Any] = {}
    ints: tuple[tuple[str, Optional[int]], ...] = (
        ("users", users), ("input_tokens", input_tokens), ("output_tokens", output_tokens), ("max_context_tokens", context))
    for key, count in ints:
        if count is not None:
            changes[key] = count
    decs: tuple[tuple[str, Optional[float], str], ...] = (
        ("queries_per_user_per_day", qpd, "queries per user per day"), ("active_hours_per_day", active_hours, "active hours"),
        ("peak_to_average", peak, "peak-to-average"), ("cache_hit_rate", cache, "cache hit rate"))
    for key, number, what in decs:
        if number is not None:
            changes[key] = decimal_option(number, what)
    if qpd is not None and 0 < qpd < 0.001:  # one query per user every three years; thinner is a typo
        raise UserError("queries per user per day must be at least 0.001")
    w = records.replace(w, **changes)
    base = Operations()
    ops = records.replace(
        base,
        devops=base.devops if devops is None else capped_money(devops, "devops"),
        on_call=base.on_call if on_call is None else capped_money(on_call, "on-call"),
        maintenance=base.maintenance if maintenance is None else capped_money(maintenance, "maintenance"),
    )
    if min(ops.devops, ops.on_call, ops.maintenance) < 0:
        raise UserError("operations costs must not be negative")
    if setup is not None and setup < 0:
        raise UserError("setup cost must not be negative")
    if horizon < 1:
        raise UserError("horizon must be at least one month")
    if replicas is not None and replicas < 1:
        raise UserError("replicas must be at least 1")
    return Request(
        workload=w, cloud=cloud, region=region, pricing=pricing, profile=profile, dtype=dtype, gpu=gpu,
        instance_type=instance_type, replicas=replicas,
        local_share=(Decimal(str(local_share)) / 100) if local_share is not None else Request().local_share,
        app_tier=AppTier(mode=app_tier), operations=ops, setup_one_time=decimal_option(setup, "setup cost"),
        horizon_months=horizon, concurrency=1 if no_batching else None,
    )
