"""One description per cloud: every fact about a cloud that code outside its own packages needs.

WHY: before this registry, adding a cloud meant finding about sixteen tables (type-token
prefixes in the plan reader, region config keys in three places, default instance and disk
types in the spec and the self-hosted estimate, the account noun of the sweep, the mock outputs
of the offline planner, the sweep factory of the CLI, the live price clients, the response
cache's price, the region lists and zone patterns, the component package's class names, ...).
Now a cloud is its own packages (``llmkit.components.<cloud>``, ``llmkit.sweep.<cloud>``, its
pricers, live price client and catalog rows) plus one ``Cloud`` here, as SkyPilot keeps one
class per cloud in ``sky/clouds``. Every table indexed by cloud elsewhere is a view read from
``CLOUDS`` / ``DEPLOYABLE`` when asked (``by_cloud``, ``live_priced``, ...), and
tests/test_clouds.py fails on one written by hand outside the clouds' own packages.

Data only: this is the bottom layer, so it imports nothing of ours and no SDK. What lives in an
upper layer (the components package, mock outputs, the sweep, boot commands) is named by a lazy
dotted path (``"package.module"`` or ``"package.module:attribute"``) that the upper layer
resolves with ``resolve`` when it needs it, so naming a cloud here costs no import; likewise a
zone pattern is regex text, compiled by ``llmkit.core.regions`` on first use, and pricing facts
are plain text (``ManagedCache.per_hour``) that the pricing layer turns into Decimals.
"""

from __future__ import annotations

import importlib
from typing import Any, Optional

from llmkit.core.records import record


class BudgetShape:
    """Where a cloud's own budget resource keeps its monthly USD limit, so the policy pack can
    take a stack's declared budget as its limit without a branch per cloud.

    ``amount`` is the path to the limit in the resource's inputs; ``requires`` are (path,
    value, default) inputs that must equal ``value`` (case-insensitive; ``default`` when the
    input is absent) for the amount to be a monthly figure in USD. A plain class: it is built at
    every start-up, and a dataclass compiles its methods at import."""

    __slots__ = ("token", "amount", "requires")

    def __init__(self, token: str, amount: tuple[str, ...], requires: tuple[tuple[tuple[str, ...], str, str], ...] = ()):
        self.token, self.amount, self.requires = token, amount, requires


class ManagedCache:
    """The managed cache a cloud's shared response cache (the api and hybrid stacks' routers)
    is priced as: the catalog's platform ``item``, how many units of it bill per hour (nodes, or
    GB of capacity; decimal text, which the pricing layer reads as a Decimal) and ``what`` it
    is, for people. The cloud's components package deploys exactly this cache. A plain class
    for the reason BudgetShape is one."""

    __slots__ = ("item", "per_hour", "what")

    def __init__(self, item: str, per_hour: str, what: str):
        self.item, self.per_hour, self.what = item, per_hour, what


@record
class Cloud:
    """The facts about one cloud that other layers share."""

    name: str  # the kit's name, as in ``llmkit:cloud`` and the catalog's ``cloud`` column
    title: str  # for people: AWS, Azure, GCP
    aliases: tuple[str, ...] = ()  # other spellings users type (``--cloud google``)
    token_prefixes: tuple[str, ...] = ()  # Pulumi type-token packages (``aws:ec2/...``) this cloud owns
    region_config_keys: tuple[str, ...] = ()  # stack config naming the region, the kit's own key first
    resource_region_keys: tuple[str, ...] = ()  # a resource's own inputs naming its region or zone
    provider_region_keys: tuple[str, ...] = ()  # an explicit provider's inputs naming region or zone
    default_region: str = ""
    zones_in_region_keys: bool = False  # a zone (us-central1-a) may stand where a region is expected
    # GPUs attached to a plain host as guest accelerators, priced host + N x GPU (GCP N1; g2/a2/a3
    # have theirs built in): which accelerators, and the host type for N of them.
    attachable_accelerators: tuple[str, ...] = ()
    accelerator_hosts: tuple[tuple[int, str], ...] = ()
    instance_type_prefix: str = ""  # added when a user leaves it out (NC4as_T4_v3 -> Standard_NC4as_T4_v3)
    # The LiteLLM proxy is CPU-light: the guide's "lightweight application servers" (section 4).
    api_instance_type: str = ""  # the CPU router / API tier server
    # Qdrant wants memory for its HNSW index more than CPU: 2 vCPU / 8 GB general purpose.
    vector_db_instance_type: str = ""  # the Qdrant host
    disk_type: str = ""  # block storage the kit attaches (model cache, vector data)
    account_noun: str = "account"  # what one billing scope is called: account, subscription, project
    components: Optional[str] = None  # the Pulumi components package; None: prices only, not deployable
    mock_outputs: Optional[str] = None  # module with computed_outputs(args) (and invokes(config)) for mocks
    sweep: Optional[str] = None  # "module:factory"; factory(regions, wait_seconds) -> a sweep provider
    boot: Optional[str] = None  # "module:attribute" of the cloud's boot commands (CloudBoot)
    budget: Optional[BudgetShape] = None  # the cloud's budget resource (a policy pack's default limit)
    # The client of the cloud's official price API ("module:Class", llmkit.pricing.catalog.live)
    # and the keyword its constructor takes a base-URL override by; None: bundled prices only.
    price_client: Optional[str] = None
    price_endpoint_keyword: str = ""
    response_cache: Optional[ManagedCache] = None  # what the routers' shared cache is priced as
    # Every public region name: a lazy reference to a tuple of names, or to a function returning
    # one (a list an SDK ships, loaded on first use); None: any region is accepted.
    regions: Optional[str] = None
    region_source: str = ""  # where that list comes from, for people
    # A zone (or zone-like location) as regex text whose group 1 is its region, compiled on
    # first use by llmkit.core.regions.normalise_region: us-central1-a -> us-central1.
    zone_pattern: str = ""
    # Where a custom model's weights may live (``llmkit:model``): a bucket of the cloud's own,
    # which its servers read with their instance identity. How its URL starts, the suffix its
    # host must have ("": any bucket name), and whether its path begins with a container (Azure
    # Blob: https://<account>.blob.core.windows.net/<container>/<prefix>).
    weights_url_prefix: str = ""
    weights_host_suffix: str = ""
    weights_in_container: bool = False

    @property
    def region_config_key(self) -> str:
        """The config key the kit's own stacks set for the region."""
        return self.region_config_keys[0]

    @property
    def class_prefix(self) -> str:
        """How the component package names this cloud's classes (``Aws`` in ``AwsGpuCluster``)."""
        return self.name.capitalize()


AWS = Cloud(
    name="aws",
    title="AWS",
    aliases=("amazon",),
    token_prefixes=("aws",),
    region_config_keys=("aws:region",),
    resource_region_keys=("region", "availabilityZone"),
    provider_region_keys=("region",),
    default_region="us-east-1",
    zones_in_region_keys=True,
    api_instance_type="t3.medium",
    vector_db_instance_type="m5.large",
    disk_type="gp3",
    account_noun="account",
    components="llmkit.components.aws",
    mock_outputs="llmkit.components.aws.mock_outputs",
    sweep="llmkit.sweep.aws:from_options",
    boot="llmkit.components.boot.clouds:AWS",
    budget=BudgetShape("aws:budgets/budget:Budget", ("limitAmount",),
                       ((("timeUnit",), "MONTHLY", ""), (("limitUnit",), "USD", "USD"))),
    price_client="llmkit.pricing.catalog.live.aws:AwsPrices",
    price_endpoint_keyword="endpoint_url",
    response_cache=ManagedCache("db_instance_hour:cache.t3.micro", "1", "ElastiCache for Redis OSS, 1 x cache.t3.micro"),
    regions="llmkit.core.regions:aws_regions",
    region_source="botocore endpoint data (endpoints.json, partitions aws, aws-us-gov, aws-cn)",
    # us-east-1a, us-gov-west-1b, cn-north-1a, us-east-1-bos-1a (a Local Zone) -> the parent region
    zone_pattern=r"^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-[a-z]+-\d+[a-z])$",
    weights_url_prefix="s3://",
)

AZURE = Cloud(
    name="azure",
    title="Azure",
    aliases=("azure-native",),
    token_prefixes=("azure-native", "azure"),
    region_config_keys=("azure-native:location", "azure:location"),
    resource_region_keys=("location",),
    provider_region_keys=("location",),
    default_region="eastus",
    instance_type_prefix="Standard_",
    api_instance_type="Standard_B2s",
    vector_db_instance_type="Standard_D2s_v5",
    disk_type="Premium_LRS",
    account_noun="subscription",
    components="llmkit.components.azure",
    mock_outputs="llmkit.components.azure.mock_outputs",
    sweep="llmkit.sweep.azure:from_options",
    boot="llmkit.components.boot.clouds:AZURE",
    budget=BudgetShape("azure-native:consumption:Budget", ("amount",), ((("timeGrain",), "monthly", ""),)),
    price_client="llmkit.pricing.catalog.live.azure:AzurePrices",
    price_endpoint_keyword="base_url",
    response_cache=ManagedCache("redis_cache_hour:basic_c1", "1", "Azure Cache for Redis, Basic C1"),
    regions="llmkit.core.regions:AZURE_REGIONS",
    region_source="bundled list: az account list-locations / learn.microsoft.com regions list, checked 2026-11",
    weights_url_prefix="https://",
    weights_host_suffix=".blob.core.windows.net",
    weights_in_container=True,
)

GCP = Cloud(
    name="gcp",
    title="GCP",
    aliases=("google",),
    token_prefixes=("gcp", "google-native"),
    region_config_keys=("gcp:region", "gcp:zone"),
    resource_region_keys=("region", "zone", "location"),
    provider_region_keys=("region", "zone"),
    default_region="us-central1",
    zones_in_region_keys=True,
    attachable_accelerators=("nvidia-tesla-t4", "nvidia-tesla-v100", "nvidia-tesla-p4", "nvidia-tesla-p100"),
    accelerator_hosts=((1, "n1-standard-4"), (2, "n1-standard-8"), (4, "n1-standard-16")),
    api_instance_type="e2-medium",
    vector_db_instance_type="e2-standard-2",
    disk_type="pd-balanced",
    account_noun="project",
    components="llmkit.components.gcp",
    mock_outputs="llmkit.components.gcp.mock_outputs",
    sweep="llmkit.sweep.gcp:from_options",
    boot="llmkit.components.boot.clouds:GCP",
    budget=BudgetShape("gcp:billing/budget:Budget", ("amount", "specifiedAmount", "units"),
                       ((("amount", "specifiedAmount", "currencyCode"), "USD", "USD"),)),
    price_client="llmkit.pricing.catalog.live.gcp:GcpPrices",
    price_endpoint_keyword="base_url",
    response_cache=ManagedCache("memorystore_gb_hour:basic", "1", "Memorystore for Redis, BASIC 1 GB"),
    regions="llmkit.core.regions:GCP_REGIONS",
    region_source="bundled list: cloud.google.com/compute/docs/regions-zones, checked 2026-11",
    zone_pattern=r"^([a-z]+-[a-z]+\d+)-[a-z]$",  # us-central1-a -> us-central1
    weights_url_prefix="gs://",
)

# Priced in the catalog (``llmkit prices``) but without components: not a deploy target.
ALIBABA = Cloud(name="alibaba", title="Alibaba Cloud", aliases=("aliyun", "alicloud"), default_region="us-east-1")

#: Every cloud by name, in the order the kit lists them.
CLOUDS: dict[str, Cloud] = {c.name: c for c in (AWS, AZURE, GCP, ALIBABA)}

#: The cloud of a stack that names none (``llmkit:cloud`` unset).
DEFAULT_CLOUD = "aws"

#: The clouds a stack can deploy to (they have components).
DEPLOYABLE: tuple[str, ...] = tuple(name for name, c in CLOUDS.items() if c.components)

_BY_ALIAS = {alias: c.name for c in CLOUDS.values() for alias in c.aliases}
_BY_TOKEN_PREFIX = {prefix: c.name for c in CLOUDS.values() for prefix in c.token_prefixes}


def by_cloud(attribute: str) -> dict[str, Any]:
    """One fact for every deployable cloud, e.g. ``by_cloud("api_instance_type")``: a derived view
    for code that indexes by cloud name; the fact itself stays written once, above."""
    return {name: getattr(CLOUDS[name], attribute) for name in DEPLOYABLE}


def live_priced() -> tuple[str, ...]:
    """The clouds whose descriptor names a price API client (``prices refresh``, live lookups),
    in the kit's order; read from CLOUDS when asked."""
    return tuple(name for name, c in CLOUDS.items() if c.price_client)


def either(names: Any) -> str:
    """``a, b or c``: a choice of names for a help text or an error message."""
    names = list(names)
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else "".join(names)


def canonical_name(name: str) -> str:
    """The kit's name for a cloud a user typed (``Google`` -> ``gcp``); unknown names pass through
    lower-cased, for the caller to reject with its own message."""
    text = name.strip().lower()
    return _BY_ALIAS.get(text, text)


def cloud_of_token(token: str) -> Optional[str]:
    """The cloud a Pulumi type token belongs to (``azure-native:compute:Disk`` -> ``azure``)."""
    return _BY_TOKEN_PREFIX.get(token.partition(":")[0])


def region_from_config(config: Any) -> Optional[str]:
    """The region a stack's config names, on whichever cloud, as written (not normalised)."""
    for c in CLOUDS.values():
        for key in c.region_config_keys:
            value = config.get(key)
            if value:
                return str(value)
    return None


def resolve(path: str) -> Any:
    """Import a lazy reference: ``"pkg.module"`` is the module, ``"pkg.module:attr.sub"`` an
    attribute in it. Called by the upper layer that owns the referenced code, never at import."""
    module_name, _, attribute = path.partition(":")
    target: Any = importlib.import_module(module_name)
    for part in filter(None, attribute.split(".")):
        target = getattr(target, part)
    return target
