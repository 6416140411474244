"""Cost guardrails as Pulumi policies: the same rules as `llmkit price --budget / --max-increase
/ --max-increase-pct`, evaluated on the resources a `pulumi preview --policy-pack policies` plans.

The validators live here (importable, testable on mock-recorded resources) and __main__.py only
builds the PolicyPack, because constructing a PolicyPack starts a gRPC server and blocks.

Policy config (``--policy-pack-config``; every key optional):
  budget            monthly USD the stack may cost at most; without it, the smallest monthly
                    USD budget resource the stack itself declares (aws Budget, azure-native
                    consumption Budget, gcp billing Budget) is the limit
  maxIncrease       monthly USD the stack may rise above ``baselineMonthlyCost``
  maxIncreasePct    percent the stack may rise above ``baselineMonthlyCost``
  baselineMonthlyCost  today's monthly cost (e.g. ``totalMonthlyCost`` of a saved llmkit JSON)
  pricing           on-demand | spot | reserved-1y | reserved-3y
  stackConfig       stack config (``aws:region``, ``llmkit:*`` workload keys) for region
                    fallbacks and the hosted-LLM token line
Violations name totals and limits only, never resource inputs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Optional

from llmkit.core.money import as_decimal
from llmkit.pricing.preview.plan import UNKNOWN, cloud_of

POLICY_NAME = "llmkit-monthly-cost"
CONFIG_PROPERTIES: dict[str, dict[str, Any]] = {
    "budget": {"type": "number", "minimum": 0},
    "maxIncrease": {"type": "number", "minimum": 0},
    "maxIncreasePct": {"type": "number", "minimum": 0},
    "baselineMonthlyCost": {"type": "number", "minimum": 0},
    "pricing": {"type": "string", "enum": ["on-demand", "spot", "reserved-1y", "reserved-3y"]},
    "stackConfig": {"type": "object"},
}


_dec = as_decimal  # a policy config value that is not a number sets no limit


def document_from_resources(resources: Iterable[Any], stack_config: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
    """A preview-shaped document (all ``create``) from policy resources, so the one reader and
    the same pricers judge them. Providers become provider steps, so regions resolve the same way."""
    steps: list[dict[str, Any]] = []
    seen_providers: set[str] = set()
    for r in resources:
        provider = getattr(r, "provider", None)
        ref = None
        if provider is not None and getattr(provider, "urn", None):
            ref = f"{provider.urn}::{UNKNOWN}"
            if provider.urn not in seen_providers:
                seen_providers.add(provider.urn)
                steps.append({"op": "create", "urn": provider.urn, "newState": {
                    "urn": provider.urn, "type": provider.resource_type, "custom": True, "inputs": dict(provider.props or {})}})
        token = r.resource_type
        custom = provider is not None or cloud_of(token) is not None
        parent = getattr(r, "parent", None)
        deps = {k: [d.urn for d in v] for k, v in (getattr(r, "property_dependencies", None) or {}).items()}
        steps.append({
            "op": "create",
            "urn": r.urn,
            "provider": ref,
            "newState": {
                "urn": r.urn,
                "type": token,
                "custom": custom,
                "inputs": dict(r.props or {}),
                "parent": getattr(parent, "urn", parent) if parent is not None else None,
                "dependencies": [d.urn for d in getattr(r, "dependencies", None) or []],
                "propertyDependencies": deps,
            },
        })
    return {"config": dict(stack_config or {}), "steps": steps}


def _at(props: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        props = props.get(key) if isinstance(props, Mapping) else None
    return props


def declared_budget(resources: Iterable[Any]) -> Optional[Decimal]:
    """The smallest monthly USD budget among the stack's own budget resources, if any (each
    cloud's budget resource described once, in llmkit.core.clouds)."""
    from llmkit.core.clouds import CLOUDS

    shapes = {c.budget.token: c.budget for c in CLOUDS.values() if c.budget is not None}
    found: list[Decimal] = []
    for r in resources:
        shape = shapes.get(r.resource_type)
        if shape is None:
            continue
        props = r.props or {}
        if all(str(_at(props, path) or default).lower() == value.lower() for path, value, default in shape.requires):
            amount = _dec(_at(props, shape.amount))
            if amount is not None and amount > 0:
                found.append(amount)
    return min(found) if found else None


def check(resources: Iterable[Any], config: Mapping[str, Any], *, catalog: Any = None) -> list[str]:
    """The guardrail violations of a set of policy resources under a policy config."""
    from llmkit.usecases.price import Limits, price_document, violations

    resources = list(resources)
    pricing = str(config.get("pricing") or "on-demand")
    doc = document_from_resources(resources, config.get("stackConfig"))
    breakdown = price_document(doc, pricing=pricing, catalog=catalog).breakdown
    budget = _dec(config.get("budget"))
    if budget is None:
        budget = declared_budget(resources)
    limits = Limits(
        budget=budget,
        max_increase=_dec(config.get("maxIncrease")),
        max_increase_pct=_dec(config.get("maxIncreasePct")),
        past=_dec(config.get("baselineMonthlyCost")),
    )
    return violations(breakdown, limits)


def validate_monthly_cost(args: Any, report_violation: Callable[..., None]) -> None:
    """StackValidation: report each breached guardrail (one message each)."""
    for message in check(args.resources, args.get_config() or {}):
        report_violation(message)


def policies() -> list[Any]:
    """The pack's policies (imports pulumi_policy only when the pack is built)."""
    from pulumi_policy import EnforcementLevel, PolicyConfigSchema, StackValidationPolicy

    return [
        StackValidationPolicy(
            name=POLICY_NAME,
            description="The stack's monthly cost (llmkit pricing of the planned resources) stays within the budget and increase limits.",
            enforcement_level=EnforcementLevel.MANDATORY,
            validate=validate_monthly_cost,
            config_schema=PolicyConfigSchema(properties=CONFIG_PROPERTIES),
        )
    ]
