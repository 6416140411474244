"""The ``guide`` profile: the guide's own figures, to reproduce its worked examples exactly.

Why a profile and not the default: the guide's numbers are flat assumptions ($550 per T4
instance, $110 vector DB, $300 API infrastructure, ...) and a few of its rules contradict the
catalog or each other (docs/guide-reconciliation.md). The default models price every line from
the catalog and a workload-derived quantity; this profile swaps those lines for the guide's
constants so its worked examples can be checked figure by figure:

- 100 users x 20 queries/day x (500 in, 300 out): GPT-4 $1,980 API / $2,480 total;
  GPT-3.5-Turbo $42 / $542; self-hosted 7B $2,700 ($1,900 infrastructure + $800 operations);
  $1,890 with 1-year reserved instances.
- The guide takes its reserved discount (-30% 1-year, -50% 3-year; section 11: $2,000 ->
  $1,400 -> $1,000) off the WHOLE total, operations included. Reproduced here; by default llmkit
  discounts only the instances (the reconciliation page lists this).
- GPU instance count at other user counts: the guide's scaling calculator (section 6), linear
  between its rows, rounded up.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Optional

from llmkit.core.records import record
from llmkit.core.errors import UnknownName, UserError
from llmkit.pricing.model.api_cost import AppTier, api_token_cost, llm_api_component
from llmkit.pricing.catalog.types import LlmPrice
from llmkit.pricing.model.costs import CostComponent, Estimate, Operations
from llmkit.pricing.model.workload import Workload

PROFILES = ("default", "guide")
GUIDE = "guide (llm-agent-deployment-cost-guide.md)"
GUIDE_AS_OF = "2025-11"

# Section 5 model B pricing table (USD per 1K tokens there; per million here), and the
# section 7 quality scores.
GUIDE_LLMS: dict[str, LlmPrice] = {
    "gpt-4": LlmPrice("openai", "gpt-4", Decimal(30), Decimal(60), None, 128000, False, 95,
                      f"{GUIDE} section 5 pricing table", GUIDE_AS_OF),
    "gpt-4-turbo": LlmPrice("openai", "gpt-4-turbo", Decimal(10), Decimal(30), None, 128000, False, 93,
                            f"{GUIDE} section 5 pricing table", GUIDE_AS_OF),
    "gpt-3.5-turbo": LlmPrice("openai", "gpt-3.5-turbo", Decimal("0.5"), Decimal("1.5"), None, 16000, False, 78,
                              f"{GUIDE} section 5 pricing table", GUIDE_AS_OF),
}
GUIDE_LLM_ALIASES = {"gpt4": "gpt-4", "gpt-3.5": "gpt-3.5-turbo", "gpt35": "gpt-3.5-turbo", "gpt-4turbo": "gpt-4-turbo"}

# Section 7 overall scores of the models it names (the open ones it calls "Llama 3").
GUIDE_QUALITY: dict[str, int] = {
    "gpt-4": 95, "claude-3-opus": 94, "gpt-4-turbo": 93, "claude-3-sonnet": 88, "mixtral-8x7b": 87,
    "llama-3.1-70b": 86, "mistral-7b": 84, "llama-3.1-8b": 82, "gpt-3.5-turbo": 78, "phi-3-mini": 72,
}

# Section 6 scaling calculator: users -> GPU instances.
GUIDE_INSTANCES_BY_USERS: tuple[tuple[int, int], ...] = (
    (10, 1), (50, 2), (100, 3), (500, 8), (1000, 15), (10000, 100),
)
GUIDE_RESERVED_DISCOUNT = {"reserved-1y": Decimal("0.30"), "reserved-3y": Decimal("0.50")}


@record
class GuideSelfHosted:
    """Section 5 model A, 100 users, 7B model on T4 instances."""

    gpu_instance_monthly: Decimal = Decimal(550)
    vector_db: Decimal = Decimal(110)
    load_balancer: Decimal = Decimal(25)
    storage: Decimal = Decimal(15)
    bandwidth: Decimal = Decimal(60)
    backups_monitoring: Decimal = Decimal(40)
    operations: Operations = Operations(source=f"{GUIDE} section 5 model A operations")


def guide_instances(users: int) -> int:
    """GPU instances for ``users`` by the guide's scaling calculator (linear between rows)."""
    rows = GUIDE_INSTANCES_BY_USERS
    if users <= rows[0][0]:
        return rows[0][1]
    for (u0, n0), (u1, n1) in zip(rows, rows[1:]):
        if users <= u1:
            return math.ceil(n0 + (n1 - n0) * (users - u0) / (u1 - u0) - 1e-9)
    u0, n0 = rows[-1]
    return math.ceil(n0 * users / u0)


def guide_llm(name: str) -> LlmPrice:
    key = GUIDE_LLM_ALIASES.get(name.lower(), name.lower())
    if key not in GUIDE_LLMS:
        raise UnknownName("model in the guide's pricing table", name, GUIDE_LLMS)
    return GUIDE_LLMS[key]


def _discount(pricing: str) -> Decimal:
    if pricing == "on-demand":
        return Decimal(0)
    if pricing in GUIDE_RESERVED_DISCOUNT:
        return GUIDE_RESERVED_DISCOUNT[pricing]
    raise UserError(f"the guide gives no {pricing} price; use the default profile for {pricing}")


def guide_api(workload: Workload, model: str = "gpt-4", *, tier: AppTier = AppTier()) -> Estimate:
    """Section 5 model B: tokens at the guide's prices + $300 infrastructure + $200 operations."""
    llm = guide_llm(model)
    tokens = api_token_cost(workload, llm)
    comps = [
        llm_api_component(tokens),
        CostComponent.monthly_amount("app_infrastructure", tier.infrastructure, f"{GUIDE} section 5 model B", "infrastructure",
                      "minimal infrastructure, flat"),
        CostComponent.monthly_amount("app_operations", tier.operations, f"{GUIDE} section 5 model B", "operations", "operations, flat"),
    ]
    return Estimate("api", f"API {llm.model} (guide profile)", workload, tuple(comps), quality_score=llm.quality_score,
                    model=llm.model, notes=tokens.notes, details={"profile": "guide"})


def guide_selfhosted(
    workload: Workload, model: str = "mistral-7b", *, pricing: str = "on-demand",
    figures: GuideSelfHosted = GuideSelfHosted(), instances: Optional[int] = None,
) -> Estimate:
    """Section 5 model A: instances x $550 + the guide's flat components + $800 operations;
    reserved pricing takes the guide's discount off the whole total."""
    n = instances or guide_instances(workload.users)
    src = f"{GUIDE} section 5 model A"
    comps = [
        CostComponent.monthly_amount("gpu_instances", figures.gpu_instance_monthly * n, src, "infrastructure",
                      f"{n} x T4 16GB instance x ${figures.gpu_instance_monthly}"),
        CostComponent.monthly_amount("vector_db", figures.vector_db, src, "infrastructure", "1 vector DB instance"),
        CostComponent.monthly_amount("load_balancer", figures.load_balancer, src),
        CostComponent.monthly_amount("model_storage", figures.storage, src, "infrastructure", "OSS/S3, 500 GB"),
        CostComponent.monthly_amount("bandwidth", figures.bandwidth, src, "infrastructure", "100 Mbps"),
        CostComponent.monthly_amount("backups_monitoring", figures.backups_monitoring, src),
        *figures.operations.components(),
    ]
    discount = _discount(pricing)
    notes: tuple[str, ...] = ()
    if discount:
        notes = (f"guide profile: {pricing} takes {discount * 100:.0f}% off the whole total, operations included "
                 "(the default profile discounts only the instances)",)
    return Estimate("self-hosted", f"self-hosted {model} on {n} x T4 (guide profile)", workload, tuple(comps),
                    pricing=pricing, quality_score=GUIDE_QUALITY.get(model), model=model, notes=notes,
                    total_discount=discount, details={"profile": "guide", "capacity": {"instances": n, "gpu": "T4"}})


def guide_hybrid(
    workload: Workload, model: str = "mistral-7b", api_model: str = "gpt-4", *,
    local_share: Decimal = Decimal("0.8"), pricing: str = "on-demand",
) -> Estimate:
    """Section 8 hybrid under the guide's figures: the self-hosted example sized for the local
    share of users, plus the API share's tokens (the guide's own $2,500 is not derivable; see
    the reconciliation page)."""
    local_users = max(1, math.ceil(workload.users * local_share))
    local = guide_selfhosted(workload, model, instances=guide_instances(local_users))
    llm = guide_llm(api_model)
    tokens = api_token_cost(workload, llm, share=1 - local_share)
    discount = _discount(pricing)
    # the guide's reserved discount on the whole self-hosted part (tokens are not reserved)
    local_comps = tuple(
        c.with_monthly(c.monthly * (1 - discount) if c.monthly is not None else None)
        for c in local.components
    )
    comps = (*local_comps, llm_api_component(tokens))
    q = GUIDE_QUALITY.get(model)
    quality = round(q * local_share + llm.quality_score * (1 - local_share)) if q and llm.quality_score else None
    return Estimate("hybrid", f"hybrid {model} {local_share * 100:.0f}% + {llm.model} (guide profile)", workload, comps,
                    pricing=pricing, quality_score=quality, model=f"{model}+{llm.model}",
                    details={"profile": "guide", "local_share": local_share})
