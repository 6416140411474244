"""Which catalog prices are not published ones, and how they were made.

A region uplift (eu-west-1 = us-east-1 x 1.12), a size derivation or the guide's 30-50%
reserved assumption is a fair estimate but not a price anybody publishes: every report marks
such a line and says how it was derived, so nobody budgets on it unawares.
"""

from __future__ import annotations

from typing import Any, Optional

RESERVED_ASSUMPTION = "reserved price = the guide's 30-50% assumption (1 year 30% off, 3 years 50% off on-demand), not a published price"


def derivation(row: Any, model: Optional[str] = None) -> Optional[str]:
    """How a catalog price was derived when it is not a published one, else None: a derived
    row (another region or size x a factor; its source says which), an assumed platform price,
    or a reserved price that is the guide's assumption."""
    if model in ("reserved-1y", "reserved-3y") and getattr(row, "reserved_is_assumption", False):
        return RESERVED_ASSUMPTION
    if getattr(row, "derived", False) or getattr(row, "assumption", False):
        source = str(getattr(row, "source", ""))
        start = source.find("derived:")
        text = source[start:] if start >= 0 else source
        return _first_clause(text) or "derived, not published"
    return None


def _first_clause(text: str) -> str:
    """Text up to the first ';' outside parentheses (a source's clauses are ';'-separated)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == ";" and depth <= 0:
            return text[:i].strip()
    return text.strip()


def derived_fields(row: Any, model: Optional[str] = None) -> dict[str, Any]:
    """The ``derived``/``derivation`` keyword arguments of a CostComponent priced from ``row``."""
    how = derivation(row, model)
    return {"derived": how is not None, "derivation": how}
