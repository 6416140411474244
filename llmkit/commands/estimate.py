"""``llmkit estimate``: one approach's monthly, annual and 3-year cost, component by component.

Parses options, calls ``llmkit.usecases.framework.estimate`` and renders with
``llmkit.views.framework``. Only typer and the standard library at import time; the cost
framework loads inside the command (it never imports a Pulumi provider SDK either).
"""

from __future__ import annotations

from typing import Optional

import typer

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._framework_options import (
    ACTIVE,
    APP_TIER,
    CACHE,
    CLOUD,
    CONTEXT,
    DEVOPS,
    DTYPE,
    GPU,
    HORIZON,
    INPUT,
    INSTANCE,
    LOCAL_SHARE,
    MAINT,
    NO_BATCH,
    ONCALL,
    OUTPUT,
    PEAK,
    PRICING,
    PROFILE,
    QPD,
    REGION,
    REPLICAS,
    SCENARIO,
    SETUP,
    USERS,
)
from llmkit.output import OutputFormat


def register(app: typer.Typer) -> None:
    """Add ``estimate`` to the root app."""

    @app.command()
    def estimate(
        approach: Optional[str] = typer.Option(None, "--approach", "-a", help="api | self-hosted | hybrid. Required unless --scenario gives it."),
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
        use_live_prices(offline)

        from llmkit.output import emit
        from llmkit.usecases.framework import estimate as run
        from llmkit.views.framework import estimate_tables

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
        emit(fmt, result.data(), estimate_tables(result, width), title=f"llmkit estimate: {result.estimate.label}",
             figures=figures)
