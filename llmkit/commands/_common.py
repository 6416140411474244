"""Options shared by every reporting command, so help texts and defaults stay the same."""

from __future__ import annotations

from typing import Any

from llmkit.commands._parser import Opt, output_format

FORMAT_OPTION = Opt(
    ("--format", "-f"),
    "Output format: table (for people), json (for tools), markdown (for PRs and docs), html.",
    default="table", type=output_format, dest="fmt", metavar="[table|json|markdown|html]",
)


def parse_money(value: str | None, flag: str) -> Any:
    """A USD amount from a flag, as a Decimal (never a float); one clear error otherwise.

    Money flags are strings on the command line so that ``--budget 1890.10`` stays exact.
    """
    from llmkit.core.bounds import money

    return None if value is None else money(value, flag)


def parse_percent(value: str | None, flag: str) -> Any:
    """A percentage from a flag (``--max-increase-pct 10``): finite, 0 to 1,000,000 percent."""
    from llmkit.core.bounds import number

    return None if value is None else number(value, f"{flag} (percent)", maximum=1_000_000)


OFFLINE_OPTION = Opt(
    ("--offline",),
    "Use only cached and bundled prices: no price API is called (also LLMKIT_OFFLINE=1).",
    kind="flag",
)


def use_live_prices(offline: bool) -> None:
    """Let this command's catalog fetch a missing or stale price from the cloud's price API
    (cached; see `llmkit prices refresh`), unless offline."""
    from llmkit.pricing.catalog.live import configure

    configure(offline=offline)
