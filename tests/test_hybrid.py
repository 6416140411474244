"""Hybrid: local-first with API fallback, and model-tier routing."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from llmkit.core.errors import UserError
from llmkit.pricing.model.api_cost import api_token_cost
from llmkit.pricing.model.capacity import size_gpu_fleet
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.model.hybrid import GUIDE_TIERS, Tier, estimate_hybrid, estimate_tiered, parse_tiers
from llmkit.pricing.model.selfhosted import SelfHostedOptions, estimate_selfhosted
from llmkit.pricing.model.workload import Workload


def comps(e):
    return {c.name: c for c in e.components}


def test_80_20_prices_the_api_share_and_sizes_the_local_share() -> None:
    w = Workload(users=20000)
    e = estimate_hybrid(w, SelfHostedOptions(model="llama-3.1-8b"), "gpt-4o")
    c = comps(e)
    tokens = api_token_cost(w, load_catalog().llm("gpt-4o"), share=Decimal("0.2"))
    assert c["llm_api"].monthly == tokens.total
    local = dataclasses.replace(w, queries_per_user_per_day=w.queries_per_user_per_day * Decimal("0.8"))
    s = size_gpu_fleet(local, "llama-3.1-8b", "aws", "us-east-1")
    assert e.details["capacity"]["desired_replicas"] == s.desired_replicas
    full = size_gpu_fleet(w, "llama-3.1-8b", "aws", "us-east-1")
    assert s.replicas_needed < full.replicas_needed
    assert e.quality_score is None  # the guide scores no gpt-4o: a blend with an unknown is unknown


def test_shared_parts_counted_once_and_router_added() -> None:
    e = estimate_hybrid(Workload(), SelfHostedOptions(), "gpt-4")
    names = [c.name for c in e.components]
    assert names.count("vector_db") == 1 and names.count("load_balancer") == 1 and "router" in names
    assert e.subtotal("operations") == Decimal(800)
    solo = estimate_selfhosted(Workload(), SelfHostedOptions())
    assert e.monthly_total > solo.monthly_total  # same fleet at 100 users, plus tokens and router
    assert e.quality_score == round(84 * Decimal("0.8") + 95 * Decimal("0.2"))


def test_local_share_bounds() -> None:
    for share in (Decimal(0), Decimal(1), Decimal("1.2")):
        with pytest.raises(UserError):
            estimate_hybrid(Workload(), SelfHostedOptions(), "gpt-4", local_share=share)


def test_guide_tiers_give_one_fleet_per_open_tier() -> None:
    e = estimate_tiered(Workload(users=1000), SelfHostedOptions())
    c = comps(e)
    assert {"gpu_instances_small", "gpu_instances_medium", "gpu_instances_large"} <= set(c)
    assert [t.share for t in GUIDE_TIERS] == [Decimal("0.7"), Decimal("0.2"), Decimal("0.1")]
    assert len(e.details["tiers"]) == 3 and not e.details["uses_api"]


def test_hosted_tier_bills_tokens_on_its_share() -> None:
    tiers = parse_tiers("small=mistral-7b:70,medium=gpt-4o-mini:20,large=gpt-4o:10")
    assert tiers[1] == Tier("medium", "gpt-4o-mini", Decimal("0.2"))
    w = Workload(users=1000)
    e = estimate_tiered(w, SelfHostedOptions(), tiers)
    c = comps(e)
    assert c["llm_api_large"].monthly == api_token_cost(w, load_catalog().llm("gpt-4o"), share=Decimal("0.1")).total
    assert "gpu_instances_small" in c and e.details["uses_api"]


def test_tier_shares_must_add_up() -> None:
    with pytest.raises(UserError, match="100%"):
        estimate_tiered(Workload(), SelfHostedOptions(), parse_tiers("a=mistral-7b:70,b=gpt-4o:20"))
    with pytest.raises(UserError):
        parse_tiers("small=mistral-7b")
