"""Views of a Breakdown for people: the cost table, the pull-request comment (Markdown) and
HTML, all as ``llmkit.output.Table`` so the shared renderers do the formatting.

Unknown money is a dash, never $0; usage lines without a quantity say "depends on usage",
and so does a resource (or a type, or a change) whose cost is only such lines; a known fixed
part with usage lines waiting reads "$X + usage", totals included. A quantity taken from a
default or the stack config says so in the component column.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from llmkit.core.money import rounded
from llmkit.output import Table, money
from llmkit.pricing.preview.breakdown import Breakdown, ResourceCost, SideCost, derived_mark

SKIPPED_BUCKETS = ("free", "usage-based", "unknown-input", "unsupported")
DETAIL_LIMIT = 200  # above this many priced resources the table groups by type (JSON keeps every line)
TOP = 25
USAGE = "depends on usage"


def _num(value: Optional[Decimal], places: int = 4) -> str:
    if value is None:
        return "-"
    q = rounded(value, places)
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
        f"Monthly cost {_total(b, 'past')} -> {_total(b, 'current')} "
        f"({_signed(b.diff_total_monthly)}{_pct(b)}); {b.summary_line()}"
    )


def _with_usage(amount: Optional[Decimal], pending: bool, signed: bool = False) -> str:
    """Money for a cell: "depends on usage" when only usage (not given) makes the cost, the
    known part plus " + usage" when usage adds to it, a dash when unknown for another reason."""
    if amount is None:
        return USAGE if pending else "-"
    text = _signed(amount) if signed else money(amount)
    return text + " + usage" if pending else text


def _side_money(side: Optional[SideCost]) -> str:
    """A resource's monthly cost for a table cell (empty when the side does not exist); a
    partly priced resource names its unknown parts ("$12.00 + unknown: volume size")."""
    if side is None:
        return ""
    text = _with_usage(side.monthly, side.usage_pending)
    if side.unknown_parts:
        text = ("" if text == "-" else text + " + ") + "unknown: " + ", ".join(side.unknown_parts)
    return text


def _change(r: ResourceCost) -> str:
    """A resource's monthly change: usage waiting on a new (removed) resource adds (removes)
    an unknown amount, so it says so rather than showing only the fixed part as the change."""
    past, current = r.past, r.current
    if past is current and past is not None:
        return _signed(Decimal(0))  # an unchanged resource (same, read, import): no change, whatever it costs
    diff = r.diff_monthly
    if diff is not None and current is not None and current.unknown_parts and not (past and past.unknown_parts):
        return _signed(diff) + " + unknown"  # a partly priced new state: the change is at least this
    if diff is None:
        sides = [s for s in (past, current) if s is not None]
        only_usage = all(s.monthly is not None or s.usage_pending for s in sides) and any(s.usage_pending for s in sides)
        return USAGE if only_usage else "-"
    if past is None and current is not None and current.usage_pending:
        return _signed(diff) + " + usage"
    if current is None and past is not None and past.usage_pending:
        return _signed(diff) + " - usage"
    return _signed(diff)


def _total(b: Breakdown, side: str) -> str:
    amount = b.total_monthly if side == "current" else b.past_total_monthly
    text = _with_usage(amount, bool(b.usage_pending(side)))
    return "at least " + text if b.partial(side) else text


def _notes(b: Breakdown) -> list[str]:
    notes = [b.summary_line() + f" (pricing: {b.pricing})"]
    lo, hi = b.total_monthly_range
    if lo != hi:
        notes.append(f"Autoscaled groups at desired size; the monthly total ranges {money(lo)} to {money(hi)} from min to max.")
    pending = b.usage_pending("current")
    if pending:
        notes.append(
            f"{pending} resource(s) have usage-based costs (no usage given) that are not in the totals; "
            "give them with --usage FILE (--sync-usage FILE writes one with defaults)."
        )
    partial = b.partial("current")
    if partial:
        notes.append(f"{partial} resource(s) are partly priced: their unknown parts are named and not in the totals.")
    unknown = b.counts()["unknown-input"]
    if unknown:
        notes.append(f"{unknown} resource(s) with unknown inputs are not in the totals (see --show-skipped).")
    unsupported = b.counts()["unsupported"]
    if unsupported:
        notes.append(f"{unsupported} resource(s) of unsupported types are not in the totals (see --show-skipped).")
    return notes + b.provenance.lines()


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
            cost = money(c.monthly_cost) if c.monthly_cost is not None else (USAGE if c.usage_key else ("unknown: " + c.unknown if c.unknown else "-"))
            rows.append(["", name, c.unit, _num(c.monthly_quantity), _num(c.price, 6) + derived_mark(b, c), cost])
    rows.append(["Total (after change)", "", "", "", "", _total(b, "current")])
    rows.append(["Total (before change)", "", "", "", "", _total(b, "past")])
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
    """For big plans: monthly cost per resource type, and the most expensive resources.

    A type's sum covers its resources with a known cost; a type with none (unsupported,
    unknown-input, usage-only) shows a dash or "depends on usage", never $0."""
    groups: dict[str, _TypeSum] = {}
    for r in b.resources:
        acc = groups.setdefault(r.resource.type, _TypeSum())
        acc.count += 1
        acc.add(0, r.past)
        acc.add(1, r.current)
    rows = [
        [t, str(v.count), v.cell(0), v.cell(1), v.change()]
        for t, v in sorted(groups.items(), key=lambda kv: -(kv[1].known[1] or 0))
    ]
    rows.append(["Total", str(len(b.resources)), _total(b, "past"), _total(b, "current"), _signed(b.diff_total_monthly)])
    notes = _notes(b) + [f"{len(b.resources)} resources: totals by type; use --format json for every cost component."]
    ranked = sorted((r for r in b.resources if r.current and r.current.monthly), key=lambda r: -(r.current.monthly or 0))[:TOP]  # type: ignore[union-attr]
    top = [[_label(r), money(r.current.monthly if r.current else None), _signed(r.diff_monthly)] for r in ranked]
    return [
        Table("Monthly cost by resource type", ["Type", "Resources", "Before", "After", "Change"], rows, notes, right_align=(1, 2, 3, 4)),
        Table(f"Top {len(top)} resources by monthly cost", ["Resource", "Monthly", "Change"], top, right_align=(1, 2)),
    ]


class _TypeSum:
    """Before / after sums of one resource type: the known part, and whether usage waits."""

    __slots__ = ("count", "known", "pending", "present")

    def __init__(self) -> None:
        self.count = 0
        self.known: list[Optional[Decimal]] = [None, None]
        self.pending = [False, False]
        self.present = [False, False]

    def add(self, i: int, side: Optional[SideCost]) -> None:
        if side is None:
            return
        self.present[i] = True
        self.pending[i] = self.pending[i] or side.usage_pending
        if side.monthly is not None:
            self.known[i] = (self.known[i] or Decimal(0)) + side.monthly

    def cell(self, i: int) -> str:
        if not self.present[i]:
            return ""  # no resource of this type on that side (as the per-resource tables show it)
        return _with_usage(self.known[i], self.pending[i])

    def change(self) -> str:
        before, after = self.known
        if after is None and self.present[1] or before is None and self.present[0]:
            return USAGE if (self.pending[0] or self.pending[1]) else "-"
        return _signed((after or Decimal(0)) - (before or Decimal(0)))


def _components(r: ResourceCost) -> int:
    side = r.current or r.past
    return len(side.components) if side is not None else 0


def tables(b: Breakdown, *, show_skipped: bool = False) -> list[Table]:
    priced = sum(1 for r in b.resources if _components(r))
    out = by_type_tables(b) if priced > DETAIL_LIMIT else [cost_table(b)]
    if show_skipped:
        out.append(skipped_table(b))
    return out


def _marks(b: Breakdown, side: Optional[SideCost]) -> str:
    """Footnote markers of a side's derived prices (see the notes under the table)."""
    return "".join(dict.fromkeys(derived_mark(b, c) for c in side.components)) if side else ""


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
                _side_money(r.past) + _marks(b, r.past),
                _side_money(r.current) + _marks(b, r.current),
                _change(r),
                r.bucket,
            ]
        )
    title = f"llmkit cost estimate: {b.project}/{b.stack}" if b.project else "llmkit cost estimate"
    notes = [headline(b)] + _notes(b)[1:]
    out = [Table(title, ["Resource", "Type", "Op", "Before", "After", "Change", "Bucket"], rows, notes, right_align=(3, 4, 5))]
    if show_skipped:
        out.append(skipped_table(b))
    return out
