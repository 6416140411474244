"""Money as exact text: a Decimal out as a plain decimal string (never a float, never exponent
notation). Reading amounts from flags and files with their bounds is llmkit.core.bounds."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain string without exponent notation (``1E+3`` -> ``1000``)."""
    return format(value, "f")


def as_decimal(value: object) -> Decimal | None:
    """A number from config, YAML or JSON as an exact Decimal (via its text, never a float's
    binary value), or None when it is missing or not a number. Callers decide what None means:
    a UserError naming the field, or "no limit"."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def rounded(value: Decimal, places: int = 4) -> Decimal:
    """At most ``places`` decimals, trailing zeros dropped (1980.0000 -> 1980): money in JSON."""
    return value.quantize(Decimal(1).scaleb(-places)).normalize()
