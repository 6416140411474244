"""Hosted-LLM token cost of a workload: tokens x the model's prices, per month.

Why separate from the app tier: the token bill is the part that scales with usage, and the
hybrid model and the preview pricer (engineer D) price hosted tokens for a share of traffic
on their own. The cache hit rate is the share of input tokens served from the provider's
prompt cache, priced at the model's cached-input price; a model without one (GPT-4,
GPT-3.5-Turbo) bills cached tokens at the full input price, and the result says so.
Context trimming is ``Workload.effective_input_tokens`` (``max_context_tokens``).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from pricing.catalog.types import LlmPrice
from pricing.workload import Workload

MILLION = Decimal(1_000_000)


@dataclasses.dataclass(frozen=True)
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
