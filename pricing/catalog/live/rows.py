"""What every live client does with a number it was sent: validate it as a price, and make a
catalog row of it. One rule for all sources: a value that is not a finite non-negative number
is rejected (``FetchError``), never read as $0 or guessed from description text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable

from llmkit.pricing.catalog.live.http import FetchError
from llmkit.pricing.catalog.types import PlatformPrice


def price_value(value: Any, where: str) -> Decimal:
    """A price sent as a JSON number or numeric string, as Decimal; anything else raises."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FetchError(f"{where}: price is not a number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FetchError(f"{where}: price {str(value)[:20]!r} is not a number") from None
    if not number.is_finite() or number < 0:
        raise FetchError(f"{where}: price is not a finite non-negative number")
    number = number.normalize()  # "0.0152000000" -> 0.0152, as the snapshot writes it
    return number.quantize(Decimal(1)) if number.as_tuple().exponent > 0 else number  # type: ignore[operator]


def today() -> str:
    return dt.date.today().isoformat()


def platform_row(cloud: str, region: str, item: str, prices: Iterable[Decimal], what: str, source: str, *,
                 assumption: bool = False, unit: str = "GB-month") -> PlatformPrice:
    """The one price a query found for a platform item, or FetchError when it found none or
    several different ones (the filter was not specific enough to trust)."""
    found = set(prices)
    if len(found) != 1:
        raise FetchError(f"{len(found)} different prices for {what} in {region}")
    price = found.pop()
    if price == 0:
        raise FetchError(f"the price for {what} in {region} is 0 (not a usable list price)")
    return PlatformPrice(cloud=cloud, region=region, item=item, unit=unit, price=price,
                         source=f"{source}; fetched {today()}", as_of=today(), assumption=assumption)
