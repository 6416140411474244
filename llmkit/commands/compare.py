"""``llmkit compare``: every approach side by side over user counts.

Parses options, calls ``llmkit.usecases.framework.compare`` and renders with
``llmkit.views.framework``.
"""

from __future__ import annotations

from typing import Any, Mapping

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._framework_options import COMPARE_OPTIONS
from llmkit.commands._parser import command


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


def register(subparsers: Any) -> None:
    """Add ``compare`` to the root parser."""
    command(subparsers, "compare", compare, (*COMPARE_OPTIONS, OFFLINE_OPTION, FORMAT_OPTION),
            help="Every approach side by side over user counts: scaling table, break-even users, recommendation.")


def compare(offline: bool, fmt: Any, **values: Any) -> None:
    """Run the comparison (``run_compare``) and render it; html adds the cost curve, table a text chart."""
    use_live_prices(offline)

    from llmkit.output import OutputFormat, emit, jsonable
    from llmkit.views.framework import compare_tables

    result = run_compare(values)
    data, tables, figures = result.data(), compare_tables(result), []
    if fmt is OutputFormat.html:  # charts only for the page: other formats never import matplotlib
        from llmkit.views.report import cost_curve_figure

        figures = [cost_curve_figure(jsonable(data))]
    elif fmt is OutputFormat.table:
        from llmkit.views.textchart import cost_chart

        tables[0].notes = [*tables[0].notes, *cost_chart(jsonable(data))]
    emit(fmt, data, tables, title="llmkit compare", figures=figures)
