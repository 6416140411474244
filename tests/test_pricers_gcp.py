"""GCP pricers: host + guest accelerators, templates through instance groups and autoscalers,
GKE, Cloud SQL, storage and secrets; expectations from catalog rows x quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.catalog import load_catalog
from _previewdocs import UNKNOWN, create, doc

H = Decimal(730)
R = "us-central1"


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def plat(cat, item, region=R):
    return cat.platform("gcp", region, item).price


def od(cat, t, region=R):
    return cat.instance("gcp", region, t).on_demand_hourly


def price(*steps, **kw):
    b = price_document(doc(*steps, config={"gcp:region": R, "gcp:project": "p"}), **kw)
    return {r.name: r for r in b.resources}


def test_n1_host_plus_t4_accelerators_plus_boot_disk(cat):
    vm = price(create("gcp:compute/instance:Instance", "vm", {
        "machineType": "n1-standard-4", "zone": "us-central1-a",
        "guestAccelerators": [{"type": "nvidia-tesla-t4", "count": 2}],
        "bootDisk": {"initializeParams": {"size": 200, "type": "pd-ssd"}},
    }))["vm"]
    t4 = cat.accelerator("gcp", R, "nvidia-tesla-t4").on_demand_hourly
    assert vm.current.monthly == od(cat, "n1-standard-4") * H + 2 * t4 * H + 200 * plat(cat, "block_storage_gb_month:pd-ssd")


def test_built_in_gpu_machine_is_not_charged_twice(cat):
    vm = price(create("gcp:compute/instance:Instance", "g2", {"machineType": "zones/us-central1-b/machineTypes/g2-standard-4",
               "guestAccelerators": [{"type": "nvidia-l4", "count": 1}], "bootDisk": {"initializeParams": {"size": 100, "type": "pd-balanced"}}}))["g2"]
    assert vm.current.monthly == od(cat, "g2-standard-4") * H + 100 * plat(cat, "block_storage_gb_month:pd-balanced")


def test_spot_scheduling(cat):
    row = cat.instance("gcp", R, "n1-standard-4")
    vm = price(create("gcp:compute/instance:Instance", "s", {"machineType": "n1-standard-4", "scheduling": {"provisioningModel": "SPOT"}}))["s"]
    assert vm.current.components[0].price == (row.spot_hourly if row.spot_hourly is not None else row.on_demand_hourly)


def test_regional_mig_from_template_with_autoscaler_range(cat):
    tpl_urn = "urn:pulumi:dev::proj::gcp:compute/instanceTemplate:InstanceTemplate::tpl"
    mig_urn = "urn:pulumi:dev::proj::gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager::mig"
    got = price(
        create("gcp:compute/instanceTemplate:InstanceTemplate", "tpl", {"machineType": "n1-standard-8",
               "guestAccelerators": [{"type": "nvidia-tesla-t4", "count": 1}],
               "disks": [{"boot": True, "diskSizeGb": 150, "diskType": "pd-balanced"}]}),
        create("gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager", "mig", {"region": R, "targetSize": 2,
               "versions": [{"instanceTemplate": UNKNOWN}]}, propertyDependencies={"versions": [tpl_urn]}),
        create("gcp:compute/regionAutoscaler:RegionAutoscaler", "as", {"target": UNKNOWN,
               "autoscalingPolicy": {"minReplicas": 1, "maxReplicas": 6}}, propertyDependencies={"target": [mig_urn]}),
    )
    t4 = cat.accelerator("gcp", R, "nvidia-tesla-t4").on_demand_hourly
    per = (od(cat, "n1-standard-8") + t4) * H + 150 * plat(cat, "block_storage_gb_month:pd-balanced")
    mig = got["mig"]
    assert mig.current.monthly == 2 * per and mig.current.monthly_range == (per, 6 * per)
    assert got["tpl"].bucket == got["as"].bucket == "free"


def test_gke_cluster_and_regional_node_pool(cat):
    got = price(
        create("gcp:container/cluster:Cluster", "gke", {"location": R, "removeDefaultNodePool": True, "initialNodeCount": 1}),
        create("gcp:container/nodePool:NodePool", "gpu", {"cluster": UNKNOWN, "location": R, "nodeCount": 1,
               "autoscaling": {"minNodeCount": 0, "maxNodeCount": 2},
               "nodeConfig": {"machineType": "g2-standard-8", "diskSizeGb": 200, "diskType": "pd-ssd"}}),
    )
    assert got["gke"].current.monthly == plat(cat, "k8s_control_plane_hour") * H
    per = od(cat, "g2-standard-8") * H + 200 * plat(cat, "block_storage_gb_month:pd-ssd")
    assert got["gpu"].current.monthly == 3 * per  # a regional pool: the count in each of 3 zones
    assert got["gpu"].current.monthly_range == (0, 6 * per)


def test_cloud_sql_disk_forwarding_rule_address(cat):
    got = price(
        create("gcp:sql/databaseInstance:DatabaseInstance", "sql", {"region": R, "settings": {"tier": "db-custom-2-7680", "availabilityType": "REGIONAL", "diskSize": 50}, "rootPassword": "x"}),
        create("gcp:compute/disk:Disk", "pd", {"zone": "us-central1-c", "size": 1000, "type": "pd-standard"}),
        create("gcp:compute/forwardingRule:ForwardingRule", "fr", {"region": R}),
        create("gcp:compute/address:Address", "ip", {"region": R}),
        create("gcp:compute/address:Address", "internal", {"region": R, "addressType": "INTERNAL"}),
    )
    storage = cat.find_platform("gcp", R, "db_storage_gb_month:PD_SSD") or cat.platform("gcp", R, "block_storage_gb_month:pd-ssd")
    assert got["sql"].current.monthly == 2 * plat(cat, "db_instance_hour:db-custom-2-7680") * H + 2 * 50 * storage.price
    assert got["pd"].current.monthly == 1000 * plat(cat, "block_storage_gb_month:pd-standard")
    assert got["fr"].current.monthly == plat(cat, "lb_hour") * H and got["fr"].bucket == "usage-based"
    assert got["ip"].current.monthly == plat(cat, "public_ipv4_hour") * H
    assert got["internal"].bucket == "free"


def test_bucket_and_secrets(cat):
    got = price(
        create("gcp:storage/bucket:Bucket", "models", {"location": "US-CENTRAL1"}),
        create("gcp:secretmanager/secret:Secret", "key", {"secretId": "k"}),
        create("gcp:secretmanager/secretVersion:SecretVersion", "key-v1", {"secret": UNKNOWN, "secretData": "sk-live-123"}),
    )
    assert got["models"].bucket == "usage-based"
    assert got["key"].bucket == "usage-based"
    assert got["key-v1"].current.monthly == plat(cat, "secret_month")


def test_real_aws_gcp_sample_is_honest(reference_data):
    raw = (reference_data / "preview-samples" / "04-aws-s3-gcp-gcs-modern-v3.242_linro-io_preview.json").read_bytes()
    b = price_document(raw)
    got = {r.name: r for r in b.resources}
    # eu-central-1 and the US multi-region are not in the catalog: unknown, with a reason, never $0
    assert got["uploads"].bucket == "unknown-input" and "eu-central-1" in got["uploads"].reason
    assert got["artifacts"].bucket == "unknown-input" and "US multi-region" in got["artifacts"].reason
    assert all(r.current.monthly is None for r in got.values())
    assert b.counts()["unknown-input"] == 2
