"""Analysis over the cost models: TCO, the scaling table, break-even, cost per quality point.

Why solve the break-even instead of reading it off a table: the guide's table scales fixed
costs with users and its prose disagrees with it (docs/guide-reconciliation.md). Here an
approach is a function users -> Estimate, and the break-even is the smallest whole user count
at which the cheaper approach changes, found by a log-spaced scan for the first sign change
followed by integer bisection (self-hosted cost is a step function of users, so it is
monotone enough piecewise but not smooth; bisection needs only the sign).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Callable, Mapping, Optional, Sequence

from llmkit.core.records import record
from llmkit.pricing.model.costs import Estimate

CostFunction = Callable[[int], Estimate]
BREAK_EVEN_MAX_USERS = 1_000_000  # a "sane range": beyond this nobody sizes with this tool


def cached(fn: CostFunction) -> CostFunction:
    """Memoise a cost function (break-even probes the same user counts more than once)."""
    return functools.lru_cache(maxsize=None)(fn)


@record
class ScalingRow:
    """One approach at one user count: the figures a scaling table prints."""

    users: int
    approach: str
    label: str
    monthly_queries: Decimal
    monthly_total: Decimal
    annual_total: Decimal
    tco_3y: Decimal
    cost_per_query: Decimal
    gpu_instances: Optional[int]


def scaling_table(approaches: Mapping[str, CostFunction], users: Sequence[int]) -> list[ScalingRow]:
    """One row per user count and approach."""
    return [scaling_row(name, u, fn(u)) for u in users for name, fn in approaches.items()]


def scaling_row(name: str, users: int, e: Estimate) -> ScalingRow:
    """One approach's row at one user count (``compare`` streams these for long user lists)."""
    cap = e.details.get("capacity") or {}
    return ScalingRow(
        users=users, approach=name, label=e.label, monthly_queries=e.workload.monthly_queries,
        monthly_total=e.monthly_total, annual_total=e.annual_total, tco_3y=e.tco(3),
        cost_per_query=e.cost_per_query(),
        gpu_instances=cap.get("desired_replicas", cap.get("instances")),
    )


@record
class BreakEven:
    """Where two approaches swap places as the cheaper one (the guide's break-even points)."""

    a: str
    b: str
    users: Optional[int]  # smallest user count at which the cheaper of the two changes; None: never
    cheaper_below: Optional[str]  # which is cheaper just below ``users``
    cheaper_above: Optional[str]
    monthly_at_break_even: Optional[dict[str, Decimal]] = None
    crossings: tuple[int, ...] = ()  # every change of the cheaper one found by the scan (step costs cross back)


def _sign(x: Decimal) -> int:
    return (x > 0) - (x < 0)


def break_even(
    name_a: str, fa: CostFunction, name_b: str, fb: CostFunction, *, lo: int = 1, hi: int = BREAK_EVEN_MAX_USERS,
) -> BreakEven:
    """The first user count in [lo, hi] at which the approach that was strictly cheaper stops
    being so (equal cost counts as breaking even); None if that never happens."""

    def diff(u: int) -> int:
        return _sign(fa(u).monthly_total - fb(u).monthly_total)

    grid: list[int] = []
    u = lo
    while u < hi:
        grid.append(u)
        u = max(u + 1, int(u * 1.25))
    grid.append(hi)
    crossings: list[int] = []
    first: Optional[tuple[str, str]] = None
    ref_u, ref = None, 0
    for u in grid:
        s = diff(u)
        if s == 0:
            continue
        if ref != 0 and s != ref:
            assert ref_u is not None
            left, right = ref_u, u  # diff(left) == ref, diff(right) != ref
            while right - left > 1:
                mid = (left + right) // 2
                if diff(mid) == ref:
                    left = mid
                else:
                    right = mid
            crossings.append(right)
            if first is None:
                below = name_a if ref < 0 else name_b
                first = (below, name_b if below == name_a else name_a)
        ref_u, ref = u, s
    if not crossings:
        cheaper = None if ref == 0 else (name_a if ref < 0 else name_b)
        return BreakEven(name_a, name_b, None, cheaper, cheaper)
    assert first is not None
    at = crossings[0]
    return BreakEven(name_a, name_b, at, first[0], first[1], {name_a: fa(at).monthly_total, name_b: fb(at).monthly_total},
                     tuple(crossings))


def all_break_evens(approaches: Mapping[str, CostFunction], **kw: int) -> list[BreakEven]:
    names = list(approaches)
    return [
        break_even(a, approaches[a], b, approaches[b], **kw)
        for i, a in enumerate(names) for b in names[i + 1:]
    ]


@record
class QualityCost:
    """An estimate's annual cost per quality point (the guide's section 7 measure)."""

    label: str
    annual_total: Decimal
    quality_score: Optional[int]
    per_quality_point: Optional[Decimal]  # annual cost / score (the guide's section 7 measure)


def cost_per_quality_point(e: Estimate) -> QualityCost:
    per = (e.annual_total / e.quality_score) if e.quality_score else None
    return QualityCost(e.label, e.annual_total, e.quality_score, per)


def tco(e: Estimate, years: int) -> Decimal:
    return e.tco(years)
