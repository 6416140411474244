"""Azure (pulumi-azure-native) components: the three reference architectures for any program.

    from llmkit.components.azure import ApiTier, ApiTierArgs
    tier = ApiTier("chat", ApiTierArgs(hosted_models=["gpt-4o-mini"], region="westeurope"))
    pulumi.export("endpoint", tier.endpoint)

One resource group per deployment (``llmkit-<stack>``). The classes are declared here without
importing ``pulumi_azure_native``; their blocks (``blocks.py``: network, load balancer, fleet,
model cache, Key Vault, Qdrant, monitoring, budget) are imported when a component is
constructed. Type tokens ``llmkit:azure:<Name>``, with an alias from ``llmkit:index:<Name>``.
"""

import pulumi

from llmkit.components.architecture import ApiTierBase, GpuClusterBase, HybridDeploymentBase, deploy
from llmkit.components.args import ApiTierArgs, GpuClusterArgs, HybridDeploymentArgs

__all__ = ["GpuCluster", "GpuClusterArgs", "ApiTier", "ApiTierArgs", "HybridDeployment", "HybridDeploymentArgs", "deploy"]


class GpuCluster(GpuClusterBase):
    """A vLLM GPU scale set behind a public Standard Load Balancer, a model-cache storage
    container, Qdrant, alerts and a budget (the guide's pattern 1) on Azure."""

    _cloud = "azure"
    resource_group: pulumi.Output[str]
    model_cache_url: pulumi.Output[str]
    key_vault_uri: pulumi.Output[str]


class ApiTier(ApiTierBase):
    """A LiteLLM router scale set behind the front load balancer (internal by default) in front of hosted model APIs,
    keys in Key Vault, Qdrant (pattern 2) on Azure."""

    _cloud = "azure"
    resource_group: pulumi.Output[str]
    key_vault_uri: pulumi.Output[str]


class HybridDeployment(HybridDeploymentBase):
    """The router is the public endpoint; local vLLM first (behind an internal load balancer),
    hosted models as weighted share and fallback (pattern 3) on Azure."""

    _cloud = "azure"
    resource_group: pulumi.Output[str]
    model_cache_url: pulumi.Output[str]
    vllm_internal_url: pulumi.Output[str]
    key_vault_uri: pulumi.Output[str]
