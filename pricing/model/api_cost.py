"""Hosted-LLM token cost of a workload: tokens x the model's prices, per month.

Why separate from the app tier: the token bill is the part that scales with usage, and the
hybrid model and the preview pricer (engineer D) price hosted tokens for a share of traffic
on their own. The cache hit rate is the share of input tokens served from the provider's
prompt cache, priced at the model's cached-input price; a model without one (GPT-4,
GPT-3.5-Turbo) bills cached tokens at the full input price, and the result says so.
Context trimming is ``Workload.effective_input_tokens`` (``max_context_tokens``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from llmkit.core.records import record
from llmkit.pricing.catalog.types import LlmPrice
from llmkit.pricing.model.app_tier import APP_TIER_MODES, AppTier  # noqa: F401  (re-exported: the API approach's tier)
from llmkit.pricing.model.costs import CostComponent, Estimate
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.workload import Workload

MILLION = Decimal(1_000_000)


@record
class ApiTokenCost:
    """One month of hosted tokens for ``share`` of a workload's queries."""

    model: str
    provider: str
    share: Decimal
    queries: Decimal
    input_tokens: Decimal  # billed at the input price
    cached_input_tokens: Decimal  # served from the prompt cache
    output_tokens: Decimal
    input_cost: Decimal
    cached_input_cost: Decimal
    output_cost: Decimal
    cached_price_known: bool
    trimmed_input_tokens: Decimal  # input removed by the context-window policy
    notes: tuple[str, ...]
    source: str
    as_of: str

    @property
    def total(self) -> Decimal:
        return self.input_cost + self.cached_input_cost + self.output_cost

    @property
    def per_query(self) -> Decimal:
        return self.total / self.queries if self.queries else Decimal(0)


def api_token_cost(workload: Workload, llm: LlmPrice, *, share: Decimal = Decimal(1)) -> ApiTokenCost:
    """Monthly token cost of ``share`` (0..1) of the workload's queries on ``llm``."""
    share = Decimal(share)
    if not (Decimal(0) <= share <= Decimal(1)):
        raise ValueError("share must be in [0, 1]")
    queries = workload.monthly_queries * share
    all_input = queries * workload.effective_input_tokens
    trimmed = queries * (workload.input_tokens - workload.effective_input_tokens)
    cached = all_input * workload.cache_hit_rate
    fresh = all_input - cached
    output = queries * workload.output_tokens
    notes: list[str] = []
    known = llm.cached_input_per_million is not None
    cached_price = llm.cached_input_per_million if known else llm.input_per_million
    if cached and not known:
        notes.append(f"{llm.model} has no cached-input price: cached input billed at the full input price")
    if workload.max_context_tokens is not None and trimmed:
        notes.append(f"context trimmed to {workload.max_context_tokens} input tokens per query")
    if llm.context_window is not None and workload.effective_input_tokens + workload.output_tokens > llm.context_window:
        notes.append(f"{llm.model}'s context window ({llm.context_window} tokens) is smaller than one query")
    if llm.retired:
        notes.append(f"{llm.model} is retired by its provider")
    assert cached_price is not None
    return ApiTokenCost(
        model=llm.model,
        provider=llm.provider,
        share=share,
        queries=queries,
        input_tokens=fresh,
        cached_input_tokens=cached,
        output_tokens=output,
        input_cost=fresh * llm.input_per_million / MILLION,
        cached_input_cost=cached * cached_price / MILLION,
        output_cost=output * llm.output_per_million / MILLION,
        cached_price_known=known,
        trimmed_input_tokens=trimmed,
        notes=tuple(notes),
        source=llm.source,
        as_of=llm.as_of,
    )


# --------------------------------------------------------------------------------------------
# The API approach: tokens plus the lightweight app tier in front of them.


def app_tier_components(
    tier: AppTier, workload: Workload, *, cloud: str = "aws", region: Optional[str] = None,
    pricing: str = "on-demand", catalog: Any = None,
) -> list[CostComponent]:
    ops = CostComponent.monthly_amount("app_operations", tier.operations, "guide section 5 model B operations, overridable",
                        "operations", "operations of the API tier")
    if tier.mode == "guide":
        return [
            CostComponent.monthly_amount("app_infrastructure", tier.infrastructure, "guide section 5 model B (minimal infrastructure)",
                          "infrastructure", "lightweight servers, flat"),
            ops,
        ]
    from llmkit.pricing.model.capacity import _catalog
    from llmkit.pricing.model.selfhosted import (
        APP_INSTANCE_TYPES,
        egress_gb,
        instance_component,
        lb_capacity_component,
        platform_component,
        preferred_instance,
    )

    cat = _catalog(catalog)
    region = region or cat.default_region(cloud)
    inst = (cat.instance(cloud, region, tier.instance_type) if tier.instance_type
            else preferred_instance(cat, cloud, region, APP_INSTANCE_TYPES, tier.min_memory_gb))
    hours = HOURS_PER_MONTH
    return [
        instance_component(cat, "app_instances", inst, tier.servers, pricing, "API tier servers"),
        platform_component(cat, cloud, region, "load_balancer", "lb_hour", hours, "load balancer hours"),
        lb_capacity_component(cat, cloud, region, workload, Decimal(1), Decimal(1)),
        platform_component(cat, cloud, region, "bandwidth", "egress_gb", egress_gb(workload), "internet egress"),
        platform_component(cat, cloud, region, "monitoring_alarms", "monitoring_alarm_month",
                           Decimal(tier.monitoring_alarms), "alerts"),
        *(_stack_extras(cat, tier, cloud, region, pricing) if tier.mode == "stack" else []),
        ops,
    ]


def _stack_extras(cat: Any, tier: AppTier, cloud: str, region: str, pricing: str) -> list[CostComponent]:
    """What the api reference stack adds to the bare router fleet: its Qdrant server and data
    disk, the NAT gateway (hour price; its per-GB charge is left to the preview's usage) and the
    routers' shared response cache."""
    from llmkit.pricing.model.response_cache import response_cache_component
    from llmkit.pricing.model.selfhosted import (
        VECTOR_DB_INSTANCE_TYPES,
        _disk_item,
        instance_component,
        platform_component,
        preferred_instance,
    )

    hours = Decimal(HOURS_PER_MONTH)
    vdb = preferred_instance(cat, cloud, region, VECTOR_DB_INSTANCE_TYPES, Decimal(8))
    return [
        instance_component(cat, "vector_db", vdb, 1, pricing, "vector DB instance"),
        platform_component(cat, cloud, region, "vector_db_disk", _disk_item(cat, cloud, region), tier.vector_db_disk_gb,
                           "vector DB data disk"),
        platform_component(cat, cloud, region, "nat_gateway", "nat_gateway_hour", hours, "NAT gateway hours (server egress)"),
        response_cache_component(cat, cloud, region),
    ]


def llm_api_component(cost: ApiTokenCost) -> CostComponent:
    detail = (f"{cost.input_tokens:,.0f} input + {cost.cached_input_tokens:,.0f} cached + "
              f"{cost.output_tokens:,.0f} output tokens on {cost.model}")
    return CostComponent.monthly_amount("llm_api", cost.total, f"{cost.source} (as of {cost.as_of})", "llm", detail,
                                        as_of=cost.as_of)


def estimate_api(
    workload: Workload, llm: LlmPrice, *, tier: AppTier = AppTier(), cloud: str = "aws",
    region: Optional[str] = None, pricing: str = "on-demand", catalog: Any = None,
    setup_one_time: Optional[Decimal] = None, horizon_months: int = 36,
) -> Estimate:
    """The API approach: hosted tokens + the app tier."""
    tokens = api_token_cost(workload, llm)
    comps = [llm_api_component(tokens)]
    comps += app_tier_components(tier, workload, cloud=cloud, region=region, pricing=pricing, catalog=catalog)
    return Estimate(
        approach="api", label=f"API {llm.model}", workload=workload, components=tuple(comps), pricing=pricing,
        one_time_setup=setup_one_time, horizon_months=horizon_months, quality_score=llm.quality_score,
        model=llm.model, notes=tokens.notes,
        details={"tokens": {
            "input": tokens.input_tokens, "cached_input": tokens.cached_input_tokens, "output": tokens.output_tokens,
            "input_cost": tokens.input_cost, "cached_input_cost": tokens.cached_input_cost,
            "output_cost": tokens.output_cost, "trimmed_input": tokens.trimmed_input_tokens,
        }, "app_tier": tier.mode},
    )
