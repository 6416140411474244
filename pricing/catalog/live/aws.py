"""AWS instance prices from the Price List Query API (boto3 ``pricing`` GetProducts) and spot
prices from ``ec2.describe_spot_price_history``.

What is read, and only that: each term's ``pricePerUnit["USD"]`` (a JSON string), which must be
a finite non-negative number: a corrupted value ("v000000" has been seen in real data) rejects
the product rather than becoming a price, and the human ``description`` text ("$0.0152 per
On Demand...") is never parsed. On-Demand is the Hrs dimension of the OnDemand term; reserved
is the headline Standard, No Upfront term of 1 and 3 years (its Hrs rate is the whole cost).
Spot is the median over the region's availability zones of each zone's latest price.

The API lives in us-east-1 (and eu-central-1, ap-south-1) whatever region is priced. Retries
are botocore's own (standard mode, with backoff) and every call has a timeout. No AWS
credentials -> ``SourceUnavailable`` (the caller says so once and falls back).
``LLMKIT_AWS_ENDPOINT`` (or ``endpoint_url=``) points both clients at a mirror or emulator.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from decimal import Decimal
from typing import Any, Callable, Optional

from llmkit.core.records import record
from llmkit.pricing.catalog.live.http import FetchError, SourceUnavailable
from llmkit.pricing.catalog.live.rows import platform_row, price_value, today
from llmkit.pricing.catalog.types import InstancePrice, PlatformPrice, TieredPlatformPrice

ENDPOINT_ENV = "LLMKIT_AWS_ENDPOINT"
PRICING_REGION = "us-east-1"
SOURCE = "AWS Price List Query API (GetProducts AmazonEC2)"
SPOT_SOURCE = "ec2 DescribeSpotPriceHistory"
EBS_TYPES = ("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard")
# Platform items priced live: item -> (service code, productFamily, usagetype suffix, price
# list unit, catalog unit). usagetype carries a region prefix (EUC1-...), hence the suffix.
NETWORK_ITEMS = {
    "lb_hour": ("AWSELB", "Load Balancer-Application", "LoadBalancerUsage", "Hrs", "hour"),
    "lb_capacity_unit_hour": ("AWSELB", "Load Balancer-Application", "LCUUsage", "LCU-Hrs", "LCU-hour"),
    "nlb_hour": ("AWSELB", "Load Balancer-Network", "LoadBalancerUsage", "Hrs", "hour"),
    "nlb_capacity_unit_hour": ("AWSELB", "Load Balancer-Network", "LCUUsage", "LCU-Hrs", "NLCU-hour"),
    "nat_gateway_hour": ("AmazonEC2", "NAT Gateway", "NatGateway-Hours", "Hrs", "hour"),
    "nat_gateway_gb": ("AmazonEC2", "NAT Gateway", "NatGateway-Bytes", "GB", "GB"),
}
# RDS and Aurora DB instance classes, by the engine names RDS takes (its ``engine`` input) -> the
# Price List attributes that select that engine's Single-AZ, on-demand product. A ``-byol``
# engine (a commercial engine on your own licence) is the same product under licenseModel
# "Bring your own license". Multi-AZ is the pricer's (twice the Single-AZ instance).
_LICENSED = ("licenseModel", "License included")
RDS_ENGINES: dict[str, tuple[tuple[str, str], ...]] = {
    "postgres": (("databaseEngine", "PostgreSQL"),),
    "mysql": (("databaseEngine", "MySQL"),),
    "mariadb": (("databaseEngine", "MariaDB"),),
    "aurora-mysql": (("databaseEngine", "Aurora MySQL"),),
    "aurora-postgresql": (("databaseEngine", "Aurora PostgreSQL"),),
    "sqlserver-ex": (("databaseEngine", "SQL Server"), ("databaseEdition", "Express"), _LICENSED),
    "sqlserver-web": (("databaseEngine", "SQL Server"), ("databaseEdition", "Web"), _LICENSED),
    "sqlserver-se": (("databaseEngine", "SQL Server"), ("databaseEdition", "Standard"), _LICENSED),
    "sqlserver-ee": (("databaseEngine", "SQL Server"), ("databaseEdition", "Enterprise"), _LICENSED),
    "oracle-se2": (("databaseEngine", "Oracle"), ("databaseEdition", "Standard Two"), _LICENSED),
    "oracle-ee": (("databaseEngine", "Oracle"), ("databaseEdition", "Enterprise"), ("licenseModel", "Bring your own license")),
}
DB_ITEM = "db_instance_hour"
# ElastiCache nodes: the snapshot's Redis OSS rows are ``db_instance_hour:cache.<type>``, other
# engines ``cache_node_hour:<engine>:<type>`` (pricing/preview/resources/models/aws.py
# CacheNodes). One Price List product per node type, engine and region (service AmazonElastiCache,
# productFamily "Cache Instance", cacheEngine title-cased, as Infracost's pricer filters it:
# internal/resources/aws/elasticache_cluster.go), told apart by its "...NodeUsage:<type>" usagetype.
CACHE_ITEM = "cache_node_hour"
CACHE_ENGINES = {"redis": "Redis", "valkey": "Valkey", "memcached": "Memcached"}


def cache_node(item: str) -> Optional[tuple[str, str]]:
    """(engine, node type) of an ElastiCache node item, or None when ``item`` is not one."""
    kind, _, sub = item.partition(":")
    engine, node_type = ("redis", sub) if kind == DB_ITEM else sub.partition(":")[::2]
    if kind in (DB_ITEM, CACHE_ITEM) and engine in CACHE_ENGINES and node_type.startswith("cache.") and ":" not in node_type:
        return engine, node_type
    return None
# Cognito user pool monthly active users per feature plan (``cognito_mau:<plan>``, the plan as
# the pool's ``userPoolTier`` names it, lower case). The Price List (service code AmazonCognito;
# its attributes per DescribeServices: productFamily, usagetype, operation, location...) lists
# each plan's MAU as one product with a tiered on-demand term; the product is told apart by its
# usagetype (region prefix varies: USE1-, EUC1-...). Essentials as "CognitoEssentialsMAU" (with
# operation "CognitoEssentialsOperation") is how a public cost model that reads the price files
# names it; Lite keeps the former user pool product "CognitoUserPoolsMAU" (productFamily "User
# Pool MAU"); Plus is assumed to follow Essentials' naming. A usagetype that matches nothing is
# a failed lookup (unknown-input naming the price), never another plan's price.
COGNITO_ITEM = "cognito_mau"
COGNITO_USAGETYPES = {
    "lite": re.compile(r"(^|-)Cognito(UserPools|Lite)MAU$"),
    "essentials": re.compile(r"(^|-)CognitoEssentialsMAU$"),
    "plus": re.compile(r"(^|-)CognitoPlusMAU$"),
}


@record
class ServiceProduct:
    """How a managed-service catalog item (``kind:<sub>``) is one Price List product: its
    service code and product family, the attribute the item's sub-key selects (translated by
    ``values`` where the Price List spells it differently), fixed extra filters, the price
    dimension unit, and the usagetype pattern that tells the product apart from its siblings.
    Attribute names and values follow the Price List as Infracost's pricers query it
    (internal/resources/aws/search_domain.go, dynamodb_table.go) and AWS's price files (SageMaker
    hosting: productFamily "ML Instance", component "Hosting")."""

    service: str
    family: str
    attribute: Optional[str]
    unit: str
    our_unit: str
    usagetype: str  # regex searched in the product's usagetype
    extra: tuple[tuple[str, str], ...] = ()
    values: Optional[dict[str, str]] = None


SERVICE_PRODUCTS = {
    "search_instance_hour": ServiceProduct("AmazonES", "Amazon OpenSearch Service Instance", "instanceType", "Hrs", "instance-hour", "ESInstance"),
    "search_storage_gb_month": ServiceProduct("AmazonES", "Amazon OpenSearch Service Volume", "storageMedia", "GB-Mo", "GB-month", r"ES.+-Storage",
                                              values={"gp3": "GP3", "gp2": "GP2", "io1": "PIOPS-Storage", "standard": "Magnetic"}),
    "sagemaker_instance_hour": ServiceProduct("AmazonSageMaker", "ML Instance", "instanceName", "Hrs", "instance-hour", r"Host:ml\.",
                                              extra=(("component", "Hosting"),)),
    "dynamodb_storage_gb_month": ServiceProduct("AmazonDynamoDB", "Database Storage", None, "GB-Mo", "GB-month", r"(?<!IA-)TimedStorage-ByteHrs$"),
    # Lambda provisioned concurrency: the product "group" per architecture, as Infracost's pricer
    # filters it (internal/resources/aws/lambda_provisioned_concurrency_config.go), per Lambda-GB-Second
    "lambda_provisioned_gb_second": ServiceProduct("AWSLambda", "Serverless", "group", "Lambda-GB-Second", "GB-second", r"Lambda",
                                                   values={"x86_64": "AWS-Lambda-Provisioned-Concurrency",
                                                           "arm64": "AWS-Lambda-Provisioned-Concurrency-ARM"}),
}


def rds_terms(engine: str) -> Optional[tuple[tuple[str, str], ...]]:
    """The Price List attributes of an engine (``oracle-se2``, ``sqlserver-se-byol``), or None."""
    byol = engine.endswith("-byol")
    terms = RDS_ENGINES.get(engine.removesuffix("-byol"))
    if terms is None or not byol:
        return terms
    if not any(field == "licenseModel" for field, _ in terms):
        return None  # an open-source engine has no licence to bring
    return tuple(t for t in terms if t[0] != "licenseModel") + (("licenseModel", "Bring your own license"),)


_MEMORY = re.compile(r"^\s*([\d.,]+)\s*GiB\s*$")


def _dimension(term: dict[str, Any], where: str, unit: str = "Hrs") -> Decimal:
    for dim in (term.get("priceDimensions") or {}).values():
        if dim.get("unit") == unit:
            return price_value((dim.get("pricePerUnit") or {}).get("USD"), where)
    raise FetchError(f"{where}: no {unit} price dimension")


def parse_product(item: Any, unit: str = "Hrs") -> dict[str, Any]:
    """One GetProducts PriceList element (a JSON string) -> attributes and prices per ``unit``."""
    try:
        doc = json.loads(item) if isinstance(item, str) else item
        attrs = doc["product"]["attributes"]
        terms = doc["terms"]
    except (ValueError, KeyError, TypeError):
        raise FetchError("GetProducts returned a product without attributes or terms") from None
    on_demand = [_dimension(t, "OnDemand term", unit) for t in (terms.get("OnDemand") or {}).values()]
    if len(on_demand) != 1:
        raise FetchError(f"GetProducts product has {len(on_demand)} on-demand terms, expected 1")
    if on_demand[0] == 0:
        raise FetchError("GetProducts on-demand price is 0 (not a usable list price)")
    reserved: dict[str, Decimal] = {}
    for term in (terms.get("Reserved") or {}).values():
        ta = term.get("termAttributes") or {}
        if ta.get("OfferingClass") == "standard" and ta.get("PurchaseOption") == "No Upfront":
            length = {"1yr": "reserved-1y", "3yr": "reserved-3y"}.get(ta.get("LeaseContractLength", ""))
            if length:
                try:
                    reserved[length] = _dimension(term, f"Reserved {length} term")
                except FetchError:
                    continue  # a bad reserved term leaves that price unknown, on-demand stands
    return {"attributes": attrs, "on_demand": on_demand[0], "reserved": reserved}


# Where botocore's credential chain looks, checkable without importing it: environment
# variables (keys, profiles, container and web-identity roles) and the shared files.
_CREDENTIAL_ENV = (
    "AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE",
)
_CREDENTIAL_FILES = (("AWS_SHARED_CREDENTIALS_FILE", "credentials"), ("AWS_CONFIG_FILE", "config"))
# Linux's view of the machine's firmware: an EC2 instance says so here (what cloud-init reads).
_EC2_MARKERS = ("/sys/devices/virtual/dmi/id/sys_vendor", "/sys/devices/virtual/dmi/id/board_asset_tag",
                "/sys/hypervisor/uuid")


def may_have_credentials(environ: Optional[dict[str, str]] = None, home: Optional[str] = None) -> bool:
    """False only when no source of botocore's credential chain can hold credentials: no AWS
    variable, no ~/.aws file, and (on Linux) not an EC2 instance whose role the metadata
    service would hand out. Asking boto3 instead costs every price lookup of a user without AWS
    credentials ~0.2 s of imports, and off EC2 a metadata probe that can wait a second."""
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in _CREDENTIAL_ENV):
        return True
    aws_dir = os.path.join(home or os.path.expanduser("~"), ".aws")
    if any(os.path.isfile(env.get(var) or os.path.join(aws_dir, name)) for var, name in _CREDENTIAL_FILES):
        return True
    if env.get("AWS_EC2_METADATA_DISABLED", "").lower() == "true":
        return False
    if not os.path.isdir("/sys/devices/virtual/dmi/id"):
        return True  # not Linux (or no firmware view): only botocore can tell
    for marker in _EC2_MARKERS:
        try:
            with open(marker, encoding="ascii", errors="replace") as fh:
                text = fh.read(64).strip().lower()
        except OSError:
            continue
        if text.startswith(("amazon", "ec2", "i-")):
            return True
    return False


NO_CREDENTIALS = "no AWS credentials configured (the Price List API needs any credentials with pricing:GetProducts)"


class AwsPrices:
    """EC2 Linux shared-tenancy instance prices (see the module docstring)."""

    # Fixed platform items only this client prices (no bundled row): `prices refresh` fetches
    # them with the snapshot's items. Open-ended ones (any DB or OpenSearch class) are fetched
    # when a preview needs them.
    live_only_items: tuple[str, ...] = (
        "block_storage_gb_month:io2",
        *(f"lambda_provisioned_gb_second:{arch}" for arch in SERVICE_PRODUCTS["lambda_provisioned_gb_second"].values or ()),
        *(f"{COGNITO_ITEM}:{plan}" for plan in COGNITO_USAGETYPES),
    )
    network_items = NETWORK_ITEMS  # what `prices refresh --service network` means for AWS

    def __init__(self, endpoint_url: Optional[str] = None, client: Optional[Callable[[str, str], Any]] = None):
        self.endpoint_url = endpoint_url or os.environ.get(ENDPOINT_ENV) or None
        self._client = client  # tests inject stubbed clients: (service, region) -> client

    def client(self, service: str, region: str) -> Any:
        if self._client is not None:
            return self._client(service, region)
        if not may_have_credentials():
            raise SourceUnavailable(NO_CREDENTIALS)
        import boto3
        from botocore.config import Config

        session = boto3.session.Session()
        if session.get_credentials() is None:
            raise SourceUnavailable(NO_CREDENTIALS)
        cfg = Config(retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=5, read_timeout=30)
        return session.client(service, region_name=region, endpoint_url=self.endpoint_url, config=cfg)

    def _call(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "error")
            if code in ("AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException", "UnauthorizedOperation"):
                raise SourceUnavailable(f"AWS price API refused the credentials ({code})") from None
            raise FetchError(f"AWS price API error {code}") from None
        except BotoCoreError as exc:
            raise SourceUnavailable(f"AWS price API unreachable ({type(exc).__name__})") from None

    def products(self, region: str, type_name: str) -> list[dict[str, Any]]:
        return self.query((
            ("instanceType", type_name),
            ("regionCode", region),
            ("operatingSystem", "Linux"),
            ("tenancy", "Shared"),
            ("preInstalledSw", "NA"),
            ("capacitystatus", "Used"),
            ("licenseModel", "No License required"),
        ))

    def query(self, terms: tuple[tuple[str, str], ...], unit: str = "Hrs", service: str = "AmazonEC2",
              usage_suffix: Optional[str] = None) -> list[dict[str, Any]]:
        """GetProducts with TERM_MATCH filters, every page; the products whose ``usagetype``
        ends with ``usage_suffix`` (when given: the region prefix varies) parsed per ``unit``."""
        return [parse_product(item, unit) for item in self.raw_products(service, terms)
                if usage_suffix is None or _usagetype(item).endswith(usage_suffix)]

    def raw_products(self, service: str, terms: tuple[tuple[str, str], ...]) -> list[Any]:
        """The PriceList elements (JSON strings) of GetProducts with TERM_MATCH filters, every page."""
        pricing = self.client("pricing", PRICING_REGION)
        filters = [{"Type": "TERM_MATCH", "Field": field, "Value": value} for field, value in terms]
        out: list[Any] = []
        token: Optional[str] = None
        for _page in range(10):  # a filtered query has one product; a page cap stops a loop
            kwargs: dict[str, Any] = {"ServiceCode": service, "Filters": filters, "FormatVersion": "aws_v1", "MaxResults": 100}
            if token:
                kwargs["NextToken"] = token
            page = self._call(pricing.get_products, **kwargs)
            out.extend(page.get("PriceList", []))
            token = page.get("NextToken")
            if not token:
                return out
        raise FetchError("GetProducts kept paging past the page cap")

    def spot(self, region: str, type_name: str) -> Optional[Decimal]:
        """Median of the zones' latest spot prices; None when AWS has none (or refuses)."""
        ec2 = self.client("ec2", region)
        try:
            page = self._call(
                ec2.describe_spot_price_history,
                InstanceTypes=[type_name],
                ProductDescriptions=["Linux/UNIX"],
                StartTime=dt.datetime.now(dt.timezone.utc),
            )
        except FetchError:
            return None
        latest: dict[str, tuple[Any, Decimal]] = {}
        for row in page.get("SpotPriceHistory", []):
            try:
                price = price_value(row.get("SpotPrice"), "spot price")
            except FetchError:
                continue
            zone, when = row.get("AvailabilityZone", ""), row.get("Timestamp")
            if zone not in latest or (when is not None and when > latest[zone][0]):
                latest[zone] = (when, price)
        prices = [p for _, p in latest.values() if p > 0]
        import statistics

        return Decimal(str(statistics.median(prices))) if prices else None

    def supports_platform(self, item: str) -> bool:
        kind, _, sub = item.partition(":")
        if kind == COGNITO_ITEM:
            return sub in COGNITO_USAGETYPES
        if cache_node(item) is not None:
            return True
        if kind == DB_ITEM:
            engine, _, klass = sub.partition(":")
            return klass.startswith("db.") and rds_terms(engine) is not None
        product = SERVICE_PRODUCTS.get(kind)
        if product is not None:
            return bool(sub) == (product.attribute is not None) and (product.values is None or sub in product.values)
        return (kind == "block_storage_gb_month" and sub in EBS_TYPES) or item in NETWORK_ITEMS

    def _service_product(self, region: str, item: str) -> PlatformPrice:
        kind, _, sub = item.partition(":")
        spec = SERVICE_PRODUCTS[kind]
        terms = (("productFamily", spec.family), ("regionCode", region), *spec.extra)
        if spec.attribute is not None:
            terms += ((spec.attribute, spec.values[sub] if spec.values else sub),)
        wanted = re.compile(spec.usagetype)
        products = [p for p in self.query(terms, unit=spec.unit, service=spec.service)
                    if wanted.search(str(p["attributes"].get("usagetype", "")))]
        return platform_row("aws", region, item, (p["on_demand"] for p in products), f"{spec.family} {sub}".strip(),
                            f"AWS Price List Query API (GetProducts {spec.service}) {region} {spec.family}{f' {sub}' if sub else ''} per {spec.unit}",
                            unit=spec.our_unit)

    def _cognito(self, region: str, item: str) -> TieredPlatformPrice:
        """A feature plan's MAU bands in ``region``: every product of AmazonCognito there (a
        few dozen), the one whose usagetype is the plan's, its on-demand term's bands."""
        plan = item.partition(":")[2]
        wanted = COGNITO_USAGETYPES.get(plan)
        if wanted is None:
            raise FetchError(f"no Cognito feature plan {plan!r}")
        bands: list[tuple[tuple[Decimal, Optional[Decimal], Decimal], ...]] = []
        for product in self.raw_products("AmazonCognito", (("regionCode", region),)):
            if wanted.search(_usagetype(product)):
                bands.append(tiered_term(product, f"Cognito {plan} MAU"))
        if len(set(bands)) != 1:
            raise FetchError(f"{len(set(bands))} different Cognito {plan} MAU price lists in {region}")
        tiers = bands[0]
        paid = [p for _b, _e, p in tiers if p > 0]
        if not paid:
            raise FetchError(f"the Cognito {plan} MAU prices in {region} are all 0 (not a usable list price)")
        return TieredPlatformPrice(
            cloud="aws", region=region, item=item, unit="MAU", price=paid[0],
            source=f"AWS Price List Query API (GetProducts AmazonCognito) {region} {plan} user pool MAU, tiered; fetched {today()}",
            as_of=today(), tiers=tiers)

    def platform(self, region: str, item: str) -> PlatformPrice:
        """EBS storage per GB-month of a volume type (``block_storage_gb_month:gp3``), a load
        balancer / NAT gateway price (NETWORK_ITEMS), a DB instance class of an engine,
        Single-AZ (``db_instance_hour:<engine>:<class>``: any class RDS publishes), an
        ElastiCache node of any engine and node type (``cache_node``), or a managed-service
        product (SERVICE_PRODUCTS: OpenSearch nodes and storage, SageMaker hosting instances,
        DynamoDB storage, Lambda provisioned concurrency)."""
        if item.partition(":")[0] in SERVICE_PRODUCTS:
            return self._service_product(region, item)
        if item.startswith(COGNITO_ITEM + ":"):
            return self._cognito(region, item)
        node = cache_node(item)
        if node is not None:
            engine, node_type = node
            products = self.query((("productFamily", "Cache Instance"), ("instanceType", node_type), ("regionCode", region),
                                   ("cacheEngine", CACHE_ENGINES[engine])), service="AmazonElastiCache",
                                  usage_suffix=f"NodeUsage:{node_type}")
            return platform_row("aws", region, item, (p["on_demand"] for p in products), f"ElastiCache {engine} {node_type}",
                                f"AWS Price List Query API (GetProducts AmazonElastiCache) {region} {CACHE_ENGINES[engine]} {node_type} on-demand node",
                                unit="node-hour")
        if item.startswith(DB_ITEM + ":"):
            engine, _, klass = item.partition(":")[2].partition(":")
            terms = rds_terms(engine)
            if terms is None or not klass:
                raise FetchError("no such RDS engine or class in the price list")
            products = self.query((("productFamily", "Database Instance"), ("instanceType", klass), ("regionCode", region),
                                   ("deploymentOption", "Single-AZ"), *terms), service="AmazonRDS")
            return platform_row("aws", region, item, (p["on_demand"] for p in products), f"RDS {engine} {klass}",
                                f"AWS Price List Query API (GetProducts AmazonRDS) {region} {engine} {klass} Single-AZ",
                                unit="instance-hour")
        if item in NETWORK_ITEMS:
            service, family, suffix, unit, our_unit = NETWORK_ITEMS[item]
            products = self.query((("productFamily", family), ("regionCode", region)), unit=unit, service=service, usage_suffix=suffix)
            return platform_row("aws", region, item, (p["on_demand"] for p in products), f"{family} {suffix}",
                                f"AWS Price List Query API (GetProducts {service}) {region} {family} {suffix} per {unit}", unit=our_unit)
        volume = item.partition(":")[2]
        products = self.query((("productFamily", "Storage"), ("volumeApiName", volume), ("regionCode", region)), unit="GB-Mo")
        return platform_row("aws", region, item, (p["on_demand"] for p in products), f"EBS {volume} storage",
                            f"{SOURCE} {region} EBS {volume} storage GB-Mo")

    def instance(self, region: str, type_name: str) -> InstancePrice:
        products = self.products(region, type_name)
        if not products:
            raise FetchError(f"AWS publishes no Linux on-demand price for {type_name} in {region}")
        if len({p["on_demand"] for p in products}) != 1:
            raise FetchError(f"AWS returned {len(products)} different prices for {type_name} in {region}")
        p = products[0]
        attrs = p["attributes"]
        spot = self.spot(region, type_name)
        reserved = p["reserved"]
        return InstancePrice(
            cloud="aws",
            region=region,
            type=type_name,
            vcpus=_int(attrs.get("vcpu")),
            memory_gb=_memory(attrs.get("memory")),
            gpu=None,
            gpu_count=_int(attrs.get("gpu")),
            gpu_memory_gb=None,
            on_demand_hourly=p["on_demand"],
            spot_hourly=spot if spot is not None and spot < p["on_demand"] else None,
            reserved_1y_hourly=reserved.get("reserved-1y"),
            reserved_3y_hourly=reserved.get("reserved-3y"),
            reserved_is_assumption=False,
            source=f"{SOURCE} {region} {type_name}, Linux shared tenancy; reserved = Standard No Upfront"
            + (f"; spot = median of zones ({SPOT_SOURCE})" if spot is not None else "")
            + f"; fetched {today()}",
            as_of=today(),
        )


def tiered_term(item: Any, what: str) -> tuple[tuple[Decimal, Optional[Decimal], Decimal], ...]:
    """The bands of a product's one on-demand term: (beginRange, endRange or None for "Inf",
    pricePerUnit USD), ordered and contiguous from 0; anything else is a broken answer."""
    try:
        doc = json.loads(item) if isinstance(item, str) else item
        terms = list((doc["terms"].get("OnDemand") or {}).values())
    except (ValueError, KeyError, TypeError, AttributeError):
        raise FetchError(f"GetProducts returned a {what} product without terms") from None
    if len(terms) != 1:
        raise FetchError(f"GetProducts {what} product has {len(terms)} on-demand terms, expected 1")
    bands = []
    for dim in (terms[0].get("priceDimensions") or {}).values():
        end = str(dim.get("endRange", "")).strip()
        bands.append((price_value(dim.get("beginRange"), f"{what} beginRange"),
                      None if end == "Inf" else price_value(end, f"{what} endRange"),
                      price_value((dim.get("pricePerUnit") or {}).get("USD"), what)))
    bands.sort(key=lambda b: b[0])
    starts = [b for b, _e, _p in bands]
    ends = [e for _b, e, _p in bands]
    if not bands or starts[0] != 0 or ends[-1] is not None or starts[1:] != ends[:-1]:
        raise FetchError(f"GetProducts {what} bands do not run from 0 without gaps")
    return tuple(bands)


def _usagetype(item: Any) -> str:
    try:
        doc = json.loads(item) if isinstance(item, str) else item
        return str(doc["product"]["attributes"].get("usagetype", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


def _int(text: Any) -> int:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return 0


def _memory(text: Any) -> Decimal:
    m = _MEMORY.match(str(text or ""))
    return Decimal(m.group(1).replace(",", "")) if m else Decimal(0)

