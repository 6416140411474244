"""The resource types Pulumi's public examples use in their Python programs (aws, azure-native,
gcp; list and provenance in tests/fixtures/pulumi-examples-types.txt): llmkit prices each one,
or knows it is free, except the types named below, which are still unsupported.

The still-unsupported list may only shrink: pricing one of them fails the first test until it
is removed here, and a type newly unsupported fails the second."""

from __future__ import annotations

from pathlib import Path

from llmkit.pricing.preview.resources import lookup, registry
from llmkit.pricing.preview.resources.free import is_free

FIXTURE = Path(__file__).parent / "fixtures" / "pulumi-examples-types.txt"

# None left. Lambda provisioned concurrency, Synapse Spark pools, container groups and Cognito
# user pools have pricers but no bundled price: offline they are unknown-input (price_gaps
# samples "lambda_provisioned", "spark_pool", "container_group"; a user pool is usage-based
# until its monthly active users are given), the live price lookups and `llmkit prices refresh`
# price them; Logic Apps workflows have westeurope connector rates only ("logic_workflow" is the
# eastus gap).
STILL_UNSUPPORTED: set[str] = set()


def example_types() -> list[str]:
    return [line.strip() for line in FIXTURE.read_text().splitlines() if line.strip() and not line.startswith("#")]


def unsupported(types: list[str]) -> set[str]:
    return {t for t in types if lookup(t) is None and not is_free(t)}


def test_fixture_is_the_three_providers_with_provenance():
    types = example_types()
    assert len(types) == len(set(types)) > 150
    assert {t.split(":")[0] for t in types} == {"aws", "azure-native", "gcp"}
    assert "commit:" in FIXTURE.read_text() and "@pulumi.type_token" in FIXTURE.read_text()


def test_still_unsupported_list_only_shrinks():
    stale = STILL_UNSUPPORTED - unsupported(example_types())
    assert not stale, f"now priced or free: remove from STILL_UNSUPPORTED: {sorted(stale)}"
    assert STILL_UNSUPPORTED <= set(example_types())


def test_no_other_example_type_is_unsupported():
    assert unsupported(example_types()) - STILL_UNSUPPORTED == set()


def test_no_priced_type_is_also_on_the_free_list():
    both = {t for t in registry() if is_free(t)}
    assert not both
