"""The one use case behind ``llmkit price``, ``llmkit preview``, ``llmkit up`` and the policy pack:
price a preview document, then hold it to the cost guardrails.

WHY one place: the four entry points read plans from different sources (a file, the offline
planner, the engine, policy resources) but must price them with the same pricers and refuse
them with the same rules and messages; before, ``up`` re-implemented the budget check.
Nothing here renders: the commands print the returned ``Breakdown`` with ``llmkit.views``.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping, Optional

from llmkit.core.errors import GuardrailBreached


@dataclasses.dataclass(frozen=True)
class Limits:
    """The guardrails: monthly budget, allowed increase in USD and percent. ``past`` replaces the
    plan's own "before" total (the policy pack sees no before state)."""

    budget: Optional[Decimal] = None
    max_increase: Optional[Decimal] = None
    max_increase_pct: Optional[Decimal] = None
    past: Optional[Decimal] = None


@dataclasses.dataclass
class Priced:
    """A priced plan, and how many resources ``--sync-usage`` wrote usage keys for (or None)."""

    breakdown: Any
    synced: Optional[int] = None


def price_document(
    doc: Any,
    *,
    pricing: str = "on-demand",
    usage: Optional[Path] = None,
    sync_usage: Optional[Path] = None,
    saved: Optional[Mapping[str, Any]] = None,
    catalog: Any = None,
) -> Priced:
    """Read ``doc`` (preview JSON text/bytes/dict or engine events) with the one reader and price
    every resource. ``sync_usage`` first writes the usage keys the plan needs to that file and
    prices with it; ``saved`` (a earlier ``--format json`` output) becomes the "before" side."""
    from llmkit.pricing.preview.breakdown import price_plan
    from llmkit.pricing.preview.plan import read_document
    from llmkit.pricing.preview.usage import load_usage, sync_usage as write_usage

    plan = read_document(doc)
    breakdown = price_plan(plan, pricing=pricing, usage=load_usage(usage), catalog=catalog)
    synced = None
    if sync_usage is not None:
        # token volume comes from the stack's workload config; a synced default must not override it
        needed = [(r.name, r.resource.type, r.usage_keys) for r in breakdown.resources if r.usage_keys and not r.pseudo]
        synced = write_usage(sync_usage, needed)
        breakdown = price_plan(plan, pricing=pricing, usage=load_usage(sync_usage), catalog=catalog)
    if saved is not None:
        from llmkit.pricing.preview.baseline import compare_to

        breakdown = compare_to(breakdown, saved)
    return Priced(breakdown, synced)


def violations(breakdown: Any, limits: Limits) -> list[str]:
    """The guardrails ``breakdown`` breaks, one line each (empty when it passes, and at once when
    none is set: the totals they compare are passes over every resource of a big plan)."""
    if limits.budget is None and limits.max_increase is None and limits.max_increase_pct is None:
        return []
    from llmkit.pricing.preview.breakdown import guardrail_violations

    return guardrail_violations(
        breakdown, budget=limits.budget, max_increase=limits.max_increase,
        max_increase_pct=limits.max_increase_pct, past=limits.past,
    )


def enforce(breakdown: Any, limits: Limits, *, subject: str = "", outcome: str = "") -> None:
    """GuardrailBreached (exit 3) naming every broken guardrail, or nothing. ``subject`` and
    ``outcome`` frame the message (``up``: "stack: ...; nothing was changed")."""
    broken = violations(breakdown, limits)
    if broken:
        raise GuardrailBreached(subject + "; ".join(broken) + outcome)
