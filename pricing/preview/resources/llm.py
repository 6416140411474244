"""Hosted-LLM token cost of an API-tier or hybrid stack, as a usage-based pseudo-resource.

A preview has no resource that bills tokens, yet for an API-tier stack they are most of the
bill. The workload and hosted models come from the document's top-level stack config
(``llmkit:users``, ``llmkit:queriesPerUserPerDay``, ``llmkit:inputTokens``,
``llmkit:outputTokens``, ``llmkit:hostedModels``, ``llmkit:localSharePct``), read with the same
defaults the stack program uses (llmkit.pricing.model.stack_config), and priced with
``llmkit.pricing.model.api_cost.api_token_cost``. All hosted traffic goes to the first hosted model (the
router's primary; the others are fallbacks); a hybrid stack sends ``100 - localSharePct`` percent
there (none with ``llmkit:tiers``: every tier is local, the hosted models only fallbacks). The line is attributed to the ApiTier / HybridDeployment component, and its metadata says
it is a pseudo-resource. A usage file can override the monthly token counts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

from llmkit.pricing.preview.plan import Plan, PlannedResource
from llmkit.pricing.preview.resources import CostComponent, UnknownInput, usage_key

PSEUDO_TYPE = "llmkit:pricing:HostedLlmTokens"
# The components that call hosted models: ``llmkit:<cloud>:ApiTier`` / ``HybridDeployment``
# (older stacks: ``llmkit:index:...``; the component package: ``llmkit:index:<Cloud>ApiTier``).
TIER_NAMES = ("ApiTier", "HybridDeployment")


def is_tier(type_token: str) -> bool:
    """Whether a component type token is one of the kit's router tiers."""
    return type_token.startswith("llmkit:") and type_token.endswith(TIER_NAMES)
MILLION = Decimal(1_000_000)
INPUT_TOKENS = usage_key("monthly_input_tokens", "tokens", "input tokens sent to the hosted model per month", 0)
OUTPUT_TOKENS = usage_key("monthly_output_tokens", "tokens", "output tokens generated per month", 0)
USAGE_KEYS = (INPUT_TOKENS, OUTPUT_TOKENS)
WORKLOAD_KEYS = tuple(f"llmkit:{k}" for k in ("users", "queriesPerUserPerDay", "inputTokens", "outputTokens", "hostedModels", "localSharePct"))


def _architecture(config: Mapping[str, Any]) -> Optional[str]:
    value = config.get("llmkit:architecture")
    return str(value).strip().lower() if value is not None else None


def pseudo_resource(plan: Plan) -> Optional[PlannedResource]:
    """The pseudo-resource for the plan's hosted tokens, or None for a stack with none."""
    tier = next((c for c in plan.components if is_tier(c.type)), None)
    arch = _architecture(plan.config)
    if tier is None and arch not in ("api", "hybrid"):
        return None
    base = tier.urn if tier else "urn:pulumi:stack::project::llmkit:index:Stack::stack"
    name = (tier.name if tier else "stack") + "-hosted-llm-tokens"
    return PlannedResource(
        urn=f"{base.rsplit('::', 1)[0]}${PSEUDO_TYPE}::{name}",
        type=PSEUDO_TYPE,
        custom=False,
        op=tier.op if tier else "create",
        old_inputs={} if tier is None or tier.old_inputs is not None else None,
        new_inputs={} if tier is None or tier.new_inputs is not None else None,
        provider_ref=None,
        region=None,
        parent=tier.urn if tier else None,
    )


def token_lines(plan: Plan, catalog: Any, usage: Mapping[str, Decimal], usage_sources: Mapping[str, str]) -> tuple[list[CostComponent], list[str]]:
    """Token cost lines from the stack config (raises UnknownInput when it cannot be known)."""
    from llmkit.pricing.model.stack_config import DEFAULT_HOSTED_MODELS, DEFAULT_LOCAL_SHARE_PCT, workload_from_config
    from llmkit.pricing.model.api_cost import api_token_cost

    config = {k: str(v) for k, v in plan.config.items() if isinstance(k, str) and k.startswith("llmkit:")}
    secret = [k for k in WORKLOAD_KEYS if config.get(k) == "[secret]"]
    if secret:
        raise UnknownInput(f"{', '.join(secret)} is secret in this document")
    arch = _architecture(plan.config) or ("hybrid" if any(c.type.endswith("HybridDeployment") for c in plan.components) else "api")
    try:
        workload = workload_from_config(config)
    except Exception:  # noqa: BLE001 - a bad workload key is reported without its value
        raise UnknownInput("workload config (llmkit:users, queriesPerUserPerDay, tokens) is not valid") from None
    models = _hosted_models(config.get("llmkit:hostedModels")) or list(DEFAULT_HOSTED_MODELS.get(arch, ("gpt-4o-mini",)))
    share = Decimal(100)
    if arch == "hybrid" and config.get("llmkit:tiers", "").strip():
        share = Decimal(0)  # llmkit:tiers: every query on a local tier; hosted models only as fallback
    elif arch == "hybrid":
        try:
            local = Decimal(config.get("llmkit:localSharePct", DEFAULT_LOCAL_SHARE_PCT))
        except ArithmeticError:
            raise UnknownInput("llmkit:localSharePct is not a number") from None
        share = Decimal(100) - local
    try:
        llm = catalog.llm(models[0])
    except LookupError:
        raise UnknownInput(f"no catalog price for hosted model {models[0]}") from None
    cost = api_token_cost(workload, llm, share=share / 100)
    src = "stack config"
    inputs = cost.input_tokens
    outputs = cost.output_tokens
    if INPUT_TOKENS.name in usage:
        inputs, src = usage[INPUT_TOKENS.name], usage_sources.get(INPUT_TOKENS.name, "usage file")
    if OUTPUT_TOKENS.name in usage:
        outputs = usage[OUTPUT_TOKENS.name]
        src = usage_sources.get(OUTPUT_TOKENS.name, "usage file")
    lines = [
        CostComponent(f"Input tokens ({llm.model})", "1M tokens", inputs / MILLION, llm.input_per_million, llm.source, llm.as_of, INPUT_TOKENS.name, src),
    ]
    if cost.cached_input_tokens and INPUT_TOKENS.name not in usage:
        price = llm.cached_input_per_million if llm.cached_input_per_million is not None else llm.input_per_million
        lines.append(CostComponent(f"Cached input tokens ({llm.model})", "1M tokens", cost.cached_input_tokens / MILLION, price, llm.source, llm.as_of, INPUT_TOKENS.name, src))
    lines.append(CostComponent(f"Output tokens ({llm.model})", "1M tokens", outputs / MILLION, llm.output_per_million, llm.source, llm.as_of, OUTPUT_TOKENS.name, src))
    notes = [f"hosted share {share}% of {workload.monthly_queries} queries/month on {llm.model}"] + list(cost.notes)
    return lines, notes


def _hosted_models(raw: Optional[str]) -> list[str]:
    if not raw:
        return []
    import json

    try:
        value = json.loads(raw)
    except ValueError:
        value = [p.strip() for p in raw.split(",")]
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value if str(v).strip()] if isinstance(value, list) else []
