"""``llmkit compare``: every approach side by side over user counts.

Parses options, calls ``llmkit.usecases.framework.compare`` and renders with
``llmkit.views.framework``.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import typer

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._framework_options import (
    ACTIVE,
    APP_TIER,
    APPROACHES,
    BUDGET_LEVEL,
    CACHE,
    CLOUD,
    COMPARE_USERS,
    CONTEXT,
    INPUT,
    LOCAL_SHARE,
    OUTPUT,
    PEAK,
    PRICING,
    PRIVACY,
    PROFILE,
    QPD,
    QUALITY,
    REGION,
    TEAM,
    TIMELINE,
    WEIGHTS,
)
from llmkit.output import OutputFormat


def run_compare(values: Mapping[str, Any]) -> Any:
    """``llmkit.usecases.framework.compare`` from the options ``compare`` and ``report`` share
    (their parameter values by name): the one place those option names meet the use case's."""
    from llmkit.usecases.framework import compare

    v = values
    return compare(
        users=v["users"], approaches=v["approaches"], weights=v["weights"], privacy_critical=v["privacy_critical"],
        timeline_months=v["timeline_months"], quality=v["quality"], team=v["team"], budget_level=v["budget_level"],
        options=dict(
            qpd=v["queries_per_user_per_day"], input_tokens=v["input_tokens"], output_tokens=v["output_tokens"],
            active_hours=v["active_hours"], peak=v["peak_to_average"], cache=v["cache_hit_rate"],
            context=v["max_context_tokens"], cloud=v["cloud"], region=v["region"], pricing=v["pricing"],
            profile=v["profile"], local_share=v["local_share"], app_tier=v["app_tier"],
        ),
    )


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the root app."""

    @app.command()
    def compare(
        users: str = COMPARE_USERS, approaches: Optional[str] = APPROACHES,
        queries_per_user_per_day: Optional[float] = QPD, input_tokens: Optional[int] = INPUT,
        output_tokens: Optional[int] = OUTPUT, active_hours: Optional[float] = ACTIVE,
        peak_to_average: Optional[float] = PEAK, cache_hit_rate: Optional[float] = CACHE,
        max_context_tokens: Optional[int] = CONTEXT, cloud: str = CLOUD, region: Optional[str] = REGION,
        pricing: str = PRICING, profile: str = PROFILE, local_share: Optional[float] = LOCAL_SHARE,
        app_tier: Optional[str] = APP_TIER, privacy_critical: bool = PRIVACY, timeline_months: int = TIMELINE,
        quality: str = QUALITY, team: str = TEAM, budget_level: str = BUDGET_LEVEL, weights: Optional[str] = WEIGHTS,
        offline: bool = OFFLINE_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Every approach side by side over user counts: scaling table, break-even users, recommendation."""
        use_live_prices(offline)

        from llmkit.output import emit, jsonable
        from llmkit.views.framework import compare_tables

        result = run_compare(locals())
        data, tables, figures = result.data(), compare_tables(result), []
        if fmt is OutputFormat.html:  # charts only for the page: other formats never import matplotlib
            from llmkit.views.report import cost_curve_figure

            figures = [cost_curve_figure(jsonable(data))]
        elif fmt is OutputFormat.table:
            from llmkit.views.textchart import cost_chart

            tables[0].notes = [*tables[0].notes, *cost_chart(jsonable(data))]
        emit(fmt, data, tables, title="llmkit compare", figures=figures)
