"""Money as exact text: a Decimal out as a plain decimal string (never a float, never exponent
notation). Reading amounts from flags and files with their bounds is llmkit.core.bounds."""

from __future__ import annotations

from decimal import Decimal


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain string without exponent notation (``1E+3`` -> ``1000``)."""
    return format(value, "f")
