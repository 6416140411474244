"""What AWS would answer for computed outputs, for runs under the Pulumi SDK's mocks.

The mocks echo inputs as outputs, so values only AWS knows after creation (ARNs, bucket names
chosen by autonaming, load balancer DNS names, an instance's private IP) would be missing and
user data or policies built from them would never render. This hook returns placeholders shaped
like the real ones, stable per logical name. Pass it as ``RecordingMocks(outputs=computed_outputs)``;
the offline plan itself does not use it (a real preview shows those values as unknown).
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Mapping

from pulumi.runtime.mocks import MockResourceArgs

from llmkit.core.clouds import AWS

OFFLINE_ACCOUNT = "123456789012"
NAMED_BY_AWS = ("aws:autoscaling/group:Group", "aws:iam/role:Role", "aws:iam/instanceProfile:InstanceProfile",
                "aws:elasticache/subnetGroup:SubnetGroup")


def computed_outputs(args: MockResourceArgs) -> dict[str, Any]:
    if not args.typ.startswith("aws:"):
        return {}
    digest = hashlib.sha1(args.name.encode()).hexdigest()[:8]
    service = args.typ.split(":")[1].split("/")[0]
    out: dict[str, Any] = {"arn": f"arn:aws:{service}:us-east-1:{OFFLINE_ACCOUNT}:{args.name}-{digest}"}
    if args.typ == "aws:s3/bucket:Bucket":
        out["bucket"] = f"{args.name}-{digest}"
    elif args.typ == "aws:lb/loadBalancer:LoadBalancer":
        out.update(dnsName=f"{args.name}-{digest}.us-east-1.elb.amazonaws.com", arnSuffix=f"app/{args.name}/{digest}")
    elif args.typ == "aws:ec2/instance:Instance":
        out["privateIp"] = "10.40.128.10"
    elif args.typ == "aws:elasticache/replicationGroup:ReplicationGroup":
        out["primaryEndpointAddress"] = f"master.{args.name}-{digest}.use1.cache.amazonaws.com"
    elif args.typ in NAMED_BY_AWS:
        out.setdefault("name", f"{args.name}-{digest}")
    return out


# ---------------------------------------------------------------- invoke answers (offline plans)
# The data-source calls the AWS program makes, answered as AWS would for the offline planner
# (llmkit.offline_plan finds ``invokes`` through the AWS descriptor in llmkit.core.clouds).

AWS_AMIS = {
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64": "ami-0c7217cdde317cfec",
    "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id": "ami-0a8b4cd432b1c3063",
}
AWS_ZONE_SUFFIXES = {"us-east-1": "abcdf", "us-west-2": "abcd", "eu-west-1": "abc"}


def _aws_zones(region: str) -> Callable[[dict], dict]:
    def answer(args: dict) -> dict:
        names = [f"{region}{s}" for s in AWS_ZONE_SUFFIXES.get(region, "abc")]
        return {"id": region, "names": names, "zoneIds": [f"{region[:2]}{region.split('-')[1][:1]}{i + 1}-az{i + 1}" for i in range(len(names))],
                "groupNames": [region] * len(names), "state": "available"}
    return answer


def _aws_ssm_parameter(args: dict) -> dict:
    name = args.get("name", "")
    if name not in AWS_AMIS:
        raise KeyError(f"no offline answer for SSM parameter {name}")
    value = AWS_AMIS[name]
    return {"id": name, "name": name, "value": value, "insecureValue": value, "type": "String", "version": 1,
            "arn": f"arn:aws:ssm:us-east-1::parameter{name}", "withDecryption": True}


def invokes(config: Mapping[str, str]) -> dict[str, Callable[[dict], dict]]:
    """Token -> answer for every invoke the AWS programs make (region-aware)."""
    region = config.get(AWS.region_config_key) or AWS.default_region
    return {
        "aws:index/getAvailabilityZones:getAvailabilityZones": _aws_zones(region),
        "aws:ssm/getParameter:getParameter": _aws_ssm_parameter,
    }
