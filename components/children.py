"""What every cloud's building blocks share: who their parent is, how they are named and
labelled, and the private address plan of the stack's network.

Each cloud package's ``base`` extends ``Children`` with what only it has (Azure's resource
group, GCP's zones and project). Cloud-neutral: no provider SDK here.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any

import pulumi

from llmkit.components.spec import DeploymentSpec


@dataclasses.dataclass
class Children:
    """Resources created under one architecture component, named ``<prefix>-<suffix>``."""

    spec: DeploymentSpec
    parent: pulumi.Resource
    prefix: str

    @property
    def labels(self) -> dict[str, str]:
        """The stack's standard labels, passed explicitly on every resource that takes them
        (mocks apply no provider default labels/tags, and explicit ones survive a provider swap)."""
        return dict(self.spec.labels)

    def name(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    def opts(self, **kwargs: Any) -> pulumi.ResourceOptions:
        """Children of the architecture component (which carries ``protect`` for the stack)."""
        return pulumi.ResourceOptions(parent=self.parent, **kwargs)


def server_subnet(spec: DeploymentSpec) -> str:
    """The servers' private subnet: the second /24 of the stack's network (Azure and GCP; AWS
    splits its VPC per availability zone instead)."""
    return str(list(ipaddress.ip_network(spec.network_cidr).subnets(new_prefix=24))[1])


def server_host(spec: DeploymentSpec, index: int) -> str:
    """A fixed private address in the server subnet (internal load balancer, vector DB)."""
    return str(ipaddress.ip_network(server_subnet(spec))[index])
