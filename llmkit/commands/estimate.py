"""CLI commands of the guide's cost framework: ``estimate``, ``compare``, ``capacity``.

Only typer and the standard library are imported at module level; the pricing modules are
imported inside the commands (they never import a Pulumi provider SDK either), so these
commands start fast. Option values are validated into a ``llmkit.pricing.model.framework.Request``; bad
input raises UserError (one line, exit 2).
"""

from __future__ import annotations

from typing import Any, Optional

import typer

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.output import OutputFormat

# ------------------------------------------------------------------ shared options

USERS = typer.Option(None, "--users", "-u", help="Users (default 100, the guide's example).")
QPD = typer.Option(None, "--queries-per-user-per-day", help="Queries per user per day (default 20).")
INPUT = typer.Option(None, "--input-tokens", help="Input tokens per query (default 500).")
OUTPUT = typer.Option(None, "--output-tokens", help="Output tokens per query (default 300).")
ACTIVE = typer.Option(None, "--active-hours", help="Busy hours per day the queries fall in (default 8).")
PEAK = typer.Option(None, "--peak-to-average", help="Peak over average rate in the busy hours (default 2).")
CACHE = typer.Option(None, "--cache-hit-rate", help="Cache hit rate 0..1 (API: prompt cache; self-hosted: response cache).")
CONTEXT = typer.Option(None, "--max-context-tokens", help="Trim each query's input to this many tokens.")
CLOUD = typer.Option("aws", "--cloud", help="aws | azure | gcp.")
REGION = typer.Option(None, "--region", help="Region (default: us-east-1 / eastus / us-central1).")
PRICING = typer.Option("on-demand", "--pricing", help="on-demand | spot | reserved-1y | reserved-3y.")
PROFILE = typer.Option("default", "--profile", help="default (catalog prices) | guide (the guide's own figures).")
SCENARIO = typer.Option(None, "--scenario", help="startup-mvp | healthcare | enterprise-support (sets users and models).")
DTYPE = typer.Option(None, "--dtype", help="fp16 | bf16 | fp8 | int8 | int4 (default: bf16/fp16, smaller only if needed).")
GPU = typer.Option(None, "--gpu", help="Only instance types with this GPU (T4, A10G, L4, L40S, A100-80GB, H100-80GB...).")
INSTANCE = typer.Option(None, "--instance-type", help="Use this GPU instance type.")
REPLICAS = typer.Option(None, "--replicas", help="GPU replicas (default: sized for the peak, N+1).")
LOCAL_SHARE = typer.Option(None, "--local-share", help="Hybrid: percent of queries on the local model (default 80).")
NO_BATCH = typer.Option(False, "--no-batching", help="Lever: one sequence per replica (no continuous batching).")
APP_TIER = typer.Option(None, "--app-tier", help="API tier: guide ($300 + $200 flat, the default) | instances (priced servers) | stack (what the api reference stack deploys: + vector DB and NAT; a scenario's default).")
DEVOPS = typer.Option(None, "--devops", help="DevOps cost per month (default $500).")
ONCALL = typer.Option(None, "--on-call", help="On-call cost per month (default $200).")
MAINT = typer.Option(None, "--maintenance", help="Maintenance cost per month (default $100).")
SETUP = typer.Option(None, "--setup-cost", help="One-time setup cost, spread over --horizon-months.")
HORIZON = typer.Option(36, "--horizon-months", help="Months the setup cost is spread over (default 36).")


def _dec(value: Optional[float | str], what: str) -> Any:
    """A flag's number as a Decimal: finite (no nan/inf) and at most MAX_MONEY, which bounds
    every rate and amount these commands take; lower bounds are each caller's own check."""
    from llmkit.core.bounds import MAX_MONEY, capped

    return None if value is None else capped(value, what, maximum=MAX_MONEY)


def _count(value: Optional[int], what: str, maximum: int) -> Optional[int]:
    """A whole-number flag no larger than ``maximum`` (a 30-digit --replicas is bad input)."""
    from llmkit.core.bounds import capped

    return None if value is None else int(capped(value, what, maximum=maximum, integral=True))


def _request(
    *, users: Optional[int], qpd: Optional[float], input_tokens: Optional[int], output_tokens: Optional[int],
    active_hours: Optional[float], peak: Optional[float], cache: Optional[float], context: Optional[int],
    cloud: str, region: Optional[str], pricing: str, profile: str, dtype: Optional[str] = None,
    gpu: Optional[str] = None, instance_type: Optional[str] = None, replicas: Optional[int] = None,
    local_share: Optional[float] = None, no_batching: bool = False, app_tier: Optional[str] = None,
    devops: Optional[float] = None, on_call: Optional[float] = None, maintenance: Optional[float] = None,
    setup: Optional[float] = None, horizon: int = 36,
) -> Any:
    """Validated framework Request from CLI options (None keeps the guide's defaults)."""
    import dataclasses
    from decimal import Decimal

    from llmkit.core.bounds import MAX_COUNT
    from llmkit.core.errors import UnknownName, UserError
    from llmkit.pricing.model.api_cost import AppTier
    from llmkit.pricing.catalog.types import PRICING_MODELS
    from llmkit.pricing.model.costs import Operations
    from llmkit.pricing.model.framework import Request
    from llmkit.pricing.model.workload import Workload

    if pricing not in PRICING_MODELS:
        raise UnknownName("pricing model", pricing, PRICING_MODELS)
    if cloud not in ("aws", "azure", "gcp"):
        raise UnknownName("cloud", cloud, ("aws", "azure", "gcp"))
    if region is not None:
        from llmkit.core.regions import is_valid_region, normalise_region, valid_regions

        if not is_valid_region(cloud, normalise_region(cloud, region) or ""):
            raise UnknownName(f"{cloud} region", region, valid_regions(cloud))
    from llmkit.pricing.model.api_cost import APP_TIER_MODES

    app_tier = app_tier or "guide"
    if app_tier not in APP_TIER_MODES:
        raise UnknownName("app tier", app_tier, APP_TIER_MODES)
    if users is not None and users <= 0:
        raise UserError("users must be a positive whole number")
    _count(replicas, "--replicas", MAX_COUNT)
    _count(horizon, "--horizon-months", 1200)
    _dec(local_share, "--local-share")
    if local_share is not None and not (0 < local_share < 100):
        raise UserError("local share is a percent between 0 and 100 (exclusive)")
    w = Workload()
    changes: dict[str, Any] = {}
    ints: tuple[tuple[str, Optional[int]], ...] = (
        ("users", users), ("input_tokens", input_tokens), ("output_tokens", output_tokens), ("max_context_tokens", context))
    for key, count in ints:
        if count is not None:
            changes[key] = count
    decs: tuple[tuple[str, Optional[float], str], ...] = (
        ("queries_per_user_per_day", qpd, "queries per user per day"), ("active_hours_per_day", active_hours, "active hours"),
        ("peak_to_average", peak, "peak-to-average"), ("cache_hit_rate", cache, "cache hit rate"))
    for key, number, what in decs:
        if number is not None:
            changes[key] = _dec(number, what)
    if qpd is not None and 0 < qpd < 0.001:  # one query per user every three years; thinner is a typo
        raise UserError("queries per user per day must be at least 0.001")
    w = dataclasses.replace(w, **changes)
    ops = Operations()
    people = {"devops": (devops, "devops"), "on_call": (on_call, "on-call"), "maintenance": (maintenance, "maintenance")}
    ops = dataclasses.replace(ops, **{k: _dec(v, what) for k, (v, what) in people.items() if v is not None})
    if min(ops.devops, ops.on_call, ops.maintenance) < 0:
        raise UserError("operations costs must not be negative")
    if setup is not None and setup < 0:
        raise UserError("setup cost must not be negative")
    if horizon < 1:
        raise UserError("horizon must be at least one month")
    if replicas is not None and replicas < 1:
        raise UserError("replicas must be at least 1")
    return Request(
        workload=w, cloud=cloud, region=region, pricing=pricing, profile=profile, dtype=dtype, gpu=gpu,
        instance_type=instance_type, replicas=replicas,
        local_share=(Decimal(str(local_share)) / 100) if local_share is not None else Request().local_share,
        app_tier=AppTier(mode=app_tier), operations=ops, setup_one_time=_dec(setup, "setup cost"),
        horizon_months=horizon, concurrency=1 if no_batching else None,
    )


def _money(v: Any, places: int = 2) -> str:
    from llmkit.output import money

    return money(v, places)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _estimate_tables(e: Any, levers: list[Any], extra: list[Any], source_width: int = 1000) -> list[Any]:
    """Components, totals, capacity, levers; sources cut to ``source_width`` (terminal tables)."""
    from llmkit.output import Table

    comps = Table(
        title=f"{e.label}: {e.workload.users} users, {e.workload.monthly_queries:,.0f} queries/month ({e.pricing})",
        columns=["component", "monthly", "detail", "source"],
        rows=[[c.name, _money(c.monthly), c.detail, _short(c.source, source_width)] for c in e.components],
        right_align=[1],
    )
    summary_rows = [
        ["monthly total", _money(e.monthly_total)],
        ["annual total", _money(e.annual_total)],
        ["TCO 1 year", _money(e.tco(1))],
        ["TCO 3 years", _money(e.tco(3))],
        ["cost per query", _money(e.cost_per_query(), 4)],
    ]
    if e.total_discount:
        summary_rows.insert(0, ["discount on the whole total", f"{e.total_discount * 100:.0f}%"])
    if e.one_time_setup:
        summary_rows.append(["one-time setup", _money(e.one_time_setup)])
    if e.quality_score:
        summary_rows.append(["cost per quality point (annual)", _money(e.annual_total / e.quality_score)])
    notes = list(e.notes) + [f"unknown price (not counted): {n}" for n in e.unknown]
    summary = Table(title="Totals", columns=["", "USD"], rows=summary_rows, right_align=[1], notes=notes)
    tables = [comps, summary]
    cap = e.details.get("capacity")
    if cap and "replica_output_tokens_per_s" in cap:
        tables.append(Table(title="Capacity", columns=["", "value"], rows=[[k, v] for k, v in cap.items()]))
    if levers:
        tables.append(Table(
            title="Levers (each alone, vs this estimate)", columns=["lever", "setting", "monthly", "change", "why"],
            rows=[[lv.lever, lv.setting, _money(lv.monthly_total), _money(lv.change), lv.why] for lv in levers],
            right_align=[2, 3],
        ))
    return tables + extra


def _decision_tables(tree: Any, matrix: Any) -> list[Any]:
    from llmkit.output import Table

    out = [Table(title=f"Decision tree: {tree.recommendation}" + (f" ({tree.model_hint})" if tree.model_hint else ""),
                 columns=["question", "answer", "points to"],
                 rows=[[s.question, s.answer, s.verdict] for s in tree.steps])]
    if matrix is not None:
        out.append(Table(title=f"Scoring matrix: {matrix.recommendation}", columns=["factor", "weight %", "open-source", "API"],
                         rows=[[k, f"{w:.1f}", *_scores(k)] for k, w in matrix.weights.items()],
                         right_align=[1, 2, 3], notes=list(matrix.reasons[-1:])))
    return out


def _scores(factor: str) -> list[int]:
    from llmkit.pricing.model.decision import SCORES

    return list(SCORES[factor])


def register(app: typer.Typer) -> None:
    """Add estimate, compare and capacity to the root app."""

    @app.command()
    def estimate(
        approach: Optional[str] = typer.Option(None, "--approach", "-a", help="api | self-hosted | hybrid."),
        model: Optional[str] = typer.Option(None, "--model", "-m", help="Hosted model (api) or open model (self-hosted, hybrid)."),
        api_model: Optional[str] = typer.Option(None, "--api-model", help="Hybrid: the hosted fallback model (default gpt-4)."),
        tiers: Optional[str] = typer.Option(None, "--tiers", help="Hybrid model-tier routing: 'guide' (7B/13B/70B 70/20/10) or small=M:70,medium=M:20,large=M:10."),
        users: Optional[int] = USERS, queries_per_user_per_day: Optional[float] = QPD,
        input_tokens: Optional[int] = INPUT, output_tokens: Optional[int] = OUTPUT,
        active_hours: Optional[float] = ACTIVE, peak_to_average: Optional[float] = PEAK,
        cache_hit_rate: Optional[float] = CACHE, max_context_tokens: Optional[int] = CONTEXT,
        cloud: str = CLOUD, region: Optional[str] = REGION, pricing: str = PRICING, profile: str = PROFILE,
        scenario: Optional[str] = SCENARIO, dtype: Optional[str] = DTYPE, gpu: Optional[str] = GPU,
        instance_type: Optional[str] = INSTANCE, replicas: Optional[int] = REPLICAS,
        local_share: Optional[float] = LOCAL_SHARE, no_batching: bool = NO_BATCH, app_tier: Optional[str] = APP_TIER,
        devops: Optional[float] = DEVOPS, on_call: Optional[float] = ONCALL, maintenance: Optional[float] = MAINT,
        setup_cost: Optional[float] = SETUP, horizon_months: int = HORIZON,
        offline: bool = OFFLINE_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Monthly, annual and 3-year cost of one approach for a workload, component by component."""
        import dataclasses

        use_live_prices(offline)

        from llmkit.core.errors import UnknownName, UserError
        from llmkit.output import Table, emit
        from llmkit.pricing.model import framework
        from llmkit.pricing.model.decision import decision_tree
        from llmkit.pricing.model.hybrid import GUIDE_TIERS, parse_tiers

        extra: list[Any] = []
        extra_data: dict[str, Any] = {}
        if scenario is not None:
            from llmkit.pricing.model.scenarios import scenario as get_scenario

            sc = get_scenario(scenario)
            if users is not None:
                raise UserError("--scenario sets the users; drop --users (or drop --scenario)")
            if approach is not None and approach != sc.approach:
                raise UserError(f"--scenario {sc.name} recommends {sc.approach}; drop --approach to use it")
            approach = sc.approach
            users = sc.users
            if model is None:
                model = sc.model
            if api_model is None and sc.api_model:
                api_model = sc.api_model
            if app_tier is None:
                app_tier = sc.app_tier
            tree = decision_tree(sc.decision_inputs())
            extra_data["scenario"] = {
                "name": sc.name, "title": sc.title, "guide_monthly": sc.guide_monthly,
                "guide_recommendation": f"{sc.approach} {sc.model}" + (f" + {sc.api_model}" if sc.api_model else ""),
                "guide_models": sc.guide_models,
                "guide_rationale": sc.guide_rationale, "budget_monthly": sc.budget_monthly,
                "decision_tree": {"recommendation": tree.recommendation, "reasons": list(tree.reasons)},
            }
            extra += _decision_tables(tree, None)
        if approach is None:
            raise UserError("give --approach api|self-hosted|hybrid (or --scenario)")
        if approach not in framework.APPROACHES:
            raise UnknownName("approach", approach, framework.APPROACHES)
        if tiers is not None and approach != "hybrid":
            raise UserError("--tiers is for --approach hybrid")
        if approach == "api" and (dtype or gpu or instance_type or replicas or local_share or no_batching):
            raise UserError("GPU options (--dtype, --gpu, --instance-type, --replicas, --local-share, --no-batching) do not apply to --approach api")
        req = _request(users=users, qpd=queries_per_user_per_day, input_tokens=input_tokens,
                       output_tokens=output_tokens, active_hours=active_hours, peak=peak_to_average,
                       cache=cache_hit_rate, context=max_context_tokens, cloud=cloud, region=region, pricing=pricing,
                       profile=profile, dtype=dtype, gpu=gpu, instance_type=instance_type, replicas=replicas,
                       local_share=local_share, no_batching=no_batching, app_tier=app_tier, devops=devops,
                       on_call=on_call, maintenance=maintenance, setup=setup_cost, horizon=horizon_months)
        if tiers is not None:
            spec = framework.ApproachSpec("hybrid", "tiers", tiers=GUIDE_TIERS if tiers == "guide" else tuple(parse_tiers(tiers)))
        elif approach == "api":
            spec = framework.ApproachSpec("api", model or framework.DEFAULT_API_MODEL)
        elif approach == "self-hosted":
            spec = framework.ApproachSpec("self-hosted", model or framework.DEFAULT_LOCAL_MODEL)
        else:
            spec = framework.ApproachSpec("hybrid", model or framework.DEFAULT_LOCAL_MODEL, api_model or framework.DEFAULT_API_MODEL)
        e = framework.estimate(spec, req)
        levers = framework.lever_effects(spec, req, e)
        if scenario is not None:
            sd = extra_data["scenario"]
            sd["within_budget"] = e.monthly_total <= sd["budget_monthly"]
            extra.insert(0, Table(title=f"Scenario {sd['name']}: {sd['title']}", columns=["", "value"], rows=[
                ["guide recommends", sd["guide_recommendation"]],
                *([["guide names", sd["guide_models"]]] if sd["guide_models"] else []),
                ["guide's cost", f"~{_money(sd['guide_monthly'])}/month"],
                ["llmkit's cost", f"{_money(e.monthly_total)}/month"],
                ["budget", f"{_money(sd['budget_monthly'])}/month ({'within' if sd['within_budget'] else 'OVER'})"],
                ["decision tree says", sd["decision_tree"]["recommendation"]],
                ["guide's rationale", sd["guide_rationale"]],
            ]))
        data = {**e.to_dict(), "profile": req.profile,
                "levers": [dataclasses.asdict(lv) for lv in levers], **extra_data}
        width = 60 if fmt is OutputFormat.table else 1000
        emit(fmt, data, _estimate_tables(e, levers, extra, width), title=f"llmkit estimate: {e.label}")

    @app.command()
    def compare(
        users: str = typer.Option("10,50,100,500,1000", "--users", "-u", help="User counts: 10,50,100 or a range 10-1000:10."),
        approaches: Optional[str] = typer.Option(None, "--approaches", help="Comma list: api:gpt-4,api:gpt-3.5-turbo,self-hosted:mistral-7b,hybrid:mistral-7b+gpt-4,tiers (the default is the guide's four)."),
        queries_per_user_per_day: Optional[float] = QPD, input_tokens: Optional[int] = INPUT,
        output_tokens: Optional[int] = OUTPUT, active_hours: Optional[float] = ACTIVE,
        peak_to_average: Optional[float] = PEAK, cache_hit_rate: Optional[float] = CACHE,
        max_context_tokens: Optional[int] = CONTEXT, cloud: str = CLOUD, region: Optional[str] = REGION,
        pricing: str = PRICING, profile: str = PROFILE, local_share: Optional[float] = LOCAL_SHARE,
        app_tier: Optional[str] = APP_TIER,
        privacy_critical: bool = typer.Option(False, "--privacy-critical", help="Decision tree: data privacy is critical."),
        timeline_months: int = typer.Option(12, "--timeline-months", help="Decision tree: project timeline."),
        quality: str = typer.Option("very-good", "--quality", help="Decision tree: best | very-good | good-enough."),
        team: str = typer.Option("some", "--team", help="Decision tree: ML expertise none | some | strong."),
        budget: str = typer.Option("invest", "--budget", help="Decision tree: limited | invest | very-limited."),
        weights: Optional[str] = typer.Option(None, "--weights", help="Scoring matrix weights in percent, e.g. data_privacy=30,quality_needs=20."),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Every approach side by side over user counts: scaling table, break-even users, recommendation."""
        import dataclasses

        from llmkit.output import Table, emit
        from llmkit.pricing.model import framework
        from llmkit.pricing.model.analysis import all_break_evens, scaling_table
        from llmkit.pricing.model.costs import q
        from llmkit.pricing.model.decision import DecisionInputs, decision_tree, parse_weights, scoring_matrix

        user_list = framework.parse_users(users)
        specs = framework.approaches_for(approaches.split(",") if approaches else framework.DEFAULT_COMPARE)
        req = _request(users=None, qpd=queries_per_user_per_day, input_tokens=input_tokens,
                       output_tokens=output_tokens, active_hours=active_hours, peak=peak_to_average,
                       cache=cache_hit_rate, context=max_context_tokens, cloud=cloud, region=region, pricing=pricing,
                       profile=profile, local_share=local_share, app_tier=app_tier)
        matrix = scoring_matrix(parse_weights(weights) if weights else None)
        fns = {s.name: framework.cost_function(s, req) for s in specs}
        rows = scaling_table(fns, user_list)
        breaks = all_break_evens(fns)
        by_users: dict[int, list[Any]] = {}
        for r in rows:
            by_users.setdefault(r.users, []).append(r)
        quality_scores = {name: fn(user_list[0]).quality_score for name, fn in fns.items()}
        per_users = []
        for u, rs in by_users.items():
            cheapest = min(rs, key=lambda r: r.monthly_total)
            scored = [r for r in rs if quality_scores[r.approach]]
            value = min(scored, key=lambda r: r.monthly_total / quality_scores[r.approach]) if scored else None
            tree = decision_tree(DecisionInputs(privacy_critical, req.workload.scaled(u).monthly_queries,
                                                timeline_months, quality, team, budget))
            per_users.append({"users": u, "cheapest": cheapest.approach, "cheapest_monthly": q(cheapest.monthly_total),
                              "best_value": value.approach if value else None,
                              "decision_tree": tree.recommendation, "decision_tree_reasons": list(tree.reasons)})
        data = {
            "profile": req.profile, "currency": "USD", "approaches": list(fns),
            "rows": [_row_json(r, quality_scores[r.approach]) for r in rows],
            "break_even": [dataclasses.asdict(b) for b in breaks],
            "recommendation": {"by_users": per_users, "scoring_matrix": {
                "open_source": matrix.open_source, "api": matrix.api, "recommendation": matrix.recommendation,
                "weights": matrix.weights, "reasons": list(matrix.reasons)}},
        }
        names = list(fns)
        table_rows = []
        for u, rs in by_users.items():
            cheapest = min(rs, key=lambda r: r.monthly_total).approach
            table_rows.append([f"{u:,}", f"{rs[0].monthly_queries:,.0f}", *[_cell(r, cheapest) for r in rs]])
        shown = table_rows if len(table_rows) <= 60 else table_rows[:30] + [["...", "", *["" for _ in names]]] + table_rows[-30:]
        tables = [
            Table(title=f"Monthly cost by users ({req.profile} profile, {req.cloud}, {req.pricing}); [n] GPU instances, * cheapest",
                  columns=["users", "queries/month", *names], rows=shown, right_align=list(range(0, len(names) + 2))),
            Table(title="Break-even (solved)", columns=["approaches", "users", "cheaper below", "cheaper above"],
                  rows=[[f"{b.a} vs {b.b}", f"{b.users:,}" if b.users else "never (1..1,000,000)",
                         b.cheaper_below or "-", b.cheaper_above or "-"] for b in breaks]),
            Table(title="Cost per quality point (annual cost / guide score)", columns=["approach", "users", "per point"],
                  rows=[[r.approach, f"{r.users:,}", _per_point(r.annual_total, quality_scores[r.approach])]
                        for r in rows if r.users == user_list[len(user_list) // 2]]),
            Table(title="Recommendation", columns=["users", "cheapest", "best value (cost / quality)", "decision tree"],
                  rows=[[f"{p['users']:,}", p["cheapest"], p["best_value"] or "-", p["decision_tree"]]
                        for p in per_users][:60],
                  notes=[f"decision tree at {per_users[-1]['users']:,} users: " + "; ".join(per_users[-1]["decision_tree_reasons"]),
                         f"scoring matrix: {matrix.recommendation} ({matrix.reasons[-1]})"]),
        ]
        emit(fmt, data, tables, title="llmkit compare")

    @app.command()
    def capacity(
        model: str = typer.Option(..., "--model", "-m", help="Open model id: llama-3.1-8b, llama-3.1-70b, mistral-7b, mixtral-8x7b, phi-3-mini..."),
        gpu: Optional[str] = typer.Option(None, "--gpu", help="GPU name as in gpu-specs.csv (T4, A10G, L4, A100-80GB, H100-80GB...)."),
        gpus: int = typer.Option(1, "--gpus", help="GPUs in the tensor-parallel group."),
        dtype: Optional[str] = DTYPE,
        concurrency: Optional[int] = typer.Option(None, "--concurrency", help="Concurrent sequences (default: max useful at >= 20 tok/s each)."),
        users: Optional[int] = typer.Option(None, "--users", "-u", help="Size a fleet for this many users instead."),
        queries_per_user_per_day: Optional[float] = QPD, input_tokens: Optional[int] = INPUT,
        output_tokens: Optional[int] = OUTPUT, active_hours: Optional[float] = ACTIVE,
        peak_to_average: Optional[float] = PEAK, cache_hit_rate: Optional[float] = CACHE,
        cloud: str = CLOUD, region: Optional[str] = REGION, pricing: str = PRICING,
        instance_type: Optional[str] = INSTANCE, fmt: OutputFormat = FORMAT_OPTION,
        offline: bool = OFFLINE_OPTION,
    ) -> None:
        """Will a model fit a GPU and how fast does it serve; or which GPUs a workload needs (--users).

        Default dtype: bf16 where the GPU has it, fp16 otherwise (T4, V100); when 16-bit weights leave no room for the KV cache, fp8 on GPUs with fp8 (L4, L40S, H100, H200), int8 on other Ampere-or-newer GPUs, int4 (AWQ) last; pre-Ampere GPUs go from fp16 straight to int4.

        Throughput is a roofline calibrated on published vLLM measurements (+-35%).
        """  # noqa: E501
        from llmkit.core.errors import UserError
        from llmkit.output import Table, emit
        from llmkit.pricing.model import capacity as cap
        from llmkit.pricing.catalog import load_catalog

        use_live_prices(offline)
        cat = load_catalog()
        m = cat.open_model(model)
        if users is None and gpu is None:
            raise UserError("give --gpu (fit and speed on a GPU) or --users (fleet for a workload)")
        _count(concurrency, "--concurrency", 100_000)
        _count(input_tokens, "--input-tokens", 10_000_000)
        _count(output_tokens, "--output-tokens", 10_000_000)
        if users is not None:
            if concurrency is not None or gpus != 1:
                raise UserError("--concurrency and --gpus are for --gpu mode; with --users the fleet is sized for you")
            req = _request(users=users, qpd=queries_per_user_per_day, input_tokens=input_tokens,
                           output_tokens=output_tokens, active_hours=active_hours, peak=peak_to_average,
                           cache=cache_hit_rate, context=None, cloud=cloud, region=region, pricing=pricing,
                           profile="default")
            reg = region or cat.default_region(cloud)
            s = cap.size_gpu_fleet(req.workload, m.id, cloud, reg, dtype=dtype, gpu=gpu, instance_type=instance_type,
                                   pricing=pricing, catalog=cat)
            data = {
                "mode": "fleet", "model": m.id, "cloud": cloud, "region": reg, "users": users,
                "instance_type": s.instance_type, "accelerator_type": s.accelerator_type, "gpu": s.gpu,
                "gpus_per_instance": s.gpus_per_instance, "tensor_parallel": s.tensor_parallel, "dtype": s.dtype,
                "max_model_len": s.max_model_len, "replicas_needed": s.replicas_needed, "min_replicas": s.min_replicas,
                "desired_replicas": s.desired_replicas, "max_replicas": s.max_replicas, "total_gpus": s.total_gpus,
                "pricing": s.pricing, "hourly_per_instance": s.hourly_per_instance, "monthly_instances": s.monthly_instances,
                "replica_output_tokens_per_s": round(s.replica_tokens_per_s, 1),
                "replica_concurrency": s.replica_concurrency,
                "peak_output_tokens_per_s": round(s.peak_output_tokens_per_s, 2),
                "target_utilisation": s.target_utilisation, "price_source": s.price_source,
            }
            table = Table(title=f"{m.id} for {users:,} users on {cloud} {reg}", columns=["", "value"],
                          rows=[[k, _money(v) if k in ("hourly_per_instance", "monthly_instances") else v]
                                for k, v in data.items() if k not in ("mode",)])
            emit(fmt, data, [table], title="llmkit capacity")
            return
        assert gpu is not None
        g = cat.gpu(gpu)
        if gpus < 1 or gpus > 16:
            raise UserError("--gpus must be between 1 and 16")
        prompt = input_tokens if input_tokens is not None else 500
        out_t = output_tokens if output_tokens is not None else 300
        perf = cap.capacity_report(m, g, gpus, dtype, concurrency, prompt, out_t)
        helps = _what_helps(cap, m, g, gpus, perf, prompt, out_t, concurrency)
        data = {
            "mode": "replica", "model": m.id, "gpu": g.name, "gpus": gpus, "dtype": perf.dtype, "fits": perf.fits,
            "weights_gb": round(perf.weights_gb, 2), "usable_gb": round(perf.usable_gb, 2),
            "kv_cache_gb": round(perf.kv_cache_gb, 2), "kv_bytes_per_token": int(perf.kv_bytes_per_token),
            "kv_capacity_tokens": perf.kv_capacity_tokens, "context_tokens_per_sequence": perf.context_tokens_per_sequence,
            "max_model_len": perf.max_model_len, "max_concurrency": perf.max_concurrency,
            "concurrency": perf.concurrency, "output_tokens_per_s": round(perf.output_tokens_per_s, 1),
            "tokens_per_s_per_sequence": round(perf.tokens_per_s_per_sequence, 1), "bound": perf.bound,
            "reason": perf.reason or None, "what_helps": helps,
        }
        table = Table(title=f"{m.id} on {gpus} x {g.name} in {perf.dtype}: {'fits' if perf.fits else 'does NOT fit'}",
                      columns=["", "value"], rows=[[k, v] for k, v in data.items() if k not in ("mode", "what_helps")],
                      notes=[f"what helps: {h}" for h in helps])
        emit(fmt, data, [table], title="llmkit capacity")


def _cell(r: Any, cheapest: str) -> str:
    gpus = f" [{r.gpu_instances}]" if r.gpu_instances else ""
    return _money(r.monthly_total) + gpus + (" *" if r.approach == cheapest else "")


def _per_point(annual: Any, quality: Optional[int]) -> str:
    return _money(annual / quality) if quality else "-"


def _row_json(r: Any, quality: Optional[int]) -> dict[str, Any]:
    from llmkit.pricing.model.costs import q

    return {
        "users": r.users, "approach": r.approach, "label": r.label, "monthly_queries": r.monthly_queries,
        "monthly_total": q(r.monthly_total), "annual_total": q(r.annual_total), "tco_3y": q(r.tco_3y),
        "cost_per_query": q(r.cost_per_query, 6), "gpu_instances": r.gpu_instances, "quality_score": quality,
        "per_quality_point": q(r.annual_total / quality) if quality else None,
    }


def _what_helps(
    cap: Any, m: Any, g: Any, gpus: int, perf: Any, prompt: int, out_t: int, concurrency: Optional[int],
) -> list[str]:
    """Alternatives that fit (smaller dtype, more GPUs), or what limits throughput."""
    hints: list[str] = []
    if not perf.fits and perf.max_concurrency:
        hints.append(f"--concurrency {perf.max_concurrency} or less (what the KV cache holds)")
    if not perf.fits:
        for d in cap.dtype_candidates(g):
            if d != perf.dtype and cap.replica_performance(m, g, gpus, d, concurrency=concurrency, prompt_tokens=prompt,
                                                            output_tokens=out_t).fits:
                hints.append(f"--dtype {d} fits on {gpus} x {g.name}")
                break
        for n in (2, 4, 8):
            if n > gpus and cap.replica_performance(m, g, n, cap.sixteen_bit(g), concurrency=concurrency,
                                                    prompt_tokens=prompt, output_tokens=out_t).fits:
                hints.append(f"--gpus {n} fits in {cap.sixteen_bit(g)}")
                break
        if not hints:
            hints.append("a GPU with more memory")
        return hints
    if perf.bound == "memory":
        hints.append("memory-bandwidth bound: more concurrency (batching), a smaller dtype or a faster-memory GPU")
    elif perf.bound == "compute":
        hints.append("compute bound: more batching will not help; a faster GPU or more replicas will")
    else:
        hints.append("per-sequence overhead dominates: fewer concurrent sequences per replica")
    if perf.concurrency < perf.max_concurrency:
        hints.append(f"KV cache holds {perf.max_concurrency} sequences; running fewer keeps each >= 20 tok/s")
    return hints
