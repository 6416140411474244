"""The guide's three scenarios (section 9) as named presets for ``--scenario``.

Each preset is the scenario's workload and decision inputs, the approach and models the guide
recommends (its legacy OpenAI models replaced by the current ones the reference stacks
deploy, ``guide_models`` naming what the guide said), and the guide's stated cost, so ``llmkit estimate --scenario healthcare`` prices
the guide's recommendation with the catalog and shows it beside the guide's figure and the
decision framework's own answer. Queries per user per day and tokens are the guide's worked
example (20 x 500/300) where a scenario does not say.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from llmkit.core.records import record
from llmkit.core.errors import UnknownName
from llmkit.pricing.model.decision import DecisionInputs
from llmkit.pricing.model.workload import Workload


@record
class Scenario:
    """One of the guide's worked scenarios: its inputs and the figure the guide gives."""

    name: str
    title: str
    users: int
    budget_monthly: Decimal
    approach: str  # api | self-hosted | hybrid
    model: str  # the local model (self-hosted, hybrid) or the hosted one (api)
    api_model: Optional[str]  # hybrid fallback
    guide_monthly: Decimal  # the guide's "~$" figure
    guide_rationale: str
    privacy_critical: bool
    timeline_months: int
    quality: str
    team: str
    # What the guide itself names, where the scenario prices its current successor instead (the
    # model the reference stack deploys): GPT-3.5-Turbo and GPT-4 are legacy models.
    guide_models: str = ""
    app_tier: str = "guide"  # api scenarios: "stack" prices what stacks/Pulumi.<name>.yaml deploys

    def workload(self) -> Workload:
        return Workload(users=self.users)

    def decision_inputs(self) -> DecisionInputs:
        w = self.workload()
        budget = "limited" if self.budget_monthly < 10000 else "invest"
        return DecisionInputs(self.privacy_critical, w.monthly_queries, self.timeline_months, self.quality,
                              self.team, budget)


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("startup-mvp", "Early-stage startup (MVP)", 50, Decimal(5000), "api", "gpt-4o-mini", None,
                 Decimal(300), "Fast to market, minimal setup, low risk", False, 3, "good-enough", "none",
                 guide_models="gpt-3.5-turbo (legacy; gpt-4o-mini is its successor at a lower price)", app_tier="stack"),
        Scenario("healthcare", "Healthcare application (HIPAA)", 200, Decimal(15000), "self-hosted", "llama-3.1-70b",
                 None, Decimal(5000), "Data privacy mandatory, sufficient budget, long-term project", True, 6,
                 "very-good", "some"),
        Scenario("enterprise-support", "Enterprise customer support", 1000, Decimal(50000), "hybrid", "mistral-7b",
                 "gpt-4o", Decimal(18000), "Cost-effective at scale, best quality when needed", False, 12, "best",
                 "strong", guide_models="mistral-7b + gpt-4 (legacy; gpt-4o is the GPT-4-class model deployed)"),
    )
}


def scenario(name: str) -> Scenario:
    if name not in SCENARIOS:
        raise UnknownName("scenario", name, SCENARIOS)
    return SCENARIOS[name]
