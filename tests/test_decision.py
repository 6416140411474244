"""Section 9: decision tree, weighted scoring matrix, the three scenarios."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.core.errors import UnknownName, UserError
from llmkit.pricing.model.decision import DecisionInputs, decision_tree, parse_weights, scoring_matrix
from llmkit.pricing.model.scenarios import SCENARIOS, scenario


def test_privacy_makes_self_hosting_mandatory() -> None:
    r = decision_tree(DecisionInputs(privacy_critical=True, monthly_queries=Decimal(100), timeline_months=1,
                                     quality="best", team="none", budget="limited"))
    assert r.recommendation == "self-hosted" and len(r.steps) == 1 and "mandatory" in r.reasons[0]


def test_low_volume_short_project_no_team_means_api() -> None:
    r = decision_tree(DecisionInputs(False, Decimal(5000), 2, "good-enough", "none", "very-limited"))
    assert r.recommendation == "api"
    assert r.model_hint == "gpt-3.5-turbo or phi-3-mini"
    assert all(s.verdict == "api" for s in r.steps[1:])


def test_high_volume_long_project_strong_team_means_self_hosted() -> None:
    r = decision_tree(DecisionInputs(False, Decimal(600000), 24, "very-good", "strong", "invest"))
    assert r.recommendation == "self-hosted"
    assert any("votes" in reason for reason in r.reasons)


def test_a_tie_means_hybrid() -> None:
    # volume >50k -> self-hosted, timeline 2 -> api, quality best -> api, team strong -> self-hosted,
    # budget invest -> self-hosted, ... make it 2 vs 2 vs 1
    r = decision_tree(DecisionInputs(False, Decimal(60000), 2, "best", "some", "limited"))
    votes = [s.verdict for s in r.steps if s.verdict in ("api", "self-hosted", "hybrid")]
    assert votes.count("api") == 3 and r.recommendation == "api"
    r = decision_tree(DecisionInputs(False, Decimal(60000), 24, "best", "some", "limited"))
    assert r.recommendation == "hybrid"  # self-hosted 2, api 2, hybrid 1


def test_matrix_equal_weights_is_a_close_call() -> None:
    m = scoring_matrix()
    assert m.open_source == Decimal("3.5") and m.api == Decimal("3.375")
    assert m.recommendation == "hybrid"


def test_matrix_weights_decide() -> None:
    m = scoring_matrix({"data_privacy": Decimal(100)})
    assert (m.open_source, m.api, m.recommendation) == (Decimal(5), Decimal(1), "self-hosted")
    m = scoring_matrix(parse_weights("time_to_market=50,team_expertise=50"))
    assert m.recommendation == "api" and m.api == Decimal(5)
    m = scoring_matrix({"data_privacy": Decimal(30)})  # the other 7 share 70%
    assert sum(m.weights.values()) == Decimal(100)
    with pytest.raises(UserError):
        scoring_matrix({"data_privacy": Decimal(120)})
    with pytest.raises(UnknownName):
        parse_weights("privacy=10")


def test_bad_levels_suggest() -> None:
    with pytest.raises(UnknownName, match="did you mean"):
        DecisionInputs(quality="very_good")


def test_three_scenarios() -> None:
    assert set(SCENARIOS) == {"startup-mvp", "healthcare", "enterprise-support"}
    assert decision_tree(scenario("startup-mvp").decision_inputs()).recommendation == "api"
    assert decision_tree(scenario("healthcare").decision_inputs()).recommendation == "self-hosted"
    ent = scenario("enterprise-support")
    # the guide's GPT-4 is legacy: the scenario prices gpt-4o, what its reference stack deploys
    assert (ent.users, ent.approach, ent.model, ent.api_model) == (1000, "hybrid", "mistral-7b", "gpt-4o")
    assert "gpt-4 " in ent.guide_models and "gpt-3.5-turbo" in scenario("startup-mvp").guide_models
    # the framework itself leans self-hosted at 600k queries/month with a strong team (reconciliation page)
    assert decision_tree(ent.decision_inputs()).recommendation == "self-hosted"
    with pytest.raises(UnknownName, match="did you mean"):
        scenario("healthcar")
