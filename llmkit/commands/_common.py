"""Options shared by every reporting command, so help texts and defaults stay the same."""

from __future__ import annotations

from decimal import Decimal

import typer

from llmkit.output import OutputFormat
from llmkit.stacks import STACKS_DIR_ENV

FORMAT_OPTION = typer.Option(
    OutputFormat.table,
    "--format",
    "-f",
    case_sensitive=False,
    help="Output format: table (for people), json (for tools), markdown (for PRs and docs), html.",
)


# Every command that takes --stack reads the stack file from here (llmkit.stacks).
STACKS_DIR_OPTION = typer.Option(
    None,
    "--stacks-dir",
    envvar=STACKS_DIR_ENV,
    file_okay=False,
    help=f"Folder of your own Pulumi.<NAME>.yaml stack files; also env {STACKS_DIR_ENV} (default: the reference stacks shipped with llmkit).",
)
STACK_HELP = "Stack name: the file Pulumi.<NAME>.yaml in --stacks-dir (default: the reference stacks)."


def parse_money(value: str | None, flag: str) -> Decimal | None:
    """A USD amount from a flag, as a Decimal (never a float); one clear error otherwise.

    Money flags are strings on the command line so that ``--budget 1890.10`` stays exact.
    """
    from llmkit.core.bounds import money

    return None if value is None else money(value, flag)


def parse_percent(value: str | None, flag: str) -> Decimal | None:
    """A percentage from a flag (``--max-increase-pct 10``): finite, 0 to 1,000,000 percent."""
    from llmkit.core.bounds import number

    return None if value is None else number(value, f"{flag} (percent)", maximum=1_000_000)


OFFLINE_OPTION = typer.Option(
    False,
    "--offline",
    help="Use only cached and bundled prices: no price API is called (also LLMKIT_OFFLINE=1).",
)


def use_live_prices(offline: bool) -> None:
    """Let this command's catalog fetch a missing or stale price from the cloud's price API
    (cached; see `llmkit prices refresh`), unless offline."""
    from llmkit.pricing.catalog.live import configure

    configure(offline=offline)
