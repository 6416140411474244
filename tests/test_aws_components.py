"""The AWS architectures under mocks: graph shape and the security defaults, asserted on the
recorded security group rules, launch templates, instances, volumes, buckets and policies."""

from __future__ import annotations

import base64
import json
from collections import Counter
from decimal import Decimal

import pytest

from _cloud_graph import masked_inputs
from _stack_plans import by_type, config, one, recorded
from llmkit.components.aws.base import AMI_PARAMETERS
from llmkit.components.aws.monitoring import ERROR_RATE_ALARM_PCT, GPU_ALARM_PCT
from llmkit.components.spec import SCALE_DOWN_UTILISATION_PCT, SCALE_UP_UTILISATION_PCT, build_spec
from llmkit.components.aws.mock_outputs import AWS_AMIS
from llmkit.stacks import stack_names

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

AWS_STACKS = [s for s in stack_names() if config(s).get("llmkit:cloud") == "aws"]
SG = "aws:ec2/securityGroup:SecurityGroup"
LT = "aws:ec2/launchTemplate:LaunchTemplate"
ASG = "aws:autoscaling/group:Group"
TG = "aws:lb/targetGroup:TargetGroup"
LB = "aws:lb/loadBalancer:LoadBalancer"

# Resource counts per architecture (excluding per-model secrets): the graph each pattern needs.
# api and hybrid: one more alarm, the hosted-API quota use, and the response cache with its own
# security group (Redis from the routers only); every stack: one dashboard.
EXPECTED = {
    "gpu": {ASG: 1, LT: 1, LB: 1, TG: 1, SG: 3, "aws:ec2/instance:Instance": 1, "aws:ebs/volume:Volume": 1,
            "aws:s3/bucket:Bucket": 1, "aws:ec2/natGateway:NatGateway": 1, "aws:ec2/subnet:Subnet": 4,
            "aws:budgets/budget:Budget": 1, "aws:cloudwatch/metricAlarm:MetricAlarm": 6, "aws:secretsmanager/secret:Secret": 3,
            "aws:cloudwatch/dashboard:Dashboard": 1},
    "api": {ASG: 1, LT: 1, LB: 1, TG: 1, SG: 4, "aws:elasticache/replicationGroup:ReplicationGroup": 1, "aws:ec2/instance:Instance": 1, "aws:ebs/volume:Volume": 1,
            "aws:s3/bucket:Bucket": 0, "aws:ec2/natGateway:NatGateway": 1, "aws:ec2/subnet:Subnet": 4,
            "aws:budgets/budget:Budget": 1, "aws:cloudwatch/metricAlarm:MetricAlarm": 6},
    "hybrid": {ASG: 2, LT: 2, LB: 2, TG: 2, SG: 6, "aws:elasticache/replicationGroup:ReplicationGroup": 1, "aws:ec2/instance:Instance": 1, "aws:ebs/volume:Volume": 1,
               "aws:s3/bucket:Bucket": 1, "aws:ec2/natGateway:NatGateway": 1, "aws:ec2/subnet:Subnet": 4,
               "aws:budgets/budget:Budget": 1, "aws:cloudwatch/metricAlarm:MetricAlarm": 9},
}


def sg_ids(resources) -> dict[str, dict]:
    """Mock ids are '<name>-id': map them back to the security group's inputs."""
    return {f"{r.name}-id": r.inputs for r in by_type(resources, SG)}


def user_data(lt) -> str:
    return base64.b64decode(lt.inputs["userData"]).decode()


@pytest.mark.parametrize("name", AWS_STACKS)
def test_graph_has_the_architecture_resources(name):
    resources = recorded(name)
    spec = build_spec(config(name), name)
    counts = Counter(r.type for r in resources)
    for type_token, n in EXPECTED[spec.architecture].items():
        assert counts[type_token] == n, type_token
    # the router's keys, the model server's own key and its Hugging Face token wherever vLLM
    # runs, the vector DB's key and the response cache's AUTH token
    assert counts["aws:secretsmanager/secret:Secret"] == len(spec.router.secret_names if spec.router else ()) + (
        2 if spec.model_server else 0) + 1 + (1 if spec.response_cache else 0)
    named = by_type(resources, LB) + by_type(resources, TG)
    assert named and all(len(r.inputs["name"]) <= 32 for r in named), "AWS caps ALB and target group names at 32"


def test_load_balancer_names_differ_between_stacks_with_a_common_prefix():
    from _spec_fakes import FakeCatalog, FakeSizer
    from llmkit.mockrun import run_program
    from llmkit.offline_plan import _offline_mocks, invokes
    from llmkit.components.program import build

    names = []
    for stack in ("enterprise-support-test-aaaa", "enterprise-support-test-bbbb"):
        cfg = {"llmkit:architecture": "api", "aws:region": "us-east-1"}
        res = run_program(lambda: build(cfg, stack, catalog=FakeCatalog(), sizer=FakeSizer()), config=cfg, stack=stack,
                          mocks=_offline_mocks(invokes(cfg), False))
        names.append({r.inputs["name"] for r in res if r.type in (LB, TG)})
    assert names[0].isdisjoint(names[1])


@pytest.mark.parametrize("name", AWS_STACKS)
def test_servers_accept_only_the_serving_port_from_the_load_balancer(name):
    resources = recorded(name)
    groups = sg_ids(resources)
    lb_sgs = {sg for lb in by_type(resources, LB) for sg in lb.inputs["securityGroups"]}
    serving = {}
    for lt in by_type(resources, LT):
        port = 8000 if lt.name.endswith("-gpu-lt") else 4000
        for sg in lt.inputs["networkInterfaces"][0]["securityGroups"]:
            serving[sg] = port
    assert serving
    for sg, port in serving.items():
        rules = groups[sg]["ingress"]
        assert rules, sg
        for rule in rules:
            assert (rule["fromPort"], rule["toPort"], rule["protocol"]) == (port, port, "tcp")
            assert not rule.get("cidrBlocks") and not rule.get("ipv6CidrBlocks"), "servers take no traffic by address"
            assert set(rule["securityGroups"]) <= lb_sgs, "only from a load balancer"
    # the vector DB only from the application servers
    vdb = one(resources, "aws:ec2/instance:Instance")
    for sg in vdb.inputs["vpcSecurityGroupIds"]:
        for rule in groups[sg]["ingress"]:
            assert rule["fromPort"] == rule["toPort"] == 6333
            assert set(rule["securityGroups"]) <= set(serving)
    # no SSH from anywhere; only a public load balancer listens to the internet, on its HTTP port
    for sg_id, inputs in groups.items():
        for rule in inputs["ingress"]:
            assert not (rule["fromPort"] <= 22 <= rule["toPort"]) and rule["protocol"] != "-1", sg_id
            if "0.0.0.0/0" in rule.get("cidrBlocks", []):
                assert sg_id in lb_sgs and rule["fromPort"] == rule["toPort"] and rule["fromPort"] in (80, 443)


@pytest.mark.parametrize("name", AWS_STACKS)
def test_no_public_ips_imdsv2_and_encrypted_disks(name):
    resources = recorded(name)
    for lt in by_type(resources, LT):
        nic = lt.inputs["networkInterfaces"][0]
        assert nic["associatePublicIpAddress"] == "false"
        assert lt.inputs["metadataOptions"]["httpTokens"] == "required"
        for bdm in lt.inputs["blockDeviceMappings"]:
            assert bdm["ebs"]["encrypted"] == "true" and bdm["ebs"]["volumeType"] == "gp3"
        assert lt.inputs["imageId"] in AWS_AMIS.values()
    for inst in by_type(resources, "aws:ec2/instance:Instance"):
        assert inst.inputs["associatePublicIpAddress"] is False
        assert inst.inputs["metadataOptions"]["httpTokens"] == "required"
        assert inst.inputs["rootBlockDevice"]["encrypted"] is True
        assert inst.inputs["ami"] == AWS_AMIS[AMI_PARAMETERS["cpu"]]
    for vol in by_type(resources, "aws:ebs/volume:Volume"):
        assert vol.inputs["encrypted"] is True
    for subnet in by_type(resources, "aws:ec2/subnet:Subnet"):
        assert subnet.inputs["mapPublicIpOnLaunch"] is False
    for group in by_type(resources, ASG):
        private = {f"{s.name}-id" for s in by_type(resources, "aws:ec2/subnet:Subnet") if "-private-" in s.name}
        assert set(group.inputs["vpcZoneIdentifiers"]) <= private


@pytest.mark.parametrize("name", [s for s in AWS_STACKS if config(s)["llmkit:architecture"] != "api"])
def test_model_bucket_is_private_encrypted_and_tls_only(name):
    resources = recorded(name)
    bucket = one(resources, "aws:s3/bucket:Bucket")
    sse = one(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    assert sse.inputs["bucket"] == f"{bucket.name}-id"
    assert sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "aws:kms"
    pab = one(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs
    assert all(pab[k] is True for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"))
    ownership = one(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs
    assert ownership["rule"]["objectOwnership"] == "BucketOwnerEnforced"
    policy = json.loads(one(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs["policy"])
    assert policy["Statement"][0]["Effect"] == "Deny"
    assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


@pytest.mark.parametrize("name", AWS_STACKS)
def test_instance_roles_have_only_what_they_need(name):
    resources = recorded(name)
    bucket_arn = next((b for b in by_type(resources, "aws:s3/bucket:Bucket")), None)
    secret_arns = set()
    for policy in by_type(resources, "aws:iam/rolePolicy:RolePolicy"):
        doc = json.loads(policy.inputs["policy"])
        actions = {s["Action"] for s in doc["Statement"]}
        if policy.name.endswith("-gpu-access"):
            # the model cache, its own API key and the Hugging Face token, nothing else
            assert actions == {"s3:ListBucket", "s3:GetObject", "s3:PutObject", "secretsmanager:GetSecretValue"}
            assert bucket_arn is not None
            s3 = [s for s in doc["Statement"] if s["Action"].startswith("s3:")]
            assert all(bucket_arn.name in str(s["Resource"]) for s in s3)
            put = next(s for s in s3 if s["Action"] == "s3:PutObject")
            assert put["Resource"].endswith("/models/*"), "the cache is filled under models/ only"
            key = next(s["Resource"] for s in doc["Statement"] if s["Action"].startswith("secretsmanager:"))
            assert sorted(k.split(":")[-1].rsplit("-", 1)[0] for k in key) == sorted(
                [f"{name}-keys-server", f"{name}-keys-huggingface"])
            secret_arns.update(key)
        elif policy.name.endswith("-qdrant-access"):
            # Qdrant reads its own key, nothing else
            assert actions == {"secretsmanager:GetSecretValue"}
            assert [k.split(":")[-1].rsplit("-", 1)[0] for k in doc["Statement"][0]["Resource"]] == [f"{name}-keys-vectorDb"]
            secret_arns.update(doc["Statement"][0]["Resource"])
        else:
            assert policy.name.endswith("-router-access")
            assert actions == {"secretsmanager:GetSecretValue"}
            secret_arns.update(doc["Statement"][0]["Resource"])
    secrets = by_type(resources, "aws:secretsmanager/secret:Secret")
    assert len(secret_arns) == len(secrets)
    attached = {a.inputs["policyArn"] for a in by_type(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")}
    assert attached <= {"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"}


def test_api_keys_reach_secrets_manager_not_user_data():
    keys = {"openai": "sk-live-abc-NEVER-IN-USERDATA", "anthropic": "sk-ant-NEVER-IN-USERDATA", "router": "rk-NEVER-IN-USERDATA"}
    resources = recorded("api-aws", (("llmkit:apiKeys", json.dumps(keys)),))
    versions = by_type(resources, "aws:secretsmanager/secretVersion:SecretVersion")
    assert len(versions) == 5  # the three configured keys, the generated vector DB key and cache token
    # each key is the (masked) secret string of its own secret version and of nothing else; the
    # cache's token is also (masked) the replication group's AUTH token, which it must be given
    assert sorted(masked_inputs(resources)) == sorted([(v.type, v.name, "secretString") for v in versions] + [
        ("aws:elasticache/replicationGroup:ReplicationGroup", "api-aws-cache", "authToken")])
    assert "NEVER-IN-USERDATA" not in json.dumps([r.inputs for r in resources])
    for lt in by_type(resources, LT):
        assert "NEVER-IN-USERDATA" not in user_data(lt)
        assert "aws secretsmanager get-secret-value" in user_data(lt)
    secret_names = {s.inputs["name"] for s in by_type(resources, "aws:secretsmanager/secret:Secret")}
    spec = build_spec(config("api-aws"), "api-aws")
    assert secret_names == {*spec.router.secret_names, spec.vector_db.api_key_secret, spec.response_cache.auth_secret}


@pytest.mark.parametrize("name", [s for s in AWS_STACKS if config(s)["llmkit:architecture"] != "api"])
def test_gpu_fleet_serves_the_model_and_scales_on_gpu_utilisation(name):
    resources = recorded(name)
    spec = build_spec(config(name), name)
    lt = one(resources, LT, "-gpu-lt")
    assert lt.inputs["instanceType"] == spec.gpu_fleet.instance_type
    assert lt.inputs["imageId"] == AWS_AMIS[AMI_PARAMETERS["gpu"]]
    text = user_data(lt)
    assert f"--served-model-name {spec.model_server.model_id}" in text
    assert f"--tensor-parallel-size {spec.model_server.tensor_parallel}" in text
    assert "aws s3 sync s3://" in text
    gpu_tgs = [t for t in by_type(resources, TG) if t.inputs["port"] == spec.model_server.port]
    assert len(gpu_tgs) == 1 and gpu_tgs[0].inputs["healthCheck"]["path"] == "/health"  # /v1 needs the key
    asg = one(resources, ASG, "-gpu-asg")
    assert asg.inputs["healthCheckType"] == "ELB"
    assert (asg.inputs["minSize"], asg.inputs["desiredCapacity"], asg.inputs["maxSize"]) == (
        spec.gpu_fleet.min_size, spec.gpu_fleet.desired_size, spec.gpu_fleet.max_size)
    alarms = {a.name: a.inputs for a in by_type(resources, "aws:cloudwatch/metricAlarm:MetricAlarm")}
    up, down, high = (alarms[f"{spec.labels['llmkit-stack']}-gpu-{k}"] for k in ("scale-out-alarm", "scale-in-alarm", "gpu-high"))
    assert (up["metricName"], up["threshold"], up["comparisonOperator"]) == ("nvidia_smi_utilization_gpu", SCALE_UP_UTILISATION_PCT, "GreaterThanThreshold")
    assert (down["threshold"], down["comparisonOperator"]) == (SCALE_DOWN_UTILISATION_PCT, "LessThanThreshold")
    assert high["threshold"] == GPU_ALARM_PCT
    if spec.architecture == "hybrid":
        lb = one(resources, LB, "-vllm-lb")
        assert lb.inputs["internal"] is True, "the local model is reachable only through the router"


@pytest.mark.parametrize("name", AWS_STACKS)
def test_error_rate_alarm_and_budget_from_the_spec(name):
    resources = recorded(name)
    spec = build_spec(config(name), name)
    alarm = next(a for a in by_type(resources, "aws:cloudwatch/metricAlarm:MetricAlarm") if a.name.endswith("-5xx-rate"))
    assert alarm.inputs["threshold"] == ERROR_RATE_ALARM_PCT
    expression = next(q for q in alarm.inputs["metricQueries"] if q.get("returnData"))["expression"]
    assert "target5xx" in expression and "requests" in expression
    budget = one(resources, "aws:budgets/budget:Budget").inputs
    assert budget["limitAmount"] == str(spec.budget_monthly_usd) and budget["limitUnit"] == "USD"
    thresholds = sorted((n["threshold"], n["notificationType"]) for n in budget["notifications"])
    assert thresholds == [(80, "ACTUAL"), (100, "ACTUAL"), (100, "FORECASTED")]
    assert budget["costFilters"][0]["values"] == [f"user:llmkit-stack${name}"]
    topic = one(resources, "aws:sns/topic:Topic")
    topic_arn = next(n["subscriberSnsTopicArns"] for n in budget["notifications"])[0]
    assert topic.name in topic_arn and alarm.inputs["alarmActions"] == [topic_arn]
    assert "kmsMasterKeyId" not in topic.inputs, "CloudWatch and Budgets cannot publish to aws/sns-encrypted topics"
    statement = json.loads(one(resources, "aws:sns/topicPolicy:TopicPolicy").inputs["policy"])["Statement"][0]
    assert set(statement["Principal"]["Service"]) == {"budgets.amazonaws.com", "cloudwatch.amazonaws.com"}


def test_explicit_budget_wins_over_the_estimate():
    budget = one(recorded("healthcare"), "aws:budgets/budget:Budget").inputs
    assert budget["limitAmount"] == "15000"


@pytest.mark.parametrize("overrides, base, above", [
    ((("llmkit:spotSharePct", "100"),), 0, 0),
    ((("llmkit:spotSharePct", "60"),), 1, 40),
    ((("llmkit:pricing", "spot"),), 0, 0),  # spot pricing buys spot, as on Azure and GCP
    ((("llmkit:pricing", "spot"), ("llmkit:spotSharePct", "50")), 1, 50),  # an explicit share wins
])
def test_spot_share_becomes_a_mixed_instances_policy(overrides, base, above):
    resources = recorded("gpu-aws", overrides)
    asg = one(resources, ASG, "-gpu-asg").inputs
    assert "launchTemplate" not in asg
    dist = asg["mixedInstancesPolicy"]["instancesDistribution"]
    assert (dist["onDemandBaseCapacity"], dist["onDemandPercentageAboveBaseCapacity"]) == (base, above)
    assert dist["spotAllocationStrategy"] == "price-capacity-optimized"


def test_on_demand_fleets_use_the_launch_template_directly():
    asg = one(recorded("gpu-aws"), ASG, "-gpu-asg").inputs
    assert "mixedInstancesPolicy" not in asg and asg["launchTemplate"]["version"] == "$Latest"


def test_protect_reaches_the_architecture_component():
    """llmkit:protect: true protects the component (and through it every child), as registered:
    the architecture and its blocks (which inherit it from the architecture)."""
    components = [r for r in recorded("healthcare") if not r.custom]
    assert [c.type.rsplit(":", 1)[1] for c in components if c.type.endswith(("GpuCluster", "ApiTier", "HybridDeployment"))] == ["GpuCluster"]
    assert len(components) > 3 and all(c.protect for c in components)
    assert not any(r.protect for r in recorded("gpu-aws"))


CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"


def test_with_a_certificate_the_endpoint_is_https_and_port_80_only_redirects():
    resources = recorded("api-aws", (("llmkit:tlsCertificate", CERT),))
    listeners = {l.inputs["port"]: l.inputs for l in by_type(resources, "aws:lb/listener:Listener")}
    assert set(listeners) == {80, 443}
    https = listeners[443]
    assert (https["protocol"], https["certificateArn"], https["defaultActions"][0]["type"]) == ("HTTPS", CERT, "forward")
    assert https["sslPolicy"].startswith("ELBSecurityPolicy-TLS13")
    redirect = listeners[80]["defaultActions"][0]
    assert redirect["type"] == "redirect" and redirect["redirect"]["protocol"] == "HTTPS"
    lb_sg = one(resources, SG, "-lb-sg").inputs
    assert sorted(r["fromPort"] for r in lb_sg["ingress"]) == [80, 443]


def test_without_a_certificate_the_endpoint_is_internal_and_reachable_from_the_vpc_only():
    resources = recorded("api-aws")
    listeners = by_type(resources, "aws:lb/listener:Listener")
    assert [(l.inputs["port"], l.inputs["protocol"]) for l in listeners] == [(80, "HTTP")]
    lb = one(resources, LB, "-lb").inputs
    assert lb["internal"] is True
    private = {f"{s.name}-id" for s in by_type(resources, "aws:ec2/subnet:Subnet") if "-private-" in s.name}
    assert set(lb["subnets"]) <= private
    rules = one(resources, SG, "-lb-sg").inputs["ingress"]
    assert [r["cidrBlocks"] for r in rules] == [["10.40.0.0/16"]]


def test_public_plain_http_needs_public_endpoint_and_then_faces_the_internet():
    resources = recorded("api-aws", (("llmkit:publicEndpoint", "true"),))
    lb = one(resources, LB, "-lb").inputs
    assert lb["internal"] is False
    public = {f"{s.name}-id" for s in by_type(resources, "aws:ec2/subnet:Subnet") if "-public-" in s.name}
    assert set(lb["subnets"]) <= public
    assert [r["cidrBlocks"] for r in one(resources, SG, "-lb-sg").inputs["ingress"]] == [["0.0.0.0/0"]]


def test_a_certificate_that_is_not_an_acm_arn_is_refused(cli):
    result = cli("plan", "--stack", "api-aws", "--set", "tlsCertificate=my-cert.pem")
    assert result.code == 2 and "ACM certificate ARN" in result.err and "my-cert.pem" not in result.err


@pytest.mark.parametrize("name", AWS_STACKS)
def test_cost_per_query_alarm_counts_every_fleet_at_its_catalog_price(name):
    resources = recorded(name)
    spec = build_spec(config(name), name)
    alarm = one(resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "-cost-per-query").inputs
    queries = {q["id"]: q for q in alarm["metricQueries"]}
    fleets = [f for f in (spec.gpu_fleet, spec.api_fleet) if f is not None]
    instances = [q for q in queries if q.startswith("instances")]
    assert len(instances) == len(fleets)
    expression = queries["costPerQuery"]["expression"]
    for fleet in fleets:
        assert str(float(fleet.hourly_usd)) in expression
    counted = sorted(queries[i]["metric"]["dimensions"]["AutoScalingGroupName"] for i in instances)
    groups = sorted(a.name for a in by_type(resources, ASG))
    assert len(counted) == len(groups) and all(c.startswith(g) for c, g in zip(counted, groups))
    front = next(lb for lb in by_type(resources, LB) if not lb.name.endswith("-vllm-lb"))
    assert front.name in queries["requests"]["metric"]["dimensions"]["LoadBalancer"]
    for asg in by_type(resources, ASG):
        assert "GroupInServiceInstances" in asg.inputs["enabledMetrics"]
