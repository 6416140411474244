"""``llmkit estimate``: one approach's monthly, annual and 3-year cost, component by component.

Parses options, calls ``llmkit.usecases.framework.estimate`` and renders with
``llmkit.views.framework``. Only the standard library and the option tables at import time;
the cost framework loads inside the command (it never imports a Pulumi provider SDK either).
"""

from __future__ import annotations

from typing import Any

from llmkit.commands import _framework_options as o
from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._parser import Opt, command

OPTIONS = (
    Opt(("--approach", "-a"), "api | self-hosted | hybrid. Required unless --scenario gives it."),
    Opt(("--model", "-m"), "Hosted model (api) or open model (self-hosted, hybrid)."),
    Opt(("--api-model",), "Hybrid: the hosted fallback model (default gpt-4)."),
    Opt(("--tiers",), "Hybrid model-tier routing: 'guide' (7B/13B/70B 70/20/10) or small=M:70,medium=M:20,large=M:10."),
    o.USERS, o.QPD, o.INPUT, o.OUTPUT, o.ACTIVE, o.PEAK, o.CACHE, o.CONTEXT, o.CLOUD, o.REGION, o.PRICING,
    o.PROFILE, o.SCENARIO, o.DTYPE, o.GPU, o.INSTANCE, o.REPLICAS, o.LOCAL_SHARE, o.NO_BATCH, o.APP_TIER,
    o.DEVOPS, o.ONCALL, o.MAINT, o.SETUP, o.HORIZON, OFFLINE_OPTION, FORMAT_OPTION,
)


def register(subparsers: Any) -> None:
    """Add ``estimate`` to the root parser."""
    command(subparsers, "estimate", estimate, OPTIONS,
            help="Monthly, annual and 3-year cost of one approach for a workload, component by component.")


def estimate(
    approach: Any, model: Any, api_model: Any, tiers: Any, users: Any, queries_per_user_per_day: Any,
    input_tokens: Any, output_tokens: Any, active_hours: Any, peak_to_average: Any, cache_hit_rate: Any,
    max_context_tokens: Any, cloud: str, region: Any, pricing: str, profile: str, scenario: Any, dtype: Any,
    gpu: Any, instance_type: Any, replicas: Any, local_share: Any, no_batching: bool, app_tier: Any,
    devops: Any, on_call: Any, maintenance: Any, setup_cost: Any, horizon_months: int, offline: bool, fmt: Any,
) -> None:
    """Monthly, annual and 3-year cost of one approach for a workload, component by component."""
    use_live_prices(offline)

    from llmkit.output import OutputFormat, emit
    from llmkit.usecases.framework import estimate as run

    result = run(
        approach=approach, model=model, api_model=api_model, tiers=tiers, scenario=scenario,
        options=dict(
            users=users, qpd=queries_per_user_per_day, input_tokens=input_tokens, output_tokens=output_tokens,
            active_hours=active_hours, peak=peak_to_average, cache=cache_hit_rate, context=max_context_tokens,
            cloud=cloud, region=region, pricing=pricing, profile=profile, dtype=dtype, gpu=gpu,
            instance_type=instance_type, replicas=replicas, local_share=local_share, no_batching=no_batching,
            app_tier=app_tier, devops=devops, on_call=on_call, maintenance=maintenance, setup=setup_cost,
            horizon=horizon_months,
        ),
    )
    width = 60 if fmt is OutputFormat.table else 1000
    figures: list = []
    if fmt is OutputFormat.html:  # charts only for the page: other formats never import matplotlib
        from llmkit.output import jsonable
        from llmkit.usecases.report import approach_detail
        from llmkit.views.report import estimate_figures

        e = result.estimate
        figures = estimate_figures(jsonable(approach_detail(result.spec, result.request, e.workload.users, lambda _u: e)))
    tables: list = []
    if fmt is not OutputFormat.json:  # JSON prints the data alone: no views to import or build (start-up)
        from llmkit.views.framework import estimate_tables

        tables = estimate_tables(result, width)
    emit(fmt, result.data(), tables, title=f"llmkit estimate: {result.estimate.label}", figures=figures)
