"""AWS leftovers: find llmkit-managed resources with boto3 and delete them in dependency order.

Inventory = the Resource Groups Tagging API (every tagged resource of every service, so even a
type this module cannot delete is at least reported) plus per-service describe calls filtered
by tag, which give the details the tagging API lacks (instance type and state, NAT gateway
EIPs, IGW attachments) and cover what it misses: Auto Scaling groups are not in it at all,
and launch templates and Elastic IPs are not in every implementation of it.

The endpoint is never overridden: boto3 reads AWS_ENDPOINT_URL itself, which is how the tests
point it at a local moto server.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import time
from decimal import Decimal
from typing import Any, Iterable, Optional, Sequence

from llmkit.components.tags import MANAGED
from llmkit.core.errors import UserError
from llmkit.sweep.base import Leftover, default_catalog, hourly_cost, labels_to_fields

GIB = Decimal(1024**3)

# Deletion ranks: lower first. Instances and load balancers hold ENIs in subnets and security
# groups; NAT gateways hold their EIPs; the VPC goes last.
RANKS = {
    "autoscaling:group": 0,
    "s3:bucket": 0,
    "cloudwatch:alarm": 0,
    "sns:topic": 0,
    "secretsmanager:secret": 0,
    "ec2:instance": 1,
    "elasticloadbalancing:loadbalancer": 1,
    "ec2:natgateway": 1,
    "ec2:launch-template": 2,
    "elasticloadbalancing:targetgroup": 2,
    "ec2:volume": 2,
    "ec2:elastic-ip": 3,
    "ec2:security-group": 4,
    "ec2:subnet": 5,
    "ec2:route-table": 5,
    "ec2:internet-gateway": 6,
    "ec2:vpc": 7,
}
FREE_TYPES = {
    "autoscaling:group",
    "ec2:launch-template",
    "elasticloadbalancing:targetgroup",
    "ec2:security-group",
    "ec2:subnet",
    "ec2:route-table",
    "ec2:internet-gateway",
    "ec2:vpc",
    "sns:topic",
}
THROTTLE_CODES = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "SlowDown",
    "EC2ThrottledException",
    "PriorRequestNotComplete",
}
NOT_FOUND_CODES = {
    "NoSuchBucket",
    "LoadBalancerNotFound",
    "TargetGroupNotFound",
    "NatGatewayNotFound",
    "NotFoundException",
    "ResourceNotFoundException",
}
# Deletions that AWS refuses until an asynchronous release finishes (ENIs of a just-deleted
# load balancer or instance); retried for up to ``dependency_wait`` seconds.
DEPENDENCY_CODES = {"DependencyViolation", "ResourceInUse"}
ALIVE_INSTANCE_STATES = {"pending", "running", "stopping", "stopped", "shutting-down"}

TAG_FILTER = [{"Name": f"tag:{MANAGED}", "Values": ["true"]}]


def _tags(tag_list: Optional[Iterable[dict[str, Any]]]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tag_list or () if "Key" in t}


def _error_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return ""


class AwsSweep:
    """One AWS account, one or more regions."""

    cloud = "aws"

    def __init__(
        self,
        session: Any = None,
        regions: Sequence[str] | None = None,
        catalog: Any = None,
        waiter_delay: int = 5,
        waiter_attempts: int = 60,
        dependency_wait: float = 120.0,
    ):
        import boto3

        self.session = session or boto3.Session()
        self.regions = list(regions or [self.session.region_name or "us-east-1"])
        self.catalog = catalog
        self.waiter_config = {"Delay": waiter_delay, "MaxAttempts": waiter_attempts}
        self.dependency_wait = dependency_wait
        self._clients: dict[tuple[str, str], Any] = {}

    # -- plumbing -------------------------------------------------------------------------
    def client(self, service: str, region: Optional[str] = None) -> Any:
        key = (service, region or self.regions[0])
        if key not in self._clients:
            self._clients[key] = self.session.client(service, region_name=key[1])
        return self._clients[key]

    def identity(self) -> tuple[str, str]:
        from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

        try:
            who = self.client("sts").get_caller_identity()
        except NoCredentialsError:
            raise UserError("no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)") from None
        except EndpointConnectionError:
            raise UserError("cannot reach the AWS endpoint (check AWS_ENDPOINT_URL / network)") from None
        except ClientError as exc:
            raise UserError(f"AWS refused to say who we are: {_error_code(exc)}") from None
        account = str(who["Account"])
        return account, f"AWS account {account} as {who.get('Arn', '?')} in {', '.join(self.regions)}"

    def is_throttle(self, exc: BaseException) -> bool:
        return _error_code(exc) in THROTTLE_CODES

    def is_not_found(self, exc: BaseException) -> bool:
        code = _error_code(exc)
        if code in NOT_FOUND_CODES or code.endswith(".NotFound") or code.endswith("NotFound"):
            return True
        message = str(getattr(exc, "response", {}).get("Error", {}).get("Message", "")).lower()
        return code == "ValidationError" and ("not found" in message or "does not exist" in message)

    def reason(self, exc: BaseException) -> str:
        code = _error_code(exc)
        if code:
            message = str(exc.response.get("Error", {}).get("Message", ""))  # type: ignore[attr-defined]
            return f"{code}: {message}"[:300]
        return type(exc).__name__

    # -- inventory ------------------------------------------------------------------------
    def list_leftovers(self) -> list[Leftover]:
        found: dict[tuple[str, str], Leftover] = {}
        for region in self.regions:
            for item in self._describe_region(region):
                found.setdefault((item.type, item.id), item)
            for item in self._tagging_api(region, found):
                found.setdefault((item.type, item.id), item)
        for item in found.values():
            item.rank = RANKS.get(item.type, 50)
            if item.type not in RANKS:
                item.action = "manual"  # reported so nothing is hidden, but we have no deleter
            self._price(item)
        return list(found.values())

    def _make(self, type_: str, id_: str, region: str, tags: dict[str, str], created: Any = None, **detail: Any) -> Leftover:
        fields = labels_to_fields(tags)
        created_at = created if isinstance(created, _dt.datetime) else None
        if created_at and created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=_dt.timezone.utc)
        return Leftover(
            id=id_, type=type_, region=region, created_at=created_at, name=tags.get("Name"), detail=detail, **fields
        )

    def _paginate(self, service: str, region: str, op: str, key: str, **kwargs: Any) -> Iterable[dict[str, Any]]:
        paginator = self.client(service, region).get_paginator(op)
        for page in paginator.paginate(**kwargs):
            yield from page.get(key, [])

    def _describe_region(self, region: str) -> Iterable[Leftover]:
        ec2 = "ec2"
        for asg in self._paginate("autoscaling", region, "describe_auto_scaling_groups", "AutoScalingGroups"):
            tags = _tags(asg.get("Tags"))
            if tags.get(MANAGED) == "true":
                yield self._make("autoscaling:group", asg["AutoScalingGroupName"], region, tags, asg.get("CreatedTime"))
        for res in self._paginate(ec2, region, "describe_instances", "Reservations", Filters=TAG_FILTER):
            for inst in res.get("Instances", []):
                if inst.get("State", {}).get("Name") not in ALIVE_INSTANCE_STATES:
                    continue
                yield self._make(
                    "ec2:instance", inst["InstanceId"], region, _tags(inst.get("Tags")), inst.get("LaunchTime"),
                    instance_type=inst.get("InstanceType"), spot=inst.get("InstanceLifecycle") == "spot",
                )
        for lt in self._paginate(ec2, region, "describe_launch_templates", "LaunchTemplates", Filters=TAG_FILTER):
            yield self._make("ec2:launch-template", lt["LaunchTemplateId"], region, _tags(lt.get("Tags")), lt.get("CreateTime"))
        for nat in self._paginate(ec2, region, "describe_nat_gateways", "NatGateways", Filters=TAG_FILTER):
            if nat.get("State") in ("deleted", "deleting"):
                continue
            allocations = [a["AllocationId"] for a in nat.get("NatGatewayAddresses", []) if a.get("AllocationId")]
            yield self._make("ec2:natgateway", nat["NatGatewayId"], region, _tags(nat.get("Tags")), nat.get("CreateTime"), allocations=allocations)
        for addr in self.client(ec2, region).describe_addresses(Filters=TAG_FILTER).get("Addresses", []):
            if addr.get("AllocationId"):
                yield self._make("ec2:elastic-ip", addr["AllocationId"], region, _tags(addr.get("Tags")))
        for vol in self._paginate(ec2, region, "describe_volumes", "Volumes", Filters=TAG_FILTER):
            yield self._make("ec2:volume", vol["VolumeId"], region, _tags(vol.get("Tags")), vol.get("CreateTime"),
                             size_gb=vol.get("Size"), volume_type=vol.get("VolumeType"))
        for sg in self._paginate(ec2, region, "describe_security_groups", "SecurityGroups", Filters=TAG_FILTER):
            if sg.get("GroupName") != "default":  # a VPC's default group goes with the VPC
                yield self._make("ec2:security-group", sg["GroupId"], region, _tags(sg.get("Tags")))
        for subnet in self._paginate(ec2, region, "describe_subnets", "Subnets", Filters=TAG_FILTER):
            yield self._make("ec2:subnet", subnet["SubnetId"], region, _tags(subnet.get("Tags")))
        for rt in self._paginate(ec2, region, "describe_route_tables", "RouteTables", Filters=TAG_FILTER):
            if any(a.get("Main") for a in rt.get("Associations", [])):
                continue  # the main route table goes with the VPC
            yield self._make("ec2:route-table", rt["RouteTableId"], region, _tags(rt.get("Tags")))
        for igw in self._paginate(ec2, region, "describe_internet_gateways", "InternetGateways", Filters=TAG_FILTER):
            yield self._make("ec2:internet-gateway", igw["InternetGatewayId"], region, _tags(igw.get("Tags")))
        for vpc in self._paginate(ec2, region, "describe_vpcs", "Vpcs", Filters=TAG_FILTER):
            yield self._make("ec2:vpc", vpc["VpcId"], region, _tags(vpc.get("Tags")))

    def _tagging_api(self, region: str, known: dict[tuple[str, str], Leftover]) -> Iterable[Leftover]:
        """Tagged resources the describes did not cover: load balancers, buckets, other services.

        EC2 types come from the describe calls only (they know the state: the tagging API still
        lists terminated instances and deleted NAT gateways for a while).
        """
        elbv2 = self.client("elbv2", region)
        for res in self._paginate(
            "resourcegroupstaggingapi", region, "get_resources", "ResourceTagMappingList",
            TagFilters=[{"Key": MANAGED, "Values": ["true"]}],
        ):
            arn = res["ResourceARN"]
            tags = _tags(res.get("Tags"))
            parts = arn.split(":", 5)
            service, resource = parts[2], parts[5]
            if service == "ec2":
                continue
            if service == "s3":
                yield self._bucket(resource, region, tags)
            elif service == "elasticloadbalancing" and resource.startswith("loadbalancer/"):
                lbs = self._describe_or_none(lambda: elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"])
                if lbs:
                    yield self._make("elasticloadbalancing:loadbalancer", arn, region, tags, lbs[0].get("CreatedTime"),
                                     lb_type=lbs[0].get("Type", "application"), lb_name=lbs[0].get("LoadBalancerName"))
            elif service == "elasticloadbalancing" and resource.startswith("targetgroup/"):
                yield self._make("elasticloadbalancing:targetgroup", arn, region, tags)
            elif service == "sns":  # arn:aws:sns:region:account:topic-name
                yield self._make("sns:topic", arn, region, tags)
            else:
                kind = resource.split("/", 1)[0].split(":", 1)[0]
                yield self._make(f"{service}:{kind}", arn, region, tags)

    def _describe_or_none(self, fn: Any) -> Any:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - vanished between listing and describing
            if self.is_not_found(exc):
                return None
            raise

    def _bucket(self, name: str, region: str, tags: dict[str, str]) -> Leftover:
        """A bucket with its stored bytes (first 10 pages of objects; more is reported as a floor)."""
        s3 = self.client("s3", region)
        size, complete = 0, True
        try:
            pages = s3.get_paginator("list_objects_v2").paginate(Bucket=name)
            for n, page in enumerate(pages):
                if n >= 10:
                    complete = False
                    break
                size += sum(int(o.get("Size", 0)) for o in page.get("Contents", []))
        except Exception as exc:  # noqa: BLE001
            if not self.is_not_found(exc):
                raise
        return self._make("s3:bucket", name, region, tags, size_bytes=size, size_complete=complete)

    # -- prices ---------------------------------------------------------------------------
    def _price(self, item: Leftover) -> None:
        if item.type in FREE_TYPES:
            item.hourly_cost, item.cost_basis = Decimal(0), "free"
            return
        cat = self.catalog = default_catalog(self.catalog)
        if item.type == "ec2:instance":
            family = str(item.detail.get("instance_type") or "").split(".")[0]
            item.gpu = family[:1] in ("g", "p")  # refined from the catalog row below
        if cat is None:
            return
        try:
            cost = self._catalog_cost(cat, item)
        except Exception:  # noqa: BLE001 - unknown type or unpriced region: cost stays unknown
            cost = None
        if cost is not None:
            item.hourly_cost, item.cost_basis = cost, "catalog"


    def _catalog_cost(self, cat: Any, item: Leftover) -> Optional[Decimal]:
        """The leftover as the typed model its Pulumi type's mapper makes (llmkit.pricing.preview
        .resources.mappers.aws), priced by the same cost model ``llmkit price`` uses."""
        from llmkit.pricing.preview.resources.mappers import aws as mapped
        from llmkit.pricing.preview.resources.models import aws as models
        from llmkit.pricing.preview.resources.models.common import CostModel, Machines, Volume

        region, d, t = item.region, item.detail, item.type
        usage = None
        model: CostModel
        if t == "ec2:instance":
            with contextlib.suppress(LookupError):  # a GPU type the catalog does not price: the family guess stands
                item.gpu = bool(cat.instance("aws", region, d.get("instance_type")).gpu)
            token, model = "aws:ec2/instance:Instance", Machines(str(d.get("instance_type")), spot=bool(d.get("spot")))
        elif t == "ec2:natgateway":
            token, model = "aws:ec2/natGateway:NatGateway", mapped.NAT_GATEWAY
        elif t == "ec2:elastic-ip":
            token, model = "aws:ec2/eip:Eip", mapped.EIP
        elif t == "elasticloadbalancing:loadbalancer":
            kind = "network" if d.get("lb_type") == "network" else "application"
            token, model = "aws:lb/loadBalancer:LoadBalancer", models.LoadBalancer(kind)
        elif t == "ec2:volume" and d.get("size_gb"):
            token, model = "aws:ebs/volume:Volume", Volume(str(d.get("volume_type")), int(d["size_gb"]), "Storage")
        elif t == "cloudwatch:alarm":
            token, model = "aws:cloudwatch/metricAlarm:MetricAlarm", models.MetricAlarm()
        elif t == "secretsmanager:secret":
            token, model = "aws:secretsmanager/secret:Secret", models.Secret()
        elif t == "s3:bucket" and d.get("size_complete"):
            token, model = "aws:s3/bucket:Bucket", mapped.S3_BUCKET
            usage = {"storage_gb": Decimal(d.get("size_bytes", 0)) / GIB}
        else:
            return None
        return hourly_cost(cat, token, region, model, usage)

    # -- deletion -------------------------------------------------------------------------
    def delete(self, item: Leftover) -> None:
        r, i = item.region, item.id
        ec2 = self.client("ec2", r)
        t = item.type
        if t == "autoscaling:group":
            self.client("autoscaling", r).delete_auto_scaling_group(AutoScalingGroupName=i, ForceDelete=True)
        elif t == "ec2:instance":
            ec2.terminate_instances(InstanceIds=[i])
        elif t == "elasticloadbalancing:loadbalancer":
            self.client("elbv2", r).delete_load_balancer(LoadBalancerArn=i)
        elif t == "ec2:natgateway":
            ec2.delete_nat_gateway(NatGatewayId=i)
        elif t == "s3:bucket":
            self._empty_and_delete_bucket(i, r)
        elif t == "cloudwatch:alarm":
            self.client("cloudwatch", r).delete_alarms(AlarmNames=[i.split(":alarm:", 1)[1]])
        elif t == "sns:topic":
            self.client("sns", r).delete_topic(TopicArn=i)
        elif t == "secretsmanager:secret":
            self.client("secretsmanager", r).delete_secret(SecretId=i, ForceDeleteWithoutRecovery=True)
        elif t == "ec2:launch-template":
            ec2.delete_launch_template(LaunchTemplateId=i)
        elif t == "elasticloadbalancing:targetgroup":
            self._retry_dependency(lambda: self.client("elbv2", r).delete_target_group(TargetGroupArn=i))
        elif t == "ec2:volume":
            self._retry_dependency(lambda: ec2.delete_volume(VolumeId=i))
        elif t == "ec2:elastic-ip":
            self._retry_dependency(lambda: ec2.release_address(AllocationId=i))
        elif t == "ec2:security-group":
            self._revoke_group_references(ec2, i)
            self._retry_dependency(lambda: ec2.delete_security_group(GroupId=i))
        elif t == "ec2:subnet":
            self._retry_dependency(lambda: ec2.delete_subnet(SubnetId=i))
        elif t == "ec2:route-table":
            self._delete_route_table(ec2, i)
        elif t == "ec2:internet-gateway":
            self._delete_igw(ec2, i)
        elif t == "ec2:vpc":
            self._retry_dependency(lambda: ec2.delete_vpc(VpcId=i))
        else:  # pragma: no cover - list_leftovers marks these "manual"; execute skips them
            raise NotImplementedError(t)

    def _retry_dependency(self, fn: Any) -> Any:
        """Retry a DependencyViolation while an asynchronous release (ENIs) may still finish."""
        deadline = time.monotonic() + self.dependency_wait
        delay = 2.0
        while True:
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001
                if _error_code(exc) not in DEPENDENCY_CODES or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 20.0)

    def _empty_and_delete_bucket(self, name: str, region: str) -> None:
        s3 = self.client("s3", region)
        for page in s3.get_paginator("list_object_versions").paginate(Bucket=name):
            keys = [
                {"Key": v["Key"], "VersionId": v["VersionId"]}
                for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
            ]
            for start in range(0, len(keys), 1000):
                s3.delete_objects(Bucket=name, Delete={"Objects": keys[start : start + 1000], "Quiet": True})
        s3.delete_bucket(Bucket=name)

    def _revoke_group_references(self, ec2: Any, group_id: str) -> None:
        """Drop rules that name other groups: a reference between two groups blocks both deletions."""
        groups = ec2.describe_security_groups(GroupIds=[group_id]).get("SecurityGroups", [])
        for sg in groups:
            for key, revoke in (("IpPermissions", ec2.revoke_security_group_ingress), ("IpPermissionsEgress", ec2.revoke_security_group_egress)):
                refs = [p for p in sg.get(key, []) if p.get("UserIdGroupPairs")]
                if refs:
                    try:
                        revoke(GroupId=group_id, IpPermissions=refs)
                    except Exception:  # noqa: BLE001 - best effort: the delete below reports a real block
                        pass

    def _delete_route_table(self, ec2: Any, rt_id: str) -> None:
        tables = ec2.describe_route_tables(RouteTableIds=[rt_id]).get("RouteTables", [])
        for rt in tables:
            for assoc in rt.get("Associations", []):
                if not assoc.get("Main") and assoc.get("RouteTableAssociationId"):
                    ec2.disassociate_route_table(AssociationId=assoc["RouteTableAssociationId"])
        ec2.delete_route_table(RouteTableId=rt_id)

    def _delete_igw(self, ec2: Any, igw_id: str) -> None:
        igws = ec2.describe_internet_gateways(InternetGatewayIds=[igw_id]).get("InternetGateways", [])
        for igw in igws:
            for att in igw.get("Attachments", []):
                ec2.detach_internet_gateway(InternetGatewayId=igw_id, VpcId=att["VpcId"])
        ec2.delete_internet_gateway(InternetGatewayId=igw_id)

    def after_rank(self, rank: int, deleted: Sequence[Leftover]) -> None:
        """Wait for terminations and NAT gateway deletions: their ENIs and EIPs block what follows."""
        by_region: dict[str, dict[str, list[str]]] = {}
        for item in deleted:
            by_region.setdefault(item.region, {}).setdefault(item.type, []).append(item.id)
        for region, kinds in by_region.items():
            ec2 = self.client("ec2", region)
            if kinds.get("ec2:instance"):
                ec2.get_waiter("instance_terminated").wait(InstanceIds=kinds["ec2:instance"], WaiterConfig=self.waiter_config)
            if kinds.get("ec2:natgateway"):
                ec2.get_waiter("nat_gateway_deleted").wait(NatGatewayIds=kinds["ec2:natgateway"], WaiterConfig=self.waiter_config)


def from_options(regions: Sequence[str], wait_seconds: float) -> AwsSweep:
    """The sweep ``llmkit sweep --cloud aws`` runs (named by the AWS descriptor in
    llmkit.core.clouds): the given regions, else the SDK's configured one."""
    return AwsSweep(regions=list(regions) or None, dependency_wait=wait_seconds)
