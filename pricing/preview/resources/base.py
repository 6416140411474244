"""What every pricer shares: the two ways a price can fail, usage keys and whole-number inputs.

A pricer raises ``UnknownInput`` when a value the price depends on is unknown at preview (the
engine's unknown sentinel, a missing computed input, a region or SKU the catalog does not price)
so the resource lands in the unknown-input bucket instead of showing $0, and ``NotPriced`` for a
variant of a supported type that it deliberately does not price (bucket unsupported, with the
reason).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Iterable

from llmkit.pricing.preview.plan import UNKNOWN


class UnknownInput(Exception):
    """A value the price depends on is not known (yet): bucket unknown-input, with the reason."""


class NotPriced(Exception):
    """A supported type in a configuration this registry does not price: bucket unsupported."""


@dataclasses.dataclass(frozen=True)
class UsageKey:
    """A usage value a pricer reads from the usage file (``default`` is what --sync-usage writes)."""

    name: str
    unit: str
    description: str
    default: Decimal


def usage_key(name: str, unit: str, description: str, default: int | str) -> UsageKey:
    return UsageKey(name, unit, description, Decimal(str(default)))


def as_int(value: Any, what: str) -> int:
    """An integer input (counts, sizes); unknown or non-numeric -> UnknownInput."""
    if value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown until apply")
    try:
        return int(Decimal(str(value)))
    except (ArithmeticError, ValueError):
        raise UnknownInput(f"{what} is not a whole number") from None



def field(path: Iterable[Any]) -> str:
    """A dotted input path for reasons (``rootBlockDevice.volumeSize``)."""
    return ".".join(str(p) for p in path)
