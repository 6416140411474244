"""One description per cloud (llmkit.core.clouds): the registry is complete and every table that
used to be written per cloud reads it."""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path
from typing import Any

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


# ---------------------------------------------------------------- the tables are views, not copies
#
# Each table below was once written per cloud by hand (issue 10, "adding a cloud is its own
# packages plus one descriptor"). These tests hold every one of them to what the descriptors
# say, and show that a fourth cloud registered in CLOUDS alone reaches each of them.


def test_the_live_price_clients_are_the_descriptors_and_the_llm_line() -> None:
    from llmkit.pricing.catalog import live

    assert live.clients() == {
        **{n: (c.price_client, c.price_endpoint_keyword) for n, c in CLOUDS.items() if c.price_client},
        "llm": ("llmkit.pricing.catalog.live.litellm:LiteLlmPrices", "url"),
    }
    assert list(live.clients())[:-1] == list(clouds.live_priced()) == ["aws", "azure", "gcp"]
    for name in clouds.live_priced():  # each reference names a class taking its endpoint keyword
        client = resolve(str(CLOUDS[name].price_client))(**{CLOUDS[name].price_endpoint_keyword: "http://127.0.0.1:9"})
        assert callable(client.instance) and callable(client.supports_platform)


def test_regions_response_cache_and_component_names_are_the_descriptors() -> None:
    from llmkit.components.package import COMPONENTS
    from llmkit.core import regions

    for name, c in CLOUDS.items():
        if c.regions:
            assert regions.valid_regions(name) and c.region_source, name
            assert c.default_region in regions.valid_regions(name), name
        else:
            assert regions.valid_regions(name) == () and regions.is_valid_region(name, "anywhere-1")
    assert regions.valid_regions("azure") == regions.AZURE_REGIONS and regions.valid_regions("gcp") == regions.GCP_REGIONS
    assert {"us-east-1", "us-gov-west-1", "cn-north-1"} <= set(regions.valid_regions("aws"))  # from botocore
    assert [n for n in CLOUDS if CLOUDS[n].zone_pattern] == ["aws", "gcp"]
    assert all(CLOUDS[n].response_cache for n in DEPLOYABLE)
    assert [c.__name__ for c in COMPONENTS] == [f"{p}{kind}" for p in ("Aws", "Azure", "Gcp")
                                                for kind in ("GpuCluster", "ApiTier", "HybridDeployment")]


def test_the_region_spelling_rule_reads_each_clouds_zone_pattern() -> None:
    from llmkit.core.regions import normalise_region

    assert normalise_region("gcp", "us-central1-a") == "us-central1"
    assert normalise_region("aws", "us-east-1a") == "us-east-1"
    assert normalise_region("aws", "us-east-1-bos-1a") == "us-east-1"  # a Local Zone
    assert normalise_region("aws", "us-gov-west-1b") == "us-gov-west-1"
    assert normalise_region("azure", "West Europe") == "westeurope"
    assert normalise_region("azure", "westeurope-a") == "westeurope-a"  # Azure has no zone pattern
    assert normalise_region("gcp", "us-east-1a") == "us-east-1a"  # another cloud's zone is not GCP's
    assert normalise_region(None, " US-East-1a ") == "us-east-1a" and normalise_region("gcp", "  ") is None


@pytest.fixture
def acme(monkeypatch: pytest.MonkeyPatch) -> clouds.Cloud:
    """A fourth cloud, registered in CLOUDS/DEPLOYABLE only: GCP's facts under another name,
    its own zone pattern (``acme-north1/z``) and region list."""
    from llmkit.core.records import replace

    cloud = replace(clouds.GCP, name="acme", title="Acme", aliases=(), token_prefixes=("acme",),
                    region_config_keys=("acme:region",), regions="tests.test_clouds:ACME_REGIONS",
                    region_source="a test", zone_pattern=r"^(acme-[a-z]+\d+)/[a-z]$")
    monkeypatch.setitem(CLOUDS, "acme", cloud)
    monkeypatch.setattr(clouds, "DEPLOYABLE", (*DEPLOYABLE, "acme"))
    return cloud


ACME_REGIONS = ("acme-north1", "europe-west1")


def test_a_fourth_cloud_has_regions_and_zones_from_its_descriptor_alone(acme: clouds.Cloud) -> None:
    from llmkit.core.regions import is_valid_region, normalise_region, valid_regions

    assert valid_regions("acme") == ACME_REGIONS
    assert is_valid_region("acme", "acme-north1") and not is_valid_region("acme", "us-central1")
    assert normalise_region("acme", "ACME-North1/b") == "acme-north1"
    assert normalise_region("gcp", "acme-north1/b") == "acme-north1/b"


def test_a_fourth_cloud_has_a_price_client_and_a_response_cache_from_its_descriptor_alone(acme: clouds.Cloud) -> None:
    from llmkit.pricing.catalog import load_catalog
    from llmkit.pricing.catalog.live import default_fetchers
    from llmkit.pricing.catalog.live.gcp import GcpPrices
    from llmkit.pricing.model.response_cache import response_cache_component

    fetchers = default_fetchers({"acme": "http://127.0.0.1:9"})
    assert list(fetchers) == ["aws", "azure", "gcp", "acme", "llm"]
    assert isinstance(fetchers["acme"], GcpPrices) and fetchers["acme"].base_url == "http://127.0.0.1:9"

    class AcmeCatalog:  # Acme sells GCP's cache at GCP's prices: only the descriptor says which item
        def find_platform(self, cloud: str, region: str, item: str) -> object:
            assert cloud == "acme"
            return load_catalog().find_platform("gcp", region, item)

    line = response_cache_component(AcmeCatalog(), "acme", "us-central1")
    gcp_line = response_cache_component(load_catalog(), "gcp", "us-central1")
    assert line.monthly_cost == gcp_line.monthly_cost and line.monthly_cost
    assert "Memorystore for Redis, BASIC 1 GB" in line.detail


def test_a_fourth_cloud_is_refreshed_and_named_by_prices_refresh(acme: clouds.Cloud, cli: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.replay_server import ReplayServer
    from tests.test_live_prices import load

    res = cli("prices", "refresh", "--cloud", "alibaba")
    assert res.code == 2 and "--cloud must be aws, azure, gcp or acme" in res.err
    res = cli("prices", "refresh", "--cloud", "acme", "--region", "mars-1")
    assert res.code == 2 and "unknown acme region 'mars-1'" in res.err  # Acme's own region list
    pages = {"": load("gcp/constructed-compute-skus-page1.json"), "page-2": load("gcp/constructed-compute-skus-page2.json")}
    monkeypatch.setenv("LLMKIT_GCP_API_KEY", "k-123")
    with ReplayServer() as s:  # Acme's price API answers as GCP's (its descriptor names GCP's client)
        s.route("GET", r"/v1/services/6F81-5844-456A/skus", lambda req: (200, pages[req.q("pageToken") or ""], {}))
        res = cli("prices", "refresh", "--cloud", "acme", "--region", "europe-west1", "--type", "n1-standard-8",
                  "--service", "compute", "--endpoint", s.url, "--format", "json")
    assert res.code == 0, res.err
    assert [(i["cloud"], i["region"], i["key"], i["status"]) for i in json.loads(res.out)["items"]] == [
        ("acme", "europe-west1", "n1-standard-8", "fetched")]


def test_a_fourth_cloud_is_offered_by_the_component_package(acme: clouds.Cloud) -> None:
    from llmkit.components.package import hosted_components

    names = [c.__name__ for c in hosted_components(clouds.DEPLOYABLE)]
    assert names[-3:] == ["AcmeGpuCluster", "AcmeApiTier", "AcmeHybridDeployment"]
    assert hosted_components(clouds.DEPLOYABLE)[-1]._token == "llmkit:index:AcmeHybridDeployment"


def test_a_fourth_cloud_takes_custom_weights_from_its_own_buckets(acme: clouds.Cloud) -> None:
    from llmkit.components.spec import _weights_location

    assert _weights_location("acme", "gs://weights/ft-v3/") == ("gs://weights/ft-v3", "custom/ft-v3")
    with pytest.raises(Exception, match="llmkit:model on acme must be a hub id or a bucket path like gs://<bucket>/<prefix>"):
        _weights_location("acme", "s3://weights/ft-v3")


ROOT = Path(__file__).resolve().parents[1]
# A cloud's own packages, where its name is at home.
_ANY = "|".join(DEPLOYABLE)
OWN = re.compile(rf"^(components/({_ANY})/|llmkit/sweep/({_ANY})\.py|pricing/catalog/live/({_ANY})\.py"
                 rf"|pricing/preview/resources/(.*[_/])?({_ANY})[_.])")
# Per-cloud on purpose, each for a reason of its own:
ALLOWED = {
    "pricing/catalog/build.py",  # build-time adapters, one per upstream catalog a cloud's rows are built from
    "components/boot/metrics_publisher.py",  # a standalone script copied onto hosts: it must not import llmkit
}


def _per_cloud_code(path: Path, names: set[str], root: Path = ROOT) -> list[str]:
    """Where a module writes a table keyed by cloud names (a dict with two or more of them as
    keys, a tuple/list/set of two or more) or branches on one (``cloud == "gcp"``). A
    ``Literal[...]`` (a static type) is not a table."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_literal = {id(n) for sub in ast.walk(tree) if isinstance(sub, ast.Subscript)
                  and isinstance(sub.value, ast.Name) and sub.value.id == "Literal" for n in ast.walk(sub.slice)}
    found = []
    for node in ast.walk(tree):
        values = (node.keys if isinstance(node, ast.Dict) else node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set))
                  else [node.left, *node.comparators] if isinstance(node, ast.Compare) else [])
        hits = [v.value for v in values if isinstance(v, ast.Constant) and v.value in names and id(v) not in in_literal]
        if len(hits) >= (1 if isinstance(node, ast.Compare) else 2):
            found.append(f"{path.relative_to(root)}:{node.lineno} {hits}")
    return found


def test_no_per_cloud_table_outside_the_clouds_own_packages(tmp_path: Path) -> None:
    """The guard that keeps "adding a cloud is its own packages plus one descriptor" true: a
    table per cloud (or a branch on a cloud's name) written outside the cloud's own packages
    fails here; put the fact on the cloud's descriptor and derive the table from CLOUDS."""
    found: list[str] = []
    read = 0
    for top in ("llmkit", "pricing", "components", "policies"):
        for folder, _dirs, files in os.walk(ROOT / top):  # not into llmkit/'s links to the others
            for name in files:
                path = Path(folder) / name
                rel = path.relative_to(ROOT).as_posix()
                if name.endswith(".py") and not OWN.match(rel) and rel not in ALLOWED and rel != "llmkit/core/clouds.py":
                    found += _per_cloud_code(path, set(CLOUDS))
                    read += 1
    assert found == [] and read > 100  # the walk read the shared code (128 modules when written)
    # the check sees one: the table package.py once held, and the branch regions.py had
    probe = tmp_path / "probe.py"
    probe.write_text('CLOUD_PREFIX = {"aws": "Aws", "azure": "Azure", "gcp": "Gcp"}\nif cloud == "gcp":\n    pass\n')
    assert [f.split(" ", 1)[1] for f in _per_cloud_code(probe, set(CLOUDS), tmp_path)] == ["['aws', 'azure', 'gcp']", "['gcp']"]
