"""A cost-by-users chart drawn in characters, for ``compare``'s terminal table: one letter per
approach on a grid (users across, log scale when they span a decade or more; USD a month up),
a legend, and nothing that needs a graphics terminal. Plain ASCII, so it survives pipes,
logs and any font."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Mapping

WIDTH = 60
HEIGHT = 12
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _usd(v: float) -> str:
    if v >= 1_000_000:
        return f"${v / 1_000_000:.1f}M"
    if v >= 10_000:
        return f"${v / 1000:.0f}k"
    return f"${v:,.0f}"


def cost_chart(compare: Mapping[str, Any], width: int = WIDTH, height: int = HEIGHT) -> list[str]:
    """Lines of text: the chart, its axes and a legend ([] when there is nothing to draw)."""
    names = list(compare["approaches"])
    points = [(int(r["users"]), float(Decimal(str(r["monthly_total"]))), names.index(r["approach"]))
              for r in compare["rows"] if r.get("monthly_total") is not None]
    if len({u for u, _, _ in points}) < 2:
        return []
    users = [u for u, _, _ in points]
    lo_u, hi_u = min(users), max(users)
    log = hi_u / lo_u >= 10

    def x(u: int) -> int:
        span = (math.log10(u) - math.log10(lo_u)) / (math.log10(hi_u) - math.log10(lo_u)) if log else (u - lo_u) / (hi_u - lo_u)
        return round(span * (width - 1))

    top = max(c for _, c, _ in points) or 1.0
    grid = [[" "] * width for _ in range(height)]
    for u, cost, i in points:
        row = height - 1 - round(cost / top * (height - 1))
        cell = grid[row][x(u)]
        grid[row][x(u)] = LETTERS[i % len(LETTERS)] if cell in (" ", LETTERS[i % len(LETTERS)]) else "#"
    label_w = max(len(_usd(top)), len(_usd(0)))
    out = ["", "Monthly cost (USD / month) by users" + (" (log scale)" if log else "") + ":"]
    for r, line in enumerate(grid):
        label = _usd(top) if r == 0 else (_usd(top / 2) if r == height // 2 else (_usd(0) if r == height - 1 else ""))
        out.append(f"{label:>{label_w}} |" + "".join(line).rstrip())
    out.append(" " * label_w + " +" + "-" * width)
    left, right = f"{lo_u:,}", f"{hi_u:,} users"
    out.append(" " * (label_w + 2) + left + " " * max(width - len(left) - len(right), 1) + right)
    out.append("  ".join(f"{LETTERS[i % len(LETTERS)]} = {n}" for i, n in enumerate(names)) + "  (# = several)")
    return out
