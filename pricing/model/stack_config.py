"""Reading a stack's ``llmkit:*`` config: the workload keys and the hosted-model defaults.

WHY here, in the pricing layer: the stack program (``llmkit.components.spec``) and the preview's
token pricer (``llmkit.pricing.preview.resources.llm``) must read the same keys with the same
defaults, and the pricer may not import the components layer (arrows point down). Errors name
the key, never its value.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Mapping, Optional, cast

from llmkit.core.errors import UserError
from llmkit.pricing.model.workload import Workload

DEFAULT_HOSTED_MODELS = {"api": ("gpt-4o-mini",), "hybrid": ("gpt-4o",)}
DEFAULT_LOCAL_SHARE_PCT = 80  # the guide's pattern 3: local 80%, API 20%
# The largest number any llmkit:* config key may hold (users, tokens, replicas...): stack files
# are input, and a 30-digit value must be one clear line, not an overflow deep in the models.
MAX_CONFIG_NUMBER = 10**9


def config_text(config: Mapping[str, str], key: str) -> Optional[str]:
    """``llmkit:<key>`` stripped, or None when unset or blank (a blank value means the default)."""
    value = config.get(f"llmkit:{key}")
    if value is None or str(value).strip() == "":
        return None
    return str(value).strip()


def config_int(config: Mapping[str, str], key: str, default: Optional[int], *, low: int = 0, high: Optional[int] = None) -> Optional[int]:
    """A whole-number config value within [low, high] (high defaults to MAX_CONFIG_NUMBER), or
    ``default`` when unset; UserError names the key."""
    raw = config_text(config, key)
    if raw is None:
        return default
    top = MAX_CONFIG_NUMBER if high is None else high
    if len(raw) > 32:  # int() of a 5,000-digit string is slow; no bound needs more digits
        raise UserError(f"llmkit:{key} must be a whole number from {low:,} to {top:,}")
    try:
        value = int(raw)
    except ValueError:
        raise UserError(f"llmkit:{key} must be a whole number") from None
    if value < low or value > top:
        bound = f"between {low} and {high}" if high is not None else f"from {low:,} to {top:,}"
        raise UserError(f"llmkit:{key} must be {bound}")
    return value


def config_decimal(config: Mapping[str, str], key: str) -> Optional[Decimal]:
    """A positive finite Decimal up to MAX_CONFIG_NUMBER, or None when unset; UserError names the key."""
    raw = config_text(config, key)
    if raw is None:
        return None
    try:
        value = Decimal(raw) if len(raw) <= 64 else Decimal("NaN")
    except InvalidOperation:
        raise UserError(f"llmkit:{key} must be a number") from None
    if not value.is_finite() or value <= 0 or value > MAX_CONFIG_NUMBER:
        raise UserError(f"llmkit:{key} must be a positive number up to {MAX_CONFIG_NUMBER:,}")
    return value


def workload_from_config(config: Mapping[str, str]) -> Workload:
    """The workload keys of a stack (defaults: the guide's worked example)."""
    base = Workload()
    qpd = config_decimal(config, "queriesPerUserPerDay")
    return Workload(
        users=cast(int, config_int(config, "users", base.users, low=1)),
        queries_per_user_per_day=qpd if qpd is not None else base.queries_per_user_per_day,
        input_tokens=cast(int, config_int(config, "inputTokens", base.input_tokens)),
        output_tokens=cast(int, config_int(config, "outputTokens", base.output_tokens, low=1)),
    )
