"""The three architecture components, made once for any cloud package's builder.

Every cloud (AWS, Azure, GCP) builds the same three ComponentResources (type tokens
``llmkit:index:GpuCluster``, ``ApiTier``, ``HybridDeployment``); only the function that creates
their children differs.
``architecture_classes(build)`` returns the three classes bound to one cloud's builder, so the
constructor contract (``(name, args, opts=None)``, children parented to the component,
``register_outputs``, an ``outputs`` dict for the program to export) lives in one place.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Optional

import pulumi

from llmkit.components.spec import DeploymentSpec

Builder = Callable[[pulumi.ComponentResource, str, DeploymentSpec], dict[str, Any]]

TYPES = {
    "gpu": ("GpuCluster", "The guide's pattern 1: a vLLM GPU fleet behind a public load balancer."),
    "api": ("ApiTier", "Pattern 2: a LiteLLM router fleet in front of hosted model APIs."),
    "hybrid": ("HybridDeployment", "Pattern 3: the router sends traffic to the local vLLM fleet first, hosted APIs as fallback."),
}


class Architecture(pulumi.ComponentResource):
    """One reference architecture; ``BUILD`` creates its children under it and returns outputs."""

    TYPE: ClassVar[str] = ""
    BUILD: ClassVar[Builder]

    def __init__(self, name: str, args: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__(self.TYPE, name, None, opts)
        self.outputs: dict[str, Any] = type(self).BUILD(self, name, args)
        self.register_outputs(self.outputs)


def architecture_classes(build: Builder, module: str) -> dict[str, type[Architecture]]:
    """``{"gpu": GpuCluster, "api": ApiTier, "hybrid": HybridDeployment}`` for one cloud."""
    classes: dict[str, type[Architecture]] = {}
    for key, (class_name, doc) in TYPES.items():
        namespace = {"TYPE": f"llmkit:index:{class_name}", "BUILD": staticmethod(build), "__doc__": doc, "__module__": module}
        classes[key] = type(class_name, (Architecture,), namespace)
    return classes
