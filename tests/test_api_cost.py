"""Hosted token cost: the guide's worked numbers, prompt-cache pricing, context trimming, shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.pricing.model.api_cost import api_token_cost
from llmkit.pricing.catalog.types import LlmPrice
from llmkit.pricing.model.workload import Workload

GPT4 = LlmPrice("openai", "gpt-4", Decimal(30), Decimal(60), None, 8192, False, 95, "test", "2026-01-01")
GPT35 = LlmPrice("openai", "gpt-3.5-turbo", Decimal("0.5"), Decimal("1.5"), None, 16385, False, 78, "test", "2026-01-01")
GPT4O = LlmPrice("openai", "gpt-4o", Decimal("2.5"), Decimal(10), Decimal("1.25"), 128000, False, None, "test", "2026-01-01")


def test_guide_gpt4_and_gpt35() -> None:
    w = Workload()  # 100 users x 20/day x 30 days, 500 in / 300 out
    c = api_token_cost(w, GPT4)
    assert c.queries == 60000
    assert (c.input_tokens, c.output_tokens) == (30_000_000, 18_000_000)
    assert (c.input_cost, c.output_cost, c.total) == (Decimal(900), Decimal(1080), Decimal(1980))
    c35 = api_token_cost(w, GPT35)
    assert (c35.input_cost, c35.output_cost, c35.total) == (Decimal(15), Decimal(27), Decimal(42))


def test_cache_hit_rate_uses_cached_price_when_the_model_has_one() -> None:
    w = Workload(cache_hit_rate=Decimal("0.4"))
    c = api_token_cost(w, GPT4O)
    assert c.cached_input_tokens == 12_000_000 and c.input_tokens == 18_000_000
    assert c.cached_input_cost == Decimal(15) and c.input_cost == Decimal(45)
    assert c.total == Decimal(15 + 45 + 180) and c.cached_price_known and not c.notes


def test_cache_hit_rate_without_cached_price_says_so() -> None:
    c = api_token_cost(Workload(cache_hit_rate=Decimal("0.4")), GPT4)
    assert c.total == Decimal(1980) and not c.cached_price_known
    assert any("no cached-input price" in n for n in c.notes)


def test_context_trimming_reduces_input_only() -> None:
    w = Workload(input_tokens=8000, max_context_tokens=2000)
    c = api_token_cost(w, GPT4O)
    assert c.input_tokens == 60000 * 2000 and c.trimmed_input_tokens == 60000 * 6000
    full = api_token_cost(Workload(input_tokens=8000), GPT4O)
    # the guide's 75% input reduction
    assert c.input_cost == full.input_cost / 4 and c.output_cost == full.output_cost
    assert api_token_cost(Workload(input_tokens=8000), GPT4).notes  # 8,300 tokens > GPT-4's 8,192 window


def test_share_scales_linearly() -> None:
    c = api_token_cost(Workload(), GPT4, share=Decimal("0.2"))
    assert c.total == Decimal(396) and c.queries == 12000
    assert c.per_query == Decimal("0.033")
    with pytest.raises(ValueError):
        api_token_cost(Workload(), GPT4, share=Decimal("1.5"))


def test_api_approach_guide_tier_and_priced_tier() -> None:
    from llmkit.pricing.model.api_cost import AppTier, estimate_api
    from llmkit.pricing.catalog import load_catalog
    from llmkit.core.units import HOURS_PER_MONTH

    guide = estimate_api(Workload(), GPT4)
    assert guide.monthly_total == Decimal(2480)
    assert {c.name: c.monthly for c in guide.components} == {
        "llm_api": Decimal(1980), "app_infrastructure": Decimal(300), "app_operations": Decimal(200)}
    priced = estimate_api(Workload(), GPT4, tier=AppTier(mode="instances"), cloud="gcp")
    comps = {c.name: c for c in priced.components}
    cat = load_catalog()
    # e2-medium, the stacks' API type on GCP, priced from its catalog row (two for N+1)
    assert comps["app_instances"].monthly == cat.instance("gcp", "us-central1", "e2-medium").on_demand_hourly * 2 * HOURS_PER_MONTH
    assert "x 730 h" in comps["app_instances"].detail
    assert comps["load_balancer"].monthly == cat.platform("gcp", "us-central1", "lb_hour").price * HOURS_PER_MONTH
    assert comps["app_operations"].monthly == Decimal(200)
    assert all(c.source for c in priced.components) and not priced.unknown
    aws = {c.name: c.monthly for c in estimate_api(Workload(), GPT4, tier=AppTier(mode="instances")).components}
    assert aws["app_instances"] == cat.instance("aws", "us-east-1", "t3.medium").on_demand_hourly * 2 * HOURS_PER_MONTH
    with pytest.raises(ValueError):
        AppTier(mode="cloud")
