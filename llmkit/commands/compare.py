"""``llmkit compare``: every approach side by side over user counts.

Parses options, calls ``llmkit.usecases.framework.compare`` and renders with
``llmkit.views.framework``.
"""

from __future__ import annotations

from typing import Optional

import typer

from llmkit.commands._common import FORMAT_OPTION
from llmkit.commands._framework_options import (
    ACTIVE,
    APP_TIER,
    CACHE,
    CLOUD,
    CONTEXT,
    INPUT,
    LOCAL_SHARE,
    OUTPUT,
    PEAK,
    PRICING,
    PROFILE,
    QPD,
    REGION,
)
from llmkit.output import OutputFormat


def register(app: typer.Typer) -> None:
    """Add ``compare`` to the root app."""

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
        from llmkit.output import emit
        from llmkit.usecases.framework import compare as run
        from llmkit.views.framework import compare_tables

        result = run(
            users=users, approaches=approaches, weights=weights, privacy_critical=privacy_critical,
            timeline_months=timeline_months, quality=quality, team=team, budget=budget,
            options=dict(
                qpd=queries_per_user_per_day, input_tokens=input_tokens, output_tokens=output_tokens,
                active_hours=active_hours, peak=peak_to_average, cache=cache_hit_rate, context=max_context_tokens,
                cloud=cloud, region=region, pricing=pricing, profile=profile, local_share=local_share,
                app_tier=app_tier,
            ),
        )
        emit(fmt, result.data(), compare_tables(result), title="llmkit compare")
