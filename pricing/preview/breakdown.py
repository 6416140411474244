"""Price a whole plan: every resource in exactly one bucket, past / current / diff totals, and
the Infracost JSON 0.2 layout.

Buckets (DESIGN.md): ``estimated`` (all lines priced), ``free`` (a type that never bills),
``usage-based`` (some lines depend on usage not given, or on the stack's workload; the fixed
part is still priced), ``unknown-input`` (a value the price depends on is unknown at preview:
never shown as $0), ``unsupported`` (no pricer: counted and listed, never dropped).

Ops: create prices the new state; delete the old; update / replace both (the diff is the
change); same, read, import and refresh are the unchanged baseline (in both totals).
Totals add up what is known; the summary says how many resources are not in them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from decimal import Decimal
from typing import Any, Mapping, Optional

from llmkit.core.bounds import MAX_MONEY
from llmkit.core.errors import UserError
from llmkit.pricing.provenance import DERIVED_MARK, Provenance, components_provenance  # noqa: F401 - re-exported
from llmkit.pricing.preview.plan import Plan, PlannedResource, read_document, resolve_region, urn_name
from llmkit.pricing.preview.resources import (
    HOURS,
    BadInput,
    CostComponent,
    NotPriced,
    PriceContext,
    UnknownInput,
    UsageKey,
    lookup,
)
from llmkit.pricing.preview.resources import free as _free
from llmkit.pricing.preview.resources import llm as _llm
from llmkit.pricing.preview.usage import Usage

_ZERO = Decimal(0)
BUCKETS = ("estimated", "free", "usage-based", "unknown-input", "unsupported")
PRICING_MODELS = ("on-demand", "spot", "reserved-1y", "reserved-3y")


@dataclasses.dataclass
class SideCost:
    """One side (before or after the change) of one resource."""

    components: list[CostComponent]
    monthly: Optional[Decimal]  # None: unknown
    monthly_range: Optional[tuple[Decimal, Decimal]] = None
    region: Optional[str] = None

    @property
    def hourly(self) -> Optional[Decimal]:
        return None if self.monthly is None else self.monthly / HOURS

    # Some lines wait for usage not given: ``monthly`` is then at most the fixed part (None when
    # there is no fixed part), and usage adds to it. Set once: every view asks, per resource.
    usage_pending: bool = dataclasses.field(init=False, repr=False, compare=False)
    # Parts priced as unknown (partial pricing): named, never $0; ``monthly`` is then at least.
    unknown_parts: tuple[str, ...] = dataclasses.field(init=False, repr=False, compare=False)
    # The monthly cost of the usage-based lines that have usage (Infracost's monthlyUsageCost);
    # None when no usage line has a cost. Every writer asks, per resource and per total.
    usage_monthly: Optional[Decimal] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # one pass over the lines for all three facts (this runs for every side of a big plan)
        pending, unknown, used = False, [], []
        for c in self.components:
            if c.usage_key:
                if c.monthly_quantity is None:
                    pending = True
                else:
                    cost = c.monthly_cost
                    if cost is not None:
                        used.append(cost)
            if c.unknown:
                unknown.append(c.unknown)
        self.usage_pending = pending
        self.unknown_parts = tuple(dict.fromkeys(unknown)) if unknown else ()
        self.usage_monthly = sum(used, Decimal(0)) if used else None


def side_total(lines: list[CostComponent]) -> Optional[Decimal]:
    """Monthly cost of a side's lines, as Infracost computes a resource's: the sum of the lines
    that have a cost, or None (unknown, never $0) when lines exist but none has a cost yet
    (a bucket or data line with no usage given). No lines at all is a real $0."""
    return _known_total([c.monthly_cost for c in lines])


def _known_total(known: list[Optional[Decimal]]) -> Optional[Decimal]:
    """``side_total`` of the lines' monthly costs (each computed once by the caller)."""
    total, present = _ZERO, False
    for value in known:
        if value is not None:
            total, present = total + value, True
    return total if present or not known else None


@dataclasses.dataclass
class ResourceCost:
    resource: PlannedResource
    bucket: str
    reason: Optional[str]
    past: Optional[SideCost]
    current: Optional[SideCost]
    notes: list[str] = dataclasses.field(default_factory=list)
    usage_keys: tuple[UsageKey, ...] = ()
    pseudo: bool = False

    @property
    def name(self) -> str:
        return self.resource.name

    @property
    def diff_monthly(self) -> Optional[Decimal]:
        before = self.past.monthly if self.past else Decimal(0)
        after = self.current.monthly if self.current else Decimal(0)
        if before is None or after is None:
            return None
        return after - before

    @property
    def changed(self) -> bool:
        return self.resource.op in ("create", "delete", "update", "replace") or bool(self.diff_monthly)


@dataclasses.dataclass
class Breakdown:
    resources: list[ResourceCost]
    pricing: str
    project: str
    stack: str

    def _sum(self, side: str) -> Decimal:
        out = Decimal(0)
        for r in self.resources:
            cost = getattr(r, side)
            if cost is not None and cost.monthly is not None:
                out += cost.monthly
        return out

    @property
    def total_monthly(self) -> Decimal:
        return self._sum("current")

    @property
    def past_total_monthly(self) -> Decimal:
        return self._sum("past")

    @property
    def diff_total_monthly(self) -> Decimal:
        return self.total_monthly - self.past_total_monthly

    @property
    def total_monthly_range(self) -> tuple[Decimal, Decimal]:
        lo = hi = Decimal(0)
        for r in self.resources:
            c = r.current
            if c is None or c.monthly is None:
                continue
            a, b = c.monthly_range or (c.monthly, c.monthly)
            lo, hi = lo + a, hi + b
        return lo, hi

    def counts(self) -> dict[str, int]:
        out = {b: 0 for b in BUCKETS}
        for r in self.resources:
            out[r.bucket] += 1
        return out

    def summary_line(self) -> str:
        c = self.counts()
        return ", ".join(f"{c[b]} {b}" for b in BUCKETS)

    def partial(self, side: str = "current") -> int:
        """How many resources on ``side`` are priced for some parts only (the rest named)."""
        return sum(1 for r in self.resources if (getattr(r, side) is not None and getattr(r, side).unknown_parts))

    def usage_pending(self, side: str = "current") -> int:
        """How many resources have usage-based lines with no usage given on ``side`` (their
        usage cost is not in that total)."""
        return sum(1 for r in self.resources if (getattr(r, side) is not None and getattr(r, side).usage_pending))

    @functools.cached_property
    def provenance(self) -> "Provenance":
        """Where the prices in use come from, how old they are, and which are derived."""
        return provenance(self.resources)

    def skipped(self) -> list[ResourceCost]:
        return [r for r in self.resources if r.bucket != "estimated"]


# ------------------------------------------------------------------------------ provenance


def provenance(resources: list[ResourceCost], today: Optional[dt.date] = None) -> Provenance:
    """Provenance of the prices a plan's resources use (both sides of a change)."""
    return components_provenance((c for r in resources for side in (r.past, r.current) if side is not None
                                  for c in side.components), today)


def derived_mark(b: "Breakdown", c: CostComponent) -> str:
    """The footnote marker of a derived component ("~1", "~2"...), "" for a published price."""
    if not c.derived or not c.derivation:
        return ""
    return f"{DERIVED_MARK}{b.provenance.derivations.index(c.derivation) + 1}"


# ------------------------------------------------------------------------------ pricing


def _price_side(
    res: PlannedResource,
    inputs: Mapping[str, Any],
    region: Optional[str],
    plan: Plan,
    catalog: Any,
    pricing: str,
    usage: tuple[dict[str, Decimal], dict[str, str]],
    side: str,
    entry: Any = None,
) -> tuple[str, Optional[str], SideCost, list[str]]:
    """(bucket, reason, cost, notes) of one side of one resource (``entry``: its pricer, when
    the caller has looked it up already)."""
    if entry is None:
        entry = lookup(res.type)
    if entry is None:
        if _free.is_free(res.type):
            return "free", None, SideCost([], Decimal(0), region=region), []
        return "unsupported", "no pricer for this type", SideCost([], None, region=region), []
    if region is None and not entry.regional:
        region = catalog.default_region(res.cloud)
    # positional (resource, inputs, region, plan, catalog, pricing, usage, usage_sources, side):
    # this runs for every side of every resource, and keyword matching was a visible part of it
    ctx = PriceContext(res, inputs, region, plan, catalog, pricing, usage[0], usage[1], side)
    try:
        lines = entry.fn(ctx)
    except UnknownInput as exc:
        return "unknown-input", str(exc), SideCost([], None, region=region), ctx.notes
    except NotPriced as exc:
        return "unsupported", str(exc), SideCost([], None, region=region), ctx.notes
    except BadInput as exc:
        raise UserError(f"preview document: {_who(res)}: {exc}") from None
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, ArithmeticError) as exc:
        # The last guard of the boundary: an input of a shape this pricer does not expect (a
        # string where an object goes) is bad input, not a fault. Chained for LLMKIT_DEBUG.
        raise UserError(f"preview document: {_who(res)}: an input has a shape or value this pricer cannot read") from exc
    known = [c.monthly_cost for c in lines]
    cost = SideCost(lines, _known_total(known), ctx.monthly_range, region)
    _check_money(res, known, cost)
    if cost.unknown_parts:
        unknown = "unknown: " + ", ".join(cost.unknown_parts)
        if cost.monthly is None and not cost.usage_pending:
            return "unknown-input", unknown, cost, ctx.notes
        if not cost.usage_pending:
            return "estimated", f"partly priced; {unknown}", cost, ctx.notes
        ctx.notes.append(f"partly priced; {unknown}")
    if cost.usage_pending:
        keys = ", ".join(dict.fromkeys(c.usage_key or "" for c in lines if c.usage_key and c.monthly_quantity is None))
        if cost.monthly is None:
            return "usage-based", f"depends on usage not given ({keys})", cost, ctx.notes
        return "usage-based", f"depends on usage not given ({keys}); fixed part priced, usage adds to it", cost, ctx.notes
    if not lines:
        return "free", "nothing billable in this configuration", cost, ctx.notes
    return "estimated", None, cost, ctx.notes


def _who(res: PlannedResource) -> str:
    return f"resource {res.name!r} ({res.type})"


def _check_money(res: PlannedResource, known: list[Optional[Decimal]], cost: SideCost) -> None:
    """No negative money and none beyond MAX_MONEY leaves the pricer, whatever the inputs were
    (``known``: the monthly cost of each line)."""
    for amounts in (known, (cost.monthly,), cost.monthly_range or ()):
        for amount in amounts:
            if amount is not None and not (_ZERO <= amount <= MAX_MONEY):  # Decimal to Decimal: no int converted
                raise UserError(
                    f"preview document: {_who(res)}: its inputs give a monthly cost outside 0..${MAX_MONEY:,} (check sizes and counts)"
                )


def _side_region(res: PlannedResource, inputs: Mapping[str, Any], plan: Plan) -> Optional[str]:
    if inputs is res.new_inputs or inputs is None:
        return res.region
    return resolve_region(res.type, inputs, res.provider_ref, plan.providers, plan.config, plan.cache.setdefault("regions", {}))


def price_resource(res: PlannedResource, plan: Plan, catalog: Any, pricing: str, usage: Optional[Usage]) -> ResourceCost:
    entry = lookup(res.type)
    values: tuple[dict[str, Decimal], dict[str, str]] = usage.for_resource(res.urn, res.name, res.type) if usage else ({}, {})
    old, new = res.old_inputs, res.new_inputs
    past: Optional[tuple[str, Optional[str], SideCost, list[str]]] = None
    current: Optional[tuple[str, Optional[str], SideCost, list[str]]] = None
    if old is not None and new is old:
        past = current = _price_side(res, new, res.region, plan, catalog, pricing, values, "new", entry)
    else:
        if old is not None:
            past = _price_side(res, old, _side_region(res, old, plan), plan, catalog, pricing, values, "old", entry)
        if new is not None:
            current = _price_side(res, new, res.region, plan, catalog, pricing, values, "new", entry)
    main = current or past
    assert main is not None
    bucket, reason, _, notes = main
    if past and current and past[0] == "unknown-input" and bucket != "unknown-input":
        notes = notes + [f"cost before the change is unknown: {past[1]}"]
    # positional, as PriceContext above: (resource, bucket, reason, past, current, notes, usage_keys)
    return ResourceCost(
        res, bucket, reason, past[2] if past else None, current[2] if current else None,
        list(dict.fromkeys(notes)) if notes else [], entry.usage_keys if entry else (),
    )


def _llm_cost(plan: Plan, catalog: Any, usage: Optional[Usage]) -> Optional[ResourceCost]:
    pseudo = _llm.pseudo_resource(plan)
    if pseudo is None:
        return None
    values = usage.for_resource(pseudo.urn, pseudo.name, pseudo.type) if usage else ({}, {})
    notes = ["pseudo-resource: hosted-LLM tokens billed by the model provider, attributed to " + (urn_name(pseudo.parent) if pseudo.parent else "the stack")]
    try:
        lines, more = _llm.token_lines(plan, catalog, values[0], values[1])
        side = SideCost(lines, side_total(lines))
        bucket, reason = "usage-based", "token volume from the stack's workload config"
        notes += more
    except UnknownInput as exc:
        side, bucket, reason = SideCost([], None), "unknown-input", str(exc)
    return ResourceCost(
        resource=pseudo,
        bucket=bucket,
        reason=reason,
        past=side if pseudo.old_inputs is not None else None,
        current=side if pseudo.new_inputs is not None else None,
        notes=notes,
        usage_keys=_llm.USAGE_KEYS,
        pseudo=True,
    )


def price_plan(plan: Plan, *, pricing: str = "on-demand", usage: Optional[Usage] = None, catalog: Any = None) -> Breakdown:
    if pricing not in PRICING_MODELS:
        raise UserError(f"--pricing must be one of {', '.join(PRICING_MODELS)}")
    if catalog is None:
        from llmkit.pricing.catalog import load_catalog

        catalog = load_catalog()
    costs = [price_resource(r, plan, catalog, pricing, usage) for r in plan.resources]
    tokens = _llm_cost(plan, catalog, usage)
    if tokens is not None:
        costs.append(tokens)
    project, stack = _project(plan)
    return Breakdown(resources=stable_order(costs), pricing=pricing, project=project, stack=stack)


_NAME_THEN_URN = operator.attrgetter("resource.name", "resource.urn")


def stable_order(costs: list[ResourceCost]) -> list[ResourceCost]:
    """Resources by name, then URN (as Infracost sorts its output). A plan's step order is the
    engine's (or, offline, the mocks') registration order, which varies from run to run as
    asyncio resolves resources in a different order; every output must not."""
    return sorted(costs, key=_NAME_THEN_URN)


def price_document(doc: Any, *, pricing: str = "on-demand", usage: Optional[Usage] = None, catalog: Any = None) -> Breakdown:
    """Price a preview document (dict, text or bytes)."""
    return price_plan(read_document(doc), pricing=pricing, usage=usage, catalog=catalog)


def _project(plan: Plan) -> tuple[str, str]:
    """(project, stack) from the first URN: ``urn:pulumi:<stack>::<project>::...``."""
    for r in plan.resources or plan.components:
        parts = r.urn.split("::")
        if len(parts) >= 2 and parts[0].startswith("urn:pulumi:"):
            return parts[1], parts[0][len("urn:pulumi:"):]
    return "", ""


def guardrail_violations(
    b: Breakdown,
    *,
    budget: Optional[Decimal] = None,
    max_increase: Optional[Decimal] = None,
    max_increase_pct: Optional[Decimal] = None,
    past: Optional[Decimal] = None,
) -> list[str]:
    """The guardrails a breakdown breaks, one line each (the CLI and the policy pack share
    these rules). Totals are what is known; unknown-input resources can only add to them.
    ``past`` replaces the plan's own "before" total (the policy pack sees no before state)."""
    out: list[str] = []
    total_now = b.total_monthly
    past = b.past_total_monthly if past is None else past
    diff = total_now - past
    # unknown-input resources and usage lines without usage can only add to the known total
    at_least = " at least" if b.counts()["unknown-input"] or b.usage_pending() or b.partial() else ""
    if budget is not None and total_now > budget:
        out.append(f"monthly cost is{at_least} ${total_now:,.2f}, over the budget of ${budget:,.2f}")
    if max_increase is not None and diff > max_increase:
        out.append(f"monthly cost rises by{at_least} ${diff:,.2f}, over the allowed increase of ${max_increase:,.2f}")
    if max_increase_pct is not None and diff > 0:
        if past == 0:
            out.append(f"monthly cost rises from $0.00 to ${total_now:,.2f}, over the allowed increase of {max_increase_pct}%")
        elif diff / past * 100 > max_increase_pct:
            out.append(
                f"monthly cost rises by {(diff / past * 100):.1f}%, over the allowed increase of {max_increase_pct}%"
            )
    return out
