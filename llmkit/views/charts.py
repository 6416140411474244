"""Charts for the HTML reports, drawn by matplotlib as inline SVG.

Why SVG from matplotlib: the report must be ONE self-contained file that fetches nothing when it
opens and prints well. An SVG is vector (sharp on paper), carries its text as text (the numbers
are searchable and the browser tests read them), and needs no script. matplotlib is imported
inside ``_pyplot`` only, so no other command pays for it.

Every chart: a title, axes labelled with units (USD a month, users), the Okabe-Ito palette
(distinguishable with colour-blindness and in greyscale with the markers and hatches), and
the same bytes for the same input (fixed hash salt, no date in the metadata).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Mapping, Optional, Sequence

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "--", "oo"]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("svg", force=True)
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text: searchable, selectable, readable by tests
        "svg.hashsalt": "llmkit",  # stable element ids: the same input gives the same file
        "text.parse_math": False,  # "$1,700 - $2,467" is money, not mathtext between dollar signs
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
    })
    return plt


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": "llmkit"})
    _pyplot().close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: no XML prolog or DOCTYPE inside the HTML


def _usd(value: float, _pos: Any = None) -> str:
    if abs(value) >= 1_000_000:
        return f"${value / 1_000_000:,.1f}M"
    if abs(value) >= 10_000:
        return f"${value / 1000:,.0f}k"
    return f"${value:,.0f}"


def money_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(_usd))


def cost_vs_users(
    series: Mapping[str, Sequence[tuple[int, Optional[Decimal]]]],
    break_evens: Sequence[tuple[int, Decimal, str]],
    title: str = "Monthly cost by number of users",
) -> str:
    """One line per approach; each break-even point marked and labelled with its user count."""
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    fig, ax = plt.subplots(figsize=(9, 4.8))
    all_users = [u for pts in series.values() for u, _ in pts]
    for i, (name, pts) in enumerate(series.items()):
        xs = [u for u, m in pts if m is not None]
        ys = [float(m) for _, m in pts if m is not None]
        ax.plot(xs, ys, label=name, color=PALETTE[i % len(PALETTE)], marker=MARKERS[i % len(MARKERS)],
                markersize=4 if len(xs) <= 60 else 0, linewidth=1.8)
    lo_u, hi_u = (min(all_users), max(all_users)) if all_users else (0, 0)
    shown = [p for p in break_evens if lo_u <= p[0] <= hi_u]  # the caption lists the others
    for i, (users, monthly, label) in enumerate(shown):
        ax.plot([users], [float(monthly)], marker="o", markersize=9, markerfacecolor="none", markeredgecolor="#000000", markeredgewidth=1.5, linestyle="none")
        ax.annotate(f"{label}: {users:,} users", (users, float(monthly)), textcoords="offset points", xytext=(8, 10 + 14 * i), fontsize=8,
                    arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.6})
    if all_users and max(all_users) / max(min(all_users), 1) >= 20:
        ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    money_axis(ax.yaxis)
    ax.set_xlabel("Users")
    ax.set_ylabel("Monthly cost (USD / month)")
    ax.set_title(title)
    if shown:
        ax.plot([], [], marker="o", markerfacecolor="none", markeredgecolor="#000000", linestyle="none", label="break-even")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return _svg(fig)


def stacked_bars(
    bars: Sequence[tuple[str, Mapping[str, Decimal]]],
    ranges: Mapping[str, tuple[Decimal, Decimal]],
    title: str,
    ylabel: str = "Monthly cost (USD / month)",
) -> str:
    """One stacked bar per label (components), with a min-max whisker where a group autoscales."""
    plt = _pyplot()
    components: list[str] = []
    for _, parts in bars:
        components += [c for c in parts if c not in components]
    fig, ax = plt.subplots(figsize=(9, 0.9 * max(len(bars), 3) + 2.2))
    labels = [label for label, _ in bars]
    ys = list(range(len(bars)))
    left = [0.0] * len(bars)
    for i, comp in enumerate(components):
        widths = [float(parts.get(comp, 0)) for _, parts in bars]
        ax.barh(ys, widths, left=left, label=comp, color=PALETTE[i % len(PALETTE)], hatch=HATCHES[(i // len(PALETTE)) % len(HATCHES)],
                edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, widths)]
    for y, (label, total) in enumerate(zip(labels, left)):
        rng = ranges.get(label)
        if rng is not None:
            lo, hi = float(rng[0]), float(rng[1])
            ax.errorbar([total], [y], xerr=[[max(total - lo, 0)], [max(hi - total, 0)]], fmt="none", ecolor="#000000", capsize=5, linewidth=1.2)
            ax.annotate(f"{_usd(lo)} - {_usd(hi)} (min - max replicas)", (hi, y), textcoords="offset points", xytext=(6, -3), fontsize=8)
        else:
            ax.annotate(_usd(total), (total, y), textcoords="offset points", xytext=(6, -3), fontsize=8)
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    money_axis(ax.xaxis)
    ax.set_xlabel(ylabel)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize=8, frameon=False)
    return _svg(fig)


def grouped_bars(groups: Sequence[tuple[str, Mapping[str, Optional[Decimal]]]], title: str, ylabel: str) -> str:
    """Bars per group (e.g. approach) and series (e.g. "on-demand, 1 year"); a missing value is
    left out and said so, never drawn as $0."""
    plt = _pyplot()
    series: list[str] = []
    for _, vals in groups:
        series += [s for s in vals if s not in series]
    fig, ax = plt.subplots(figsize=(9, 4.8))
    width = 0.8 / max(len(series), 1)
    for i, s in enumerate(series):
        xs, hs = [], []
        for g, (_, vals) in enumerate(groups):
            v = vals.get(s)
            if v is not None:
                xs.append(g + (i - (len(series) - 1) / 2) * width)
                hs.append(float(v))
        ax.bar(xs, hs, width=width, label=s, color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0.5)
    ax.set_xticks(range(len(groups)), [g for g, _ in groups], fontsize=8)
    money_axis(ax.yaxis)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("Approach")
    ax.set_title(title)
    ax.grid(axis="x", visible=False)
    ax.legend(fontsize=8, frameon=False, ncol=2)
    return _svg(fig)
