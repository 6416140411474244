"""Typed arguments of the three architecture components: one field per stack-config key.

A Pulumi program builds ``GpuClusterArgs`` / ``ApiTierArgs`` / ``HybridDeploymentArgs`` in code;
the kit's own stack program builds the same classes from ``llmkit:*`` config
(``from_config``). Either way the component turns them back into the config mapping
(``to_config``) and hands it to ``components.spec.build_spec``, so the defaults, the sizing
and every validation error are the stack config's, written once there.

Field names are the config keys in snake_case (``queries_per_user_per_day`` is
``llmkit:queriesPerUserPerDay``); the Pulumi schema of the component package camel-cases them
back, so a YAML or TypeScript program uses the stack config's own key names.

WHY no ``from __future__ import annotations`` here: Pulumi's component-package analyzer reads
these annotations at run time and cannot evaluate string annotations.
"""

import dataclasses
import json
import typing
from decimal import Decimal
from typing import Any, Mapping, Optional

import pulumi

from llmkit.components.spec import (
    CLOUDS,
    DEFAULT_HOSTED_MODELS,
    DEFAULT_LOCAL_SHARE_PCT,
    DEFAULT_OPEN_MODEL,
    REGION_KEYS,
    _bool,
    _choice,
    _str_list,
    check_config_keys,
)
from llmkit.core.clouds import DEFAULT_CLOUD
from llmkit.pricing.model.stack_config import config_decimal, config_int, config_text
from llmkit.pricing.model.workload import Workload

_WORKLOAD = Workload()  # the guide's worked example: the defaults of the workload fields
_ANY_WHOLE_NUMBER = -(10**18)  # parse only; build_spec checks each key's own bounds
# Fields that are not ``llmkit:*`` keys: the region is the provider's key, the stack name is
# the Pulumi stack's, and API keys come from the ``llmkit:apiKeys`` config secret.
_NOT_LLMKIT_KEYS = ("region", "stack", "api_keys")


def config_key(field_name: str) -> str:
    """``queries_per_user_per_day`` -> ``queriesPerUserPerDay`` (the stack config's key)."""
    first, *rest = field_name.split("_")
    return first + "".join(part.title() for part in rest)


def _text(value: Any) -> str:
    """A field value as stack config carries it (strings; lists as JSON, booleans lowercase)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclasses.dataclass
class DeploymentArgs:
    """Options every architecture takes; the defaults are the stack config's.

    Every field is Optional: None means "the default" (what an unset stack-config key means),
    and it keeps the fields optional in the component package's schema.
    """

    region: Optional[str] = None
    """Cloud region. Default: the provider's configured region (aws:region, azure-native:location, gcp:region), else us-east-1 / eastus / us-central1."""
    stack: Optional[str] = None
    """Name in labels (llmkit-stack) and in physical names (secrets, Azure resource group). Default: the component's name."""
    users: Optional[int] = _WORKLOAD.users
    """Active users (default 100)."""
    queries_per_user_per_day: Optional[float] = float(_WORKLOAD.queries_per_user_per_day)
    """Queries per user per day (default 20)."""
    input_tokens: Optional[int] = _WORKLOAD.input_tokens
    """Input (prompt) tokens per query (default 500)."""
    output_tokens: Optional[int] = _WORKLOAD.output_tokens
    """Output tokens per query (default 300)."""
    replicas: Optional[int] = None
    """Fixed desired replica count; overrides the capacity model."""
    pricing: Optional[str] = "on-demand"
    """on-demand | spot | reserved-1y | reserved-3y (what the estimate and budget assume)."""
    budget: Optional[float] = None
    """Monthly budget alert in USD. Default: the deployment's own estimate plus 20%."""
    alert_emails: Optional[list[str]] = None
    """E-mail addresses for budget and alarm notifications."""
    owner: Optional[str] = "unknown"
    """Team or person responsible (the llmkit-owner label)."""
    ttl: Optional[str] = None
    """Time to live of a test environment (90m, 8h, 3d, 1w): sets the llmkit-expires-at label."""
    expires_at: Optional[str] = None
    """Explicit expiry, UTC like 20261127t1800z (wins over ttl)."""
    protect: Optional[bool] = False
    """Protect every resource from deletion (production)."""
    public_endpoint: Optional[bool] = False
    """Without tls_certificate: put the endpoint on the internet as plain HTTP anyway. Default: an internal load balancer, reachable from the deployment's network only."""
    regulated_data: Optional[bool] = False
    """The deployment handles regulated data (e.g. HIPAA): a public plain-HTTP endpoint is refused."""
    max_replicas: Optional[int] = None
    """Most instances the autoscaler may run (GPU fleet; the router fleet of an API tier). Default: the guide's scaling table for the users."""
    billing_account: Optional[str] = None
    """GCP billing account id for the billing budget (GCP only)."""
    tls_certificate: Optional[str] = None
    """Certificate for HTTPS on the public endpoint (AWS: an ACM certificate ARN); unset serves plain HTTP."""
    api_keys: Optional[dict[str, pulumi.Input[str]]] = None
    """Provider API keys by provider (openai, anthropic, ...; router: the proxy's client key). Pass secrets. Default: the llmkit:apiKeys config secret."""
    # Test seams, not options (the leading underscore keeps them out of the package schema):
    # the price catalog and GPU sizer build_spec uses (default: bundled catalog, capacity model).
    _catalog: Any = dataclasses.field(default=None, repr=False, compare=False)
    _sizer: Any = dataclasses.field(default=None, repr=False, compare=False)

    def to_config(self, cloud: str, architecture: str) -> dict[str, str]:
        """The stack config these Args stand for (full keys, string values), for build_spec."""
        config = {"llmkit:cloud": cloud, "llmkit:architecture": architecture}
        if self.region:
            config[REGION_KEYS[cloud]] = self.region
        for field in self.option_fields():
            value = getattr(self, field.name)
            if value is not None:
                config[f"llmkit:{config_key(field.name)}"] = _text(value)
        return config

    @classmethod
    def option_fields(cls) -> list[dataclasses.Field[Any]]:
        """The fields that are ``llmkit:*`` stack-config keys."""
        return [f for f in dataclasses.fields(cls) if not f.name.startswith("_") and f.name not in _NOT_LLMKIT_KEYS]

    @classmethod
    def from_config(cls, config: Mapping[str, str]) -> "DeploymentArgs":
        """The Args a stack's config describes (full keys, string values). Malformed values
        raise the same UserError build_spec raises, naming the key and never echoing the value."""
        check_config_keys(config)
        cloud = _choice(config, "cloud", CLOUDS, DEFAULT_CLOUD)
        values: dict[str, Any] = {"region": config.get(REGION_KEYS[cloud]) or None}
        for field in cls.option_fields():
            key = config_key(field.name)
            if config_text(config, key) is not None:
                values[field.name] = _parse(config, key, field.type)
        return cls(**values)


def _parse(config: Mapping[str, str], key: str, kind: Any) -> Any:
    """One set config value as its field's type (read from the annotation, Optional unwrapped)."""
    present = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    if typing.get_origin(kind) is typing.Union and len(present) == 1:
        kind = present[0]
    if kind is bool:
        return _bool(config, key)
    if kind is int:
        return config_int(config, key, None, low=_ANY_WHOLE_NUMBER)
    if kind is float:
        value: Optional[Decimal] = config_decimal(config, key)
        return None if value is None else float(value)
    if typing.get_origin(kind) is list:
        return list(_str_list(config, key))
    return config_text(config, key)


@dataclasses.dataclass
class GpuClusterArgs(DeploymentArgs):
    """A vLLM GPU fleet behind the front load balancer, internal by default (the guide's pattern 1)."""

    model: Optional[str] = DEFAULT_OPEN_MODEL["gpu"]
    """Open-weights model served by vLLM (llmkit open-model id, see `llmkit prices models`), or a custom model's hub id or bucket path (with model_shape)."""
    model_shape: Optional[str] = None
    """A custom model's shape, JSON: {"parametersB": 8, "layers": 32, "kvHeads": 8, "headDim": 128, "context": 8192}."""
    dtype: Optional[str] = None
    """fp16 | bf16 | fp8 | int8 | int4; unset lets the capacity model pick the cheapest precision that fits."""
    spot_share_pct: Optional[int] = None
    """Share of GPU instances on spot, 0-100. Default: 100 with pricing spot, else 0."""


@dataclasses.dataclass
class ApiTierArgs(DeploymentArgs):
    """A LiteLLM router fleet in front of hosted model APIs (pattern 2)."""

    hosted_models: Optional[list[str]] = dataclasses.field(default_factory=lambda: list(DEFAULT_HOSTED_MODELS["api"]))
    """Hosted models the router calls, in fallback order (default [gpt-4o-mini])."""
    response_cache: Optional[bool] = True
    """A shared response cache for the routers (ElastiCache / Azure Cache for Redis / Memorystore; private, TLS, AUTH from the secret store). false: each router replica keeps its own in-memory cache."""

    @classmethod
    def from_config(cls, config: Mapping[str, str]) -> "DeploymentArgs":
        """As for every architecture, and: an api stack's ``llmkit:model`` names its hosted
        model when ``llmkit:hostedModels`` is not set."""
        args = super().from_config(config)
        assert isinstance(args, ApiTierArgs)
        model = config_text(config, "model")
        if not _str_list(config, "hostedModels") and model:
            args.hosted_models = [model]
        return args


@dataclasses.dataclass
class HybridDeploymentArgs(DeploymentArgs):
    """Local vLLM for simple queries, hosted APIs for complex ones and as fallback (pattern 3)."""

    model: Optional[str] = DEFAULT_OPEN_MODEL["hybrid"]
    """Open-weights model served by vLLM for the local share, or a custom model's hub id or bucket path (with model_shape)."""
    model_shape: Optional[str] = None
    """A custom model's shape, JSON: {"parametersB": 8, "layers": 32, "kvHeads": 8, "headDim": 128, "context": 8192}."""
    response_cache: Optional[bool] = True
    """A shared response cache for the routers (ElastiCache / Azure Cache for Redis / Memorystore; private, TLS, AUTH from the secret store). false: each router replica keeps its own in-memory cache."""
    dtype: Optional[str] = None
    """fp16 | bf16 | fp8 | int8 | int4; unset lets the capacity model pick."""
    spot_share_pct: Optional[int] = None
    """Share of GPU instances on spot, 0-100. Default: 100 with pricing spot, else 0."""
    hosted_models: Optional[list[str]] = dataclasses.field(default_factory=lambda: list(DEFAULT_HOSTED_MODELS["hybrid"]))
    """Hosted models the router calls for the remote share and as fallback (default [gpt-4o])."""
    local_share_pct: Optional[int] = DEFAULT_LOCAL_SHARE_PCT
    """Share of queries the router sends to the local model by complexity (default 80, the guide's 80/20)."""
    tiers: Optional[str] = None
    """Model-tier routing: guide (7B/13B/70B at 70/20/10) or small=MODEL:PCT,medium=MODEL:PCT[,large=MODEL:PCT]; one vLLM fleet per tier."""
    routing: Optional[str] = None
    """Complexity routing overrides, JSON: {"maxPromptTokens": 800, "markers": ["step by step"]}. Default: from local_share_pct."""


ARGS: dict[str, type[DeploymentArgs]] = {"gpu": GpuClusterArgs, "api": ApiTierArgs, "hybrid": HybridDeploymentArgs}
