"""Shared plumbing of the AWS package: labels, child options, and the two lookups it makes.

Labels are passed explicitly as ``tags`` on every taggable resource (plus launch-template tag
specifications and Auto Scaling group tags for what AWS creates on our behalf). We do not rely
on the provider's ``default_tags``: it is real, but invisible to the SDK's mocks, so the
offline plan and the tests could not show or check it. Explicit tags are both real and visible.
"""

from __future__ import annotations

from typing import Optional

import pulumi
import pulumi_aws as aws

from llmkit.components.spec import DeploymentSpec

# Amazon's public SSM parameters naming the current AMIs (no account-specific image ids).
AMI_PARAMETERS = {
    "cpu": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    # Deep Learning Base AMI: NVIDIA driver, CUDA, Docker with the NVIDIA container toolkit.
    "gpu": "/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-amazon-linux-2023/latest/ami-id",
}
ROOT_DEVICE = "/dev/xvda"  # Amazon Linux 2023 and its Deep Learning AMI
SSM_CORE_POLICY = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
CLOUDWATCH_AGENT_POLICY = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"


def labels(spec: DeploymentSpec, name: Optional[str] = None) -> dict[str, str]:
    """The stack's labels, plus a Name tag (what the EC2 console shows) when given."""
    out = dict(spec.labels)
    if name:
        out["Name"] = name
    return out


def child(parent: pulumi.Resource, **kw: object) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions(parent=parent, **kw)  # type: ignore[arg-type]


def availability_zones(parent: pulumi.Resource, count: int = 2) -> list[str]:
    """The first ``count`` available zones of the stack's region (an invoke; answered offline)."""
    zones = aws.get_availability_zones(state="available", opts=pulumi.InvokeOptions(parent=parent))
    names = list(zones.names)[:count]
    if len(names) < count:
        raise ValueError(f"the region offers {len(names)} availability zones; {count} are needed")
    return names


def ami(kind: str, parent: pulumi.Resource) -> str:
    """Current AMI id for ``cpu`` or ``gpu`` servers, from Amazon's public SSM parameter."""
    return aws.ssm.get_parameter(name=AMI_PARAMETERS[kind], opts=pulumi.InvokeOptions(parent=parent)).value
