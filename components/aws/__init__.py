"""AWS (pulumi-aws) components: the three reference architectures for any Pulumi program.

    from llmkit.components.aws import GpuCluster, GpuClusterArgs
    cluster = GpuCluster("chat", GpuClusterArgs(model="llama-3.1-8b", users=500))
    pulumi.export("endpoint", cluster.endpoint)

The classes are declared here without importing ``pulumi_aws`` (it costs seconds); the blocks
they are made of (``blocks.py``: network, load balancer, fleet, roles, secrets, vector DB,
alerts) are imported when a component is constructed. Type tokens ``llmkit:aws:<Name>``, with an
alias from the older ``llmkit:index:<Name>``.
"""

import pulumi

from llmkit.components.architecture import ApiTierBase, GpuClusterBase, HybridDeploymentBase, deploy
from llmkit.components.args import ApiTierArgs, GpuClusterArgs, HybridDeploymentArgs

__all__ = ["GpuCluster", "GpuClusterArgs", "ApiTier", "ApiTierArgs", "HybridDeployment", "HybridDeploymentArgs", "deploy"]


class GpuCluster(GpuClusterBase):
    """A vLLM GPU Auto Scaling group behind the front ALB (internal by default), a model-cache S3 bucket, Qdrant and
    CloudWatch alarms (the guide's pattern 1) on AWS."""

    _cloud = "aws"
    model_bucket: pulumi.Output[str]
    gpu_group: pulumi.Output[str]


class ApiTier(ApiTierBase):
    """A LiteLLM router Auto Scaling group behind the front ALB (internal by default) in front of hosted model APIs,
    keys in Secrets Manager, Qdrant (pattern 2) on AWS."""

    _cloud = "aws"
    router_group: pulumi.Output[str]


class HybridDeployment(HybridDeploymentBase):
    """The router is the public endpoint; local vLLM first (behind an internal ALB), hosted
    models as weighted share and fallback (pattern 3) on AWS."""

    _cloud = "aws"
    model_bucket: pulumi.Output[str]
    gpu_group: pulumi.Output[str]
    router_group: pulumi.Output[str]
