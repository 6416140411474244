"""Cloud-neutral description of what to deploy, built from stack config.

The spec is where every sizing and policy decision is made once (instance types and replica
counts from the capacity model, model-server flags, router shares, labels, budget), so the
three cloud packages only translate it into resources and never decide anything themselves.
Pure Python: no Pulumi, no provider SDK; tests build specs directly.
"""

from __future__ import annotations

import dataclasses
import json
import math
from decimal import Decimal
from typing import Any, Callable, Literal, Mapping, Optional, cast

from llmkit.components import tags
from llmkit.components.checkpoints import UNQUANTISED_DTYPES, servable_dtypes, served
from llmkit.components.routing import COMPLEXITY_LABELS, RouteSpec, build_routes, model_tiers_config, routing_settings
from llmkit.components.thresholds import GUIDE, guide_max_instances
from llmkit.core.clouds import CLOUDS as DESCRIPTORS, DEFAULT_CLOUD, DEPLOYABLE, by_cloud
from llmkit.core.errors import UnknownName, UserError
from llmkit.core.regions import DEFAULT_REGIONS
from llmkit.pricing.model.stack_config import (
    DEFAULT_HOSTED_MODELS,
    DEFAULT_LOCAL_SHARE_PCT,
    config_decimal,
    custom_model_id,
    custom_open_model,
    model_is_bucket_path,
    model_is_hub_id,
    config_int,
    config_text,
    workload_from_config,
)
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.workload import Workload

Architecture = Literal["gpu", "api", "hybrid"]
CloudName = Literal["aws", "azure", "gcp"]

SCALE_UP_UTILISATION_PCT = GUIDE.scale_out_pct  # the guide's section 11 thresholds (components/thresholds.py)
SCALE_DOWN_UTILISATION_PCT = GUIDE.scale_in_pct


@dataclasses.dataclass(frozen=True)
class FleetSpec:
    """One autoscaled group of identical servers."""

    role: Literal["gpu", "api"]
    instance_type: str  # the cloud's own type name (g5.xlarge, Standard_NC4as_T4_v3, g2-standard-4)
    min_size: int
    desired_size: int
    max_size: int
    gpu: Optional[str] = None  # gpu-specs name
    gpus_per_instance: int = 0
    accelerator_type: Optional[str] = None  # GCP guest accelerator for hosts without built-in GPUs
    pricing: str = "on-demand"  # on-demand | spot | reserved-1y | reserved-3y
    spot_share_pct: int = 0  # 0 all on-demand, 100 all spot, between: a mix (on-demand base first)
    disk_gb: int = 100
    port: int = 8000
    health_path: str = "/health"  # vLLM's unauthenticated route (/v1 needs the key); routers set theirs
    scale_up_pct: int = SCALE_UP_UTILISATION_PCT
    scale_down_pct: int = SCALE_DOWN_UTILISATION_PCT
    hourly_usd: Optional[Decimal] = None  # price of one instance under ``pricing``; None = not in the catalog

    @property
    def capacity_mix(self) -> Literal["on-demand", "spot", "mix"]:
        """How the group buys capacity: a mix when 0 < share < 100 (the on-demand part kept as
        the base), all spot at a 100 % share (or ``pricing`` spot with no share given), else all
        on-demand. An explicit share wins over ``pricing``: ``pricing: spot`` with
        ``spotSharePct: 50`` is a half-spot mix on every cloud. One rule for all three clouds."""
        if 0 < self.spot_share_pct < 100:
            return "mix"
        if self.spot_share_pct >= 100 or self.pricing == "spot":
            return "spot"
        return "on-demand"


@dataclasses.dataclass(frozen=True)
class ModelServerSpec:
    """The vLLM OpenAI-compatible server on each GPU instance."""

    model_id: str  # llmkit open-model id (llama-3.1-8b)
    hf_repo: str  # what vLLM loads (meta-llama/Llama-3.1-8B-Instruct, or its AWQ checkpoint for int4)
    dtype: str  # fp16 | bf16 | fp8 | int8 | int4: what the capacity model sized the fleet for
    tensor_parallel: int
    max_model_len: int
    port: int = 8000
    # vLLM's unauthenticated liveness route: /v1/* needs the API key, so probes use /health
    # (the server listens only once the model is loaded, so it doubles as readiness).
    readiness_path: str = "/health"
    api_key_secret: str = ""  # secret-store entry holding the key every /v1 request must carry
    quantization: Optional[str] = None  # vLLM --quantization for dtype (components/checkpoints.py)
    dtype_flag: str = ""  # vLLM --dtype ("" = derived from dtype by the boot script)
    base_repo: str = ""  # the model's 16-bit repo when hf_repo is a quantised checkpoint
    hf_token_secret: str = ""  # secret-store entry with a Hugging Face token (gated repos), optional
    # What a load balancer in front of vLLM passes on: the OpenAI API, which needs the key.
    # vLLM also serves /metrics and /health without one; those stay for the servers' own
    # health checks and metrics agents, never for clients through the load balancer.
    client_paths: tuple[str, ...] = ("/v1/*",)
    # a custom model's bucket path (llmkit:model s3://, gs://, https://<acct>.blob...): the weights
    # are synced from there, never from the hub; "" = the stack's model cache, filled from the hub
    weights_uri: str = ""


@dataclasses.dataclass(frozen=True)
class HostedModelSpec:
    """One hosted model the router may call, and where its provider's API key lives."""

    id: str  # llmkit LLM id (gpt-4o)
    provider: str  # openai | anthropic | google | mistral
    litellm_model: str  # what LiteLLM calls (openai/gpt-4o)
    secret_name: str  # secret-store entry holding this provider's key
    env_var: str  # variable LiteLLM reads the key from (OPENAI_API_KEY)


@dataclasses.dataclass(frozen=True)
class RouterSpec:
    """The LiteLLM proxy: hosted models, and for hybrid the local-first routing."""

    hosted_models: tuple[str, ...]  # llmkit LLM ids (gpt-4o, claude-sonnet-4)
    local_model: Optional[str] = None  # served name of the local vLLM model (hybrid)
    local_share_pct: int = 0  # hybrid: share of traffic sent to the local model first
    fallbacks: tuple[str, ...] = ()  # models tried, in order, when the primary fails
    cache: bool = True  # LiteLLM response caching
    port: int = 4000
    secret_names: tuple[str, ...] = ()  # secret-store entries holding provider API keys
    hosted: tuple[HostedModelSpec, ...] = ()  # one per hosted model, same order as hosted_models
    readiness_path: str = "/health/readiness"  # LiteLLM's readiness endpoint (the LB health check)
    master_key_secret: str = ""  # secret holding the proxy's own client key (LITELLM_MASTER_KEY)
    # hybrid / tiers: which model takes which queries (components/routing.py decides the numbers,
    # boot/complexity_router.py applies them in the proxy); empty = no complexity routing
    routes: tuple[RouteSpec, ...] = ()
    markers: tuple[str, ...] = ()  # phrases that send a query to the last tier
    tier_models: tuple[str, ...] = ()  # tiers stacks: every local model, smallest first

    @property
    def local_models(self) -> tuple[str, ...]:
        """Every vLLM model the router calls (tiers: one per tier; hybrid: the one)."""
        return self.tier_models or ((self.local_model,) if self.local_model else ())


@dataclasses.dataclass(frozen=True)
class ResponseCacheSpec:
    """The routers' shared response cache: one managed Redis-compatible cache (ElastiCache, Azure
    Cache for Redis, Memorystore) in the stack's private network, TLS and AUTH on.

    WHY shared: LiteLLM's local cache lives in each replica's memory, so behind a load balancer
    a repeated prompt hits the cache only when it lands on the same replica; one cache serves
    every replica (and survives their replacement). The size is each cloud's smallest sensible
    node (its ``cache`` module); what is decided here is whether there is one and where its key is."""

    auth_secret: str  # secret-store entry holding its AUTH token / access key (REDIS_PASSWORD at boot)
    ttl_seconds: int = 3600  # how long a cached response is served (LiteLLM's cache ttl)


@dataclasses.dataclass(frozen=True)
class VectorDbSpec:
    """Qdrant on its own instance with a persistent encrypted data disk."""

    instance_type: str
    disk_gb: int = 100
    port: int = 6333
    # secret-store entry holding the key every Qdrant request must carry (api-key header);
    # applications read it from the store with their own identity, as the servers read theirs
    api_key_secret: str = ""


@dataclasses.dataclass(frozen=True)
class ModelTier:
    """One tier of a ``llmkit:tiers`` stack (the guide's 7B/13B/70B): its own vLLM fleet, sized
    by the capacity model for the share of queries the router sends it."""

    tier: str  # the stack's tier name (small | medium | large)
    share_pct: Decimal
    fleet: FleetSpec
    server: ModelServerSpec


@dataclasses.dataclass(frozen=True)
class DeploymentSpec:
    stack: str
    architecture: Architecture
    cloud: CloudName
    region: str
    owner: str
    labels: dict[str, str]  # the DESIGN.md labels, already valid on every cloud
    workload: Workload
    vector_db: VectorDbSpec
    gpu_fleet: Optional[FleetSpec] = None
    model_server: Optional[ModelServerSpec] = None
    api_fleet: Optional[FleetSpec] = None
    router: Optional[RouterSpec] = None
    budget_monthly_usd: Optional[Decimal] = None
    budget_emails: tuple[str, ...] = ()
    gcp_billing_account: Optional[str] = None
    expires_at: Optional[str] = None  # e.g. 20261127t1800z
    protect: bool = False
    network_cidr: str = "10.40.0.0/16"
    estimated_monthly_usd: Optional[Decimal] = None  # what the budget was derived from, if it was
    tls_certificate: Optional[str] = None  # the public endpoint's certificate (AWS: ACM ARN); None = HTTP only
    public_endpoint: bool = False  # internet-facing load balancer (a certificate, or llmkit:publicEndpoint)
    regulated_data: bool = False  # llmkit:regulatedData: never a public plain-HTTP endpoint
    response_cache: Optional[ResponseCacheSpec] = None  # api/hybrid routers' shared cache (llmkit:responseCache)
    # llmkit:tiers: every tier, smallest first; gpu_fleet and model_server are the first one's
    model_tiers: tuple[ModelTier, ...] = ()

    def for_tier(self, tier: ModelTier) -> "DeploymentSpec":
        """This spec as one tier's fleet sees it: the one GPU fleet builder of each cloud, and
        the vLLM boot script, read ``gpu_fleet`` / ``model_server``; called once per tier."""
        return dataclasses.replace(self, gpu_fleet=tier.fleet, model_server=tier.server)

    def tier_suffix(self, tier: Optional[ModelTier]) -> str:
        """What a tier adds to its resources' names: nothing for the first (so a tiers stack's
        first fleet is named as any hybrid's), ``-<tier>`` for the others."""
        return "" if tier is None or not self.model_tiers or tier == self.model_tiers[0] else f"-{tier.tier}"

    @property
    def internet_facing(self) -> bool:
        """Whether the client-facing load balancer is on the internet: with a certificate (HTTPS
        only) or when ``llmkit:publicEndpoint`` asks for it; otherwise it is internal."""
        return self.public_endpoint or self.tls_certificate is not None


# --- choices made once for every cloud -------------------------------------------------------

ARCHITECTURES: tuple[str, ...] = ("gpu", "api", "hybrid")
CLOUDS: tuple[str, ...] = DEPLOYABLE
PRICING_MODELS: tuple[str, ...] = ("on-demand", "spot", "reserved-1y", "reserved-3y")
DTYPES: tuple[str, ...] = ("fp16", "bf16", "fp8", "int8", "int4")

REGION_KEYS = by_cloud("region_config_key")

API_INSTANCE_TYPES = by_cloud("api_instance_type")  # why these types: llmkit.core.clouds
VECTOR_DB_INSTANCE_TYPES = by_cloud("vector_db_instance_type")
# Requests per second one small proxy instance forwards comfortably (LiteLLM's own load tests
# report hundreds; we keep a wide margin because the proxy also does caching and retries).
API_RPS_PER_INSTANCE = Decimal(20)
API_MIN_REPLICAS = 2  # the guide's min_instances: 2 (section 11), so one zone can fail
BUDGET_MARGIN = Decimal("0.20")

DEFAULT_OPEN_MODEL = {"gpu": "llama-3.1-8b", "hybrid": "mistral-7b"}

# LiteLLM's provider prefixes and the variables it reads keys from.
PROVIDER_ENV = {
    "openai": ("openai", "OPENAI_API_KEY"),
    "anthropic": ("anthropic", "ANTHROPIC_API_KEY"),
    "google": ("gemini", "GEMINI_API_KEY"),
    "gemini": ("gemini", "GEMINI_API_KEY"),
    "mistral": ("mistral", "MISTRAL_API_KEY"),
}

Sizer = Callable[..., Any]

# Every llmkit config key a stack may set (Pulumi.yaml declares the same, typed); a key not
# listed is a typo that would otherwise be silently ignored.
CONFIG_KEYS: tuple[str, ...] = (
    "architecture", "cloud", "model", "dtype", "hostedModels", "users", "queriesPerUserPerDay",
    "inputTokens", "outputTokens", "replicas", "pricing", "spotSharePct", "localSharePct", "budget",
    "alertEmails", "owner", "ttl", "expiresAt", "protect", "apiKeys", "billingAccount", "tlsCertificate",
    "publicEndpoint", "regulatedData", "maxReplicas", "responseCache", "routing", "modelShape", "tiers",
)


def check_config_keys(config: Mapping[str, str]) -> None:
    """UnknownName (exit 2, with suggestions) for an llmkit key the kit does not read."""
    for key in config:
        namespace, _, name = key.partition(":")
        if namespace == "llmkit" and name not in CONFIG_KEYS:
            raise UnknownName("config key", key, [f"llmkit:{k}" for k in CONFIG_KEYS])


def _choice(config: Mapping[str, str], key: str, choices: tuple[str, ...], default: str) -> str:
    value = (config_text(config, key) or default).lower()
    if value not in choices:
        raise UserError(f"llmkit:{key} must be one of {', '.join(choices)}")
    return value


def _bool(config: Mapping[str, str], key: str, default: bool = False) -> bool:
    raw = (config_text(config, key) or ("true" if default else "false")).lower()
    if raw not in ("true", "false"):
        raise UserError(f"llmkit:{key} must be true or false")
    return raw == "true"


def _str_list(config: Mapping[str, str], key: str) -> tuple[str, ...]:
    raw = config_text(config, key)
    if raw is None:
        return ()
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = [part.strip() for part in raw.split(",")]  # tolerate "a,b" from the CLI
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UserError(f"llmkit:{key} must be a JSON list of names")
    return tuple(v.strip() for v in value)


API_KEYS_CONFIG = "llmkit:apiKeys"  # secret JSON object: {"openai": "...", "anthropic": "...", "router": "..."}
ROUTER_KEY_FIELD = "router"  # the proxy's own client key (LITELLM_MASTER_KEY)
SERVER_KEY_FIELD = "server"  # the vLLM server's key (VLLM_API_KEY, what --api-key reads)
HF_TOKEN_FIELD = "huggingface"  # a Hugging Face read token for gated models (HF_TOKEN at boot)
VECTOR_DB_KEY_FIELD = "vectorDb"  # Qdrant's own key (QDRANT__SERVICE__API_KEY)
# Keys the kit may generate itself when the config secret lacks them (provider keys it cannot).
GENERATED_KEY_FIELDS: tuple[str, ...] = (ROUTER_KEY_FIELD, SERVER_KEY_FIELD, VECTOR_DB_KEY_FIELD)


def api_key_fields(router: RouterSpec) -> dict[str, str]:
    """Secret-store entry -> the field of the ``llmkit:apiKeys`` secret JSON that fills it.

    One config secret holds every key (``pulumi config set --secret apiKeys '{"openai": ...}'``)
    so the values exist only in Pulumi's encrypted config and the cloud secret store.
    """
    fields = {h.secret_name: h.provider for h in router.hosted}
    if router.master_key_secret:
        fields[router.master_key_secret] = ROUTER_KEY_FIELD
    return fields


def secret_fields(spec: "DeploymentSpec") -> dict[str, str]:
    """Every secret-store entry of a stack -> its ``llmkit:apiKeys`` field: the router's keys
    (api, hybrid), the model server's own key (gpu, hybrid) and the vector DB's key (all)."""
    fields = api_key_fields(spec.router) if spec.router is not None else {}
    if spec.model_server is not None and spec.model_server.api_key_secret:
        fields[spec.model_server.api_key_secret] = SERVER_KEY_FIELD
    if spec.model_server is not None and spec.model_server.hf_token_secret:
        fields[spec.model_server.hf_token_secret] = HF_TOKEN_FIELD
    if spec.vector_db.api_key_secret:
        fields[spec.vector_db.api_key_secret] = VECTOR_DB_KEY_FIELD
    return fields


PUBLIC_HTTP_WARNING = (
    "warning: llmkit:publicEndpoint is true without llmkit:tlsCertificate: the endpoint is plain HTTP on "
    "the internet, so API keys and prompts cross it in clear text"
)


def endpoint_exposure(config: Mapping[str, str]) -> tuple[bool, Optional[str]]:
    """(public?, warning or None) for a stack's config; UserError (exit 2) when a stack marked
    ``regulatedData`` asks for a public plain-HTTP endpoint. Public only with a certificate or
    an explicit ``publicEndpoint: true``; otherwise the load balancer is internal."""
    tls = config_text(config, "tlsCertificate") is not None
    public = tls or _bool(config, "publicEndpoint")
    if public and not tls:
        if _bool(config, "regulatedData"):
            raise UserError(
                "llmkit:regulatedData stacks refuse a public plain-HTTP endpoint: set llmkit:tlsCertificate "
                "or unset llmkit:publicEndpoint (internal load balancer)"
            )
        return True, PUBLIC_HTTP_WARNING
    return public, None


def _catalog(catalog: Any) -> Any:
    if catalog is not None:
        return catalog
    from llmkit.pricing.catalog import load_catalog

    return load_catalog()


def _hosted_models(names: tuple[str, ...], stack: str, catalog: Any) -> tuple[HostedModelSpec, ...]:
    out = []
    for name in names:
        llm = catalog.llm(name)  # UnknownName (exit 2, with suggestions) for a typo
        prefix, env_var = PROVIDER_ENV.get(llm.provider, (llm.provider, f"{llm.provider.upper()}_API_KEY"))
        out.append(
            HostedModelSpec(
                id=llm.model,
                provider=llm.provider,
                litellm_model=f"{prefix}/{llm.model}",
                secret_name=tags.label_value(f"llmkit-{stack}-{llm.provider}-api-key").replace("_", "-"),
                env_var=env_var,
            )
        )
    return tuple(out)


def _expiry(config: Mapping[str, str]) -> Optional[str]:
    explicit = config_text(config, "expiresAt")
    if explicit is not None:
        return tags.expires_at_label(tags.parse_expires_at(explicit))
    ttl = config_text(config, "ttl")
    return tags.expiry_from_ttl(ttl) if ttl is not None else None


def _api_fleet(cloud: str, workload: Workload, replicas: Optional[int]) -> FleetSpec:
    needed = max(API_MIN_REPLICAS, math.ceil(workload.peak_queries_per_second / API_RPS_PER_INSTANCE))
    desired = replicas if replicas is not None else needed
    return FleetSpec(
        role="api",
        instance_type=API_INSTANCE_TYPES[cloud],
        min_size=min(API_MIN_REPLICAS, desired),
        desired_size=desired,
        max_size=max(2 * desired, 4),
        port=4000,
        health_path="/health/readiness",
        disk_gb=30,
    )


def _monthly(hourly: Optional[Decimal], count: int) -> Decimal:
    return (hourly or Decimal(0)) * count * HOURS_PER_MONTH


def _instance_hourly(catalog: Any, cloud: str, region: str, instance_type: str, pricing: str) -> Optional[Decimal]:
    try:
        row = catalog.instance(cloud, region, instance_type)
    except LookupError:
        return None
    return cast(Optional[Decimal], row.hourly(pricing) or row.on_demand_hourly)


def _estimate(
    spec_parts: dict[str, Any], cloud: str, region: str, pricing: str, workload: Workload, catalog: Any
) -> Optional[Decimal]:
    """Monthly cost of the stack's own servers plus hosted tokens, for the default budget.

    Kept deliberately simple (the full breakdown is ``llmkit preview``): GPU fleet at the capacity
    model's hourly price x desired replicas x 730 h, the CPU router fleet and the vector DB at
    catalog on-demand prices, plus hosted-API tokens for the share of traffic that goes there.
    Network, storage and load balancers are left out; the 20% margin covers them at this size.
    None when nothing could be priced (then no default budget is set).
    """
    total = Decimal(0)
    priced = False
    gpu_fleets = [t.fleet for t in spec_parts.get("model_tiers", ())] or [spec_parts.get("gpu_fleet")]
    for fleet in filter(None, gpu_fleets):  # every tier's fleet (tiers stacks), else the one
        total += _monthly(fleet.hourly_usd, fleet.desired_size)
        priced = True
    api = spec_parts.get("api_fleet")
    if api is not None:
        hourly = _instance_hourly(catalog, cloud, region, api.instance_type, "on-demand")
        if hourly is not None:
            total += _monthly(hourly, api.desired_size)
            priced = True
    vdb = _instance_hourly(catalog, cloud, region, spec_parts["vector_db"].instance_type, "on-demand")
    if vdb is not None:
        total += _monthly(vdb, 1)
    router: Optional[RouterSpec] = spec_parts.get("router")
    if router is not None and router.hosted:
        share = Decimal(100 - router.local_share_pct) / 100
        try:
            from llmkit.pricing.model.api_cost import api_token_cost

            total += Decimal(api_token_cost(workload, catalog.llm(router.hosted[0].id), share=share).total)
            priced = True
        except ImportError:
            pass
    return total.quantize(Decimal("0.01")) if priced else None


def _catalog_model(catalog: Any, model_id: str) -> Any:
    """The catalog's open model; a hub id or bucket path it does not know asks for its shape
    (exit 2) instead of the catalog's "unknown open model"."""
    try:
        return catalog.open_model(model_id)
    except UnknownName:
        if model_is_hub_id(model_id) or model_is_bucket_path(model_id):
            raise UserError(
                f"llmkit:model {custom_model_id(model_id)} is not in the catalog: give its shape in llmkit:modelShape "
                '(e.g. {"parametersB": 8, "layers": 32, "kvHeads": 8, "headDim": 128, "context": 8192})'
            ) from None
        raise


def _weights_location(cloud: str, model: str) -> tuple[str, str]:
    """(bucket path the custom model's weights sync from, the folder they land in under the
    servers' model dir), ("", "") for a hub id. The path must be a bucket of the stack's own
    cloud, which the GPU servers read with their instance identity. The folder ends with the
    path's own prefix (``custom/<prefix>``): Azure's batch download keeps blob names whole
    (components/boot/clouds.py), so the weights land right there on every cloud."""
    if not model_is_bucket_path(model):
        return "", ""
    bucket = DESCRIPTORS[cloud]  # its weights_url_prefix, weights_host_suffix, weights_in_container
    prefix, suffix = bucket.weights_url_prefix, bucket.weights_host_suffix
    rest = model[len(prefix):] if model.lower().startswith(prefix) else ""
    host, _, path = rest.partition("/")
    if not host or not path.strip("/") or not host.lower().endswith(suffix):
        where = f"{prefix}<account>{suffix}/<container>/<prefix>" if bucket.weights_in_container else f"{prefix}<bucket>/<prefix>"
        raise UserError(f"llmkit:model on {cloud} must be a hub id or a bucket path like {where}")
    prefix_path = path.strip("/").partition("/")[2] if bucket.weights_in_container else path.strip("/")
    if not prefix_path:
        raise UserError(f"llmkit:model on {cloud} must name a folder inside the container (.../<container>/<prefix>)")
    return model.rstrip("/"), f"custom/{prefix_path}"


def _ampere_or_newer(catalog: Any, gpu: Optional[str]) -> bool:
    """Whether the GPU runs vLLM's Marlin kernels (sm80+; bf16 support marks the same line).
    Unknown GPUs count as Ampere or newer: every GPU the catalog lacks is newer than a T4."""
    lookup = getattr(catalog, "gpu", None)
    if gpu is None or lookup is None:
        return True
    try:
        return bool(lookup(gpu).bf16)
    except LookupError:
        return True


def build_spec(
    config: Mapping[str, str],
    stack: str,
    *,
    catalog: Any = None,
    sizer: Optional[Sizer] = None,
) -> DeploymentSpec:
    """Decide everything about one stack from its config (full keys, string values).

    ``catalog`` and ``sizer`` default to the bundled catalog and
    ``llmkit.pricing.model.capacity.size_gpu_fleet``; tests pass their own. Bad values raise UserError
    naming the key (never echoing the value).
    """
    check_config_keys(config)
    architecture = _choice(config, "architecture", ARCHITECTURES, "gpu")
    cloud = _choice(config, "cloud", CLOUDS, DEFAULT_CLOUD)
    region = str(config.get(REGION_KEYS[cloud]) or DEFAULT_REGIONS[cloud])
    pricing = _choice(config, "pricing", PRICING_MODELS, "on-demand")
    owner = config_text(config, "owner") or "unknown"
    workload = workload_from_config(config)
    replicas = config_int(config, "replicas", None, low=1)
    max_replicas = config_int(config, "maxReplicas", None, low=1)
    public_endpoint, _ = endpoint_exposure(config)
    spot_default = 100 if pricing == "spot" else 0
    spot_share = cast(int, config_int(config, "spotSharePct", spot_default, high=100))
    expires_at = _expiry(config)
    cat = _catalog(catalog)

    parts: dict[str, Any] = {
        "vector_db": VectorDbSpec(instance_type=VECTOR_DB_INSTANCE_TYPES[cloud],
                                  api_key_secret=tags.label_value(f"llmkit-{stack}-vector-db-key").replace("_", "-")),
    }
    local_share = 100
    if architecture == "hybrid":
        local_share = cast(int, config_int(config, "localSharePct", DEFAULT_LOCAL_SHARE_PCT, high=100))

    tiers = model_tiers_config(config, cat) if architecture == "hybrid" else ()
    if tiers and architecture == "hybrid":
        # llmkit:tiers names every local model and its share: llmkit:model and localSharePct (which
        # the component Args always carry, as defaults) do not apply; a custom shape cannot
        if config_text(config, "modelShape") is not None:
            raise UserError("llmkit:tiers and llmkit:modelShape do not combine: tiers name catalog models")
        local_share = 100  # every query is served locally, by one tier; hosted models are fallbacks

    if architecture in ("gpu", "hybrid"):
        custom = custom_open_model(config) if not tiers else None
        dtype = config_text(config, "dtype")
        if dtype is not None and dtype.lower() not in DTYPES:
            raise UserError(f"llmkit:dtype must be one of {', '.join(DTYPES)}")
        if architecture == "hybrid" and local_share == 0:
            raise UserError("llmkit:localSharePct must be above 0 for a hybrid stack (use architecture api)")
        if sizer is None:
            from llmkit.pricing.model.capacity import size_gpu_fleet

            sizer = size_gpu_fleet

        def gpu_tier(open_model: Any, share_pct: Decimal) -> tuple[FleetSpec, ModelServerSpec]:
            """The one GPU fleet builder: ``open_model`` served for ``share_pct`` % of the queries."""
            load = workload if share_pct == 100 else dataclasses.replace(
                workload, queries_per_user_per_day=workload.queries_per_user_per_day * share_pct / 100)
            weights_uri, local_dir = _weights_location(cloud, open_model.name) if custom is not None else ("", "")
            sizing = cast(Sizer, sizer)(load, custom or open_model.id, cloud, region, dtype=dtype.lower() if dtype else None,
                                        pricing=pricing, catalog=cat,
                                        dtypes=UNQUANTISED_DTYPES if custom is not None else servable_dtypes(open_model.id))
            desired = replicas if replicas is not None else int(sizing.desired_replicas)
            most = max_replicas if max_replicas is not None else max(guide_max_instances(workload.users), desired)
            if most < desired:
                raise UserError("llmkit:maxReplicas must be at least the desired replica count")
            fleet = FleetSpec(
                role="gpu",
                instance_type=sizing.instance_type,
                min_size=min(int(sizing.min_replicas), desired),
                desired_size=desired,
                max_size=most,
                gpu=sizing.gpu,
                gpus_per_instance=int(sizing.gpus_per_instance),
                accelerator_type=getattr(sizing, "accelerator_type", None),  # GCP n1 hosts take a guest GPU
                pricing=pricing,
                spot_share_pct=spot_share,
                disk_gb=max(100, int(open_model.params_b * 4) + 50),  # fp16 weights + image + cache
                health_path="/health",
                hourly_usd=Decimal(sizing.hourly_per_instance),
            )
            weights = served(open_model.id, open_model.name, str(sizing.dtype),
                             ampere_or_newer=_ampere_or_newer(cat, getattr(sizing, "gpu", None)))
            return fleet, ModelServerSpec(
                model_id=open_model.id,
                hf_repo=local_dir or weights.repo,
                base_repo=local_dir or open_model.name,
                weights_uri=weights_uri,
                quantization=weights.quantization,
                dtype_flag=weights.dtype_flag,
                dtype=str(sizing.dtype),
                tensor_parallel=int(sizing.tensor_parallel),
                max_model_len=int(sizing.max_model_len),
                api_key_secret=tags.label_value(f"llmkit-{stack}-model-server-key").replace("_", "-"),
                hf_token_secret=tags.label_value(f"llmkit-{stack}-huggingface-token").replace("_", "-"),
            )

        if tiers:
            parts["model_tiers"] = tuple(ModelTier(t.name, t.share * 100, *gpu_tier(cat.open_model(t.model), t.share * 100))
                                         for t in tiers)
            parts["gpu_fleet"], parts["model_server"] = parts["model_tiers"][0].fleet, parts["model_tiers"][0].server
        else:
            open_model = custom if custom is not None else _catalog_model(
                cat, config_text(config, "model") or DEFAULT_OPEN_MODEL[architecture])
            parts["gpu_fleet"], parts["model_server"] = gpu_tier(open_model, Decimal(local_share))

    if architecture in ("api", "hybrid"):
        names = _str_list(config, "hostedModels")
        if not names and architecture == "api" and config_text(config, "model"):
            names = (cast(str, config_text(config, "model")),)
        hosted = _hosted_models(names or DEFAULT_HOSTED_MODELS[architecture], stack, cat)
        ids = tuple(h.id for h in hosted)
        master_key = tags.label_value(f"llmkit-{stack}-router-master-key").replace("_", "-")
        local_name = parts["model_server"].model_id if architecture == "hybrid" else None
        routes: tuple[RouteSpec, ...] = ()
        settings = routing_settings(config)
        if tiers:
            tier_list = parts["model_tiers"]
            labels = COMPLEXITY_LABELS[len(tier_list)]
            routes = build_routes([(label, t.server.model_id, t.server.max_model_len) for label, t in zip(labels, tier_list)],
                                  [float(t.share_pct) for t in tier_list], workload.input_tokens, settings)
        elif local_name is not None:
            local_route = ("simple", local_name, parts["model_server"].max_model_len)
            routes = (build_routes([local_route], [100], workload.input_tokens, settings) if local_share == 100 else
                      build_routes([local_route, ("complex", ids[0], None)], [local_share, 100 - local_share],
                                   workload.input_tokens, settings))
        parts["router"] = RouterSpec(
            routes=routes,
            markers=settings.markers if routes else (),
            tier_models=tuple(t.server.model_id for t in parts.get("model_tiers", ())),
            hosted_models=ids,
            local_model=local_name,
            local_share_pct=local_share if architecture == "hybrid" else 0,
            fallbacks=ids if architecture == "hybrid" else ids[1:],
            secret_names=tuple(dict.fromkeys([*(h.secret_name for h in hosted), master_key])),
            hosted=hosted,
            master_key_secret=master_key,
        )
        api_fleet = _api_fleet(cloud, workload, replicas if architecture == "api" else None)
        if architecture == "api" and max_replicas is not None:
            if max_replicas < api_fleet.desired_size:
                raise UserError("llmkit:maxReplicas must be at least the desired replica count")
            api_fleet = dataclasses.replace(api_fleet, max_size=max_replicas)
        parts["api_fleet"] = dataclasses.replace(
            api_fleet, hourly_usd=_instance_hourly(cat, cloud, region, api_fleet.instance_type, "on-demand"))
        if _bool(config, "responseCache", default=True):
            parts["response_cache"] = ResponseCacheSpec(
                auth_secret=tags.label_value(f"llmkit-{stack}-response-cache-key").replace("_", "-"))
    elif config_text(config, "responseCache") is not None:
        _bool(config, "responseCache")  # still a boolean (exit 2 otherwise); a gpu stack has no router to cache for

    estimate = _estimate(parts, cloud, region, pricing, workload, cat)
    budget = config_decimal(config, "budget")
    if budget is None and estimate is not None:
        budget = (estimate * (1 + BUDGET_MARGIN)).quantize(Decimal("1"))

    return DeploymentSpec(
        stack=stack,
        architecture=cast(Architecture, architecture),
        cloud=cast(CloudName, cloud),
        region=region,
        owner=owner,
        labels=tags.standard_labels(stack, architecture, owner, expires_at),
        workload=workload,
        budget_monthly_usd=budget,
        budget_emails=_str_list(config, "alertEmails"),
        gcp_billing_account=config_text(config, "billingAccount"),
        tls_certificate=config_text(config, "tlsCertificate"),
        public_endpoint=public_endpoint,
        regulated_data=_bool(config, "regulatedData"),
        expires_at=expires_at,
        protect=_bool(config, "protect"),
        estimated_monthly_usd=estimate,
        **parts,
    )
