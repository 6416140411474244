"""The stack program: config -> Args -> one architecture component on one cloud.

``build(config)`` is what ``__main__.py`` (under the Pulumi engine), the offline planner and
the tests all call. It reads the stack's ``llmkit:*`` config into the same Args class a user's
program would build (``GpuClusterArgs``, ``ApiTierArgs``, ``HybridDeploymentArgs``) and
constructs the same component (``llmkit.components.<cloud>.GpuCluster`` ...), named for the
stack. Only the cloud package the stack names is imported, so a GCP stack never loads
pulumi_aws (each SDK costs seconds and ~100 MB).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi

from llmkit.components.architecture import Architecture, component_class
from llmkit.components.args import ARGS
from llmkit.components.spec import ARCHITECTURES, CLOUDS, _choice, check_config_keys
from llmkit.core.clouds import DEFAULT_CLOUD


def build(config: Mapping[str, str], stack: Optional[str] = None, **spec_kw: Any) -> Architecture:
    """Build the stack described by ``config`` (full keys, string values) and export its outputs.

    ``spec_kw`` (``catalog``, ``sizer``) replace the bundled catalog and the capacity model,
    for tests.
    """
    name = stack or pulumi.get_stack()
    check_config_keys(config)
    architecture = _choice(config, "architecture", ARCHITECTURES, "gpu")
    cloud = _choice(config, "cloud", CLOUDS, DEFAULT_CLOUD)
    args = ARGS[architecture].from_config(config)
    args._catalog, args._sizer = spec_kw.get("catalog"), spec_kw.get("sizer")
    component = component_class(cloud, architecture)(name, args)
    spec = component.spec
    pulumi.export("architecture", spec.architecture)
    pulumi.export("cloud", spec.cloud)
    pulumi.export("region", spec.region)
    for key, value in sorted(component.outputs.items()):
        pulumi.export(key, value)
    if spec.budget_monthly_usd is not None:
        pulumi.export("budgetMonthlyUsd", str(spec.budget_monthly_usd))
    return component
