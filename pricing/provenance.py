"""Where the prices a report uses come from, how old they are, and which are derived: one
account for a preview's cost lines and an estimate's components alike, so every report (table
footer, JSON metadata, Markdown, HTML) names its sources with their dates and warns about any
price older than the staleness limit in the same words."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Optional

from llmkit.core.records import record
from llmkit.pricing.cost_component import CostComponent

BUNDLED = "llmkit bundled price snapshot"
UNDATED = "undated figures (the guide's assumptions, your inputs)"


def source_label(source: str) -> str:
    """The price source a component's ``source`` belongs to: a live API (its name, as the
    live clients write it before the region) or the bundled snapshot."""
    from llmkit.pricing.catalog.live.sources import LIVE_SOURCES

    for name in LIVE_SOURCES:
        if source.startswith(name):
            return name
    return BUNDLED


@record(frozen=False)
class Provenance:
    """Price sources in use with their date range, prices older than STALE_WARNING_DAYS, and
    the derived (not published) prices with how each was derived."""

    sources: dict[str, tuple[str, str, int]]  # label -> (oldest as_of, newest as_of, prices)
    stale: int
    oldest: Optional[str]
    derivations: list[str]
    stale_days: int

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "priceSources": [
                {"source": k, "oldestAsOf": v[0], "newestAsOf": v[1], "prices": v[2]} for k, v in self.sources.items()
            ],
            "derivedPrices": self.derivations,
        }
        if self.stale:
            out["warnings"] = [self.stale_warning()]
        return out

    def stale_warning(self) -> str:
        return (f"{self.stale} price(s) in use are older than {self.stale_days} days (oldest {self.oldest}); "
                "`llmkit prices refresh` fetches current ones")

    def lines(self) -> list[str]:
        """Report footer lines: the sources, the staleness warning, the derived-price footnotes."""
        parts = [f"{k} ({v[0] + ('' if v[0] == v[1] else ' to ' + v[1]) + ', ' if v[0] else ''}{v[2]} price(s))"
                 for k, v in self.sources.items()]
        out = ["Price sources: " + "; ".join(parts) + "."] if parts else []
        if self.stale:
            out.append("Warning: " + self.stale_warning() + ".")
        for i, how in enumerate(self.derivations, 1):
            out.append(f"{DERIVED_MARK}{i} derived price, not published: {how}.")
        return out


DERIVED_MARK = "~"


def components_provenance(components: Iterable[CostComponent], today: Optional[dt.date] = None) -> Provenance:
    """Provenance of the prices these cost components use (a preview's lines, an estimate's
    components). Undated figures are named as sources but never counted as stale."""
    from llmkit.pricing.catalog.live import STALE_WARNING_DAYS

    today = today or dt.date.today()
    limit = (today - dt.timedelta(days=STALE_WARNING_DAYS)).isoformat()
    # A price counts once however many lines use it: lines are counted by what they price
    # (source, date, unit, price), not by object, since pricers share equal line objects only
    # within one plan and the count must not depend on what ran before in the process.
    seen_ids: set[int] = set()
    seen: set[tuple[str, str, str, Any]] = set()
    sources: dict[str, list[Any]] = {}
    stale, oldest = 0, None
    derivations: dict[str, None] = {}
    for c in components:
        if id(c) in seen_ids or c.price is None:
            continue
        seen_ids.add(id(c))
        as_of = c.as_of
        key = (c.source, as_of, c.unit, c.price)
        if key in seen:
            continue
        seen.add(key)
        entry = sources.setdefault(source_label(c.source) if as_of else UNDATED, [as_of, as_of, 0])
        entry[0], entry[1], entry[2] = min(entry[0], as_of), max(entry[1], as_of), entry[2] + 1
        if as_of and as_of < limit:
            stale += 1
            oldest = as_of if oldest is None else min(oldest, as_of)
        if c.derived and c.derivation:
            derivations.setdefault(c.derivation)
    return Provenance({k: (v[0], v[1], v[2]) for k, v in sorted(sources.items())}, stale, oldest, list(derivations), STALE_WARNING_DAYS)
