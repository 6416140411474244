"""The engine-shaped samples of tests/price_gaps.py that the bundled snapshot still cannot
price, pinned: a sourced price removes its sample here (the first test fails until it is
removed), and a price that goes missing fails the second."""

from __future__ import annotations

from price_gaps import SAMPLES, gaps

STILL_UNPRICED = {
    "ai_search", "azure_sql", "container_app", "container_group",
    "firestore", "lambda_provisioned", "logic_workflow", "opensearch", "spark_pool", "vertex",
}


def test_pinned_gaps_are_real_samples():
    assert STILL_UNPRICED <= set(SAMPLES)


def test_gaps_only_shrink():
    found = gaps()
    assert set(found) - STILL_UNPRICED == set(), {n: found[n] for n in set(found) - STILL_UNPRICED}
    assert STILL_UNPRICED - set(found) == set(), f"now priced: remove from STILL_UNPRICED: {sorted(STILL_UNPRICED - set(found))}"


def test_every_gap_names_what_is_missing_never_zero():
    for name, (bucket, reason) in gaps().items():
        assert reason and bucket in ("unknown-input", "estimated", "usage-based"), (name, bucket, reason)
