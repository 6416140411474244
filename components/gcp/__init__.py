"""GCP (pulumi-gcp) components: the three reference architectures for any Pulumi program.

    from llmkit.components.gcp import HybridDeployment, HybridDeploymentArgs
    hybrid = HybridDeployment("chat", HybridDeploymentArgs(local_share_pct=70))
    pulumi.export("endpoint", hybrid.endpoint)

The classes are declared here without importing ``pulumi_gcp``; their blocks (``blocks.py``:
network and firewalls, load balancers, fleet, model bucket, Secret Manager, service accounts,
Qdrant, monitoring, budget) are imported when a component is constructed. Type tokens
``llmkit:gcp:<Name>``, with an alias from ``llmkit:index:<Name>``.
"""

import pulumi

from llmkit.components.architecture import ApiTierBase, GpuClusterBase, HybridDeploymentBase, deploy
from llmkit.components.args import ApiTierArgs, GpuClusterArgs, HybridDeploymentArgs

__all__ = ["GpuCluster", "GpuClusterArgs", "ApiTier", "ApiTierArgs", "HybridDeployment", "HybridDeploymentArgs", "deploy"]


class GpuCluster(GpuClusterBase):
    """A vLLM GPU managed instance group behind the global external HTTP(S) load balancer, a
    model-cache bucket, Qdrant, alerts and a budget (the guide's pattern 1) on GCP."""

    _cloud = "gcp"
    model_cache_url: pulumi.Output[str]


class ApiTier(ApiTierBase):
    """A LiteLLM router instance group behind the external load balancer in front of hosted
    model APIs, keys in Secret Manager, Qdrant (pattern 2) on GCP."""

    _cloud = "gcp"


class HybridDeployment(HybridDeploymentBase):
    """The router is the client endpoint (internal unless the stack is public); local vLLM first (behind an internal passthrough load
    balancer), hosted models as weighted share and fallback (pattern 3) on GCP."""

    _cloud = "gcp"
    model_cache_url: pulumi.Output[str]
    vllm_internal_url: pulumi.Output[str]
