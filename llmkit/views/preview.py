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


def _pct_value(b: Breakdown) -> str:
    """The change as a signed percentage of the before total ("" when there was nothing before)."""
    past = b.past_total_monthly
    if past == 0:
        return ""
    return f"{(b.diff_total_monthly / past * 100).quantize(Decimal('0.1')):+}%"


def _pct(b: Breakdown) -> str:
    pct = _pct_value(b)
    return f", {pct}" if pct else ""


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
        # the name alone in the first column: at 100 columns it must not share its cell with the type
        rows.append([r.name, f"{r.resource.type} ({r.resource.op})", "", "", "", shown])
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


def _listed(b: Breakdown, diff_only: bool) -> list[ResourceCost]:
    """The resources a PR comment lists: those that cost something (or may: unknown and usage
    costs are never hidden) or changed cost; free ones are counted, not listed. With
    ``diff_only``, only those whose op or cost changed."""
    out = []
    for r in b.resources:
        if r.bucket == "free" or (diff_only and not r.changed):
            continue
        sides = [s for s in (r.past, r.current) if s is not None]
        costs_something = any(s.monthly != 0 or s.usage_pending for s in sides)
        if costs_something or r.diff_monthly != 0:
            out.append(r)
    return sorted(out, key=_comment_order)


def _comment_order(r: ResourceCost) -> tuple[Decimal, Decimal, str, str]:
    """Biggest change first, then biggest cost, then name and URN: the same input always gives
    the same order, whatever order the plan listed its resources in."""
    diff = r.diff_monthly
    now = r.current.monthly if r.current is not None else None
    return (-abs(diff or Decimal(0)), -(now or Decimal(0)), r.name, r.resource.urn)


def _resource_rows(b: Breakdown, listed: list[ResourceCost]) -> list[list[str]]:
    return [[r.name, r.resource.type, r.resource.op, _side_money(r.past) + _marks(b, r.past), _side_money(r.current) + _marks(b, r.current),
             _change(r), r.bucket] for r in listed]


RESOURCE_COLUMNS = ["Resource", "Type", "Op", "Before", "After", "Change", "Bucket"]


def pr_comment(b: Breakdown, *, diff_only: bool = False, show_skipped: bool = False) -> list[Table]:
    """The before/after table of a PR comment (for --diff in table and HTML formats)."""
    listed = _listed(b, diff_only)
    title = f"llmkit cost estimate: {b.project}/{b.stack}" if b.project else "llmkit cost estimate"
    notes = [headline(b), _not_listed(b, listed)] + _notes(b)[1:]
    out = [Table(title, RESOURCE_COLUMNS, _resource_rows(b, listed), notes, right_align=(3, 4, 5))]
    if show_skipped:
        out.append(skipped_table(b))
    return out


def _not_listed(b: Breakdown, listed: list[ResourceCost]) -> str:
    free = b.counts()["free"]
    rest = len(b.resources) - len(listed) - free
    parts = [f"{free} free resource(s) counted, not listed"]
    if rest:
        parts.append(f"{rest} unchanged resource(s) with no cost not listed")
    return "; ".join(parts) + "."


def _direction(b: Breakdown) -> str:
    diff = b.diff_total_monthly
    if diff > 0:
        return f"Monthly cost will increase by {_signed(diff)[1:]}{_pct(b)}"
    if diff < 0:
        return f"Monthly cost will decrease by {_signed(diff)[1:]}{_pct(b)}"
    return "Monthly cost will not change"


def budget_status(b: Breakdown, budget: Optional[Decimal]) -> str:
    """One line: the budget and whether the known total is within it (usage or unknown costs
    can only add, so "within" then says "so far")."""
    if budget is None:
        return "Budget: none set (--budget USD)."
    total = b.total_monthly
    open_ended = bool(b.counts()["unknown-input"] or b.usage_pending())
    if total > budget:
        return f"Budget: {money(budget)} a month. **Over budget** by {'at least ' if open_ended else ''}{money(total - budget)}."
    share = (total / budget * 100).quantize(Decimal(1)) if budget else Decimal(0)
    hedge = " so far (usage and unknown costs may add)" if open_ended else ""
    return f"Budget: {money(budget)} a month. Within budget{hedge}: {share}% used, {money(budget - total)} left."


def pr_comment_markdown(b: Breakdown, *, budget: Optional[Decimal] = None, diff_only: bool = False, show_skipped: bool = False) -> str:
    """A pull-request comment in the manner of Infracost's: a headline (total, change, budget),
    a per-project summary, and the resources that cost something or changed in a collapsed
    ``<details>`` block, biggest change first. Free resources are counted, not listed. Nothing in
    it depends on time or on the plan's resource order, so an updated comment only changes when
    costs do."""
    from llmkit.output import render_markdown

    listed = _listed(b, diff_only)
    project = f"{b.project}/{b.stack}" if b.project else (b.stack or "stack")
    lines = [
        "## llmkit cost estimate",
        "",
        f"**{_direction(b)}**: {_total(b, 'past')} -> {_total(b, 'current')} a month.",
        "",
        budget_status(b, budget),
        "",
    ]
    counts = b.counts()
    summary = Table(
        "",
        ["Project", "Before", "After", "Change", "Resources"],
        [[project, _total(b, "past"), _total(b, "current"), _signed(b.diff_total_monthly) + (f" ({_pct_value(b)})" if _pct_value(b) else ""),
          ", ".join(f"{counts[k]} {k}" for k in counts if counts[k])]],
        right_align=(1, 2, 3),
    )
    lines.append(render_markdown([summary]).rstrip("\n"))
    lines += ["", f"<details><summary>Cost details: {len(listed)} resource(s) that cost something or changed; {_not_listed(b, listed)}</summary>", ""]
    if listed:
        lines.append(render_markdown([Table("", RESOURCE_COLUMNS, _resource_rows(b, listed), right_align=(3, 4, 5))]).rstrip("\n"))
    else:
        lines.append("No resource costs anything or changes cost.")
    lines += ["", "</details>", ""]
    lines += [f"- {note}" for note in _notes(b)]
    body = "\n".join(lines) + "\n"
    if show_skipped:
        body += "\n" + render_markdown([skipped_table(b)])
    return body


def html_figures(b: Breakdown) -> list:
    """The preview's chart for the HTML page: known monthly cost stacked by resource type, before
    and after the change, with the autoscaled min-max range of the after total."""
    from llmkit.views.report import preview_figure

    bars = []
    for label, side in (("before", "past"), ("after", "current")):
        by_type: dict[str, Decimal] = {}
        for r in b.resources:
            cost = getattr(r, side)
            if cost is not None and cost.monthly:
                by_type[r.resource.type] = by_type.get(r.resource.type, Decimal(0)) + cost.monthly
        bars.append((label, dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))))
    lo, hi = b.total_monthly_range
    ranges = {"after": (lo, hi)} if lo != hi else {}
    title = f"Monthly cost of {b.project}/{b.stack} by resource type" if b.project else "Monthly cost by resource type"
    return [preview_figure(bars, ranges, title)]
