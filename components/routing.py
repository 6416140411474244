"""How a router splits queries between tiers: the thresholds, the markers, ``llmkit:routing``.

The router's hook (components/boot/complexity_router.py) applies the rule; this module decides
its numbers once, from the stack's config, so the spec (and every cloud) carries the same table.

Threshold from the configured share. The stack says what share of queries each tier should take
(hybrid: ``localSharePct``, the guide's 80% local; tiers: the guide's 70/20/10). Prompt lengths
are modelled as exponentially distributed with the workload's mean (``inputTokens``): the
maximum-entropy shape for a positive length whose mean alone is known. The prompt length below
which a share ``s`` of prompts fall is then ``-mean x ln(1 - s)``: at 500 tokens and 80% local,
805 tokens. Each tier takes prompts up to the quantile of its cumulative share; the last takes
the rest. Markers and context limits move a few queries up a tier, so the realised share is a
little below the configured one. ``llmkit:routing`` overrides the numbers::

    llmkit:routing: '{"maxPromptTokens": [600, 1500], "markers": ["step by step", "analyse"]}'
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any, Mapping, Optional, Sequence

from llmkit.core.errors import UnknownName, UserError
from llmkit.pricing.model.hybrid import GUIDE_TIERS, Tier, parse_tiers
from llmkit.pricing.model.stack_config import config_text

# Phrases that ask for multi-step reasoning a 7B model answers poorly; the client may also say
# so outright with ``metadata.complexity``. Matched case-insensitively in the last user message.
# What a client may ask for (metadata.complexity) and what each tier is, smallest tier first.
COMPLEXITY_LABELS: dict[int, tuple[str, ...]] = {1: ("simple",), 2: ("simple", "complex"), 3: ("simple", "medium", "complex")}
DEFAULT_MARKERS: tuple[str, ...] = ("step by step", "in detail", "analyze", "analyse", "compare", "prove", "explain why")
ROUTING_KEYS = ("maxPromptTokens", "markers")


@dataclasses.dataclass(frozen=True)
class RouteSpec:
    """One tier of the router: which model serves it and the prompts it takes."""

    tier: str  # simple | medium | complex: what a client may ask for in metadata.complexity
    model: str  # the model name in the proxy's model_list
    max_prompt_tokens: Optional[int]  # None: any length (the last tier)
    context_tokens: Optional[int] = None  # the server's context window (local vLLM: max_model_len)


@dataclasses.dataclass(frozen=True)
class RoutingSettings:
    """``llmkit:routing`` parsed: explicit thresholds (one per tier but the last) and markers."""

    max_prompt_tokens: Optional[tuple[int, ...]] = None
    markers: tuple[str, ...] = DEFAULT_MARKERS


def share_threshold(mean_tokens: int, share_pct: float) -> Optional[int]:
    """Prompt tokens under which ``share_pct`` % of prompts fall (exponential lengths, the
    module docstring says why); None at 100 % (no limit)."""
    if share_pct >= 100:
        return None
    if share_pct <= 0:
        return 0
    return max(1, round(-max(mean_tokens, 1) * math.log(1 - share_pct / 100)))


def routing_settings(config: Mapping[str, str]) -> RoutingSettings:
    """``llmkit:routing`` (a JSON object), UserError (exit 2) naming the key when malformed."""
    raw = config_text(config, "routing")
    if raw is None:
        return RoutingSettings()
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise UserError("llmkit:routing must be a JSON object, e.g. {\"maxPromptTokens\": 800}") from None
    if not isinstance(value, dict) or not set(value) <= set(ROUTING_KEYS):
        raise UserError(f"llmkit:routing must be a JSON object with keys {', '.join(ROUTING_KEYS)}")
    limits = value.get("maxPromptTokens")
    if limits is not None:
        limits = [limits] if isinstance(limits, int) else limits
        if not isinstance(limits, list) or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in limits) \
                or limits != sorted(limits):
            raise UserError("llmkit:routing maxPromptTokens must be a positive whole number or an ascending list of them")
    markers = value.get("markers", list(DEFAULT_MARKERS))
    if not isinstance(markers, list) or not all(isinstance(m, str) and m.strip() for m in markers):
        raise UserError("llmkit:routing markers must be a list of phrases")
    return RoutingSettings(tuple(limits) if limits is not None else None, tuple(m.strip() for m in markers))


def build_routes(tiers: Sequence[tuple[str, str, Optional[int]]], shares_pct: Sequence[float], mean_tokens: int,
                 settings: RoutingSettings) -> tuple[RouteSpec, ...]:
    """One RouteSpec per ``(tier, model, context)``, thresholds from ``settings`` or else from the
    cumulative ``shares_pct`` (same order); the last tier is unbounded."""
    if len(tiers) != len(shares_pct):
        raise ValueError("one share per tier")
    explicit = settings.max_prompt_tokens
    if explicit is not None and len(explicit) != len(tiers) - 1:
        raise UserError(f"llmkit:routing maxPromptTokens needs {len(tiers) - 1} value(s) here, one per tier but the last")
    routes = []
    cumulative = 0.0
    for index, ((tier, model, context), share) in enumerate(zip(tiers, shares_pct)):
        cumulative += share
        last = index == len(tiers) - 1
        if last:
            limit = None
        elif explicit is not None:
            limit = explicit[index]
        else:
            limit = share_threshold(mean_tokens, cumulative)
        routes.append(RouteSpec(tier=tier, model=model, max_prompt_tokens=limit, context_tokens=context))
    return tuple(routes)


def routing_table(public_model: str, routes: Sequence[RouteSpec], markers: Sequence[str]) -> dict[str, Any]:
    """The JSON the router's hook reads (complexity_router.load_table), from the spec's routes."""
    return {
        "public_model": public_model,
        "routes": [dataclasses.asdict(r) for r in routes],
        "markers": list(markers),
    }


def model_tiers_config(config: Mapping[str, str], catalog: Any) -> tuple[Tier, ...]:
    """``llmkit:tiers`` (hybrid stacks): ``guide`` for the guide's 7B/13B/70B at 70/20/10 (the
    tiers ``estimate --tiers guide`` prices), or ``small=mistral-7b:70,medium=...`` as the
    estimate takes them; () when unset. Every tier is an open model with its own fleet (hosted
    models stay the fallbacks, ``llmkit:hostedModels``); two or three tiers, shares adding to 100."""
    raw = config_text(config, "tiers")
    if raw is None:
        return ()
    tiers = tuple(GUIDE_TIERS) if raw.lower() == "guide" else tuple(parse_tiers(raw))
    if len(tiers) not in (2, 3) or any(t.share <= 0 for t in tiers) or sum(t.share for t in tiers) != 1:
        raise UserError("llmkit:tiers must be guide or two or three tiers with shares adding up to 100, "
                        "e.g. small=mistral-7b:70,medium=llama-2-13b:20,large=llama-3.1-70b:10")
    for tier in tiers:
        try:
            catalog.open_model(tier.model)
        except UnknownName:
            raise UserError(f"llmkit:tiers: {tier.name} must be an open model the kit can serve "
                            "(hosted models belong in llmkit:hostedModels, as fallbacks)") from None
    return tiers
