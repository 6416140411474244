"""AWS pricers: each expectation is computed here from catalog rows x quantities (not from the
pricer), so a wrong quantity, unit or default in a pricer fails the test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.catalog import load_catalog
from _previewdocs import UNKNOWN, create, doc

H = Decimal(730)
R = "us-east-1"


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def plat(cat, item, region=R):
    return cat.platform("aws", region, item).price


def inst(cat, t, region=R):
    return cat.instance("aws", region, t)


def price(*steps, **kw):
    b = price_document(doc(*steps), **kw)
    return {r.name: r for r in b.resources}


def test_instance_with_root_and_attached_volumes(cat):
    r = price(create("aws:ec2/instance:Instance", "web", {
        "instanceType": "t3.medium",
        "rootBlockDevice": {"volumeSize": 50, "volumeType": "gp3"},
        "ebsBlockDevices": [{"deviceName": "/dev/sdf", "volumeSize": 200, "volumeType": "st1"}],
    }))["web"]
    want = inst(cat, "t3.medium").on_demand_hourly * H + 50 * plat(cat, "block_storage_gb_month:gp3") + 200 * plat(cat, "block_storage_gb_month:st1")
    assert (r.bucket, r.current.monthly) == ("estimated", want)


def test_instance_without_root_device_assumes_8gb_gp2_and_says_so(cat):
    r = price(create("aws:ec2/instance:Instance", "web", {"instanceType": "g5.xlarge"}))["web"]
    assert r.current.monthly == inst(cat, "g5.xlarge").on_demand_hourly * H + 8 * plat(cat, "block_storage_gb_month:gp2")
    assert any("assumed" in c.name for c in r.current.components)


def test_unknown_instance_type_is_unknown_input_not_zero():
    r = price(create("aws:ec2/instance:Instance", "web", {"instanceType": UNKNOWN}))["web"]
    assert r.bucket == "unknown-input" and r.current.monthly is None


def test_region_the_catalog_does_not_price_is_unknown_input_with_reason():
    r = price(create("aws:ec2/instance:Instance", "web", {"instanceType": "t3.medium", "region": "ap-south-2"}))["web"]
    assert r.bucket == "unknown-input" and "ap-south-2" in r.reason


def test_spot_pricing_model_and_reserved(cat):
    row = inst(cat, "g4dn.xlarge")
    for model, want in (("spot", row.spot_hourly), ("reserved-1y", row.reserved_1y_hourly), ("reserved-3y", row.reserved_3y_hourly)):
        r = price(create("aws:ec2/instance:Instance", "w", {"instanceType": "g4dn.xlarge", "rootBlockDevice": {"volumeSize": 10}}), pricing=model)["w"]
        line = r.current.components[0]
        expected = want if want is not None else row.on_demand_hourly
        assert line.price == expected, model


def test_asg_resolves_launch_template_and_reports_range(cat):
    lt_urn = "urn:pulumi:dev::proj::aws:ec2/launchTemplate:LaunchTemplate::gpu-lt"
    steps = [
        create("aws:ec2/launchTemplate:LaunchTemplate", "gpu-lt", {
            "instanceType": "g5.xlarge",
            "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": 100, "volumeType": "gp3"}}],
        }),
        create("aws:autoscaling/group:Group", "gpu-asg", {
            "minSize": 1, "desiredCapacity": 2, "maxSize": 4,
            "launchTemplate": {"id": UNKNOWN, "version": "$Latest"},
        }, propertyDependencies={"launchTemplate": [lt_urn]}),
    ]
    got = price(*steps)
    per = inst(cat, "g5.xlarge").on_demand_hourly * H + 100 * plat(cat, "block_storage_gb_month:gp3")
    asg = got["gpu-asg"]
    assert asg.bucket == "estimated"
    assert asg.current.monthly == 2 * per
    assert asg.current.monthly_range == (1 * per, 4 * per)
    assert got["gpu-lt"].bucket == "free"  # priced through the group, not twice


def test_asg_mixed_instances_splits_on_demand_and_spot(cat):
    row = inst(cat, "t3.medium")
    steps = [
        create("aws:ec2/launchTemplate:LaunchTemplate", "lt", {"name": "api-lt", "instanceType": "t3.medium",
               "blockDeviceMappings": [{"ebs": {"volumeSize": 20, "volumeType": "gp3"}}]}),
        create("aws:autoscaling/group:Group", "asg", {
            "minSize": 4, "maxSize": 4, "desiredCapacity": 4,
            "mixedInstancesPolicy": {
                "launchTemplate": {"launchTemplateSpecification": {"launchTemplateName": "api-lt"}},
                "instancesDistribution": {"onDemandBaseCapacity": 1, "onDemandPercentageAboveBaseCapacity": 0},
            },
        }),
    ]
    asg = price(*steps)["asg"]
    spot = row.spot_hourly if row.spot_hourly is not None else row.on_demand_hourly
    want = row.on_demand_hourly * H + 3 * spot * H + 4 * 20 * plat(cat, "block_storage_gb_month:gp3")
    assert asg.current.monthly == want


def test_asg_without_its_template_in_the_plan_is_unknown_input():
    asg = price(create("aws:autoscaling/group:Group", "asg", {"minSize": 1, "maxSize": 2, "launchTemplate": {"id": "lt-0123"}}))["asg"]
    assert asg.bucket == "unknown-input" and "launch template" in asg.reason


def test_network_lb_nat_eip_and_usage(cat):
    got = price(
        create("aws:lb/loadBalancer:LoadBalancer", "alb", {"loadBalancerType": "application"}),
        create("aws:lb/loadBalancer:LoadBalancer", "nlb", {"loadBalancerType": "network"}),
        create("aws:ec2/natGateway:NatGateway", "nat", {"subnetId": UNKNOWN}),
        create("aws:ec2/eip:Eip", "ip", {"domain": "vpc"}),
    )
    assert got["alb"].bucket == "usage-based"
    assert got["alb"].current.monthly == plat(cat, "lb_hour") * H  # fixed part priced, LCUs wait for usage
    assert got["nlb"].current.monthly == plat(cat, "nlb_hour") * H
    assert got["nat"].current.monthly == plat(cat, "nat_gateway_hour") * H
    assert (got["ip"].bucket, got["ip"].current.monthly) == ("estimated", plat(cat, "public_ipv4_hour") * H)


def test_usage_file_values_price_the_usage_lines(cat):
    from llmkit.pricing.preview.usage import parse_usage

    usage = parse_usage("resource_usage:\n  alb:\n    capacity_units: 2\n  'nat*':\n    monthly_data_processed_gb: 1000\n")
    got = price(
        create("aws:lb/loadBalancer:LoadBalancer", "alb", {}),
        create("aws:ec2/natGateway:NatGateway", "nat-a", {}),
        usage=usage,
    )
    assert got["alb"].bucket == "estimated"
    assert got["alb"].current.monthly == (plat(cat, "lb_hour") + 2 * plat(cat, "lb_capacity_unit_hour")) * H
    assert got["nat-a"].current.monthly == plat(cat, "nat_gateway_hour") * H + 1000 * plat(cat, "nat_gateway_gb")


def test_eks_cluster_and_node_group_range(cat):
    got = price(
        create("aws:eks/cluster:Cluster", "eks", {"roleArn": UNKNOWN}),
        create("aws:eks/nodeGroup:NodeGroup", "ng", {"clusterName": UNKNOWN, "instanceTypes": ["g5.xlarge"], "diskSize": 100,
               "scalingConfig": {"minSize": 0, "desiredSize": 1, "maxSize": 3}}),
    )
    assert got["eks"].current.monthly == plat(cat, "k8s_control_plane_hour") * H
    per = inst(cat, "g5.xlarge").on_demand_hourly * H + 100 * plat(cat, "block_storage_gb_month:gp2")
    assert got["ng"].current.monthly == per
    assert got["ng"].current.monthly_range == (0, 3 * per)


def test_databases_rds_aurora_elasticache(cat):
    got = price(
        create("aws:rds/instance:Instance", "pg", {"engine": "postgres", "instanceClass": "db.t3.micro", "allocatedStorage": 20, "storageType": "gp3", "multiAz": True, "password": "pw"}),
        create("aws:rds/clusterInstance:ClusterInstance", "aur", {"engine": "aurora-postgresql", "instanceClass": "db.r5.large"}),
        create("aws:elasticache/cluster:Cluster", "redis", {"nodeType": "cache.t3.micro", "numCacheNodes": 2}),
    )
    db = plat(cat, "db_instance_hour:db.t3.micro")
    storage = cat.find_platform("aws", R, "db_storage_gb_month:gp3") or cat.platform("aws", R, "block_storage_gb_month:gp3")
    assert got["pg"].current.monthly == 2 * db * H + 2 * 20 * storage.price
    # an Aurora instance is not priced at the RDS for PostgreSQL rate of its class (the old bug)
    assert got["aur"].bucket == "unknown-input" and "aurora-postgresql db.r5.large" in got["aur"].reason
    assert got["redis"].current.monthly == 2 * plat(cat, "db_instance_hour:cache.t3.micro") * H


def test_ops_alarm_logs_secret_budget(cat):
    got = price(
        create("aws:cloudwatch/metricAlarm:MetricAlarm", "alarm", {}),
        create("aws:cloudwatch/logGroup:LogGroup", "logs", {}),
        create("aws:secretsmanager/secret:Secret", "key", {}),
        create("aws:budgets/budget:Budget", "budget", {"limitAmount": "100"}),
        create("aws:s3/bucket:Bucket", "b", {}),
    )
    assert got["alarm"].current.monthly == plat(cat, "monitoring_alarm_month")
    # only usage lines and no usage given: the cost is unknown (None), never $0
    assert got["logs"].bucket == "usage-based" and got["logs"].current.monthly is None
    assert got["key"].current.monthly == plat(cat, "secret_month") and got["key"].bucket == "usage-based"
    assert got["key"].current.usage_pending and not got["alarm"].current.usage_pending
    assert got["budget"].bucket in ("free", "estimated")
    assert got["b"].bucket == "usage-based" and got["b"].current.monthly is None


def test_ebs_volume_and_unknown_size(cat):
    got = price(
        create("aws:ebs/volume:Volume", "data", {"size": 500, "type": "gp3", "availabilityZone": "us-west-2a"}),
        create("aws:ebs/volume:Volume", "snap", {"snapshotId": "snap-1", "availabilityZone": "us-west-2a"}),
    )
    assert got["data"].current.region == "us-west-2"
    assert got["data"].current.monthly == 500 * plat(cat, "block_storage_gb_month:gp3", "us-west-2")
    assert got["snap"].bucket == "unknown-input"


def test_region_unknown_at_preview_is_unknown_input():
    r = price(create("aws:ec2/instance:Instance", "web", {"instanceType": "t3.medium", "availabilityZone": UNKNOWN}))["web"]
    assert r.bucket == "unknown-input" and "region" in r.reason


def test_instance_with_a_volume_of_unknown_size_is_priced_for_the_rest_and_names_it(cat):
    r = price(create("aws:ec2/instance:Instance", "web", {
        "instanceType": "t3.medium",
        "rootBlockDevice": {"volumeSize": 30, "volumeType": "gp3"},
        "ebsBlockDevices": [{"deviceName": "/dev/sdf", "snapshotId": "snap-1"}, {"deviceName": "/dev/sdg", "volumeSize": UNKNOWN}],
    }))["web"]
    assert r.bucket == "estimated"
    assert r.current.monthly == inst(cat, "t3.medium").on_demand_hourly * H + 30 * plat(cat, "block_storage_gb_month:gp3")
    assert r.current.unknown_parts == ("ebs volume 1 size", "ebs volume 2 size")
