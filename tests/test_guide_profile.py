"""--profile guide reproduces the guide's worked examples figure by figure (section 5)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from llmkit.pricing.model.profiles import guide_api, guide_hybrid, guide_instances, guide_selfhosted
from llmkit.pricing.model.workload import Workload


def _by_name(estimate):
    return {c.name: c.monthly for c in estimate.components}


def test_gpt4_api_example() -> None:
    e = guide_api(Workload(), "gpt-4")
    assert _by_name(e)["llm_api"] == Decimal(1980)
    assert e.monthly_total == Decimal(2480) and e.annual_total == Decimal(29760)


def test_gpt35_api_example() -> None:
    e = guide_api(Workload(), "gpt-3.5-turbo")
    assert _by_name(e)["llm_api"] == Decimal(42)
    assert e.monthly_total == Decimal(542) and e.annual_total == Decimal(6504)


def test_selfhosted_7b_example() -> None:
    e = guide_selfhosted(Workload())
    c = _by_name(e)
    assert c["gpu_instances"] == Decimal(1650)  # 3 x $550
    assert (c["vector_db"], c["load_balancer"], c["model_storage"], c["bandwidth"], c["backups_monitoring"]) == (
        Decimal(110), Decimal(25), Decimal(15), Decimal(60), Decimal(40))
    assert e.subtotal("infrastructure") == Decimal(1900)
    assert (c["ops_devops"], c["ops_on_call"], c["ops_maintenance"]) == (Decimal(500), Decimal(200), Decimal(100))
    assert e.subtotal("operations") == Decimal(800)
    assert e.monthly_total == Decimal(2700) and e.annual_total == Decimal(32400)


def test_reserved_1y_takes_30_percent_off_the_whole_total() -> None:
    e = guide_selfhosted(Workload(), pricing="reserved-1y")
    assert e.monthly_total == Decimal(1890) and e.annual_total == Decimal(22680)
    assert "whole total" in e.notes[0]
    assert guide_selfhosted(Workload(), pricing="reserved-3y").monthly_total == Decimal(1350)


def test_spot_has_no_guide_figure() -> None:
    from llmkit.core.errors import UserError

    with pytest.raises(UserError, match="no spot price"):
        guide_selfhosted(Workload(), pricing="spot")


def test_instances_follow_the_scaling_calculator() -> None:
    assert [guide_instances(u) for u in (10, 50, 100, 500, 1000, 10000)] == [1, 2, 3, 8, 15, 100]
    assert guide_instances(75) == 3 and guide_instances(5) == 1 and guide_instances(20000) == 200


def test_hybrid_is_local_share_plus_api_tokens() -> None:
    e = guide_hybrid(Workload())
    c = _by_name(e)
    assert c["llm_api"] == Decimal(396)  # 20% of $1,980
    assert e.monthly_total == Decimal(2700) + Decimal(396)  # 80 users -> 3 instances


@pytest.mark.parametrize("argv, total, api", [
    (["--approach", "api", "--model", "gpt-4"], "2480", "1980"),
    (["--approach", "api", "--model", "gpt-3.5-turbo"], "542", "42"),
    (["--approach", "self-hosted"], "2700", None),
    (["--approach", "self-hosted", "--pricing", "reserved-1y"], "1890", None),
])
def test_cli_guide_profile(cli, argv, total, api) -> None:
    r = cli("estimate", *argv, "--profile", "guide", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert Decimal(data["monthly_total"]) == Decimal(total)
    assert data["currency"] == "USD" and data["profile"] == "guide"
    names = {c["name"]: c for c in data["components"]}
    if api is not None:
        assert Decimal(names["llm_api"]["monthly"]) == Decimal(api)
    else:
        assert Decimal(names["gpu_instances"]["monthly"]) == Decimal(1650)
        assert all(c["source"] for c in data["components"])


def test_cli_guide_compare_reproduces_the_100_user_row(cli) -> None:
    r = cli("compare", "--users", "100", "--profile", "guide", "--format", "json")
    assert r.code == 0, r.err
    rows = {row["approach"]: Decimal(row["monthly_total"]) for row in json.loads(r.out)["rows"]}
    assert rows["api:gpt-4"] == 2480 and rows["api:gpt-3.5-turbo"] == 542 and rows["self-hosted:mistral-7b"] == 2700


def test_reconciliation_page_figures_under_the_guide_profile() -> None:
    """The numbers docs/guide-reconciliation.md quotes for the guide's own unit figures."""
    from llmkit.pricing.model.analysis import break_even
    from llmkit.pricing.model.framework import Request, cost_function, parse_approach

    req = Request(profile="guide")
    f = {a: cost_function(parse_approach(a), req) for a in ("api:gpt-4", "api:gpt-3.5-turbo", "self-hosted:mistral-7b")}
    # item 1: the scaling table recomputed (fixed costs do not scale with users)
    assert f["api:gpt-4"](10).monthly_total == Decimal(698)
    assert f["api:gpt-4"](1000).monthly_total == Decimal(20300)
    assert f["api:gpt-3.5-turbo"](10).monthly_total == Decimal("504.2")
    assert f["api:gpt-3.5-turbo"](1000).monthly_total == Decimal(920)
    assert f["self-hosted:mistral-7b"](10).monthly_total == Decimal(1600)
    assert f["self-hosted:mistral-7b"](1000).monthly_total == Decimal(9300)
    # item 2: solved break-even
    assert break_even("a", f["api:gpt-4"], "b", f["self-hosted:mistral-7b"]).users == 139
    assert break_even("a", f["api:gpt-3.5-turbo"], "b", f["self-hosted:mistral-7b"]).users is None
    # item 7: a reservation that discounts only the instances
    e = guide_selfhosted(Workload())
    instances = {c.name: c.monthly for c in e.components}["gpu_instances"]
    assert e.monthly_total - instances * Decimal("0.3") == Decimal(2205)
    # item 8: cost per quality point of the guide's own self-hosted example
    assert round(e.annual_total / 84) == 386
