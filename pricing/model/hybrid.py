"""Hybrid cost: a local model serves most queries, a hosted API the rest.

Two shapes from the guide's section 8:
- local-first with API fallback (``estimate_hybrid``): ``local_share`` of the queries on the
  self-hosted fleet (sized for that share only), the rest billed as hosted tokens; the
  LiteLLM router that splits them runs on small CPU instances.
- model-tier routing (``estimate_tiered``): small / medium / large tiers with shares
  (the guide's 70/20/10); each tier is an open model (its own fleet) or a hosted model (tokens).
Shared infrastructure (vector DB, load balancer, storage, monitoring) and operations are
counted once, not once per path.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional, Sequence

from llmkit.core import records
from llmkit.core.errors import UnknownName, UserError
from llmkit.core.records import record
from llmkit.pricing.model.api_cost import api_token_cost, llm_api_component
from llmkit.pricing.model.capacity import _catalog, size_gpu_fleet
from llmkit.pricing.model.costs import CostComponent, Estimate
from llmkit.pricing.model.response_cache import response_cache_component
from llmkit.pricing.model.selfhosted import (
    APP_INSTANCE_TYPES,
    SelfHostedOptions,
    _region,
    _share_of,
    gpu_fleet_component,
    instance_component,
    preferred_instance,
    sizing_details,
    support_components,
)
from llmkit.pricing.model.stack_config import DEFAULT_LOCAL_SHARE  # the guide's 80/20
from llmkit.pricing.model.workload import Workload

ROUTER_SERVERS = 2  # the LiteLLM proxy, two for availability
ROUTER_MIN_MEMORY_GB = Decimal(4)


@record
class Tier:
    """One model tier of a routed (hybrid) deployment and its share of the queries."""

    name: str  # small | medium | large | anything
    model: str  # an open-model id (self-hosted) or a hosted LLM id
    share: Decimal


GUIDE_TIERS: tuple[Tier, ...] = (
    Tier("small", "mistral-7b", Decimal("0.7")),
    Tier("medium", "llama-2-13b", Decimal("0.2")),
    Tier("large", "llama-3.1-70b", Decimal("0.1")),
)


def router_component(cat: Any, opts: SelfHostedOptions, region: str) -> CostComponent:
    inst = preferred_instance(cat, opts.cloud, region, APP_INSTANCE_TYPES, ROUTER_MIN_MEMORY_GB)
    return instance_component(cat, "router", inst, ROUTER_SERVERS, opts.pricing, "LiteLLM router")


def estimate_hybrid(
    workload: Workload, opts: SelfHostedOptions, api_model: str, *, local_share: Decimal = DEFAULT_LOCAL_SHARE,
    catalog: Any = None,
) -> Estimate:
    """Local-first hybrid: ``local_share`` on ``opts.model``, the rest on ``api_model`` tokens."""
    local_share = Decimal(local_share)
    if not (Decimal(0) < local_share < Decimal(1)):
        raise UserError("local share must be between 0 and 1 (exclusive); use --approach api or self-hosted otherwise")
    cat = _catalog(catalog)
    region = _region(cat, opts.cloud, opts.region)
    llm = cat.llm(api_model)
    local = _share_of(workload, local_share)
    sizing = size_gpu_fleet(local, opts.model, opts.cloud, region, dtype=opts.dtype, gpu=opts.gpu,
                            instance_type=opts.instance_type, pricing=opts.pricing,
                            target_utilisation=opts.target_utilisation, catalog=cat,
                            concurrency=opts.concurrency)
    replicas = opts.replicas or sizing.desired_replicas
    tokens = api_token_cost(workload, llm, share=1 - local_share)
    comps = [gpu_fleet_component(sizing, replicas), llm_api_component(tokens), router_component(cat, opts, region),
             response_cache_component(cat, opts.cloud, region)]  # the routers' shared cache, as the stacks deploy it
    comps += support_components(cat, workload, opts, region, replicas)
    comps += opts.operations.components()
    model = cat.open_model(opts.model)
    quality = _blend([(model.quality_score, local_share), (llm.quality_score, 1 - local_share)])
    return Estimate(
        approach="hybrid",
        label=f"hybrid {model.id} {local_share * 100:.0f}% + {llm.model} {(1 - local_share) * 100:.0f}%",
        workload=workload, components=tuple(comps), pricing=opts.pricing, one_time_setup=opts.setup_one_time,
        horizon_months=opts.horizon_months, quality_score=quality, model=f"{model.id}+{llm.model}",
        notes=tokens.notes,
        details={"cloud": opts.cloud, "region": region, "local_share": local_share, "api_model": llm.model,
                 **sizing_details(sizing, replicas)},
    )


def estimate_tiered(
    workload: Workload, opts: SelfHostedOptions, tiers: Sequence[Tier] = GUIDE_TIERS, *, catalog: Any = None,
) -> Estimate:
    """Model-tier routing: each tier's share on its own model; shared parts counted once."""
    total = sum((t.share for t in tiers), Decimal(0))
    if not tiers or abs(total - 1) > Decimal("0.0001"):
        raise UserError("tier shares must add up to 100%")
    cat = _catalog(catalog)
    region = _region(cat, opts.cloud, opts.region)
    comps: list[CostComponent] = []
    servers = 0
    quality_parts: list[tuple[Optional[int], Decimal]] = []
    fleets: list[dict[str, Any]] = []
    any_api = False
    for tier in tiers:
        if tier.share <= 0:
            continue
        open_model = _open_model_or_none(cat, tier.model)
        if open_model is not None:
            sizing = size_gpu_fleet(_share_of(workload, tier.share), open_model.id, opts.cloud, region,
                                    pricing=opts.pricing, target_utilisation=opts.target_utilisation, catalog=cat)
            comp = gpu_fleet_component(sizing, sizing.desired_replicas)
            comps.append(records.replace(comp, name=f"gpu_instances_{tier.name}"))
            servers += sizing.desired_replicas
            quality_parts.append((open_model.quality_score, tier.share))
            fleets.append({"tier": tier.name, **sizing_details(sizing, sizing.desired_replicas)["capacity"]})
        else:
            llm = cat.llm(tier.model)
            comp = llm_api_component(api_token_cost(workload, llm, share=tier.share))
            comps.append(records.replace(comp, name=f"llm_api_{tier.name}"))
            quality_parts.append((llm.quality_score, tier.share))
            any_api = True
    comps.append(router_component(cat, opts, region))
    comps += support_components(cat, workload, opts, region, servers)
    comps += opts.operations.components()
    label = " / ".join(f"{t.name} {t.model} {t.share * 100:.0f}%" for t in tiers)
    return Estimate(
        approach="hybrid", label=f"tiers: {label}", workload=workload, components=tuple(comps), pricing=opts.pricing,
        one_time_setup=opts.setup_one_time, horizon_months=opts.horizon_months,
        quality_score=_blend(quality_parts), model="+".join(t.model for t in tiers),
        details={"cloud": opts.cloud, "region": region, "tiers": fleets, "uses_api": any_api},
    )


def _open_model_or_none(cat: Any, name: str) -> Any:
    try:
        return cat.open_model(name)
    except UnknownName:
        return None


def _blend(parts: Sequence[tuple[Optional[int], Decimal]]) -> Optional[int]:
    """Share-weighted quality score; unknown when any part's score is unknown."""
    if any(score is None for score, _ in parts):
        return None
    return round(sum((Decimal(score) * share for score, share in parts if score is not None), Decimal(0)))


def parse_tiers(text: str) -> list[Tier]:
    """``small=mistral-7b:70,medium=gpt-4o-mini:20,large=gpt-4o:10`` (shares in percent)."""
    tiers: list[Tier] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            name, rest = part.split("=", 1)
            model, pct = rest.rsplit(":", 1)
            tiers.append(Tier(name.strip(), model.strip(), Decimal(pct) / 100))
        except (ValueError, ArithmeticError):
            raise UserError("tiers look like small=mistral-7b:70,medium=gpt-4o-mini:20,large=gpt-4o:10") from None
    return tiers
