"""The guide's decision framework (section 9): the decision tree and the weighted scoring matrix.

Why both: the tree encodes hard rules (privacy makes self-hosting mandatory) and volume /
timeline / team / budget hints; the matrix turns a team's priorities into a number. The tree
is walked in full: privacy stops it; every other question casts a vote, and the approach with
most votes wins (a tie between API and self-hosted means "hybrid", the guide's own middle road).
Every answer says which rule produced it, so the recommendation comes with its reasons.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Mapping, Optional

from llmkit.core.records import record
from llmkit.core.errors import UnknownName, UserError

QUALITY_LEVELS = ("best", "very-good", "good-enough")
TEAM_LEVELS = ("none", "some", "strong")
BUDGET_LEVELS = ("limited", "invest", "very-limited")


@record
class DecisionInputs:
    """The answers the guide's decision tree and matrix ask for (checked on creation)."""

    privacy_critical: bool = False
    monthly_queries: Decimal = Decimal(60000)
    timeline_months: int = 12
    quality: str = "very-good"
    team: str = "some"
    budget: str = "invest"

    def __post_init__(self) -> None:
        for value, allowed, kind in ((self.quality, QUALITY_LEVELS, "quality level"),
                                     (self.team, TEAM_LEVELS, "team level"),
                                     (self.budget, BUDGET_LEVELS, "budget level")):
            if value not in allowed:
                raise UnknownName(kind, value, allowed)
        if self.timeline_months <= 0:
            raise UserError("timeline must be a positive number of months")


@record
class TreeStep:
    """One question of the decision tree, the answer given and where it points."""

    question: str
    answer: str
    verdict: str  # api | self-hosted | hybrid | evaluate | continue
    model_hint: Optional[str] = None


@record
class TreeResult:
    """The decision tree's recommendation and the steps that led to it."""

    recommendation: str  # api | self-hosted | hybrid
    model_hint: Optional[str]
    steps: tuple[TreeStep, ...]
    reasons: tuple[str, ...]


def _banded(question: str, value: Decimal, unit: str, low: int, high: int, verdicts: tuple[str, str, str]) -> TreeStep:
    """A three-way question of the tree: below ``low``, ``low``..``high``, above ``high``."""
    if value < low:
        band, verdict = f"<{low:,}", verdicts[0]
    elif value <= high:
        band, verdict = f"{low:,}-{high:,}", verdicts[1]
    else:
        band, verdict = f">{high:,}", verdicts[2]
    return TreeStep(question, f"{value:,.0f}{unit} ({band})", verdict)


def decision_tree(i: DecisionInputs) -> TreeResult:
    steps: list[TreeStep] = []
    if i.privacy_critical:
        steps.append(TreeStep("Is data privacy critical?", "yes", "self-hosted"))
        return TreeResult("self-hosted", "mistral-7b or llama-3.1-70b", tuple(steps),
                          ("data privacy is critical: open-source self-hosting is mandatory for compliance",))
    steps.append(TreeStep("Is data privacy critical?", "no", "continue"))
    steps.append(_banded("Query volume per month?", i.monthly_queries, "", 10000, 50000,
                         ("api", "evaluate", "self-hosted")))
    steps.append(_banded("Project timeline?", Decimal(i.timeline_months), " months", 3, 12,
                         ("api", "hybrid", "self-hosted")))
    quality = {"best": ("api", "gpt-4 / claude"), "very-good": ("self-hosted", "mistral-7b / llama-3.1"),
               "good-enough": ("api", "gpt-3.5-turbo")}[i.quality]
    steps.append(TreeStep("Quality requirements?", i.quality, *quality))
    team = {"none": "api", "some": "hybrid", "strong": "self-hosted"}[i.team]
    steps.append(TreeStep("Team expertise?", i.team, team))
    budget = {"limited": ("api", None), "invest": ("self-hosted", None),
              "very-limited": ("api", "gpt-3.5-turbo or phi-3-mini")}[i.budget]
    steps.append(TreeStep("Budget constraints?", i.budget, *budget))
    votes = Counter(s.verdict for s in steps if s.verdict in ("api", "self-hosted", "hybrid"))
    top = max(votes.values())
    leaders = sorted(v for v, n in votes.items() if n == top)
    recommendation = leaders[0] if len(leaders) == 1 else "hybrid"
    hint = next((s.model_hint for s in reversed(steps) if s.model_hint and s.verdict == recommendation), None)
    reasons = tuple(f"{s.question} {s.answer} -> {s.verdict}" for s in steps if s.verdict != "continue")
    tally = ", ".join(f"{k} {votes[k]}" for k in sorted(votes))
    return TreeResult(recommendation, hint, tuple(steps), reasons + (f"votes: {tally}",))


# Section 9 scoring matrix: factor -> (open-source score, API score), 1-5.
SCORES: dict[str, tuple[int, int]] = {
    "data_privacy": (5, 1),
    "upfront_budget": (1, 5),
    "quality_needs": (3, 5),
    "scale": (5, 2),
    "team_expertise": (2, 5),
    "time_to_market": (2, 5),
    "long_term_cost": (5, 2),
    "customization": (5, 2),
}
CLOSE_CALL = Decimal("0.25")  # weighted scores closer than this: recommend hybrid


@record
class MatrixResult:
    """The weighted decision matrix's scores for open source and API, and its pick."""

    weights: dict[str, Decimal]  # percent, summing to 100
    open_source: Decimal
    api: Decimal
    recommendation: str
    reasons: tuple[str, ...]


def parse_weights(text: str) -> dict[str, Decimal]:
    """``data_privacy=30,quality_needs=20,...`` (percent; unnamed factors share the rest)."""
    out: dict[str, Decimal] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        if "=" not in part:
            raise UserError("weights look like data_privacy=30,quality_needs=20")
        k, v = part.split("=", 1)
        k = k.strip().replace("-", "_")
        if k not in SCORES:
            raise UnknownName("scoring factor", k, SCORES)
        try:
            out[k] = Decimal(v)
        except ArithmeticError:
            raise UserError(f"weight of {k} must be a number") from None
    return out


def scoring_matrix(weights: Optional[Mapping[str, Decimal]] = None) -> MatrixResult:
    """Weighted scores of open-source and API; weights in percent (equal when not given)."""
    given = dict(weights or {})
    for k, v in given.items():
        if k not in SCORES:
            raise UnknownName("scoring factor", k, SCORES)
        if v < 0:
            raise UserError("weights must not be negative")
    used = sum(given.values(), Decimal(0))
    if used > 100:
        raise UserError("weights add up to more than 100%")
    rest = [k for k in SCORES if k not in given]
    full = dict(given)
    for k in rest:
        full[k] = (Decimal(100) - used) / len(rest)
    if not rest and used != 100:
        raise UserError("weights must add up to 100%")
    os_score = sum((SCORES[k][0] * w for k, w in full.items()), Decimal(0)) / 100
    api_score = sum((SCORES[k][1] * w for k, w in full.items()), Decimal(0)) / 100
    if abs(os_score - api_score) < CLOSE_CALL:
        rec = "hybrid"
    else:
        rec = "self-hosted" if os_score > api_score else "api"
    top = sorted(full.items(), key=lambda kv: -kv[1])[:3]
    reasons = tuple(
        f"{k} weighs {w:.1f}%: open-source {SCORES[k][0]} vs API {SCORES[k][1]}" for k, w in top
    ) + (f"weighted: open-source {os_score:.2f} vs API {api_score:.2f}",)
    return MatrixResult(full, os_score, api_score, rec, reasons)
