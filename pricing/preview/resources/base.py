"""What every pricer shares: the ways a price can fail, usage keys and bounded, typed inputs.

A pricer raises ``UnknownInput`` when a value the price depends on is unknown at preview (the
engine's unknown sentinel, a missing computed input, a region or SKU the catalog does not price)
so the resource lands in the unknown-input bucket instead of showing $0, and ``NotPriced`` for a
variant of a supported type that it deliberately does not price (bucket unsupported, with the
reason).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Iterable, Mapping

from llmkit.core.bounds import MAX_COUNT, MAX_NUMBER, whole
from llmkit.core.bounds import number as bounded_number
from llmkit.core.errors import UserError
from llmkit.pricing.preview.plan import UNKNOWN


class UnknownInput(Exception):
    """A value the price depends on is not known (yet): bucket unknown-input, with the reason."""


class NotPriced(Exception):
    """A supported type in a configuration this registry does not price: bucket unsupported."""


class BadInput(Exception):
    """An input value that no real resource can have (a negative size, a string where an object
    goes, a count beyond MAX_COUNT): the document is bad, exit 2. The message names the field,
    never its value; the breakdown adds the resource."""


@dataclasses.dataclass(frozen=True)
class UsageKey:
    """A usage value a pricer reads from the usage file (``default`` is what --sync-usage writes)."""

    name: str
    unit: str
    description: str
    default: Decimal


def usage_key(name: str, unit: str, description: str, default: int | str) -> UsageKey:
    return UsageKey(name, unit, description, Decimal(str(default)))


def as_int(value: Any, what: str, *, maximum: int = MAX_COUNT) -> int:
    """A count or size input: a whole number from 0 to ``maximum``. Unknown -> UnknownInput;
    anything else (negative, fractional, huge, a string, an object) -> BadInput."""
    if value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown until apply")
    try:
        return whole(value, what, maximum=maximum)
    except UserError as exc:
        raise BadInput(str(exc)) from None


def as_number(value: Any, what: str, *, maximum: int = MAX_NUMBER) -> Decimal:
    """A non-negative finite number input; unknown -> UnknownInput, anything else BadInput."""
    if value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown until apply")
    try:
        return bounded_number(value, what, maximum=maximum)
    except UserError as exc:
        raise BadInput(str(exc)) from None


def as_mapping(value: Any, what: str) -> Mapping[str, Any]:
    """An object value ({} for None); a string, number or list in its place is BadInput."""
    if value is None:
        return {}
    if value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown until apply")
    if type(value) is not dict and not isinstance(value, Mapping):  # the exact check first: ABC checks are slow
        raise BadInput(f"{what} must be an object")
    return value


def as_objects(value: Any, what: str) -> list[Mapping[str, Any]]:
    """A list of objects ([] for None); a string, number or a non-object item is BadInput."""
    if value is None:
        return []
    if value == UNKNOWN:
        raise UnknownInput(f"{what} is unknown until apply")
    if not isinstance(value, list):
        raise BadInput(f"{what} must be a list")
    for i, item in enumerate(value):
        if type(item) is not dict and not isinstance(item, Mapping):
            raise BadInput(f"{what}[{i}] must be an object")
    return value


def field(path: Iterable[Any]) -> str:
    """A dotted input path for reasons (``rootBlockDevice.volumeSize``)."""
    return ".".join(str(p) for p in path)
