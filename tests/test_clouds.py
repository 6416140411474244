"""One description per cloud (llmkit.core.clouds): the registry is complete and every table that
used to be written per cloud reads it."""

from __future__ import annotations

import pytest

from llmkit.core import clouds
from llmkit.core.clouds import CLOUDS, DEPLOYABLE, by_cloud, canonical_name, cloud_of_token, resolve


@pytest.mark.parametrize("name", DEPLOYABLE)
def test_every_lazy_reference_of_a_deployable_cloud_resolves(name: str) -> None:
    """A typo in a dotted path would only show when that cloud is used; resolve them all."""
    c = CLOUDS[name]
    assert c.components and c.mock_outputs and c.sweep and c.boot
    assert callable(resolve(c.components).deploy)
    assert callable(resolve(c.mock_outputs).computed_outputs)
    assert callable(resolve(c.sweep))
    assert resolve(c.boot).name == name


def test_token_prefixes_and_aliases_name_one_cloud_each() -> None:
    prefixes = [p for c in CLOUDS.values() for p in c.token_prefixes]
    aliases = [a for c in CLOUDS.values() for a in c.aliases]
    assert len(prefixes) == len(set(prefixes)) and len(aliases) == len(set(aliases))
    assert cloud_of_token("azure-native:compute:Disk") == "azure"
    assert cloud_of_token("google-native:compute/v1:Instance") == "gcp"
    assert cloud_of_token("kubernetes:core/v1:Pod") is None
    assert canonical_name(" Google ") == "gcp" and canonical_name("aliyun") == "alibaba"


def test_default_regions_and_instance_types_are_priced_in_the_catalog() -> None:
    from llmkit.pricing.catalog import load_catalog

    cat = load_catalog()
    for name, c in CLOUDS.items():
        assert c.default_region in cat.regions(name), name
        if name in DEPLOYABLE:
            for instance_type in (c.api_instance_type, c.vector_db_instance_type):
                assert cat.instance(name, c.default_region, instance_type).on_demand_hourly > 0
            assert cat.find_platform(name, c.default_region, f"block_storage_gb_month:{c.disk_type}") is not None


def test_the_scattered_tables_read_the_registry() -> None:
    from llmkit.components import spec
    from llmkit.pricing.model import selfhosted

    assert spec.CLOUDS == DEPLOYABLE
    assert spec.REGION_KEYS == {"aws": "aws:region", "azure": "azure-native:location", "gcp": "gcp:region"}
    assert spec.API_INSTANCE_TYPES == selfhosted.APP_INSTANCE_TYPES == by_cloud("api_instance_type")
    assert spec.VECTOR_DB_INSTANCE_TYPES == selfhosted.VECTOR_DB_INSTANCE_TYPES


def test_a_stack_that_names_only_a_gcp_zone_is_priced_in_its_region() -> None:
    """Every region lookup reads GCP's config keys from one place, gcp:zone included (one of the
    three copies the registry replaced lacked it)."""
    from _previewdocs import create, doc
    from llmkit.pricing.preview.breakdown import price_document

    alert = create("gcp:monitoring/alertPolicy:AlertPolicy", "alert", {"displayName": "x"})
    in_zone = price_document(doc(alert, config={"gcp:zone": "europe-west4-a"}))
    assert in_zone.resources[0].current.region == "europe-west4"


def test_region_from_config_reads_any_clouds_key() -> None:
    assert clouds.region_from_config({"azure-native:location": "westeurope"}) == "westeurope"
    assert clouds.region_from_config({"gcp:zone": "us-east1-b"}) == "us-east1-b"
    assert clouds.region_from_config({}) is None
