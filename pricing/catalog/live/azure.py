"""Azure VM, disk, network, SQL Database, App Service and AI Search prices from the Retail Prices API (https://prices.azure.com/api/retail/prices):
no authentication, OData ``$filter``, pages linked by ``NextPageLink``.

Rows used for a Linux VM (``armSkuName`` in ``armRegionName``): ``type`` Consumption for
pay-as-you-go, a skuName ending " Spot" for spot, ``type`` Reservation for 1 and 3 years.
Windows rows (productName ends "Windows"), "Low Priority" rows and DevTestConsumption are left
out. A Reservation row's ``retailPrice`` is the price of the WHOLE term although
``unitOfMeasure`` says "1 Hour", so it is divided by the term's hours (8,760 a year).

Paging stops at ``PAGE_CAP`` pages or when a NextPageLink repeats (an endless loop from a
broken proxy): that is a failed lookup, never a partial price. ``LLMKIT_AZURE_PRICES_URL``
(or ``base_url=``) points it at a mirror.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import Any, Mapping, Optional, Union

from llmkit.core.records import record
from llmkit.pricing.catalog.live.http import FetchError, get_json, session
from llmkit.pricing.catalog.live.rows import platform_row, price_value, today
from llmkit.pricing.catalog.types import InstancePrice, PlatformPrice

URL_ENV = "LLMKIT_AZURE_PRICES_URL"
DEFAULT_URL = "https://prices.azure.com/api/retail/prices"
API_VERSION = "2023-01-01-preview"
PAGE_CAP = 20
HOURS_PER_YEAR = Decimal(8760)
SOURCE = "Azure Retail Prices API"


def _price(row: dict[str, Any]) -> Decimal:
    """retailPrice must be a JSON number: text (even numeric) means a broken answer."""
    value = row.get("retailPrice")
    if not isinstance(value, (int, float)):
        raise FetchError(f"Azure row {row.get('skuName', '?')!r}: retailPrice is not a number")
    return price_value(value, f"Azure row {row.get('skuName', '?')!r}")


def reservation_hourly(row: dict[str, Any]) -> Optional[Decimal]:
    """Hourly price of a Reservation row: its retailPrice is the whole term's price."""
    years = {"1 Year": 1, "3 Years": 3}.get(str(row.get("reservationTerm")))
    if not years:
        return None
    return (_price(row) / (HOURS_PER_YEAR * years)).quantize(Decimal("0.000001"))


# Managed disks are billed per size tier; the catalog's per-GiB figure is the 128 GiB tier's
# monthly price / 128 (as the bundled rows are), so it stays marked as an assumption.
DISK_TIERS = {
    "Premium_LRS": ("Premium SSD Managed Disks", "P10 LRS Disk"),
    "StandardSSD_LRS": ("Standard SSD Managed Disks", "E10 LRS Disk"),
    "Standard_LRS": ("Standard HDD Managed Disks", "S10 LRS Disk"),
}
TIER_GIB = Decimal(128)

# Network items: item -> (productName, meterName, unitOfMeasure, price region, catalog unit).
# The Standard Load Balancer's hourly meter (first five rules included) is published only under
# armRegionName 'Global'; its data-processed meter, NAT gateways and public IPs per region.
NETWORK_METERS = {
    "lb_hour": ("Load Balancer", "Standard Included LB Rules and Outbound Rules", "1 Hour", "Global", "hour"),
    "lb_capacity_unit_hour": ("Load Balancer", "Standard Data Processed", "1 GB", None, "GB"),
    "nlb_hour": ("Load Balancer", "Standard Included LB Rules and Outbound Rules", "1 Hour", "Global", "hour"),
    "nlb_capacity_unit_hour": ("Load Balancer", "Standard Data Processed", "1 GB", None, "GB"),
    "nat_gateway_hour": ("NAT Gateway", "Standard Gateway", "1 Hour", None, "hour"),
    "nat_gateway_gb": ("NAT Gateway", "Standard Data Processed", "1 GB", None, "GB"),
    "public_ipv4_hour": ("IP Addresses", "Standard IPv4 Static Public IP", "1 Hour", None, "hour"),
}


# Azure Cache for Redis: item ``redis_cache_hour:<tier>_<family><capacity>`` (basic_c0, premium_p1),
# as the preview's mapper names it. The meters are those infracost's pricer reads: "<sku> Cache"
# per cache for Basic and Standard (a Standard cache's two nodes in one meter), "<sku> Cache
# Instance" per node for Premium; productName "Azure Redis Cache <Tier>".
REDIS_TIERS = {"basic": "Basic", "standard": "Standard", "premium": "Premium"}


def redis_meter(item: str) -> Optional[tuple[str, str, str]]:
    """``redis_cache_hour:basic_c0`` -> (productName, skuName, meterName); None for other items."""
    kind, _, name = item.partition(":")
    tier, _, size = name.partition("_")
    if kind != "redis_cache_hour" or tier not in REDIS_TIERS or not size:
        return None
    sku = size.upper()
    return f"Azure Redis Cache {REDIS_TIERS[tier]}", sku, f"{sku} Cache Instance" if tier == "premium" else f"{sku} Cache"


# Azure SQL Database (serviceName 'SQL Database'). Product and meter names follow the Retail
# Prices API as Infracost's Azure SQL pricer queries it (infracost/infracost
# internal/resources/azure/sql_database.go): single databases are "SQL Database Single..."
# products; DTU tiers have a DTU meter per day; a vCore SKU's compute row is per hour for the
# whole SKU (skuName "<n> vCore") and the licence a separate per-vCore-hour product, summed
# here (the catalog's vCore rows are licence-included); storage is "<tier> Data Stored" per GB.
SQL_TIERS = {"GP": "General Purpose", "BC": "Business Critical", "HS": "Hyperscale"}
SQL_SERVICE = "SQL Database"
_SQL_VCORE = re.compile(r"^(GP|BC|HS)_(Gen5|Gen4|DC|FSv2|M)_(\d+)$", re.IGNORECASE)
_SQL_DTU = re.compile(r"^(Basic|S\d+|P\d+)$", re.IGNORECASE)
_DTU_UNITS = {"1/Day": Decimal(24), "1 Day": Decimal(24), "1 Hour": Decimal(1), "1/Hour": Decimal(1)}


# App Service plans and AI Search units (per hour), named as Infracost's Azure pricers query the
# Retail Prices API (internal/resources/azure/app_service_plan.go, service_plan.go;
# internal/providers/terraform/azure/search_service.go): a plan SKU is a skuName ("P1 v3",
# "P1mv3", "B1") of the product "Azure App Service <tier> Plan", " - Linux" for Linux plans
# (the v1 Premium and Isolated plans have one product for both); a search tier is a skuName
# ("Standard S1", "Basic", "Storage Optimized L1") of 'Azure Cognitive Search'.
APP_SERVICE = "Azure App Service"
SEARCH_SERVICE = "Azure Cognitive Search"
# Synapse Spark pools, filtered as Infracost's pricer does
# (internal/providers/terraform/azure/synapse_spark_pool.go)
SYNAPSE_SERVICE = "Azure Synapse Analytics"
SPARK_PRODUCT = "Azure Synapse Analytics Serverless Apache Spark Pool - Memory Optimized"
SPARK_ITEM = "synapse_spark_vcore_hour:memory_optimized"
@record
class Meter:
    """A usage meter priced per unit: its service, meter name and SKU name in the Retail Prices
    API, the units it may be listed in (factor to ours; any other unit is refused, never
    guessed), our unit, and whether only its paid tier is read (a free first tier is not
    subtracted: an estimate errs high, never low)."""

    service: str
    meter: str
    sku: str
    units: Mapping[str, Union[int, Decimal]]
    our_unit: str
    paid_tier: bool = False


CONTAINER_APPS = "Azure Container Apps"
PER_DAY = Decimal(1) / 24  # a daily price to an hourly one
REGISTRY_SKUS = ("Basic", "Standard", "Premium")
BASTION_SKUS = ("Basic", "Standard")
# Container Instances (Linux, Standard): "Standard vCPU Duration" per "1 Hour" and "Standard
# Memory Duration" per "1 GB Hour" as the API lists them for eastus, per-second spellings
# converted. Logic Apps consumption actions: the meters Infracost's pricer reads
# (internal/resources/azure/logic_app_standard.go), per action ("1").
METERS = {
    "aci_vcpu_hour": Meter("Container Instances", "Standard vCPU Duration", "Standard", {"1 Hour": 1, "1 vCPU Hour": 1, "1 vCPU Second": 3600}, "vCPU-hour"),
    "aci_gb_hour": Meter("Container Instances", "Standard Memory Duration", "Standard",
                         {"1 GB Hour": 1, "1 GiB Hour": 1, "1 GB Second": 3600, "1 GiB Second": 3600}, "GB-hour"),
    "logic_apps_builtin_action": Meter("Logic Apps", "Consumption Built-in Actions", "Consumption", {"1": 1}, "action", paid_tier=True),
    "logic_apps_standard_connector_call": Meter("Logic Apps", "Consumption Standard Connector Actions", "Consumption", {"1": 1}, "call"),
    "logic_apps_enterprise_connector_call": Meter("Logic Apps", "Consumption Enterprise Connector Actions", "Consumption", {"1": 1}, "call"),
    # Container Apps, Consumption plan: active-usage vCPU and memory per second and requests
    # per million, the meters Infracost's pricer matches (internal/resources/azure/
    # container_app.go: serviceName 'Azure Container Apps', meterName ~ "vCPU Active Usage",
    # "Memory Active Usage", "Requests"). The exact "Standard ..." spellings and the units
    # below are NOT confirmed against a recorded API answer: a different spelling finds no row
    # and fails the lookup (unknown-input with the refresh hint), never another meter's price.
    # The free monthly grant (180,000 vCPU-s, 360,000 GiB-s, 2M requests) is a zero-priced
    # first tier: only the paid tier is read, so an estimate errs high.
    "container_apps_vcpu_second": Meter(CONTAINER_APPS, "Standard vCPU Active Usage", "Standard", {"1 Second": 1, "1 vCPU Second": 1}, "vCPU-second", paid_tier=True),
    "container_apps_gib_second": Meter(CONTAINER_APPS, "Standard Memory Active Usage", "Standard",
                                       {"1 GiB Second": 1, "1 GB Second": 1, "1 Second": 1}, "GiB-second", paid_tier=True),
    "container_apps_requests_1m": Meter(CONTAINER_APPS, "Standard Requests", "Standard", {"1M": 1, "1 Million": 1, "1000000": 1}, "1M requests", paid_tier=True),
    # Container Registry: a registry's daily unit ("<sku> Registry Unit" per "1/Day", the meter
    # Infracost's pricer reads: internal/resources/azure/container_registry.go), per hour here
    # as the preview's hourly item is (a day's price / 24).
    **{f"container_registry_hour:{sku}": Meter("Container Registry", f"{sku} Registry Unit", sku, {"1/Day": PER_DAY, "1 Day": PER_DAY, "1 Hour": Decimal(1)},
                                               "registry-hour") for sku in REGISTRY_SKUS},
    # Bastion hosts: "<sku> Gateway" per hour of serviceName 'Azure Bastion' (Infracost's pricer,
    # internal/resources/azure/bastion_host.go, reads the Basic one; Standard follows its pattern,
    # not confirmed against a recorded answer: a different name fails the lookup).
    **{f"bastion_hour:{sku}": Meter("Azure Bastion", f"{sku} Gateway", sku, {"1 Hour": 1}, "host-hour") for sku in BASTION_SKUS},
}


def _converted(price: Decimal, by: Union[int, Decimal]) -> Decimal:
    """A meter's price in our unit; a fractional factor (a day to an hour) is rounded to the
    millionth, as the catalog's hourly rows are, instead of 28 digits of a repeating fraction."""
    factor = Decimal(by)
    out = price * factor
    return out if factor == factor.to_integral_value() else out.quantize(Decimal("0.000001"))


_PLAN_SKU = re.compile(r"^([BSPI])(\d+)(m?v\d)?$", re.IGNORECASE)


def app_service_product(os_name: str, sku: str) -> tuple[str, re.Pattern[str]]:
    """(productName, skuName pattern) of an App Service plan SKU on an operating system."""
    m = _PLAN_SKU.match(sku)
    if m is None:
        raise FetchError(f"App Service SKU {sku} is not a Basic, Standard, Premium or Isolated size")
    letter, size, version = m[1].upper(), m[2], (m[3] or "").lower()
    if letter in "BS":
        tier, pattern = {"B": "Basic Plan", "S": "Standard Plan"}[letter], f"{letter}{size}"
    else:
        plain = version.lstrip("m") if version not in ("", "v1") else ""
        tier = ("Premium" if letter == "P" else "Isolated") + (f" {plain}" if plain else "") + " Plan"
        pattern = f"{letter}{size} ?{version if version != 'v1' else ''}".rstrip(" ?")
    linux = os_name == "linux" and tier not in ("Premium Plan", "Isolated Plan")
    return f"{APP_SERVICE} {tier}{' - Linux' if linux else ''}", re.compile(rf"^{pattern}$", re.IGNORECASE)


def search_sku_name(sku: str) -> str:
    """The Retail Prices API skuName of an AI Search tier as the resource spells it."""
    s = sku.lower()
    if s == "basic":
        return "Basic"
    if s.startswith("standard"):
        return f"Standard S{s[len('standard'):] or '1'}"
    if s.startswith("storage_optimized_l"):
        return f"Storage Optimized L{s.rsplit('l', 1)[1]}"
    raise FetchError(f"AI Search tier {sku} is not priced live")


class AzurePrices:
    """Azure VM and platform prices from the Retail Prices API (see the module docstring)."""

    # Fixed platform items only this client prices (no bundled row): `prices refresh` fetches
    # them with the snapshot's items (Container Instances, Container Apps, Spark pools, Logic Apps
    # actions).
    live_only_items: tuple[str, ...] = ("aci_vcpu_hour", "aci_gb_hour", "logic_apps_builtin_action", SPARK_ITEM,
                                        "container_apps_vcpu_second", "container_apps_gib_second", "container_apps_requests_1m",
                                        *(f"container_registry_hour:{sku}" for sku in REGISTRY_SKUS),
                                        *(f"bastion_hour:{sku}" for sku in BASTION_SKUS))
    network_items = NETWORK_METERS  # what `prices refresh --service network` means for Azure

    def __init__(self, base_url: Optional[str] = None, http: Any = None, backoff: float = 0.5):
        self.base_url = base_url or os.environ.get(URL_ENV) or DEFAULT_URL
        self._http = http
        self.backoff = backoff

    @property
    def http(self) -> Any:
        if self._http is None:
            self._http = session(backoff=self.backoff)
        return self._http

    def rows(self, odata_filter: str) -> list[dict[str, Any]]:
        """Every item the filter matches, following NextPageLink (capped, loop-checked)."""
        url: Optional[str] = self.base_url
        params: Optional[dict[str, str]] = {"api-version": API_VERSION, "currencyCode": "USD", "$filter": odata_filter}
        seen: set[str] = set()
        items: list[dict[str, Any]] = []
        for _page in range(PAGE_CAP):
            assert url is not None
            page = get_json(self.http, url, params, what=SOURCE)
            got = page.get("Items")
            if not isinstance(got, list):
                raise FetchError(f"{SOURCE} page has no Items list")
            items.extend(i for i in got if isinstance(i, dict))
            nxt = page.get("NextPageLink")
            if not nxt:
                return items
            if nxt in seen:
                raise FetchError(f"{SOURCE} NextPageLink loops back to a page already read")
            seen.add(nxt)
            url, params = nxt, None  # the link carries its own query
        raise FetchError(f"{SOURCE} kept paging past {PAGE_CAP} pages")

    def supports_platform(self, item: str) -> bool:
        kind, _, sub = item.partition(":")
        return ((kind == "block_storage_gb_month" and sub in DISK_TIERS) or item in NETWORK_METERS or redis_meter(item) is not None
                or (kind == "db_instance_hour" and bool(_SQL_VCORE.match(sub) or _SQL_DTU.match(sub)))
                or (kind == "db_storage_gb_month" and sub.upper() in SQL_TIERS)
                or (kind == "app_service_plan_hour" and bool(_PLAN_SKU.match(sub.partition(":")[2])))
                or (kind == "search_unit_hour" and (sub in ("basic",) or sub.startswith(("standard", "storage_optimized_l"))))
                or item == SPARK_ITEM or item in METERS)

    def _hourly(self, region: str, item: str, service: str, odata: str, keep: Any, what: str, source: str) -> PlatformPrice:
        """One pay-as-you-go hourly row of ``service`` in ``region`` that ``keep`` accepts."""
        flt = f"serviceName eq '{service}' and armRegionName eq '{region}' and {odata}"
        rows = [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("armRegionName") == region
                and r.get("unitOfMeasure") == "1 Hour" and not r.get("tierMinimumUnits") and keep(r)]
        return platform_row("azure", region, item, (_price(r) for r in rows), what, f"{SOURCE} {region} {source} per hour",
                            unit="instance-hour" if service == APP_SERVICE else "search unit-hour")

    def _spark(self, region: str, item: str) -> PlatformPrice:
        """The pay-as-you-go vCore-hour of memory-optimized Spark pools. The price list splits it
        in usage tiers (Infracost's pricer reads the one from 120 vCore-hours); the paid tier is
        the only one with a non-zero price, so that is the one kept, and zero-priced tiers are
        not subtracted (an estimate errs high, never low)."""
        flt = f"serviceName eq '{SYNAPSE_SERVICE}' and armRegionName eq '{region}' and productName eq '{SPARK_PRODUCT}' and skuName eq 'vCore'"
        rows = [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("armRegionName") == region
                and r.get("productName") == SPARK_PRODUCT and r.get("skuName") == "vCore" and r.get("unitOfMeasure") == "1 Hour"
                and _price(r) > 0]
        return platform_row("azure", region, item, (_price(r) for r in rows), "Synapse Spark vCore-hour",
                            f"{SOURCE} {region} {SPARK_PRODUCT} / vCore per hour", unit="vCore-hour")

    def _meter(self, region: str, item: str) -> PlatformPrice:
        """One pay-as-you-go usage meter (METERS) in ``region``, converted to our unit."""
        m = METERS[item]
        flt = f"serviceName eq '{m.service}' and armRegionName eq '{region}' and meterName eq '{m.meter}'"
        rows = [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("armRegionName") == region
                and r.get("meterName") == m.meter and r.get("skuName") == m.sku
                and (_price(r) > 0 if m.paid_tier else not r.get("tierMinimumUnits"))]
        if any(r.get("unitOfMeasure") not in m.units for r in rows):
            raise FetchError(f"{SOURCE} lists {m.meter} in {region} in a unit llmkit does not convert")
        return platform_row("azure", region, item, (_converted(_price(r), m.units[r["unitOfMeasure"]]) for r in rows), m.meter,
                            f"{SOURCE} {region} {m.service} / {m.meter} ({m.sku}) per {m.our_unit.split('-')[-1]}", unit=m.our_unit)

    def _app_service(self, region: str, item: str) -> PlatformPrice:
        os_name, _, sku = item.partition(":")[2].partition(":")
        product, pattern = app_service_product(os_name.lower(), sku)
        return self._hourly(region, item, APP_SERVICE, f"productName eq '{product}'",
                            lambda r: r.get("productName") == product and bool(pattern.match(str(r.get("skuName", "")))),
                            f"App Service {sku} ({os_name})", f"{product} / {sku}")

    def _search(self, region: str, item: str) -> PlatformPrice:
        name = search_sku_name(item.partition(":")[2])
        return self._hourly(region, item, SEARCH_SERVICE, f"skuName eq '{name}'",
                            lambda r: str(r.get("skuName", "")).lower() == name.lower(), f"AI Search {name}", f"{SEARCH_SERVICE} / {name} unit")

    def _redis(self, region: str, item: str) -> PlatformPrice:
        meter = redis_meter(item)
        assert meter is not None
        product, sku, name = meter
        flt = (f"serviceName eq 'Redis Cache' and armRegionName eq '{region}' and productName eq '{product}' "
               f"and skuName eq '{sku}' and meterName eq '{name}'")
        rows = [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("armRegionName") == region
                and r.get("productName") == product and r.get("skuName") == sku and r.get("meterName") == name
                and r.get("unitOfMeasure") == "1 Hour"]
        return platform_row("azure", region, item, (_price(r) for r in rows), name,
                            f"{SOURCE} {region} {product} / {name} per hour", unit="hour")

    def _sql_rows(self, region: str, odata: str) -> list[dict[str, Any]]:
        """Pay-as-you-go single-database rows of SQL Database in ``region`` matching ``odata``."""
        flt = f"serviceName eq '{SQL_SERVICE}' and armRegionName eq '{region}' and {odata}"
        return [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("armRegionName") == region
                and str(r.get("productName", "")).startswith("SQL Database Single") and not r.get("tierMinimumUnits")]

    def _sql(self, region: str, item: str) -> PlatformPrice:
        kind, _, sub = item.partition(":")
        if kind == "db_storage_gb_month":
            tier = SQL_TIERS[sub.upper()]
            rows = [r for r in self._sql_rows(region, f"skuName eq '{tier}'")
                    if str(r.get("productName", "")).endswith(f"{tier} - Storage") and r.get("meterName") == f"{tier} Data Stored"
                    and r.get("unitOfMeasure") == "1 GB/Month"]
            return platform_row("azure", region, item, (_price(r) for r in rows), f"SQL Database {tier} storage",
                                f"{SOURCE} {region} SQL Database {tier} - Storage / {tier} Data Stored per GB-month")
        vcore = _SQL_VCORE.match(sub)
        if vcore is None:  # a DTU tier: its DTU meter, billed per day
            sku = "B" if sub.lower() == "basic" else sub.upper()
            rows = [r for r in self._sql_rows(region, f"skuName eq '{sku}'") if str(r.get("meterName", "")).rstrip("s").endswith("DTU")]
            if any(r.get("unitOfMeasure") not in _DTU_UNITS for r in rows):
                raise FetchError(f"{SOURCE}: SQL Database {sku} is billed in a unit this client does not know")
            return platform_row("azure", region, item, ((_price(r) / _DTU_UNITS[r["unitOfMeasure"]]).quantize(Decimal("0.000001")) for r in rows),
                                f"SQL Database {sku}", f"{SOURCE} {region} SQL Database Single {sku} DTU meter (per day / 24)", unit="database-hour")
        tier, family, cores = SQL_TIERS[vcore[1].upper()], vcore[2], int(vcore[3])
        compute = [_price(r) for r in self._sql_rows(region, f"skuName eq '{cores} vCore'")
                   if str(r.get("productName", "")).endswith(f"{tier} - Compute {family}") and r.get("unitOfMeasure") == "1 Hour"]
        licence = [_price(r) for r in self._sql_rows(region, f"productName eq 'SQL Database Single/Elastic Pool {tier} - SQL License'")
                   if r.get("unitOfMeasure") == "1 Hour"]
        if len(set(compute)) != 1 or len(set(licence)) != 1:
            raise FetchError(f"{SOURCE} has no single compute and licence price for SQL Database {sub} in {region}")
        return platform_row("azure", region, item, [compute[0] + licence[0] * cores], f"SQL Database {sub}",
                            f"{SOURCE} {region} SQL Database {tier} - Compute {family} {cores} vCore + {cores} x {tier} - SQL License (licence included)",
                            unit="database-hour")

    def _network(self, region: str, item: str) -> PlatformPrice:
        product, meter, unit, where, our_unit = NETWORK_METERS[item]
        at = where or region
        flt = f"productName eq '{product}' and meterName eq '{meter}' and armRegionName eq '{at}'"
        rows = [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("productName") == product
                and r.get("meterName") == meter and r.get("armRegionName") == at and r.get("unitOfMeasure") == unit
                and not r.get("tierMinimumUnits")]
        return platform_row("azure", region, item, (_price(r) for r in rows), meter,
                            f"{SOURCE} {at} {product} / {meter} per {unit}", unit=our_unit)

    def platform(self, region: str, item: str) -> PlatformPrice:
        if item in NETWORK_METERS:
            return self._network(region, item)
        if redis_meter(item) is not None:
            return self._redis(region, item)
        if item.startswith(("db_instance_hour:", "db_storage_gb_month:")):
            return self._sql(region, item)
        if item.startswith("app_service_plan_hour:"):
            return self._app_service(region, item)
        if item.startswith("search_unit_hour:"):
            return self._search(region, item)
        if item == SPARK_ITEM:
            return self._spark(region, item)
        if item in METERS:
            return self._meter(region, item)
        disk = item.partition(":")[2]
        product, meter = DISK_TIERS[disk]
        flt = f"serviceName eq 'Storage' and armRegionName eq '{region}' and productName eq '{product}' and meterName eq '{meter}'"
        rows = [r for r in self.rows(flt) if r.get("type") == "Consumption" and r.get("armRegionName") == region
                and r.get("meterName") == meter and r.get("productName") == product]
        months = {_price(r) for r in rows}
        month = months.pop() if len(months) == 1 else None
        return platform_row("azure", region, item, [(month / TIER_GIB).quantize(Decimal("0.0001"))] if month else [], meter,
                            f"{SOURCE} {region} {meter} ({product}, 128 GiB tier at {month}/month, per GiB; disks are billed per tier size)",
                            assumption=True)

    def instance(self, region: str, type_name: str) -> InstancePrice:
        sku = type_name if type_name.lower().startswith("standard_") else "Standard_" + type_name
        flt = f"serviceName eq 'Virtual Machines' and armRegionName eq '{region}' and armSkuName eq '{sku}'"
        rows = [r for r in self.rows(flt) if r.get("armRegionName") == region and str(r.get("armSkuName", "")).lower() == sku.lower()]
        linux = [r for r in rows if not str(r.get("productName", "")).endswith("Windows") and "Low Priority" not in str(r.get("skuName", ""))]
        if any(r.get("currencyCode") not in (None, "USD") for r in linux):
            raise FetchError(f"{SOURCE} answered in another currency")
        on_demand: list[Decimal] = []
        spot: list[Decimal] = []
        reserved: dict[str, Decimal] = {}
        for r in linux:
            spot_row = str(r.get("skuName", "")).endswith(" Spot")
            if r.get("type") == "Consumption":
                (spot if spot_row else on_demand).append(_price(r))
            elif r.get("type") == "Reservation" and not spot_row:
                hourly = reservation_hourly(r)
                if hourly is not None:
                    reserved["reserved-1y" if r.get("reservationTerm") == "1 Year" else "reserved-3y"] = hourly
        if not on_demand:
            raise FetchError(f"{SOURCE} has no Linux pay-as-you-go row for {sku} in {region}")
        if len(set(on_demand)) > 1:
            raise FetchError(f"{SOURCE} has {len(set(on_demand))} different Linux pay-as-you-go prices for {sku} in {region}")
        if on_demand[0] == 0:
            raise FetchError(f"{SOURCE} pay-as-you-go price for {sku} is 0 (not a usable list price)")
        s = min(spot) if spot else None
        return InstancePrice(
            cloud="azure",
            region=region,
            type=sku,
            vcpus=0,
            memory_gb=Decimal(0),
            gpu=None,
            gpu_count=0,
            gpu_memory_gb=None,
            on_demand_hourly=on_demand[0],
            spot_hourly=s if s is not None and s < on_demand[0] else None,
            reserved_1y_hourly=reserved.get("reserved-1y"),
            reserved_3y_hourly=reserved.get("reserved-3y"),
            reserved_is_assumption=False,
            source=f"{SOURCE} {region} {sku}: Linux Consumption row; spot = Spot row; reserved = Reservation row / term hours; fetched {today()}",
            as_of=today(),
        )
