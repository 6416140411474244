"""What every cloud's building blocks share: who their parent is, how they are named and
labelled, and the private address plan of the stack's network.

Each cloud package's ``base`` extends ``Children`` with what only it has (Azure's resource
group, GCP's zones and project). Cloud-neutral: no provider SDK here.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from typing import Any, Optional, TypeVar

import pulumi

from llmkit.components.spec import DeploymentSpec, ModelTier


_C = TypeVar("_C", bound="Children")


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
        """Children of ``parent``: a block of the architecture component (which carries
        ``protect`` for the stack; blocks and their resources inherit it)."""
        return pulumi.ResourceOptions(parent=self.parent, **kwargs)

    def under(self: _C, parent: pulumi.Resource) -> _C:
        """The same context with resources going under ``parent`` (a ``Block``)."""
        return dataclasses.replace(self, parent=parent)


class Block(pulumi.ComponentResource):
    """One block of an architecture (network, model servers, routers, vector DB, alerts...) as
    a node of the resource tree, ``llmkit:<cloud>:<Kind>``, so ``pulumi stack`` and the console
    show a deployment as its parts rather than fifty resources in one flat list.

    WHY the alias: resources created before blocks existed were children of the architecture
    component. Moving a resource under a new parent changes its URN, which the engine would
    read as delete-and-create (a GPU fleet replaced, a Key Vault purged). Every direct child
    of a block therefore carries an alias naming its old parent, added here once by a
    transformation rather than at each of the clouds' resource constructors."""

    def __init__(self, cloud: str, kind: str, name: str, architecture: pulumi.Resource) -> None:
        self._architecture = architecture
        super().__init__(f"llmkit:{cloud}:{kind}", name, None,
                         pulumi.ResourceOptions(parent=architecture, transformations=[self._keep_urns]))
        self.register_outputs({})

    def _keep_urns(self, args: pulumi.ResourceTransformationArgs) -> Optional[pulumi.ResourceTransformationResult]:
        if args.opts.parent is not self:
            return None  # a grandchild keeps its own parent's identity
        alias = pulumi.ResourceOptions(aliases=[pulumi.Alias(parent=self._architecture)])
        return pulumi.ResourceTransformationResult(args.props, pulumi.ResourceOptions.merge(args.opts, alias))


class BlockTree:
    """The block components of one architecture, each made when first needed and then shared
    (the front load balancer is made by whichever block needs it first, but belongs to one)."""

    def __init__(self, cloud: str, prefix: str, architecture: pulumi.Resource) -> None:
        self.cloud, self.prefix, self.architecture = cloud, prefix, architecture
        self._made: dict[str, Block] = {}

    def __call__(self, kind: str) -> Block:
        if kind not in self._made:
            self._made[kind] = Block(self.cloud, kind, f"{self.prefix}-{BLOCK_NAMES[kind]}", self.architecture)
        return self._made[kind]


#: Block kind -> the suffix of its name; the kinds every cloud uses.
BLOCK_NAMES = {
    "Network": "network", "Secrets": "secrets", "ModelServers": "model-servers", "Routers": "routers",
    "VectorDb": "vector-db", "Alerts": "alerts", "ResponseCache": "response-cache",
}


def server_subnet(spec: DeploymentSpec) -> str:
    """The servers' private subnet: the second /24 of the stack's network (Azure and GCP; AWS
    splits its VPC per availability zone instead)."""
    return str(list(ipaddress.ip_network(spec.network_cidr).subnets(new_prefix=24))[1])


def server_host(spec: DeploymentSpec, index: int) -> str:
    """A fixed private address in the server subnet (internal load balancer, vector DB)."""
    return str(ipaddress.ip_network(server_subnet(spec))[index])


TIER_LB_HOST_INDEX = 30  # a tiers stack's internal load balancers beyond the first: 31, 32


def internal_lb_host_index(spec: DeploymentSpec, tier: Optional[ModelTier] = None) -> int:
    """The host index of the internal load balancer in front of a vLLM fleet (Azure, GCP): 10
    for the hybrid's one (and a tiers stack's first), 31, 32, ... for the other tiers."""
    if not spec.tier_suffix(tier) or tier is None:
        return 10
    return TIER_LB_HOST_INDEX + spec.model_tiers.index(tier)
