"""Azure OpenAI token prices per deployment type from the LiteLLM excerpt
(pricing/catalog/litellm_azure.py): each row is its entry's per-token figure x 1M, in every
bundled region of the entry's zone and no other, and a pay-as-you-go deployment is priced from
them (GlobalStandard, DataZoneStandard), including one that names no model version where the
version cannot change the price."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.catalog.build import UPSTREAM
from llmkit.pricing.catalog.litellm_azure import AS_OF, DATA_ZONES, EXCERPT, LiteLLMError, read_rows
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.usage import Usage
from _previewdocs import create, doc

ENTRIES = json.loads((UPSTREAM / EXCERPT).read_text())


def deployment(name: str, sku: str, model: str, version: str | None = None, location: str = "eastus"):
    m = {"name": model, **({"version": version} if version else {})}
    return create("azure-native:cognitiveservices:Deployment", name, {"location": location, "sku": {"name": sku, "capacity": 10}, "properties": {"model": m}})


def priced(*steps, names: tuple[str, ...], location: str = "eastus"):
    """Each deployment priced at 40M input and 4M output tokens a month."""
    tokens = {"monthly_input_tokens": Decimal(40_000_000), "monthly_output_tokens": Decimal(4_000_000)}
    b = price_document(doc(*steps, config={"azure-native:location": location}), usage=Usage(resources={n: tokens for n in names}))
    return {r.name: r for r in b.resources}


def test_the_excerpt_is_litellms_entries_unchanged_for_the_catalogs_models():
    spec = importlib.util.find_spec("litellm")  # located, not imported (importing it fetches the map over the network)
    wheel_map = Path(spec.origin).parent / "model_prices_and_context_window_backup.json" if spec and spec.origin else None
    if wheel_map is not None and wheel_map.is_file() and importlib.metadata.version("litellm") == "1.110.2":
        # the version the excerpt names is installed: its entries are copied whole, unchanged
        full = json.loads(wheel_map.read_text())
        assert all(full[k] == v for k, v in ENTRIES.items())
    cat_models = {m.model for m in load_catalog().llms() if m.provider == "openai"}
    for key in ENTRIES:
        model = key.split("/", 2)[2]
        assert model in cat_models or model.rsplit("-", 3)[0] in cat_models, key


def test_every_row_is_its_entrys_figure_per_million_tokens_in_its_zones_regions():
    cat = load_catalog()
    rows = read_rows(UPSTREAM / EXCERPT)
    assert len(rows) > 200
    for row in rows:
        entry_key = row.source.split("entry '")[1].split("'")[0]
        field = "input_cost_per_token" if row.item.endswith(":input") else "output_cost_per_token"
        assert row.price == Decimal(str(ENTRIES[entry_key][field])) * 1_000_000, row
        zone = entry_key.split("/")[1]
        assert zone in ("global", "global-standard") or DATA_ZONES[row.region] == zone, row
        assert row.as_of == AS_OF and "litellm 1.110.2" in row.source and EXCERPT in row.source
        assert cat.platform("azure", row.region, row.item).price == row.price
    # the figures as LiteLLM lists them: Global Standard gpt-4o $2.50 / $10 per 1M, the US and EU
    # data zones $2.75 / $11, the older 2024-05-13 version $5.50 / $16.50 in a data zone
    p = lambda region, item: cat.platform("azure", region, item).price  # noqa: E731
    assert p("westeurope", "openai_tokens_1m:GlobalStandard:gpt-4o:2024-11-20:input") == Decimal("2.5")
    assert p("eastus", "openai_tokens_1m:GlobalStandard:gpt-4o:2024-08-06:output") == 10
    assert p("eastus2", "openai_tokens_1m:DataZoneStandard:gpt-4o:2024-08-06:input") == Decimal("2.75")
    assert p("westeurope", "openai_tokens_1m:DataZoneStandard:gpt-4o:2024-05-13:output") == Decimal("16.5")
    assert cat.find_platform("azure", "westeurope", "openai_tokens_1m:DataZoneStandard:o3:2025-04-16:input").price == Decimal("2.2")
    # a data zone's price is never put in the other zone's regions
    us_only = {r.region for r in rows if r.item == "openai_tokens_1m:DataZoneStandard:gpt-4.1:2025-04-14:input"}
    assert us_only == {"eastus", "eastus2", "westus2", "westus3"}


@pytest.mark.parametrize("entry, problem", [
    ({"azure/global/gpt-4o": {"input_cost_per_token": "v000000", "output_cost_per_token": 1e-05}}, "not a positive number"),
    ({"azure/global/gpt-4o": {"input_cost_per_token": 0, "output_cost_per_token": 1e-05}}, "not a positive number"),
    ({"azure/gpt-4o": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05}}, "not an azure/"),
    ({"azure/global/gpt-4o": {"input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
      "azure/global-standard/gpt-4o": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1e-05}}, "in another entry"),
])
def test_an_entry_that_gives_no_one_price_fails_the_build(tmp_path: Path, entry, problem):
    (tmp_path / "x.json").write_text(json.dumps(entry))
    with pytest.raises(LiteLLMError, match=problem):
        read_rows(tmp_path / "x.json")


def test_global_and_data_zone_deployments_are_priced_per_token_from_the_rows():
    got = priced(deployment("glob", "GlobalStandard", "gpt-4o", "2024-11-20"),
                 deployment("zone", "DataZoneStandard", "gpt-4o", "2024-08-06"),
                 deployment("mini", "GlobalStandard", "gpt-4o-mini"), names=("glob", "zone", "mini"))
    assert got["glob"].bucket == "estimated" and got["glob"].current.monthly == 40 * Decimal("2.5") + 4 * 10
    assert got["zone"].current.monthly == 40 * Decimal("2.75") + 4 * 11
    # LiteLLM's unversioned azure/global-standard/gpt-4o-mini entry: the '*' row, $0.15 / $0.60
    assert got["mini"].current.monthly == 40 * Decimal("0.15") + 4 * Decimal("0.6")


def test_a_deployment_naming_no_version_is_priced_only_where_the_version_cannot_matter():
    got = priced(deployment("glob", "GlobalStandard", "gpt-4o"), deployment("std", "Standard", "gpt-4o"),
                 deployment("zone", "DataZoneStandard", "gpt-4o", location="westeurope"), names=("glob", "std", "zone"))
    # every GlobalStandard gpt-4o version in the catalog (2024-08-06, 2024-11-20) costs $2.50 / $10
    assert got["glob"].current.monthly == 40 * Decimal("2.5") + 4 * 10
    assert any("names no model version" in n and "2024-08-06, 2024-11-20" in n for n in got["glob"].notes), got["glob"].notes
    # Standard: 2024-05-13 ($5.50) and 2024-08-06 ($2.75) differ, so the version matters: unknown, never a guess
    assert got["std"].bucket == "unknown-input" and got["std"].current.monthly is None
    # a data zone deployment without a version: LiteLLM's unversioned azure/eu/gpt-4o entry
    assert got["zone"].current.monthly == 40 * Decimal("2.75") + 4 * 11


def test_a_global_deployment_is_priced_in_any_region_a_data_zone_one_only_where_its_zone_is_sourced():
    got = priced(deployment("glob", "GlobalStandard", "gpt-4o", "2024-08-06", location="francecentral"),
                 deployment("glob_nover", "GlobalStandard", "gpt-4o", location="japaneast"),
                 deployment("zone", "DataZoneStandard", "gpt-4o", "2024-08-06", location="francecentral"),
                 names=("glob", "glob_nover", "zone"), location="francecentral")
    # Global Standard is one price in every region: francecentral holds no bundled prices, yet it is priced
    assert got["glob"].bucket == "estimated" and got["glob"].current.monthly == 40 * Decimal("2.5") + 4 * 10
    assert got["glob_nover"].current.monthly == 40 * Decimal("2.5") + 4 * 10
    # a data zone price is only ever the one sourced for the zone's bundled regions: none here, never a guess
    assert got["zone"].bucket == "unknown-input" and got["zone"].current.monthly is None
