"""Views of a Breakdown for people: the cost table, the pull-request comment (Markdown) and
HTML, all as ``llmkit.output.Table`` so the shared renderers do the formatting.

Unknown money is a dash, never $0; usage lines without a quantity say "depends on usage";
a quantity taken from a default or the stack config says so in the component column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from llmkit.output import Table, money
from pricing.breakdown import Breakdown, ResourceCost, SideCost

SKIPPED_BUCKETS = ("free", "usage-based", "unknown-input", "unsupported")
DETAIL_LIMIT = 200  # above this many priced resources the table groups by type (JSON keeps every line)
TOP = 25


def _num(value: Optional[Decimal], places: int = 4) -> str:
    if value is None:
        return "-"
    q = value.quantize(Decimal(1).scaleb(-places)).normalize()
    return f"{q:,f}"


def _signed(value: Optional[Decimal]) -> str:
    if value is None:
        return "-"
    sign = "+" if value > 0 else ("-" if value < 0 else "")
    return sign + money(abs(value))


def _label(r: ResourceCost) -> str:
    return f"{r.name} ({r.resource.type}, {r.resource.op})"


def _pct(b: Breakdown) -> str:
    past = b.past_total_monthly
    if past == 0:
        return ""
    return f", {(b.diff_total_monthly / past * 100).quantize(Decimal('0.1')):+}%"


def headline(b: Breakdown) -> str:
    return (
        f"Monthly cost {money(b.past_total_monthly)} -> {money(b.total_monthly)} "
        f"({_signed(b.diff_total_monthly)}{_pct(b)}); {b.summary_line()}"
    )


def _side_money(side: Optional[SideCost]) -> str:
    """A resource's monthly cost for a table cell: dash when unknown, "+ usage" when usage
    lines wait for a usage file (the figure is then only the fixed part)."""
    if side is None:
        return ""
    text = money(side.monthly)
    if side.monthly is not None and any(c.usage_key and c.monthly_quantity is None for c in side.components):
        text += " + usage"
    return text


def _notes(b: Breakdown) -> list[str]:
    notes = [b.summary_line() + f" (pricing: {b.pricing})"]
    lo, hi = b.total_monthly_range
    if lo != hi:
        notes.append(f"Autoscaled groups at desired size; the monthly total ranges {money(lo)} to {money(hi)} from min to max.")
    unknown = b.counts()["unknown-input"]
    if unknown:
        notes.append(f"{unknown} resource(s) with unknown inputs are not in the totals (see --show-skipped).")
    unsupported = b.counts()["unsupported"]
    if unsupported:
        notes.append(f"{unsupported} resource(s) of unsupported types are not in the totals (see --show-skipped).")
    return notes


def cost_table(b: Breakdown) -> Table:
    rows: list[list[str]] = []
    for r in b.resources:
        side = r.current or r.past
        if side is None or not side.components:
            continue
        shown = _side_money(side)
        if r.current is None:
            shown = "removed: " + shown
        if side.monthly_range:
            shown += f" ({money(side.monthly_range[0])}-{money(side.monthly_range[1])})"
        rows.append([_label(r), "", "", "", "", shown])
        for c in side.components:
            name = c.name
            if c.usage_source and c.monthly_quantity is not None:
                name += f" [{c.usage_source}]"
            cost = money(c.monthly_cost) if c.monthly_cost is not None else ("depends on usage" if c.usage_key else "-")
            rows.append(["", name, c.unit, _num(c.monthly_quantity), _num(c.price, 6), cost])
    rows.append(["Total (after change)", "", "", "", "", money(b.total_monthly)])
    rows.append(["Total (before change)", "", "", "", "", money(b.past_total_monthly)])
    rows.append(["Change", "", "", "", "", _signed(b.diff_total_monthly)])
    title = f"Monthly cost: {b.project}/{b.stack}" if b.project else "Monthly cost"
    return Table(title, ["Resource", "Component", "Unit", "Monthly qty", "Unit price", "Monthly"], rows, _notes(b), right_align=(3, 4, 5))


def skipped_table(b: Breakdown) -> Table:
    rows = [
        [r.name, r.resource.type, r.resource.op, r.bucket, r.reason or ""]
        for bucket in SKIPPED_BUCKETS
        for r in b.resources
        if r.bucket == bucket
    ]
    return Table("Not fully estimated", ["Resource", "Type", "Op", "Bucket", "Why"], rows)


def by_type_tables(b: Breakdown) -> list[Table]:
    """For big plans: monthly cost per resource type, and the most expensive resources."""
    groups: dict[str, list[Decimal]] = {}
    counts: dict[str, int] = {}
    for r in b.resources:
        t = r.resource.type
        counts[t] = counts.get(t, 0) + 1
        acc = groups.setdefault(t, [Decimal(0), Decimal(0)])
        if r.past and r.past.monthly is not None:
            acc[0] += r.past.monthly
        if r.current and r.current.monthly is not None:
            acc[1] += r.current.monthly
    rows = [
        [t, str(counts[t]), money(v[0]), money(v[1]), _signed(v[1] - v[0])]
        for t, v in sorted(groups.items(), key=lambda kv: -kv[1][1])
    ]
    rows.append(["Total", str(len(b.resources)), money(b.past_total_monthly), money(b.total_monthly), _signed(b.diff_total_monthly)])
    notes = _notes(b) + [f"{len(b.resources)} resources: totals by type; use --format json for every cost component."]
    ranked = sorted((r for r in b.resources if r.current and r.current.monthly), key=lambda r: -(r.current.monthly or 0))[:TOP]  # type: ignore[union-attr]
    top = [[_label(r), money(r.current.monthly if r.current else None), _signed(r.diff_monthly)] for r in ranked]
    return [
        Table("Monthly cost by resource type", ["Type", "Resources", "Before", "After", "Change"], rows, notes, right_align=(1, 2, 3, 4)),
        Table(f"Top {len(top)} resources by monthly cost", ["Resource", "Monthly", "Change"], top, right_align=(1, 2)),
    ]


def _components(r: ResourceCost) -> int:
    side = r.current or r.past
    return len(side.components) if side is not None else 0


def tables(b: Breakdown, *, show_skipped: bool = False) -> list[Table]:
    priced = sum(1 for r in b.resources if _components(r))
    out = by_type_tables(b) if priced > DETAIL_LIMIT else [cost_table(b)]
    if show_skipped:
        out.append(skipped_table(b))
    return out


def pr_comment(b: Breakdown, *, diff_only: bool = False, show_skipped: bool = False) -> list[Table]:
    """A pull-request comment: the headline change and a per-resource before/after table."""
    rows = []
    for r in b.resources:
        if diff_only and not r.changed:
            continue
        rows.append(
            [
                r.name,
                r.resource.type,
                r.resource.op,
                _side_money(r.past),
                _side_money(r.current),
                _signed(r.diff_monthly),
                r.bucket,
            ]
        )
    title = f"llmkit cost estimate: {b.project}/{b.stack}" if b.project else "llmkit cost estimate"
    notes = [headline(b)] + _notes(b)[1:]
    out = [Table(title, ["Resource", "Type", "Op", "Before", "After", "Change", "Bucket"], rows, notes, right_align=(3, 4, 5))]
    if show_skipped:
        out.append(skipped_table(b))
    return out
