"""Self-hosted cost: the guide's components priced from catalog rows, levers and overrides."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from llmkit.core.errors import UserError
from llmkit.pricing.model.capacity import size_gpu_fleet
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.model.costs import Operations
from llmkit.pricing.model.selfhosted import SelfHostedOptions, estimate_selfhosted
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.workload import Workload

GUIDE_COMPONENTS = {"gpu_instances", "vector_db", "load_balancer", "model_storage", "bandwidth", "backups",
                    "monitoring_alarms", "ops_devops", "ops_on_call", "ops_maintenance"}


def comps(e):
    return {c.name: c for c in e.components}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
def test_every_guide_component_is_priced_with_a_source(cloud: str) -> None:
    e = estimate_selfhosted(Workload(), SelfHostedOptions(cloud=cloud))
    c = comps(e)
    assert GUIDE_COMPONENTS <= set(c)
    assert not e.unknown
    for comp in e.components:
        assert comp.monthly is not None and comp.monthly >= 0 and comp.source
    assert e.monthly_total == sum(x.monthly for x in e.components)


def test_gpu_instances_come_from_the_capacity_model() -> None:
    w = Workload(users=5000)
    e = estimate_selfhosted(w, SelfHostedOptions(model="llama-3.1-8b"))
    s = size_gpu_fleet(w, "llama-3.1-8b", "aws", "us-east-1")
    assert comps(e)["gpu_instances"].monthly == s.hourly_per_instance * s.desired_replicas * HOURS_PER_MONTH
    assert e.details["capacity"]["instance_type"] == s.instance_type
    hourly = load_catalog().instance("aws", "us-east-1", s.instance_type).on_demand_hourly
    assert s.hourly_per_instance == hourly


def test_reserved_discounts_instances_only() -> None:
    od = estimate_selfhosted(Workload(), SelfHostedOptions(instance_type="g5.xlarge"))
    r1 = estimate_selfhosted(Workload(), SelfHostedOptions(instance_type="g5.xlarge", pricing="reserved-1y"))
    a, b = comps(od), comps(r1)
    inst = load_catalog().instance("aws", "us-east-1", "g5.xlarge")
    assert b["gpu_instances"].monthly == inst.reserved_1y_hourly * 2 * HOURS_PER_MONTH
    assert b["gpu_instances"].monthly < a["gpu_instances"].monthly
    for name in ("load_balancer", "model_storage", "ops_devops", "ops_on_call", "ops_maintenance", "bandwidth"):
        assert a[name].monthly == b[name].monthly
    assert "assumed" in b["gpu_instances"].detail  # the catalog marks AWS reserved as the guide's assumption


def test_spot_uses_the_spot_price() -> None:
    e = estimate_selfhosted(Workload(), SelfHostedOptions(instance_type="g4dn.xlarge", pricing="spot"))
    spot = load_catalog().instance("aws", "us-east-1", "g4dn.xlarge").spot_hourly
    assert comps(e)["gpu_instances"].monthly == spot * 2 * HOURS_PER_MONTH


def test_operations_are_overridable_and_setup_is_spread() -> None:
    ops = Operations(devops=Decimal(1000), on_call=Decimal(0), maintenance=Decimal(50))
    base = estimate_selfhosted(Workload(), SelfHostedOptions())
    e = estimate_selfhosted(Workload(), SelfHostedOptions(operations=ops, setup_one_time=Decimal(3600), horizon_months=36))
    assert e.subtotal("operations") == Decimal(1050)
    assert e.monthly_total == base.monthly_total - Decimal(800) + Decimal(1050) + Decimal(100)
    assert e.tco(3) == e.recurring_monthly * 36 + Decimal(3600)
    assert e.tco(1) == e.recurring_monthly * 12 + Decimal(3600)


def test_usage_priced_parts_grow_with_traffic() -> None:
    small = comps(estimate_selfhosted(Workload(users=100)))
    big = comps(estimate_selfhosted(Workload(users=10000)))
    assert big["bandwidth"].monthly == pytest.approx(small["bandwidth"].monthly * 100, rel=Decimal("0.001"))
    assert big["monitoring_logs"].monthly > small["monitoring_logs"].monthly
    assert big["gpu_instances"].monthly > small["gpu_instances"].monthly
    assert big["vector_db"].monthly == small["vector_db"].monthly


def test_response_cache_cuts_the_fleet() -> None:
    w = Workload(users=20000)
    plain = estimate_selfhosted(w)
    cached = estimate_selfhosted(dataclasses.replace(w, cache_hit_rate=Decimal("0.5")))
    assert cached.details["capacity"]["desired_replicas"] < plain.details["capacity"]["desired_replicas"]


def test_replicas_override_is_honoured_and_warned() -> None:
    e = estimate_selfhosted(Workload(users=20000), SelfHostedOptions(replicas=2))
    assert e.details["capacity"]["desired_replicas"] == 2
    assert any("fewer than" in n for n in e.notes)


class _NoEgressCatalog:
    """The real catalog with one platform price missing: the component must be unknown, not $0."""

    def __init__(self):
        self._cat = load_catalog()

    def __getattr__(self, name):
        return getattr(self._cat, name)

    def find_platform(self, cloud, region, item):
        return None if item == "egress_gb" else self._cat.find_platform(cloud, region, item)


def test_missing_price_is_unknown_not_zero() -> None:
    e = estimate_selfhosted(Workload(), SelfHostedOptions(), catalog=_NoEgressCatalog())
    assert comps(e)["bandwidth"].monthly is None and e.unknown == ["bandwidth"]
    assert "no catalog price" in comps(e)["bandwidth"].source


def test_bad_options() -> None:
    with pytest.raises(UserError):
        SelfHostedOptions(pricing="monthly")
    with pytest.raises(UserError):
        SelfHostedOptions(replicas=0)
    with pytest.raises(UserError, match="does not fit"):
        estimate_selfhosted(Workload(), SelfHostedOptions(model="llama-3.1-70b", gpu="T4", cloud="azure"))


def test_estimates_price_the_instance_types_the_stacks_deploy() -> None:
    from llmkit.components import spec
    from llmkit.pricing.model import selfhosted

    assert selfhosted.VECTOR_DB_INSTANCE_TYPES == spec.VECTOR_DB_INSTANCE_TYPES
    assert selfhosted.APP_INSTANCE_TYPES == spec.API_INSTANCE_TYPES
    e = estimate_selfhosted(Workload(), SelfHostedOptions(cloud="azure"))
    assert "Standard_D2s_v5" in comps(e)["vector_db"].detail
    # the router runs on e2-medium, the stacks' API type on GCP
    from llmkit.pricing.model.hybrid import estimate_hybrid

    h = estimate_hybrid(Workload(), SelfHostedOptions(cloud="gcp"), "gpt-4o")
    from llmkit.pricing.model.hybrid import ROUTER_SERVERS

    e2 = load_catalog().instance("gcp", "us-central1", "e2-medium").on_demand_hourly
    assert comps(h)["router"].monthly == e2 * ROUTER_SERVERS * HOURS_PER_MONTH
