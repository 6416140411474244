"""``llmkit report``: one self-contained HTML page with the charts a cost decision needs
(monthly cost by users with break-even points, breakdown by component with the autoscaled
range, TCO on-demand / reserved / spot, decision matrix and recommendation, every price's
source and date). Parses options, calls ``llmkit.usecases.framework.compare`` (the numbers of
``compare --format json``) and ``llmkit.usecases.report``, renders with ``llmkit.views.report``.
"""

from __future__ import annotations

import sys
from typing import Any

from llmkit.commands._common import OFFLINE_OPTION, use_live_prices
from llmkit.commands._framework_options import COMPARE_OPTIONS
from llmkit.commands._parser import Opt, command, file_path

HELP = "A cost report with charts, as one HTML file that fetches nothing when opened."
OPTIONS = (
    Opt(("--out", "-o"), "Write the HTML page to this file, atomically (required for html).", type=file_path, metavar="FILE"),
    Opt(("--format", "-f"), "html (the page, to --out) or json (its numbers, to stdout).", default="html", dest="fmt"),
    Opt(("--focus-users",), "Users for the breakdown and TCO charts (default: the middle of --users).", type=int),
    *COMPARE_OPTIONS, OFFLINE_OPTION,
)


def register(subparsers: Any) -> None:
    """Add ``report`` to the root parser."""
    command(subparsers, "report", report, OPTIONS, help=HELP)


def report(out: Any, fmt: str, focus_users: Any, offline: bool, **values: Any) -> None:
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
    result = run_compare(values)  # the numbers of `compare --format json`, by the same mapping
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
