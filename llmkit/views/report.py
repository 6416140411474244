"""The cost report (``llmkit report``, and the charts of ``estimate`` / ``compare`` in
``--format html``): charts, then tables carrying the same numbers, from the JSON-ready data of
``llmkit.usecases.report`` and ``usecases.framework``. Money in tables is ``llmkit.output.money``
of the JSON value, so a page and ``--format json`` can be checked against each other."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional, Sequence

from llmkit.output import Figure, Table, money


def _dec(value: Any) -> Optional[Decimal]:
    return None if value is None else Decimal(str(value))


def break_even_points(compare: Mapping[str, Any]) -> list[tuple[int, Decimal, str]]:
    out = []
    for b in compare["break_even"]:
        if b.get("users") and b.get("monthly_at_break_even"):
            out.append((int(b["users"]), Decimal(str(b["monthly_at_break_even"][b["a"]])), f"{b['a']} = {b['b']}"))
    return out


def cost_curve_figure(compare: Mapping[str, Any]) -> Figure:
    from llmkit.views import charts

    series: dict[str, list[tuple[int, Optional[Decimal]]]] = {a: [] for a in compare["approaches"]}
    for r in compare["rows"]:
        series[r["approach"]].append((int(r["users"]), _dec(r["monthly_total"])))
    points = break_even_points(compare)
    caption = "Monthly cost (USD) of each approach by number of users; circles mark the break-even points within the users shown. Break-even: " + (
        "; ".join(f"{label} at {u:,} users ({money(m)}/month)" for u, m, label in points) if points else "none in 1..1,000,000 users")
    return Figure("Monthly cost by users, with break-even points", charts.cost_vs_users(series, points), caption)


def scaling_table(compare: Mapping[str, Any], limit: Optional[int] = None) -> Table:
    names = list(compare["approaches"])
    by_users: dict[int, dict[str, Any]] = {}
    for r in compare["rows"]:
        by_users.setdefault(int(r["users"]), {})[r["approach"]] = r
    rows = [[f"{u:,}", *[money(_dec(rs[n]["monthly_total"])) if n in rs else "-" for n in names]] for u, rs in by_users.items()]
    if limit is not None and len(rows) > limit:
        rows = rows[: limit // 2] + [["...", *["" for _ in names]]] + rows[-limit // 2:]
    return Table("Monthly cost by users (USD / month)", ["users", *names], rows, right_align=list(range(len(names) + 1)))


def breakdown_figure(data: Mapping[str, Any]) -> Figure:
    from llmkit.views import charts

    bars, ranges = [], {}
    for a in data["approaches"]:
        parts = {c["name"]: Decimal(str(c["monthly"])) for c in a["components"] if c["monthly"] is not None}
        bars.append((a["approach"], parts))
        rng = a["replica_range"]
        if rng:
            ranges[a["approach"]] = (Decimal(str(rng["monthly_min"])), Decimal(str(rng["monthly_max"])))
    svg = charts.stacked_bars(bars, ranges, f"Monthly cost by component at {data['focus_users']:,} users ({data['pricing']})")
    caption = "Stacked monthly cost by component; whiskers span the autoscaled GPU group from min to max replicas (bars at desired size)."
    return Figure("Monthly breakdown by component", svg, caption)


def tco_figure(data: Mapping[str, Any]) -> Figure:
    from llmkit.views import charts

    groups = [(a["approach"], {_tco_label(k): _dec(v) for k, v in a["tco"].items()}) for a in data["approaches"]]
    svg = charts.grouped_bars(groups, f"Total cost of ownership at {data['focus_users']:,} users", "TCO (USD)")
    return Figure("TCO over 1 and 3 years: on-demand, reserved, spot", svg,
                  "Reserved is the 1-year term for 1 year and the 3-year term for 3 years; a missing bar is an unknown price, not $0.")


def _tco_label(key: str) -> str:
    plan, years = key.rsplit("_", 1)
    return f"{plan}, {years[:-1]} year{'s' if years != '1y' else ''}"


def detail_tables(data: Mapping[str, Any]) -> list[Table]:
    focus = data["focus_users"]
    comp_rows = [[a["approach"], c["name"], money(_dec(c["monthly"])), c["detail"]] for a in data["approaches"] for c in a["components"]]
    comp_rows += [[a["approach"], "total", money(_dec(a["monthly_total"])), ""] for a in data["approaches"]]
    range_rows = [
        [a["approach"], f"{r['min_replicas']} / {r['desired_replicas']} / {r['max_replicas']}",
         money(_dec(r["monthly_min"])), money(_dec(a["monthly_total"])), money(_dec(r["monthly_max"]))]
        for a in data["approaches"] if (r := a["replica_range"])
    ]
    keys = [f"{p}_{y}" for y in ("1y", "3y") for p in ("on-demand", "reserved", "spot")]
    tco_rows = [[a["approach"], *[money(_dec(a["tco"][k])) for k in keys]] for a in data["approaches"]]
    return [
        Table(f"Monthly breakdown at {focus:,} users (USD / month)", ["approach", "component", "monthly", "detail"], comp_rows, right_align=[2]),
        Table("Autoscaled GPU groups (USD / month)", ["approach", "replicas min / desired / max", "at min", "at desired", "at max"], range_rows, right_align=[2, 3, 4]),
        Table(f"TCO at {focus:,} users (USD)", ["approach", *[_tco_label(k) for k in keys]], tco_rows, right_align=list(range(1, 7))),
    ]


def decision_tables(compare: Mapping[str, Any]) -> list[Table]:
    from llmkit.pricing.model.decision import SCORES

    rec = compare["recommendation"]
    m = rec["scoring_matrix"]
    by = rec["by_users"]
    last = by[-1]
    return [
        Table("Recommendation by users", ["users", "cheapest", "monthly", "best value (cost / quality)", "decision tree"],
              [[f"{p['users']:,}", p["cheapest"], money(_dec(p["cheapest_monthly"])), p["best_value"] or "-", p["decision_tree"]] for p in by[:200]],
              notes=[f"Decision tree at {last['users']:,} users: {last['decision_tree']}, because " + "; ".join(last["decision_tree_reasons"])],
              right_align=[0, 2]),
        Table(f"Decision matrix: {m['recommendation']}", ["factor", "weight %", "open-source", "API"],
              [[k, f"{Decimal(str(w)):.1f}", *SCORES[k]] for k, w in m["weights"].items()],
              notes=[f"open-source {m['open_source']}, API {m['api']}", *m["reasons"]], right_align=[1, 2, 3]),
    ]


def break_even_table(compare: Mapping[str, Any]) -> Table:
    return Table("Break-even (solved)", ["approaches", "users", "monthly at break-even", "cheaper below", "cheaper above"],
                 [[f"{b['a']} vs {b['b']}", f"{b['users']:,}" if b["users"] else "never (1..1,000,000)",
                   money(_dec(b["monthly_at_break_even"][b["a"]])) if b.get("monthly_at_break_even") else "-",
                   b["cheaper_below"] or "-", b["cheaper_above"] or "-"] for b in compare["break_even"]])


def sources_table(sources: Sequence[Mapping[str, Any]]) -> Table:
    return Table("Prices used: source and as-of date", ["source (as of)", "used by"],
                 [[s["source"], ", ".join(s["used_by"])] for s in sources])


def report_page(data: Mapping[str, Any]) -> tuple[list[Figure], list[Table]]:
    compare = data["compare"]
    figures = [cost_curve_figure(compare), breakdown_figure(data), tco_figure(data)]
    tables = [scaling_table(compare), break_even_table(compare), *detail_tables(data), *decision_tables(compare), sources_table(data["sources"])]
    return figures, tables


def estimate_figures(detail: Mapping[str, Any]) -> list[Figure]:
    """The breakdown and TCO charts of one approach (``estimate --format html``)."""
    data = {"approaches": [detail], "focus_users": detail["users"], "pricing": detail["pricing"]}
    return [breakdown_figure(data), tco_figure(data)]


def preview_figure(by_type: Sequence[tuple[str, Mapping[str, Decimal]]], ranges: Mapping[str, tuple[Decimal, Decimal]], title: str) -> Figure:
    """Before / after monthly cost of a Pulumi preview, stacked by resource type."""
    from llmkit.views import charts

    return Figure("Monthly cost by resource type, before and after", charts.stacked_bars(by_type, ranges, title),
                  "Known monthly costs stacked by resource type; the whisker spans autoscaled groups from min to max size. "
                  "Usage-based costs without usage and unknown costs are not drawn (see the table).")
