"""Analysis: solved break-even, scaling table, TCO, cost per quality point."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.pricing.model.analysis import all_break_evens, break_even, cost_per_quality_point, scaling_table
from llmkit.pricing.model.costs import CostComponent, Estimate
from llmkit.pricing.model.framework import Request, cost_function, parse_approach, parse_users
from llmkit.pricing.model.workload import Workload


def flat(fn):
    """A cost function from a plain users -> Decimal function (one component)."""

    def at(users: int) -> Estimate:
        return Estimate("api", "x", Workload(users=users), (CostComponent.monthly_amount("c", Decimal(fn(users)), "test"),))

    return at


def test_linear_crossing_is_the_first_integer_where_order_flips() -> None:
    fixed = flat(lambda u: 1000 + u)
    per_user = flat(lambda u: 10 * u)
    b = break_even("fixed", fixed, "per_user", per_user)
    # 10u > 1000 + u  <=>  u > 111.1: per_user is cheaper up to 111, fixed from 112
    assert b.users == 112 and b.cheaper_below == "per_user" and b.cheaper_above == "fixed"
    assert b.monthly_at_break_even == {"fixed": Decimal(1112), "per_user": Decimal(1120)}


def test_step_function_crossing() -> None:
    steps = flat(lambda u: 500 * (1 + u // 1000))  # a GPU fleet: +$500 per 1,000 users
    linear = flat(lambda u: 2 * u)
    b = break_even("steps", steps, "linear", linear)
    assert b.users == 250  # equal at 250 (break even), linear dearer from 251
    assert steps(249).monthly_total > linear(249).monthly_total


def test_never_crossing_is_none() -> None:
    cheap = flat(lambda u: u)
    dear = flat(lambda u: 2 * u + 1)
    b = break_even("cheap", cheap, "dear", dear)
    assert b.users is None and b.cheaper_below == b.cheaper_above == "cheap"


def test_real_break_even_is_exact_against_the_cost_functions() -> None:
    req = Request()
    api = cost_function(parse_approach("api:gpt-4"), req)
    local = cost_function(parse_approach("self-hosted:mistral-7b"), req)
    b = break_even("api", api, "local", local)
    assert b.users is not None and b.cheaper_below == "api" and b.cheaper_above == "local"
    u = b.users
    assert api(u - 1).monthly_total < local(u - 1).monthly_total
    assert api(u).monthly_total >= local(u).monthly_total


def test_guide_profile_break_even_gpt4_vs_selfhosted() -> None:
    req = Request(profile="guide")
    api = cost_function(parse_approach("api:gpt-4"), req)
    local = cost_function(parse_approach("self-hosted:mistral-7b"), req)
    b = break_even("gpt-4", api, "self-hosted", local)
    assert b.users is not None and 100 < b.users < 500  # the guide: "not yet" at 100, cheaper at 500
    assert api(b.users - 1).monthly_total < local(b.users - 1).monthly_total


def test_scaling_table_and_all_pairs() -> None:
    req = Request()
    fns = {a: cost_function(parse_approach(a), req) for a in ("api:gpt-4", "api:gpt-3.5-turbo", "self-hosted:mistral-7b")}
    rows = scaling_table(fns, [10, 100, 1000])
    assert len(rows) == 9 and [r.users for r in rows[:3]] == [10, 10, 10]
    gpt4 = [r for r in rows if r.approach == "api:gpt-4"]
    # tokens scale with users, the $500 app tier does not (unlike the guide's table)
    assert gpt4[1].monthly_total - 500 == (gpt4[0].monthly_total - 500) * 10
    assert all(r.gpu_instances for r in rows if r.approach.startswith("self-hosted"))
    assert all(r.tco_3y == r.monthly_total * 36 for r in rows)
    assert len(all_break_evens(fns)) == 3


def test_cost_per_quality_point_is_annual_over_score() -> None:
    req = Request(profile="guide")
    e = cost_function(parse_approach("api:gpt-4"), req)(100)
    qc = cost_per_quality_point(e)
    assert qc.per_quality_point == Decimal(29760) / 95 and qc.quality_score == 95


def test_parse_users() -> None:
    assert parse_users("10,50, 100") == [10, 50, 100]
    assert parse_users("10-50:20") == [10, 30, 50]
    from llmkit.core.errors import UserError

    for bad in ("", "0,10", "ten", "-5"):
        with pytest.raises(UserError):
            parse_users(bad)


def test_every_crossing_is_listed_when_costs_cross_back() -> None:
    steps = flat(lambda u: 300 * (1 + u // 100))  # +$300 per 100 users
    linear = flat(lambda u: 3 * u + 150)  # crosses the steps repeatedly
    b = break_even("steps", steps, "linear", linear, hi=1000)
    assert b.users == b.crossings[0] and len(b.crossings) >= 2
    for c in b.crossings:  # the cheaper one really changes at each listed count
        before = steps(c - 1).monthly_total - linear(c - 1).monthly_total
        at = steps(c).monthly_total - linear(c).monthly_total
        assert before != 0 and (at == 0 or (at > 0) != (before > 0))
