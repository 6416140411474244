"""The three architecture components, and the one place that decides what each one builds.

Every cloud (AWS, Azure, GCP) offers the same three ComponentResources, ``GpuCluster``,
``ApiTier`` and ``HybridDeployment`` (declared in ``llmkit.components.<cloud>``, type tokens
``llmkit:<cloud>:<Name>``). They share this base: ``(name, args, opts=None)`` with a typed Args
class, the spec built from the Args by ``components.spec.build_spec``, children parented to the
component, outputs set as attributes and registered with ``register_outputs``.

What to build is decided here once, by ``assemble``, over a small ``Blocks`` interface each
cloud implements in ``llmkit.components.<cloud>.blocks``: a GPU architecture puts the vLLM
fleet behind the front load balancer (internal unless the stack is public or has a certificate); an API tier puts the LiteLLM router there; a hybrid puts
vLLM behind an internal load balancer and gives its address to the router. The cloud modules
only say how a block is made on their cloud.

WHY the old token stays as an alias: stacks created before the per-cloud tokens registered
``llmkit:index:<Name>``; the alias lets the engine match them (and, through the parent, every
child) instead of replacing the whole deployment.
"""

import dataclasses
from typing import Any, Mapping, Optional, Protocol, Union

import pulumi
from pulumi.runtime.config import get_config

from llmkit.components import apikeys
from llmkit.components.args import ARGS, ApiTierArgs, DeploymentArgs, GpuClusterArgs, HybridDeploymentArgs
from llmkit.components.spec import REGION_KEYS, DeploymentSpec, ModelTier, build_spec
from llmkit.core.clouds import CLOUDS, resolve

NAMES = {"gpu": "GpuCluster", "api": "ApiTier", "hybrid": "HybridDeployment"}
LEGACY_MODULE = "index"  # the module of the type tokens before each cloud had its own


class Blocks(Protocol):
    """What a cloud builds for an architecture. Its constructor lays the foundation every
    architecture needs (network, alert channels); ``outputs`` gathers the cloud's own extra
    outputs (model bucket, resource group, ...) as the blocks are made."""

    outputs: dict[str, Any]

    def model_servers(self, *, public: bool, tier: Optional[ModelTier] = None) -> pulumi.Input[str]:
        """The vLLM GPU fleet behind a load balancer; returns its URL (the public endpoint when
        ``public``, else the internal base URL a router calls). In a tiers stack, called once
        per ``tier`` (``spec.for_tier``), its resources named with ``spec.tier_suffix``."""

    def routers(self, vllm_url: Optional[pulumi.Input[str]],
                more_local: Optional[Mapping[str, pulumi.Input[str]]] = None) -> pulumi.Input[str]:
        """The LiteLLM fleet behind the front load balancer, sending local traffic to
        ``vllm_url`` when given (and, in a tiers stack, to ``more_local``: served model -> URL
        of every other tier); returns the public endpoint."""

    def response_cache(self) -> None:
        """The routers' shared Redis cache (``spec.response_cache``), reachable only from the
        routers; ``routers`` then points LiteLLM at it."""

    def vector_db(self) -> pulumi.Input[str]:
        """Qdrant, reachable from the servers built so far; returns its URL."""

    def budget(self) -> None:
        """The monthly budget alert (last: it covers everything above)."""


def assemble(spec: DeploymentSpec, blocks: Blocks) -> dict[str, Any]:
    """Build ``spec.architecture`` from ``blocks``; the outputs to register (camelCase)."""
    serves_locally = spec.architecture in ("gpu", "hybrid")
    routes = spec.architecture in ("api", "hybrid")
    if serves_locally and (spec.gpu_fleet is None or spec.model_server is None):
        raise ValueError(f"stack {spec.stack}: a {spec.architecture} deployment needs a GPU fleet and a model server")
    if routes and (spec.api_fleet is None or spec.router is None):
        raise ValueError(f"stack {spec.stack}: a {spec.architecture} deployment needs a router fleet")
    more_local: dict[str, pulumi.Input[str]] = {}
    if serves_locally and spec.model_tiers:  # one fleet per tier, the router in front of them all
        first, *others = spec.model_tiers
        vllm_url: Optional[pulumi.Input[str]] = blocks.model_servers(public=not routes, tier=first)
        more_local = {t.server.model_id: blocks.model_servers(public=not routes, tier=t) for t in others}
    else:
        vllm_url = blocks.model_servers(public=not routes) if serves_locally else None
    if routes and spec.response_cache is not None:
        blocks.response_cache()
    endpoint = (blocks.routers(vllm_url, more_local) if more_local else blocks.routers(vllm_url)) if routes else vllm_url
    outputs = {"endpoint": endpoint, "vectorDbUrl": blocks.vector_db()}
    blocks.budget()
    return {**blocks.outputs, **outputs}


def output_attribute(key: str) -> str:
    """``vectorDbUrl`` -> ``vector_db_url``: the Python attribute of an exported output."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in key)


class Architecture(pulumi.ComponentResource):
    """Base of the nine architecture components. A base per architecture below sets ``_kind``,
    the typed constructor and the outputs every cloud has; each cloud's class sets ``_cloud``
    and annotates its own outputs (the annotations are the component package's output schema).

    WHY no ``from __future__ import annotations`` in this module: Pulumi's component-package
    analyzer reads the constructor and output annotations at run time, unevaluated strings fail."""

    _cloud = ""
    _kind = ""
    _token: Optional[str] = None  # None: llmkit:<cloud>:<Name>; the component package sets its own
    _legacy_alias = True

    def __init__(self, name: str, args: Union[DeploymentArgs, Mapping[str, Any]], opts: Optional[pulumi.ResourceOptions] = None) -> None:
        args_type = ARGS[self._kind]
        if isinstance(args, Mapping):  # the component package passes inputs as a dict
            args = args_type(**args)
        if not isinstance(args, args_type):
            raise TypeError(f"{type(self).__name__} takes {args_type.__name__}, not {type(args).__name__}")
        with apikeys.provided(args.api_keys):
            self._construct(name, self.spec_for(name, args), opts)

    @classmethod
    def from_spec(cls, name: str, spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> "Architecture":
        """The component for a spec built elsewhere (tests with hand-made specs)."""
        component = cls.__new__(cls)
        component._construct(name, spec, opts)
        return component

    def spec_for(self, name: str, args: DeploymentArgs) -> DeploymentSpec:
        """Everything about the deployment, decided by build_spec from the Args' config."""
        config = args.to_config(self._cloud, self._kind)
        region_key = REGION_KEYS[self._cloud]
        if region_key not in config and get_config(region_key):
            config[region_key] = str(get_config(region_key))  # the provider's configured region
        return build_spec(config, args.stack or name, catalog=args._catalog, sizer=args._sizer)

    @classmethod
    def type_token(cls) -> str:
        return cls._token or f"llmkit:{cls._cloud}:{NAMES[cls._kind]}"

    def _construct(self, name: str, spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions]) -> None:
        if (spec.cloud, spec.architecture) != (self._cloud, self._kind):
            raise ValueError(f"{type(self).__name__} builds {self._kind} on {self._cloud}, not {spec.architecture} on {spec.cloud}")
        own = pulumi.ResourceOptions(
            aliases=[pulumi.Alias(type_=f"llmkit:{LEGACY_MODULE}:{NAMES[self._kind]}")] if self._legacy_alias else None,
            protect=True if spec.protect else None,
        )
        super().__init__(self.type_token(), name, None, pulumi.ResourceOptions.merge(own, opts))
        self._spec = spec
        blocks = resolve(f"{_package(self._cloud)}.blocks:CloudBlocks")(self, name, spec)
        outputs = assemble(spec, blocks)
        declared = self.output_names()
        if {output_attribute(k) for k in outputs} != set(declared):
            raise RuntimeError(f"{type(self).__name__} declares outputs {sorted(declared)}, its blocks made {sorted(outputs)}")
        for key, value in outputs.items():
            setattr(self, output_attribute(key), pulumi.Output.from_input(value))
        self.outputs: dict[str, Any] = outputs
        self.register_outputs(outputs)

    @property
    def spec(self) -> DeploymentSpec:
        """What was deployed: the decided spec (sizes, labels, budget)."""
        return self._spec

    @classmethod
    def output_names(cls) -> list[str]:
        """The public output attributes this class declares (its annotations)."""
        names: list[str] = []
        for klass in reversed(cls.__mro__):
            if issubclass(klass, Architecture):
                names += [n for n in klass.__dict__.get("__annotations__", {}) if not n.startswith("_") and n not in names]
        return names


class GpuClusterBase(Architecture):
    """The guide's pattern 1: a vLLM GPU fleet behind the front load balancer (internal by default)."""

    _kind = "gpu"
    endpoint: pulumi.Output[str]
    vector_db_url: pulumi.Output[str]

    def __init__(self, name: str, args: GpuClusterArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__(name, args, opts)


class ApiTierBase(Architecture):
    """Pattern 2: a LiteLLM router fleet in front of hosted model APIs."""

    _kind = "api"
    endpoint: pulumi.Output[str]
    vector_db_url: pulumi.Output[str]

    def __init__(self, name: str, args: ApiTierArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__(name, args, opts)


class HybridDeploymentBase(Architecture):
    """Pattern 3: the router sends traffic to the local vLLM fleet first, hosted APIs as fallback."""

    _kind = "hybrid"
    endpoint: pulumi.Output[str]
    vector_db_url: pulumi.Output[str]

    def __init__(self, name: str, args: HybridDeploymentArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__(name, args, opts)


def component_class(cloud: str, architecture: str) -> type[Architecture]:
    """The component class for one cloud and architecture (imports that cloud's package only)."""
    cls: type[Architecture] = resolve(f"{_package(cloud)}:{NAMES[architecture]}")
    return cls


def _package(cloud: str) -> str:
    """The cloud's components package, as its descriptor names it (imported lazily)."""
    package = CLOUDS[cloud].components
    if package is None:
        raise ValueError(f"{cloud} has no components: it is priced, not deployable")
    return package


def args_fields(architecture: str) -> list[str]:
    """The public option names of an architecture's Args (for docs and tests)."""
    return [f.name for f in dataclasses.fields(ARGS[architecture]) if not f.name.startswith("_")]


def deploy(spec: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> Architecture:
    """The component ``spec`` names, built from that spec as it is (named for its stack)."""
    return component_class(spec.cloud, spec.architecture).from_spec(spec.stack, spec, opts)
