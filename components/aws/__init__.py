"""AWS (pulumi-aws) implementations of the three reference architectures.

``deploy(spec)`` builds the component named by ``spec.architecture``; the building blocks
(network, load balancer, fleet, roles, secrets, vector DB, alerts) live in this package's
modules and are shared by the three. The only package that imports ``pulumi_aws``, and only
when a stack deploys (``llmkit.components.program`` imports it lazily).
"""

from __future__ import annotations

from typing import Optional

import pulumi

from llmkit.components.spec import DeploymentSpec


def deploy(spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> pulumi.ComponentResource:
    from llmkit.components.aws.architectures import ARCHITECTURES

    return ARCHITECTURES[spec.architecture](spec.stack, spec, opts)
