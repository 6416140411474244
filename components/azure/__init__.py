"""Azure (pulumi-azure-native) implementations of the three reference architectures.

``deploy(spec)`` builds the component named by ``spec.architecture``; the building blocks
(network, load balancer, fleet, model cache, Key Vault, Qdrant, monitoring, budget) live in
this package's modules and are shared by the three.
"""

from __future__ import annotations

from typing import Optional

import pulumi

from llmkit.components.spec import DeploymentSpec


def deploy(spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> pulumi.ComponentResource:
    from llmkit.components.azure.architectures import ARCHITECTURES

    return ARCHITECTURES[spec.architecture](spec.stack, spec, opts)
