"""Options shared by every reporting command, so help texts and defaults stay the same."""

from __future__ import annotations

import typer

from llmkit.output import OutputFormat

FORMAT_OPTION = typer.Option(
    OutputFormat.table,
    "--format",
    "-f",
    case_sensitive=False,
    help="Output format: table (for people), json (for tools), markdown (for PRs and docs), html.",
)
