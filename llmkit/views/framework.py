"""Views of the cost framework's results for people: the tables of ``estimate``, ``compare`` and
``capacity``, as ``llmkit.output.Table`` so the shared renderers do the formatting.

The JSON documents come from the use cases (``llmkit.usecases.framework``); these tables show the
same numbers, money rounded only here.
"""

from __future__ import annotations

from typing import Any, Optional

from llmkit.output import Table, money


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def estimate_tables(result: Any, source_width: int = 1000) -> list[Table]:
    """Scenario (with --scenario), components, totals, capacity, levers, decision tree; sources
    cut to ``source_width`` (terminal tables)."""
    e, levers = result.estimate, result.levers
    comps = Table(
        title=f"{e.label}: {e.workload.users} users, {e.workload.monthly_queries:,.0f} queries/month ({e.pricing})",
        columns=["component", "monthly", "detail", "source"],
        rows=[[c.name, money(c.monthly), c.detail, _short(c.source, source_width)] for c in e.components],
        right_align=[1],
    )
    summary_rows = [
        ["monthly total", money(e.monthly_total)],
        ["annual total", money(e.annual_total)],
        ["TCO 1 year", money(e.tco(1))],
        ["TCO 3 years", money(e.tco(3))],
        ["cost per query", money(e.cost_per_query(), 4)],
    ]
    if e.total_discount:
        summary_rows.insert(0, ["discount on the whole total", f"{e.total_discount * 100:.0f}%"])
    if e.one_time_setup:
        summary_rows.append(["one-time setup", money(e.one_time_setup)])
    if e.quality_score:
        summary_rows.append(["cost per quality point (annual)", money(e.annual_total / e.quality_score)])
    notes = list(e.notes) + [f"unknown price (not counted): {n}" for n in e.unknown] + result.provenance.lines()
    summary = Table(title="Totals", columns=["", "USD"], rows=summary_rows, right_align=[1], notes=notes)
    tables = [comps, summary]
    cap = e.details.get("capacity")
    if cap and "replica_output_tokens_per_s" in cap:
        tables.append(Table(title="Capacity", columns=["", "value"], rows=[[k, v] for k, v in cap.items()]))
    if levers:
        tables.append(Table(
            title="Levers (each alone, vs this estimate)", columns=["lever", "setting", "monthly", "change", "why"],
            rows=[[lv.lever, lv.setting, money(lv.monthly_total), money(lv.change), lv.why] for lv in levers],
            right_align=[2, 3],
        ))
    return tables + _scenario_tables(result)


def _scenario_tables(result: Any) -> list[Table]:
    sd = result.scenario
    if sd is None:
        return []
    e = result.estimate
    scenario = Table(title=f"Scenario {sd['name']}: {sd['title']}", columns=["", "value"], rows=[
        ["guide recommends", sd["guide_recommendation"]],
        *([["guide names", sd["guide_models"]]] if sd["guide_models"] else []),
        ["guide's cost", f"~{money(sd['guide_monthly'])}/month"],
        ["llmkit's cost", f"{money(e.monthly_total)}/month"],
        ["budget", f"{money(sd['budget_monthly'])}/month ({'within' if sd['within_budget'] else 'OVER'})"],
        ["decision tree says", sd["decision_tree"]["recommendation"]],
        ["guide's rationale", sd["guide_rationale"]],
    ])
    return [scenario, *decision_tables(result.tree, None)]


def decision_tables(tree: Any, matrix: Any) -> list[Table]:
    """The decision tree's steps and (given) the scoring matrix."""
    from llmkit.pricing.model.decision import SCORES

    out = [Table(title=f"Decision tree: {tree.recommendation}" + (f" ({tree.model_hint})" if tree.model_hint else ""),
                 columns=["question", "answer", "points to"],
                 rows=[[s.question, s.answer, s.verdict] for s in tree.steps])]
    if matrix is not None:
        out.append(Table(title=f"Scoring matrix: {matrix.recommendation}", columns=["factor", "weight %", "open-source", "API"],
                         rows=[[k, f"{w:.1f}", *list(SCORES[k])] for k, w in matrix.weights.items()],
                         right_align=[1, 2, 3], notes=list(matrix.reasons[-1:])))
    return out


def _cell(r: Any, cheapest: str) -> str:
    gpus = f" [{r.gpu_instances}]" if r.gpu_instances else ""
    return money(r.monthly_total) + gpus + (" *" if r.approach == cheapest else "")


def _per_point(annual: Any, quality: Optional[int]) -> str:
    return money(annual / quality) if quality else "-"


def compare_tables(c: Any) -> list[Table]:
    """Scaling table (first and last 30 user counts of a long range), break-evens, cost per
    quality point at the middle user count, and the recommendation per user count."""
    names, req, per_users, matrix = c.names, c.request, c.per_users, c.matrix
    table_rows = []
    for u, rs in c.by_users.items():
        cheapest = min(rs, key=lambda r: r.monthly_total).approach
        table_rows.append([f"{u:,}", f"{rs[0].monthly_queries:,.0f}", *[_cell(r, cheapest) for r in rs]])
    shown = table_rows if len(table_rows) <= 60 else table_rows[:30] + [["...", "", *["" for _ in names]]] + table_rows[-30:]
    middle = c.users[len(c.users) // 2]
    return [
        Table(title=f"Monthly cost by users ({req.profile} profile, {req.cloud}, {req.pricing}); [n] GPU instances, * cheapest",
              columns=["users", "queries/month", *names], rows=shown, right_align=list(range(0, len(names) + 2))),
        Table(title="Break-even (solved)", columns=["approaches", "users", "cheaper below", "cheaper above"],
              rows=[[f"{b.a} vs {b.b}", f"{b.users:,}" if b.users else "never (1..1,000,000)",
                     b.cheaper_below or "-", b.cheaper_above or "-"] for b in c.breaks]),
        Table(title="Cost per quality point (annual cost / guide score)", columns=["approach", "users", "per point"],
              rows=[[r.approach, f"{r.users:,}", _per_point(r.annual_total, c.quality_scores[r.approach])]
                    for r in c.rows if r.users == middle]),
        Table(title="Recommendation", columns=["users", "cheapest", "best value (cost / quality)", "decision tree"],
              rows=[[f"{p['users']:,}", p["cheapest"], p["best_value"] or "-", p["decision_tree"]]
                    for p in per_users][:60],
              notes=[f"decision tree at {per_users[-1]['users']:,} users: " + "; ".join(per_users[-1]["decision_tree_reasons"]),
                     f"scoring matrix: {matrix.recommendation} ({matrix.reasons[-1]})", *c.provenance.lines()]),
    ]


def capacity_table(result: Any) -> Table:
    """A fleet sized for a workload, or one model's fit and speed on a GPU."""
    data = result.data
    m = result.model
    if result.mode == "fleet":
        return Table(title=f"{m.id} for {data['users']:,} users on {data['cloud']} {data['region']}", columns=["", "value"],
                     rows=[[k, money(v) if k in ("hourly_per_instance", "monthly_instances") else v]
                           for k, v in data.items() if k not in ("mode",)])
    perf, g, gpus = result.perf, result.gpu, data["gpus"]
    return Table(title=f"{m.id} on {gpus} x {g.name} in {perf.dtype}: {'fits' if perf.fits else 'does NOT fit'}",
                 columns=["", "value"], rows=[[k, v] for k, v in data.items() if k not in ("mode", "what_helps")],
                 notes=[f"what helps: {h}" for h in result.helps])
