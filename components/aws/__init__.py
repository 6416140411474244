"""AWS: the three reference architectures (GpuCluster, ApiTier, HybridDeployment).

The only package that imports ``pulumi_aws``; ``components.program`` imports it lazily.
"""

from __future__ import annotations

from typing import Optional

import pulumi

from components.aws.architectures import ARCHITECTURES, ApiTier, GpuCluster, HybridDeployment
from components.spec import DeploymentSpec

__all__ = ["deploy", "GpuCluster", "ApiTier", "HybridDeployment"]


def deploy(spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> pulumi.ComponentResource:
    """Create the architecture the spec names, labelled and protected as the spec says."""
    return ARCHITECTURES[spec.architecture](spec.labels["llmkit-stack"], spec, opts)
