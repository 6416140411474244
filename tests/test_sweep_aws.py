"""The AWS sweep against moto in server mode (real boto3 over HTTP on 127.0.0.1).

The leftover environment is what a GPU test stack leaves: an ASG of GPU instances from a
launch template behind an ALB and target group, a NAT gateway with its EIP, a bucket with
objects, security groups (one referencing the other), subnets, a route table, an IGW and the
VPC. Beside it: an unexpired test stack and untagged resources, which must survive.

What moto enforces (checked in its source) and so what these tests can rely on: a VPC with
subnets or extra route tables refuses deletion (DependencyViolation), an attached IGW refuses,
a route table with associations refuses, a target group used by a listener refuses
(ResourceInUse), a non-empty bucket refuses (BucketNotEmpty). It does not enforce security
group references or instances in subnets, so those orders are not asserted here.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from llmkit.sweep import base
from llmkit.sweep.aws import AwsSweep
from tests._catalog_subset import subset_catalog

from moto_server import aws_env, moto_endpoint  # noqa: F401 - pytest fixtures

ACCOUNT = "123456789012"  # moto's default account
EXPIRED = "20200101t0000z"
FUTURE = "20991231t2359z"
OLD_STACK = "chat-test-aaaaaa"
LIVE_STACK = "chat-test-bbbbbb"


@functools.lru_cache(maxsize=None)
def _c(service: str) -> Any:
    """One test-side client per service (the endpoint is the module's moto server throughout)."""
    return boto3.client(service)


def _tags(stack: str, expires: str | None) -> list[dict[str, str]]:
    tags = [
        {"Key": "llmkit-managed", "Value": "true"},
        {"Key": "llmkit-stack", "Value": stack},
        {"Key": "llmkit-owner", "Value": "alice"},
        {"Key": "Name", "Value": stack},
    ]
    if expires:
        tags.append({"Key": "llmkit-expires-at", "Value": expires})
    return tags


def _spec(kind: str, stack: str, expires: str | None) -> list[dict[str, Any]]:
    return [{"ResourceType": kind, "Tags": _tags(stack, expires)}]


@dataclass
class Env:
    expired: dict[str, str] = field(default_factory=dict)  # role -> id of expired managed resources
    survivors: dict[str, str] = field(default_factory=dict)  # role -> id that must never be deleted


def build_gpu_stack(stack: str, expires: str, env: Env) -> None:
    ec2, asg, elb, s3 = (_c(s) for s in ("ec2", "autoscaling", "elbv2", "s3"))
    t = _tags(stack, expires)
    ids = env.expired
    ids["vpc"] = vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=_spec("vpc", stack, expires))["Vpc"]["VpcId"]
    ids["subnet_a"] = sub_a = ec2.create_subnet(
        VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a", TagSpecifications=_spec("subnet", stack, expires)
    )["Subnet"]["SubnetId"]
    ids["subnet_b"] = sub_b = ec2.create_subnet(
        VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1b", TagSpecifications=_spec("subnet", stack, expires)
    )["Subnet"]["SubnetId"]
    ids["igw"] = igw = ec2.create_internet_gateway(TagSpecifications=_spec("internet-gateway", stack, expires))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    ids["route_table"] = rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=_spec("route-table", stack, expires))["RouteTable"]["RouteTableId"]
    ec2.associate_route_table(RouteTableId=rt, SubnetId=sub_a)
    ids["sg_lb"] = sg_lb = ec2.create_security_group(
        GroupName="lb", Description="alb", VpcId=vpc, TagSpecifications=_spec("security-group", stack, expires)
    )["GroupId"]
    ids["sg_gpu"] = sg_gpu = ec2.create_security_group(
        GroupName="gpu", Description="vllm", VpcId=vpc, TagSpecifications=_spec("security-group", stack, expires)
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=sg_gpu, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": sg_lb}]}]
    )
    ids["eip"] = eip = ec2.allocate_address(Domain="vpc", TagSpecifications=_spec("elastic-ip", stack, expires))["AllocationId"]
    ids["nat"] = ec2.create_nat_gateway(SubnetId=sub_a, AllocationId=eip, TagSpecifications=_spec("natgateway", stack, expires))["NatGateway"]["NatGatewayId"]
    ids["launch_template"] = lt = ec2.create_launch_template(
        LaunchTemplateName=f"{stack}-gpu",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "g5.xlarge", "SecurityGroupIds": [sg_gpu]},
        TagSpecifications=_spec("launch-template", stack, expires),
    )["LaunchTemplate"]["LaunchTemplateId"]
    ids["alb"] = lb = elb.create_load_balancer(Name=f"{stack}-alb", Subnets=[sub_a, sub_b], SecurityGroups=[sg_lb], Tags=t)["LoadBalancers"][0]["LoadBalancerArn"]
    ids["target_group"] = tg = elb.create_target_group(Name=f"{stack}-tg", Protocol="HTTP", Port=8000, VpcId=vpc, Tags=t)["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    ids["asg"] = f"{stack}-gpu"
    asg.create_auto_scaling_group(
        AutoScalingGroupName=f"{stack}-gpu", LaunchTemplate={"LaunchTemplateId": lt, "Version": "$Latest"},
        MinSize=2, MaxSize=2, DesiredCapacity=2, VPCZoneIdentifier=sub_a, TargetGroupARNs=[tg],
        Tags=[dict(x, ResourceId=f"{stack}-gpu", ResourceType="auto-scaling-group", PropagateAtLaunch=True) for x in t],
    )
    instances = [i["InstanceId"] for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=[f"{stack}-gpu"])["AutoScalingGroups"][0]["Instances"]]
    assert len(instances) == 2
    for n, iid in enumerate(instances):
        ids[f"gpu_instance_{n}"] = iid
    ids["alarm"] = f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:{stack}-gpu-util"
    _c("cloudwatch").put_metric_alarm(
        AlarmName=f"{stack}-gpu-util", MetricName="GPUUtilization", Namespace="llmkit", Statistic="Average", Period=60,
        EvaluationPeriods=1, Threshold=90.0, ComparisonOperator="GreaterThanThreshold", Tags=t,
    )
    ids["topic"] = _c("sns").create_topic(Name=f"{stack}-alerts", Tags=t)["TopicArn"]
    ids["secret"] = _c("secretsmanager").create_secret(Name=f"{stack}/openai-key", SecretString="sk-not-real", Tags=t)["ARN"]
    ids["bucket"] = bucket = f"{stack}-docs"
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": t})
    for n in range(3):
        s3.put_object(Bucket=bucket, Key=f"doc{n}.txt", Body=b"x" * 1000)


def build_environment() -> Env:
    env = Env()
    build_gpu_stack(OLD_STACK, EXPIRED, env)
    ec2, s3 = _c("ec2"), _c("s3")
    # An unexpired test stack: same labels, expiry in the future.
    live_vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=_spec("vpc", LIVE_STACK, FUTURE))["Vpc"]["VpcId"]
    live_sub = ec2.create_subnet(VpcId=live_vpc, CidrBlock="10.1.1.0/24", TagSpecifications=_spec("subnet", LIVE_STACK, FUTURE))["Subnet"]["SubnetId"]
    live_inst = ec2.run_instances(
        ImageId="ami-12c6146b", InstanceType="g4dn.xlarge", MinCount=1, MaxCount=1, SubnetId=live_sub,
        TagSpecifications=_spec("instance", LIVE_STACK, FUTURE),
    )["Instances"][0]["InstanceId"]
    s3.create_bucket(Bucket="chat-live-docs")
    s3.put_bucket_tagging(Bucket="chat-live-docs", Tagging={"TagSet": _tags(LIVE_STACK, FUTURE)})
    env.survivors.update(live_vpc=live_vpc, live_subnet=live_sub, live_instance=live_inst, live_bucket="chat-live-docs")
    # Not the kit's: no llmkit-managed tag (one even claims an expired stack name).
    other_vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    other_inst = ec2.run_instances(
        ImageId="ami-12c6146b", InstanceType="p3.2xlarge", MinCount=1, MaxCount=1,
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "llmkit-stack", "Value": OLD_STACK}, {"Key": "llmkit-expires-at", "Value": EXPIRED}]}],
    )["Instances"][0]["InstanceId"]
    env.survivors["other_secret"] = _c("secretsmanager").create_secret(Name="someone/db-password", SecretString="x")["ARN"]
    s3.create_bucket(Bucket="someone-elses-data")
    s3.put_object(Bucket="someone-elses-data", Key="keep.txt", Body=b"keep")
    env.survivors.update(other_vpc=other_vpc, other_instance=other_inst, other_bucket="someone-elses-data")
    return env


def exists(role: str, rid: str) -> bool:
    """Whether a resource is still there (terminated instances count as gone)."""
    ec2 = _c("ec2")
    try:
        if "instance" in role:
            r = ec2.describe_instances(InstanceIds=[rid])["Reservations"]
            return any(i["State"]["Name"] != "terminated" for x in r for i in x["Instances"])
        if "bucket" in role:
            return rid in [b["Name"] for b in _c("s3").list_buckets()["Buckets"]]
        if role == "asg":
            return bool(_c("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[rid])["AutoScalingGroups"])
        if role == "alb":
            return bool(_c("elbv2").describe_load_balancers(LoadBalancerArns=[rid])["LoadBalancers"])
        if role == "target_group":
            return bool(_c("elbv2").describe_target_groups(TargetGroupArns=[rid])["TargetGroups"])
        if role == "nat":
            return any(n["State"] not in ("deleted", "deleting") for n in ec2.describe_nat_gateways(NatGatewayIds=[rid])["NatGateways"])
        if role == "eip":
            return bool(ec2.describe_addresses(AllocationIds=[rid])["Addresses"])
        if role == "launch_template":
            return bool(ec2.describe_launch_templates(LaunchTemplateIds=[rid])["LaunchTemplates"])
        if "vpc" in role:
            return bool(ec2.describe_vpcs(VpcIds=[rid])["Vpcs"])
        if "subnet" in role:
            return bool(ec2.describe_subnets(SubnetIds=[rid])["Subnets"])
        if role.startswith("sg"):
            return bool(ec2.describe_security_groups(GroupIds=[rid])["SecurityGroups"])
        if role == "route_table":
            return bool(ec2.describe_route_tables(RouteTableIds=[rid])["RouteTables"])
        if role == "alarm":
            return bool(_c("cloudwatch").describe_alarms(AlarmNames=[rid.split(":alarm:", 1)[1]])["MetricAlarms"])
        if role == "topic":
            return rid in [t["TopicArn"] for t in _c("sns").list_topics()["Topics"]]
        if "secret" in role:
            return rid in [x["ARN"] for x in _c("secretsmanager").list_secrets()["SecretList"]]
        if role == "igw":
            return bool(ec2.describe_internet_gateways(InternetGatewayIds=[rid])["InternetGateways"])
    except ClientError as exc:
        code = exc.response["Error"]["Code"]
        if "NotFound" in code or code in ("ValidationError", "LoadBalancerNotFound", "TargetGroupNotFound"):
            return False
        raise
    raise AssertionError(f"no existence check for {role}")


def assert_survivors(env: Env) -> None:
    gone = [role for role, rid in env.survivors.items() if not exists(role, rid)]
    assert not gone, f"sweep deleted what it must not: {gone}"
    assert _c("s3").list_objects_v2(Bucket="someone-elses-data")["KeyCount"] == 1


def fast_sweep(session: Any = None) -> AwsSweep:
    return AwsSweep(session=session, waiter_delay=1, waiter_attempts=5, dependency_wait=0)


def no_sleep_backoff(sleeps: list[float]) -> base.Backoff:
    return base.Backoff(attempts=5, base=0.2, sleep=sleeps.append)


def test_dry_run_lists_only_managed_resources_and_deletes_nothing(aws_env, cli):
    env = build_environment()
    result = cli("sweep", "--cloud", "aws", "--format", "json")
    assert result.code == 0, result.err
    assert "acting as: AWS account 123456789012" in result.err
    doc = json.loads(result.out)
    assert doc["dry_run"] is True and doc["deleted"] == [] and doc["account"] == ACCOUNT
    ids = {r["id"] for r in doc["resources"]}
    assert set(env.expired.values()) <= ids
    assert {env.survivors["live_vpc"], env.survivors["live_instance"], "chat-live-docs"} <= ids
    for role in ("other_vpc", "other_instance", "other_bucket"):
        assert env.survivors[role] not in ids, f"untagged {role} must never be listed"
    # GPU instances first; nothing with a price the catalog does not know is shown as 0.
    assert doc["resources"][0]["type"] == "ec2:instance"
    for r in doc["resources"]:
        if r["type"] in ("ec2:instance", "ec2:natgateway", "elasticloadbalancing:loadbalancer", "ec2:elastic-ip"):
            assert r["hourly_cost"] is None or Decimal(r["hourly_cost"]) > 0
    # Nothing was touched.
    for role, rid in {**env.expired, **env.survivors}.items():
        assert exists(role, rid), role


def test_delete_expired_removes_exactly_the_expired_managed_resources(aws_env, cli):
    env = build_environment()
    result = cli("sweep", "--cloud", "aws", "--expired", "--delete", "--yes", "--account", ACCOUNT, "--wait-seconds", "0", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["dry_run"] is False and doc["failed"] == []
    assert {r["stack"] for r in doc["resources"]} == {OLD_STACK}
    progress = [ln for ln in result.err.splitlines() if ln.startswith("[")]  # one line per deletion, as it happens
    assert len(progress) == len(doc["resources"]) and progress[-1].startswith(f"[{len(progress)}/{len(progress)}] deleted: ")
    still = [role for role, rid in env.expired.items() if exists(role, rid)]
    assert not still, f"left behind: {still}"
    assert_survivors(env)
    # Safe to re-run: nothing left to do, nothing else touched.
    again = json.loads(cli("sweep", "--cloud", "aws", "--expired", "--delete", "--yes", "--account", ACCOUNT, "--format", "json").out)
    assert again["resources"] == [] and again["failed"] == []
    assert_survivors(env)


def test_delete_is_refused_off_the_allow_list_or_without_confirmation(aws_env, cli, monkeypatch):
    env = build_environment()
    monkeypatch.delenv(base.ALLOWED_ACCOUNTS_ENV, raising=False)
    no_list = cli("sweep", "--cloud", "aws", "--expired", "--delete", "--yes")
    assert no_list.code == 2 and "acting as: AWS account 123456789012" in no_list.err
    wrong = cli("sweep", "--cloud", "aws", "--expired", "--delete", "--yes", "--account", "999999999999")
    assert wrong.code == 2 and "not in the allow-list" in wrong.err
    assert wrong.err.index("acting as") < wrong.err.index("not in the allow-list")
    monkeypatch.setenv(base.ALLOWED_ACCOUNTS_ENV, "111111111111, 999999999999")
    assert cli("sweep", "--cloud", "aws", "--expired", "--delete", "--yes").code == 2
    # Allowed, but no --yes and no terminal to ask on: refused too.
    unconfirmed = cli("sweep", "--cloud", "aws", "--expired", "--delete", "--account", ACCOUNT, stdin="y\n")
    assert unconfirmed.code == 2 and "--yes" in unconfirmed.err
    for role, rid in env.expired.items():
        assert exists(role, rid), role


def test_filters_and_catalog_costs(aws_env, tmp_path):
    env = build_environment()
    sweep = fast_sweep()
    by_stack = base.plan(sweep, base.Filter(stack=LIVE_STACK)).resources
    assert by_stack and {r.stack for r in by_stack} == {LIVE_STACK}
    assert base.plan(sweep, base.Filter(owner="bob")).resources == []
    import datetime as dt

    # Everything was created moments ago: nothing is older than an hour; an hour from now, all are.
    assert base.plan(sweep, base.Filter(older_than=dt.timedelta(hours=1))).resources == []
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)
    aged = base.plan(sweep, base.Filter(older_than=dt.timedelta(hours=1), now=later)).resources
    assert {"ec2:vpc", "ec2:subnet", "ec2:instance", "autoscaling:group"} <= {r.type for r in aged}
    # Costs come from the catalog, through the cost models `llmkit price` uses; a type it does
    # not price stays unknown, never $0. Bundled rows: g5.xlarge and the NAT gateway's hour and data
    # rate (usage-based: no part of its idle cost).
    catalog = subset_catalog(tmp_path, instances=[("aws", "us-east-1", "g5.xlarge")],
                             platform=[("aws", "us-east-1", "nat_gateway_hour"), ("aws", "us-east-1", "nat_gateway_gb")])
    report = base.plan(AwsSweep(catalog=catalog), base.Filter(stack=OLD_STACK))
    by_id = {r.id: r for r in report.resources}
    gpu = by_id[env.expired["gpu_instance_0"]]
    assert gpu.hourly_cost == Decimal("1.006") and gpu.gpu
    assert by_id[env.expired["nat"]].hourly_cost == Decimal("0.045")
    assert by_id[env.expired["alb"]].hourly_cost is None  # not in this catalog: unknown, not $0
    assert by_id[env.expired["vpc"]].hourly_cost == 0 and by_id[env.expired["vpc"]].cost_basis == "free"
    assert [r.id for r in report.resources[:2]] == sorted([env.expired["gpu_instance_0"], env.expired["gpu_instance_1"]])
    t = base.totals(report.resources)
    assert t["hourly"] == Decimal("1.006") * 2 + Decimal("0.045")
    assert t["daily"] == t["hourly"] * 24
    assert t["unknown_cost_count"] == sum(1 for r in report.resources if r.hourly_cost is None) > 0


def test_throttling_is_retried_with_bounded_backoff(aws_env):
    env = build_environment()
    session = boto3.Session()
    calls = {"DeleteSubnet": 0, "TerminateInstances": 0}

    def throttle(model: Any, **_: Any) -> None:
        calls[model.name] += 1
        if calls[model.name] <= 2:
            raise ClientError({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}}, model.name)

    session.events.register("before-call.ec2.DeleteSubnet", throttle)
    session.events.register("before-call.ec2.TerminateInstances", throttle)
    sleeps: list[float] = []
    sweep = fast_sweep(session)
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True)), no_sleep_backoff(sleeps))
    assert report.failed == []
    assert not [role for role, rid in env.expired.items() if exists(role, rid)]
    assert len(sleeps) >= 4 and max(sleeps) <= 8.0
    assert_survivors(env)


def test_throttling_that_never_stops_is_reported_and_a_rerun_converges(aws_env):
    env = build_environment()
    session = boto3.Session()

    def always(model: Any, **_: Any) -> None:
        raise ClientError({"Error": {"Code": "RequestLimitExceeded", "Message": "Request limit exceeded."}}, model.name)

    session.events.register("before-call.ec2.DeleteVpc", always)
    sleeps: list[float] = []
    sweep = fast_sweep(session)
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True)), no_sleep_backoff(sleeps))
    assert [f["id"] for f in report.failed] == [env.expired["vpc"]]
    assert "RequestLimitExceeded" in report.failed[0]["reason"]
    assert len(sleeps) == 4  # 5 attempts, bounded
    assert exists("vpc", env.expired["vpc"])
    rerun = fast_sweep()
    second = base.execute(rerun, base.plan(rerun, base.Filter(expired=True)), no_sleep_backoff([]))
    assert second.deleted == [env.expired["vpc"]] and second.failed == []
    assert_survivors(env)


def test_resource_deleted_behind_the_sweeps_back_counts_as_done(aws_env):
    env = build_environment()
    session = boto3.Session()
    other = _c("ec2")  # a client without the hook: "someone else"

    def someone_else_deletes_it(params: dict[str, Any], **_: Any) -> None:
        if params.get("GroupId") == env.expired["sg_lb"]:
            other.delete_security_group(GroupId=params["GroupId"])

    session.events.register("provide-client-params.ec2.DeleteSecurityGroup", someone_else_deletes_it)
    sweep = fast_sweep(session)
    report = base.execute(sweep, base.plan(sweep, base.Filter(expired=True)), no_sleep_backoff([]))
    assert report.failed == []
    assert report.vanished == [env.expired["sg_lb"]]
    assert not [role for role, rid in env.expired.items() if exists(role, rid)]
    assert_survivors(env)


def test_blocking_dependency_is_reported_not_forced_and_a_later_run_converges(aws_env):
    env = build_environment()
    ec2 = _c("ec2")
    # Someone put an untagged subnet into the expired stack's VPC: the VPC cannot go, and the
    # subnet is not ours to delete.
    foreign = ec2.create_subnet(VpcId=env.expired["vpc"], CidrBlock="10.0.9.0/24")["Subnet"]["SubnetId"]
    env.survivors["foreign_subnet"] = foreign
    sweep = fast_sweep()
    first = base.execute(sweep, base.plan(sweep, base.Filter(expired=True)), no_sleep_backoff([]))
    assert [f["id"] for f in first.failed] == [env.expired["vpc"]]
    assert "DependencyViolation" in first.failed[0]["reason"]
    assert [role for role, rid in env.expired.items() if exists(role, rid)] == ["vpc"]
    assert_survivors(env)
    # A second run converges to the same place without touching the foreign subnet.
    second = base.execute(sweep, base.plan(sweep, base.Filter(expired=True)), no_sleep_backoff([]))
    assert [r.id for r in second.resources] == [env.expired["vpc"]]
    assert [f["id"] for f in second.failed] == [env.expired["vpc"]]
    assert_survivors(env)
    # Once the owner removes their subnet, the next run finishes the job.
    ec2.delete_subnet(SubnetId=foreign)
    del env.survivors["foreign_subnet"]
    third = base.execute(sweep, base.plan(sweep, base.Filter(expired=True)), no_sleep_backoff([]))
    assert third.deleted == [env.expired["vpc"]] and not exists("vpc", env.expired["vpc"])
    assert_survivors(env)


def test_missing_credentials_is_one_line_exit_2(cli, monkeypatch, tmp_path):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    result = cli("sweep", "--cloud", "aws")
    assert result.code == 2 and result.err.count("\n") == 1 and "no AWS credentials" in result.err
