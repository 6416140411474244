"""``llmkit report``: one self-contained HTML page with the charts a cost decision needs
(monthly cost by users with break-even points, breakdown by component with the autoscaled
range, TCO on-demand / reserved / spot, decision matrix and recommendation, every price's
source and date). Parses options, calls ``llmkit.usecases.framework.compare`` (the numbers of
``compare --format json``) and ``llmkit.usecases.report``, renders with ``llmkit.views.report``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from llmkit.commands._common import OFFLINE_OPTION, use_live_prices
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


def register(app: typer.Typer) -> None:
    """Add ``report`` to the root app."""

    @app.command("report")
    def report(
        out: Optional[Path] = typer.Option(None, "--out", "-o", dir_okay=False, help="Write the HTML page to this file, atomically (required for html)."),
        fmt: str = typer.Option("html", "--format", "-f", help="html (the page, to --out) or json (its numbers, to stdout)."),
        focus_users: Optional[int] = typer.Option(None, "--focus-users", help="Users for the breakdown and TCO charts (default: the middle of --users)."),
        users: str = COMPARE_USERS, approaches: Optional[str] = APPROACHES,
        queries_per_user_per_day: Optional[float] = QPD, input_tokens: Optional[int] = INPUT,
        output_tokens: Optional[int] = OUTPUT, active_hours: Optional[float] = ACTIVE,
        peak_to_average: Optional[float] = PEAK, cache_hit_rate: Optional[float] = CACHE,
        max_context_tokens: Optional[int] = CONTEXT, cloud: str = CLOUD, region: Optional[str] = REGION,
        pricing: str = PRICING, profile: str = PROFILE, local_share: Optional[float] = LOCAL_SHARE,
        app_tier: Optional[str] = APP_TIER, privacy_critical: bool = PRIVACY, timeline_months: int = TIMELINE,
        quality: str = QUALITY, team: str = TEAM, budget_level: str = BUDGET_LEVEL, weights: Optional[str] = WEIGHTS,
        offline: bool = OFFLINE_OPTION,
    ) -> None:
        """A cost report with charts, as one HTML file that fetches nothing when opened."""
        from llmkit.core.errors import UserError
        from llmkit.core.files import write_atomically
        from llmkit.output import dumps_json, jsonable, render_html
        from llmkit.usecases import report as report_data
        from llmkit.commands.compare import run_compare
        from llmkit.views.report import report_page

        if fmt not in ("html", "json"):
            raise UserError("--format is html or json for report")
        if fmt == "html" and out is None:
            raise UserError("give --out FILE.html (the report is a page, not terminal output)")
        if focus_users is not None and focus_users <= 0:
            raise UserError("--focus-users must be a positive whole number")
        use_live_prices(offline)
        result = run_compare(locals())  # the numbers of `compare --format json`, by the same mapping
        distinct = sorted(set(result.users))
        data = report_data.build(result, focus_users if focus_users is not None else distinct[len(distinct) // 2])
        if fmt == "json":
            sys.stdout.write(dumps_json(data) + "\n")
            return
        assert out is not None
        req = result.request
        figures, tables = report_page(jsonable(data))
        title = f"llmkit cost report: {req.cloud}, {req.pricing}, {req.profile} profile"
        write_atomically(out, render_html(tables, title=title, figures=figures))
        sys.stderr.write(f"wrote {out}\n")
