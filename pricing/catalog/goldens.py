"""Platform prices read from excerpts of Infracost's test golden files.

Infracost's golden files (``internal/providers/terraform/<cloud>/testdata/*/*.golden``) are the
cost tables its tests expect, computed from Infracost's pricing API, which mirrors the clouds'
official price lists. They hold real list prices for services the other upstream files lack
(App Service plans, AI Search, OpenSearch, CloudFront, DynamoDB storage ...). Excerpts of them
(verbatim lines) live in ``upstream/infracost/``, each opened by one ``#`` line naming the
repository, path, commit and commit date; ``sources/infracost_rows.csv`` says which line of
which excerpt gives which catalog row.

A golden line gives either a unit price ("Monthly cost depends on usage: $0.023 per GB", exact
only below $0.1: larger ones are printed rounded to cents, so they are refused) or a quantity
and a monthly cost rounded to cents ("730  hours  $113.15"). For the latter the price
is the shortest decimal whose cost for that quantity rounds to the printed cents: rows point at
the line with the largest quantity so that decimal is the price itself, and a line no short
price reproduces is an error, never a guess.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Optional

from llmkit.pricing.catalog.types import PlatformPrice

TREE = "├└│─ "
_FIXED = re.compile(r"^(?P<label>.+?)\s{2,}(?P<qty>[\d,.]+)\s+(?P<unit>.+?)\s{2,}\$(?P<cost>[\d,.]+)(?:\s+\*)?\s*$")
_USAGE = re.compile(r"^(?P<label>.+?)\s{2,}Monthly cost depends on usage: \$(?P<price>[\d.]+) per (?P<unit>.+?)\s*$")
_HEADER = re.compile(r"^# (?P<repo>\S+) (?P<path>\S+) @ (?P<commit>[0-9a-f]{40}) \((?P<date>\d{4}-\d{2}-\d{2})\)\s*$")
MAX_PLACES = 8
# Infracost's table prints a unit price below 0.1 in full and one of 0.1 or more rounded to
# cents (internal/output/format.go formatPrice), so only the former is a price as it stands.
ROUNDED_FROM = Decimal("0.1")
CENT = Decimal("0.01")


class GoldenError(ValueError):
    """An excerpt or a row pointing into it that does not give one price."""


@dataclass(frozen=True)
class GoldenLine:
    """One cost line: a unit price, or a quantity and its printed monthly cost."""

    price: Optional[Decimal]
    quantity: Optional[Decimal]
    cost: Optional[Decimal]

    def unit_price(self) -> Decimal:
        if self.price is not None:
            if self.price >= ROUNDED_FROM:
                raise GoldenError(f"Infracost prints a unit price of {ROUNDED_FROM} or more rounded to cents (${self.price}): use a quantity line")
            return self.price
        assert self.quantity is not None and self.cost is not None
        return shortest_price(self.quantity, self.cost)


@dataclass(frozen=True)
class Excerpt:
    repo: str
    path: str
    commit: str
    date: str
    lines: dict[str, GoldenLine]  # "resource / [group / ]component" -> line

    def cite(self) -> str:
        return f"{self.repo} {self.path} @ {self.commit[:12]} ({self.date})"


def shortest_price(quantity: Decimal, cost: Decimal) -> Decimal:
    """The decimal with the fewest places whose cost for ``quantity`` rounds to ``cost``.

    The quantity must pin the digit after the last one (one unit of it moves the cost by at
    least a cent): a small quantity would let a price with one more digit (0.0075 as 0.007)
    pass for the shorter one, so such a line is refused."""
    if quantity <= 0:
        raise GoldenError("a zero quantity gives no price")
    for places in range(MAX_PLACES + 1):
        step = Decimal(1).scaleb(-places)
        candidate = (cost / quantity).quantize(step, rounding=ROUND_HALF_UP)
        total = candidate * quantity
        if cost in (total.quantize(CENT, rounding=ROUND_HALF_UP), total.quantize(CENT, rounding=ROUND_HALF_EVEN)):
            if quantity * step / 10 < CENT:
                raise GoldenError(f"{quantity} units do not pin a price of {candidate} (cost ${cost}): use a line with a larger quantity")
            return candidate.normalize() if candidate != candidate.to_integral() else candidate.quantize(Decimal(1))
    raise GoldenError(f"no price of at most {MAX_PLACES} places gives ${cost} for {quantity}")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_excerpt(text: str) -> Excerpt:
    """Lines of a golden excerpt by address: ``resource / component`` (``resource / group /
    component`` under a group heading such as a CloudFront region)."""
    first, _, body = text.partition("\n")
    header = _HEADER.match(first)
    if header is None:
        raise GoldenError("an excerpt opens with '# <repo> <path> @ <commit> (<date>)'")
    lines: dict[str, GoldenLine] = {}
    resource = ""
    groups: list[str] = []
    for raw in body.splitlines():
        if not raw.strip():
            continue
        stripped = raw.lstrip(TREE)
        depth = (len(raw) - len(stripped)) // 3  # each tree level is three characters wide
        if depth == 0:
            resource, groups = raw.strip(), []
            continue
        groups = groups[: depth - 1]
        usage, fixed = _USAGE.match(stripped), _FIXED.match(stripped)
        if usage:
            label, line = usage["label"], GoldenLine(_number(usage["price"]), None, None)
        elif fixed:
            label, line = fixed["label"], GoldenLine(None, _number(fixed["qty"]), _number(fixed["cost"]))
        else:
            groups.append(stripped.strip())
            continue
        lines[" / ".join([resource, *groups, label.strip()])] = line
    return Excerpt(header["repo"], header["path"], header["commit"], header["date"], lines)


def read_rows(rows_csv: Path, excerpts_dir: Path) -> list[PlatformPrice]:
    """The catalog rows ``rows_csv`` takes from the excerpts (price x its ``scale``: a golden
    unit of one invocation becomes a catalog unit of 1M)."""
    excerpts: dict[str, Excerpt] = {}
    out = []
    with rows_csv.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            name = r["golden"]
            if name not in excerpts:
                excerpts[name] = parse_excerpt((excerpts_dir / name).read_text(encoding="utf-8"))
            excerpt = excerpts[name]
            line = excerpt.lines.get(r["line"])
            if line is None:
                raise GoldenError(f"{name} has no line {r['line']!r}")
            price = (line.unit_price() * Decimal(r["scale"] or "1")).normalize()
            if price == price.to_integral():
                price = price.quantize(Decimal(1))
            out.append(PlatformPrice(
                cloud=r["cloud"], region=r["region"], item=r["item"], unit=r["unit"], price=price,
                source=(f"{excerpt.cite()}: Infracost's pricing-API figure for {r['region']}, line '{r['line']}'"
                        f" (excerpt in the repository: pricing/catalog/upstream/infracost/{name})"),
                as_of=excerpt.date,
            ))
    return out
