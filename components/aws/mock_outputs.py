"""What AWS would answer for computed outputs, for runs under the Pulumi SDK's mocks.

The mocks echo inputs as outputs, so values only AWS knows after creation (ARNs, bucket names
chosen by autonaming, load balancer DNS names, an instance's private IP) would be missing and
user data or policies built from them would never render. This hook returns placeholders shaped
like the real ones, stable per logical name. Pass it as ``RecordingMocks(outputs=computed_outputs)``;
the offline plan itself does not use it (a real preview shows those values as unknown).
"""

from __future__ import annotations

import hashlib
from typing import Any

from pulumi.runtime.mocks import MockResourceArgs

OFFLINE_ACCOUNT = "123456789012"
NAMED_BY_AWS = ("aws:autoscaling/group:Group", "aws:iam/role:Role", "aws:iam/instanceProfile:InstanceProfile")


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
    elif args.typ in NAMED_BY_AWS:
        out.setdefault("name", f"{args.name}-{digest}")
    return out
