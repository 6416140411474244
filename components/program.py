"""The stack program: config -> spec -> one architecture on one cloud.

``build(config)`` is what ``__main__.py`` (under the Pulumi engine), the offline planner and
the tests all call. The cloud package is imported only here and only the one the stack
names, so a GCP stack never loads pulumi_aws (each SDK costs seconds and ~100 MB).

Contract for each cloud package ``components.<cloud>``::

    def deploy(spec: DeploymentSpec, opts: pulumi.ResourceOptions | None = None) -> pulumi.ComponentResource

It creates the architecture ``spec.architecture`` names (GpuCluster / ApiTier /
HybridDeployment, type tokens ``llmkit:index:<Name>``) with every resource labelled with
``spec.labels``, honours ``spec.protect``, and returns the component, whose ``outputs``
attribute (a dict of pulumi Outputs) the program exports (``endpoint`` at least).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi

from llmkit.components.spec import DeploymentSpec, build_spec
from llmkit.core.clouds import CLOUDS, resolve


def deploy(spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> pulumi.ComponentResource:
    """Hand the spec to its cloud's package (the descriptor's ``components``, imported lazily)."""
    module = resolve(CLOUDS[spec.cloud].components or "")
    component: pulumi.ComponentResource = module.deploy(spec, opts)
    return component


def build(config: Mapping[str, str], stack: Optional[str] = None, **spec_kw: Any) -> pulumi.ComponentResource:
    """Build the stack described by ``config`` (full keys, string values) and export its outputs."""
    name = stack or pulumi.get_stack()
    spec = build_spec(config, name, **spec_kw)
    opts = pulumi.ResourceOptions(protect=True) if spec.protect else None
    component = deploy(spec, opts)
    pulumi.export("architecture", spec.architecture)
    pulumi.export("cloud", spec.cloud)
    pulumi.export("region", spec.region)
    for key, value in sorted(getattr(component, "outputs", {}).items()):
        pulumi.export(key, value)
    if spec.budget_monthly_usd is not None:
        pulumi.export("budgetMonthlyUsd", str(spec.budget_monthly_usd))
    return component
