"""Money as text: Decimal in, exact decimal string out (never a float, never exponent notation)."""

from __future__ import annotations

from decimal import Decimal


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain string without exponent notation (``1E+3`` -> ``1000``)."""
    return format(value, "f")
