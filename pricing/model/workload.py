"""The workload: how many people ask how much, and when.

It is the input to every cost model (API tokens, GPU capacity, hybrid split). A month is 30
days of requests, as the guide counts; infrastructure months are 730 hours (both in llmkit.core.units).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from llmkit.core import records
from llmkit.core.records import record
from llmkit.core.bounds import capped
from llmkit.core.errors import UserError

from llmkit.core.units import DAYS_PER_MONTH, HOURS_PER_MONTH  # noqa: F401 - re-exported for older importers

# Upper bounds of a workload (llmkit.core.bounds; docs/limits.md): beyond them the models'
# arithmetic means nothing, and a 30-digit value from a flag or stack file must be bad input.
MAX_USERS = 10**9
MAX_QUERIES_PER_USER_PER_DAY = 100_000
MAX_TOKENS = 10_000_000
MAX_PEAK_TO_AVERAGE = 1_000
# Lower bounds of the rates: below them per-query and per-second figures leave Decimal's
# precision (1e-28 queries a day is a cost per query of 10^30 dollars), and no workload is that thin.
# (Hybrid models derive thinner workloads from a user's: the floor leaves them room.)
MIN_QUERIES_PER_USER_PER_DAY = Decimal("0.000001")
MIN_ACTIVE_HOURS_PER_DAY = Decimal("0.01")


@record
class Workload:
    """Users and their traffic. Defaults are the guide's worked example (section 5, model B).

    ``active_hours_per_day`` spreads the daily queries over the busy part of the day; the peak
    rate is the daily volume over those hours times ``peak_to_average`` (burstiness within
    them). ``cache_hit_rate`` is the share of input tokens served from a prompt cache (API)
    or of queries answered from a response cache (self-hosted). ``max_context_tokens`` trims
    the input of each query (the guide's context-window policy); None keeps it whole.
    """

    users: int = 100
    queries_per_user_per_day: Decimal = Decimal(20)
    input_tokens: int = 500
    output_tokens: int = 300
    active_hours_per_day: Decimal = Decimal(8)
    peak_to_average: Decimal = Decimal(2)
    cache_hit_rate: Decimal = Decimal(0)
    max_context_tokens: Optional[int] = None

    def __post_init__(self) -> None:
        self._check_bounds()
        if self.users <= 0:
            raise UserError("users must be a positive whole number")
        if self.queries_per_user_per_day <= 0:
            raise UserError("queries per user per day must be positive")
        if self.input_tokens < 0 or self.output_tokens <= 0:
            raise UserError("tokens per query must be positive (input may be 0)")
        if not (0 < self.active_hours_per_day <= 24):
            raise UserError("active hours per day must be in (0, 24]")
        if self.peak_to_average < 1:
            raise UserError("peak-to-average ratio must be at least 1")
        if not (0 <= self.cache_hit_rate < 1):
            raise UserError("cache hit rate must be in [0, 1)")
        if self.max_context_tokens is not None and self.max_context_tokens <= 0:
            raise UserError("max context tokens must be positive")

    def _check_bounds(self) -> None:
        """Types and upper bounds first: NaN, infinity and 30-digit values are bad input here,
        where values from flags and stack config enter the models."""
        from llmkit.core.bounds import capped

        capped(self.users, "users", maximum=MAX_USERS, integral=True)
        capped(self.input_tokens, "input tokens per query", maximum=MAX_TOKENS, integral=True)
        capped(self.output_tokens, "output tokens per query", maximum=MAX_TOKENS, integral=True)
        if self.max_context_tokens is not None:
            capped(self.max_context_tokens, "max context tokens", maximum=MAX_TOKENS, integral=True)
        capped(self.queries_per_user_per_day, "queries per user per day", maximum=MAX_QUERIES_PER_USER_PER_DAY)
        capped(self.active_hours_per_day, "active hours per day", maximum=24)
        if 0 < self.queries_per_user_per_day < MIN_QUERIES_PER_USER_PER_DAY:
            raise UserError(f"queries per user per day must be at least {MIN_QUERIES_PER_USER_PER_DAY}")
        if 0 < self.active_hours_per_day < MIN_ACTIVE_HOURS_PER_DAY:
            raise UserError(f"active hours per day must be at least {MIN_ACTIVE_HOURS_PER_DAY}")
        capped(self.peak_to_average, "peak-to-average ratio", maximum=MAX_PEAK_TO_AVERAGE)
        capped(self.cache_hit_rate, "cache hit rate", maximum=1)

    @property
    def effective_input_tokens(self) -> int:
        """Input tokens per query after the context-window policy."""
        if self.max_context_tokens is None:
            return self.input_tokens
        return min(self.input_tokens, self.max_context_tokens)

    @property
    def daily_queries(self) -> Decimal:
        return Decimal(self.users) * self.queries_per_user_per_day

    @property
    def monthly_queries(self) -> Decimal:
        return self.daily_queries * DAYS_PER_MONTH

    @property
    def monthly_input_tokens(self) -> Decimal:
        return self.monthly_queries * self.effective_input_tokens

    @property
    def monthly_output_tokens(self) -> Decimal:
        return self.monthly_queries * self.output_tokens

    @property
    def peak_queries_per_second(self) -> Decimal:
        """Busiest-hour arrival rate: daily volume over the active hours, times burstiness."""
        per_second = self.daily_queries / (self.active_hours_per_day * 3600)
        return per_second * self.peak_to_average

    def scaled(self, users: int) -> "Workload":
        return records.replace(self, users=users)
