"""Every report names the sources of its prices with their dates and warns about stale ones:
the preview's cost lines and the cost model's components go through one account
(llmkit.pricing.provenance)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from llmkit.pricing.cost_component import CostComponent
from llmkit.pricing.provenance import BUNDLED, UNDATED, components_provenance


def _line(source: str, as_of: str = "", price: str = "10") -> CostComponent:
    return CostComponent("x", "month", Decimal(1), Decimal(price), source, as_of)


def test_a_model_component_carries_the_date_of_its_catalog_price():
    """The cost model's components are dated by the catalog rows they price (guide figures
    are not), so estimate and compare can say how old their prices are."""
    from llmkit.usecases.framework import estimate

    result = estimate(approach="self-hosted", model=None, api_model=None, tiers=None, scenario=None,
                      options=dict(users=None, qpd=None, input_tokens=None, output_tokens=None, active_hours=None,
                                   peak=None, cache=None, context=None, cloud="aws", region=None, pricing="on-demand",
                                   profile="default", dtype=None, gpu=None, instance_type=None, replicas=None,
                                   local_share=None, no_batching=False, app_tier=None, devops=None, on_call=None,
                                   maintenance=None, setup=None, horizon=36))
    by_name = {c.name: c for c in result.estimate.components}
    assert by_name["gpu_instances"].as_of and by_name["gpu_instances"].as_of in by_name["gpu_instances"].source
    assert by_name["ops_devops"].as_of == ""  # the guide's operations figure has no date


def test_stale_prices_are_counted_undated_figures_never_are():
    lines = [_line("a", "2025-07-01"), _line("b", "2026-11-01", price="2"), _line("guide section 5"),
             _line("a", "2025-07-01")]  # the same price twice counts once
    prov = components_provenance(lines, today=dt.date(2026, 11, 28))
    assert prov.sources == {BUNDLED: ("2025-07-01", "2026-11-01", 2), UNDATED: ("", "", 1)}
    assert (prov.stale, prov.oldest) == (1, "2025-07-01")
    assert prov.to_json()["warnings"] == [
        "1 price(s) in use are older than 90 days (oldest 2025-07-01); `llmkit prices refresh` fetches current ones"]
    fresh = components_provenance(lines[1:3], today=dt.date(2026, 11, 28))
    assert fresh.stale == 0 and "warnings" not in fresh.to_json()
    assert fresh.lines() == [f"Price sources: {BUNDLED} (2026-11-01, 1 price(s)); {UNDATED} (1 price(s))."]


def _stale_expected(doc: dict) -> bool:
    limit = (dt.date.today() - dt.timedelta(days=90)).isoformat()
    return any(s["oldestAsOf"] and s["oldestAsOf"] < limit for s in doc["priceSources"])


def test_estimate_and_compare_name_their_price_sources_in_every_format(cli):
    for argv in (["estimate", "-a", "self-hosted"], ["compare", "--users", "10,100"]):
        doc = json.loads(cli(*argv, "--format", "json").out)["provenance"]
        bundled = next(s for s in doc["priceSources"] if s["source"] == BUNDLED)
        assert bundled["prices"] > 0 and bundled["oldestAsOf"] <= bundled["newestAsOf"]
        assert ("warnings" in doc) == _stale_expected(doc)
        for fmt in ("table", "markdown", "html"):
            out = cli(*argv, "--format", fmt).out
            assert "Price sources:" in out, (argv, fmt)
            assert ("older than 90 days" in out) == _stale_expected(doc), (argv, fmt)
