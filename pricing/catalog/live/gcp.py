"""GCP machine-type, disk and Cloud SQL prices from the Cloud Billing Catalog API
(``GET {base}/v1/services/6F81-5844-456A/skus``, Compute Engine), with an API key
(``LLMKIT_GCP_API_KEY``) or application default credentials.

GCP publishes no price per machine type: a VM is billed per vCPU-hour and per GiB-hour of RAM
of its family (N1, N2, E2, G2, A2...), plus per GPU for accelerators. So a machine type's price
is ``vcpus x core SKU + memory GiB x RAM SKU + gpus x GPU SKU`` in its region, the way the
public calculators do it (github.com/Cyclenerd/google-cloud-pricing-cost-calculator matches
SKUs by description the same way). Each SKU's price is ``units + nanos / 1e9`` of its first
tier; a unit that is not a whole number, or nanos out of range, rejects the SKU.
usageType picks the model: OnDemand, Preemptible (spot), Commit1Yr and Commit3Yr
(committed-use discounts).

The SKU list is paged by ``nextPageToken`` (capped); it is read once per process and region.
``LLMKIT_GCP_BILLING_URL`` (or ``base_url=``) points it at a mirror.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import Any, Optional

from llmkit.pricing.catalog.live.http import FetchError, SourceUnavailable, get_json, session
from llmkit.pricing.catalog.live.rows import platform_row, today
from llmkit.pricing.catalog.types import CLOUD_SQL_CUSTOM_TIER, InstancePrice, PlatformPrice

URL_ENV = "LLMKIT_GCP_BILLING_URL"
KEY_ENV = "LLMKIT_GCP_API_KEY"
DEFAULT_URL = "https://cloudbilling.googleapis.com"
COMPUTE_SERVICE = "6F81-5844-456A"
PAGE_CAP = 50
SOURCE = "GCP Cloud Billing Catalog API (Compute Engine SKUs)"
MODELS = {"OnDemand": "on-demand", "Preemptible": "spot", "Commit1Yr": "reserved-1y", "Commit3Yr": "reserved-3y"}

# Networking SKUs of Compute Engine, matched by description as Infracost's GCP pricers match
# them (internal/resources/google/compute_address.go, compute_router_nat.go,
# compute_forwarding_rule.go): item -> (description pattern, catalog unit). A SKU applies where
# its serviceRegions name the region (or "global").
NETWORK_SKUS = {
    "public_ipv4_hour": (re.compile(r"^External IP Charge on a Standard VM$"), "hour"),
    "nat_gateway_hour": (re.compile(r"NAT Gateway: Uptime charge"), "VM-hour"),
    "nat_gateway_gb": (re.compile(r"NAT Gateway: Data processing charge"), "GB"),
    "lb_capacity_unit_hour": (re.compile(r"^Network Load Balancing: Data Processing Charge", re.IGNORECASE), "GB"),
    "nlb_capacity_unit_hour": (re.compile(r"^Network Load Balancing: Data Processing Charge", re.IGNORECASE), "GB"),
}
# Cloud SQL (its own billing service): zonal on-demand rates; a custom tier is vCPUs + RAM.
CLOUD_SQL_SERVICE = "9662-B51E-5089"
CLOUD_SQL_SOURCE = "GCP Cloud Billing Catalog API (Cloud SQL SKUs)"
CLOUD_SQL_ITEMS = ("cloud_sql_vcpu_hour", "cloud_sql_memory_gb_month")
CLOUD_SQL_STORAGE = {"PD_SSD": "Standard storage", "PD_HDD": "Low cost storage"}
HOURS_PER_MONTH = Decimal(730)
# Persistent-disk capacity SKUs by disk type (zonal; "Regional ..." SKUs are left out).
DISK_SKUS = {"pd-standard": "Storage PD Capacity", "pd-balanced": "Balanced PD Capacity", "pd-ssd": "SSD backed PD Capacity"}
# GiB of RAM per vCPU of the predefined shapes, by family and kind (cloud.google.com machine
# families docs); n1 differs from the newer families.
_RAM_PER_VCPU = {
    ("n1", "standard"): Decimal("3.75"), ("n1", "highmem"): Decimal("6.5"), ("n1", "highcpu"): Decimal("0.9"),
    ("*", "standard"): Decimal(4), ("*", "highmem"): Decimal(8), ("*", "highcpu"): Decimal(1),
}
_SHAPE = re.compile(r"^([a-z]\d[a-z]?)-(standard|highmem|highcpu)-(\d+)$")
# GPUs built into the accelerator-optimised families, by machine type (count, SKU name).
_BUILT_IN_GPUS = {
    "g2-standard-4": (1, "L4"), "g2-standard-8": (1, "L4"), "g2-standard-12": (1, "L4"), "g2-standard-16": (1, "L4"),
    "g2-standard-24": (2, "L4"), "g2-standard-32": (1, "L4"), "g2-standard-48": (4, "L4"), "g2-standard-96": (8, "L4"),
}
_G2_RAM = {4: 16, 8: 32, 12: 48, 16: 64, 24: 96, 32: 128, 48: 192, 96: 384}


def sku_price(sku: dict[str, Any], tier: int = 0) -> Decimal:
    """``units + nanos/1e9`` of the SKU's first tier (the hourly list price of compute SKUs),
    or of tier ``tier``."""
    try:
        rate = sku["pricingInfo"][0]["pricingExpression"]["tieredRates"][tier]["unitPrice"]
        units, nanos = rate.get("units", "0"), rate.get("nanos", 0)
        if rate.get("currencyCode", "USD") != "USD":
            raise FetchError("GCP SKU price is not in USD")
        if isinstance(nanos, bool) or not isinstance(nanos, int) or not (0 <= nanos < 1_000_000_000):
            raise FetchError(f"GCP SKU {sku.get('skuId', '?')}: nanos is not a number of nanos")
        if not re.fullmatch(r"\d+", str(units)):
            raise FetchError(f"GCP SKU {sku.get('skuId', '?')}: units is not a whole number")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise FetchError(f"GCP SKU {sku.get('skuId', '?') if isinstance(sku, dict) else '?'} has no unit price") from None
    return Decimal(int(units)) + Decimal(nanos) / Decimal(1_000_000_000)


def paid_price(sku: dict[str, Any]) -> Decimal:
    """The price of a usage SKU's first non-zero tier: a free monthly grant (Firestore's 50,000
    reads a day) is a zero-priced first tier, not subtracted here, so an estimate errs high.
    Every tier is validated; a SKU whose tiers are all zero is no usable list price."""
    try:
        tiers = len(sku["pricingInfo"][0]["pricingExpression"]["tieredRates"])
    except (KeyError, IndexError, TypeError):
        raise FetchError(f"GCP SKU {sku.get('skuId', '?')} has no tiered rates") from None
    prices = [sku_price(sku, t) for t in range(tiers)]
    paid = [p for p in prices if p > 0]
    if not paid:
        raise FetchError(f"GCP SKU {sku.get('skuId', '?')} has no paid tier")
    return paid[0]


def usage_unit(sku: dict[str, Any]) -> str:
    """The SKU's ``pricingExpression.usageUnit`` ('h', 'GiBy.h', 'GiBy.mo', 'count')."""
    try:
        return str(sku["pricingInfo"][0]["pricingExpression"]["usageUnit"])
    except (KeyError, IndexError, TypeError):
        raise FetchError(f"GCP SKU {sku.get('skuId', '?')} has no usage unit") from None


def in_region(sku: dict[str, Any], region: str) -> bool:
    """Whether a SKU prices ``region``: its serviceRegions, or (Firestore lists 'global' there
    on every SKU) its geoTaxonomy.regions."""
    geo = sku.get("geoTaxonomy") or {}
    return region in (sku.get("serviceRegions") or []) or region in (geo.get("regions") or [])


def machine_total(vcpus: int, ram: Decimal, gpus: int, core: Decimal, mem: Decimal, gpu: Optional[Decimal]) -> Decimal:
    """A machine's hourly price from its parts' SKUs (vCPUs x core + GiB x RAM + GPUs x GPU),
    to the millionth as the catalog's rows are: how Compute Engine and Vertex AI bill a node."""
    return (core * vcpus + mem * ram + (gpu * gpus if gpu is not None else 0)).quantize(Decimal("0.000001"))


def shape(type_name: str) -> tuple[str, int, Decimal, int, Optional[str]]:
    """(family, vCPUs, GiB RAM, GPU count, GPU name) of a predefined machine type."""
    t = type_name.strip().lower()
    m = _SHAPE.match(t)
    if not m:
        raise FetchError(f"GCP machine type {type_name} is not a predefined standard/highmem/highcpu shape")
    family, kind, vcpus = m.group(1), m.group(2), int(m.group(3))
    if family == "g2":
        if vcpus not in _G2_RAM:
            raise FetchError(f"unknown G2 shape {type_name}")
        count, gpu = _BUILT_IN_GPUS[t]
        return family, vcpus, Decimal(_G2_RAM[vcpus]), count, gpu
    per = _RAM_PER_VCPU.get((family, kind)) or _RAM_PER_VCPU[("*", kind)]
    return family, vcpus, per * vcpus, 0, None


def _part(desc: str, family: str) -> Optional[str]:
    """'core', 'ram' or 'gpu:<name>' for a SKU description of ``family`` (None: not one)."""
    d = desc.lower()
    if any(w in d for w in ("custom", "sole tenancy", "extended", "premium", "reserved ", "dws ", "flex", "workstation")):
        return None
    if "gpu" in d and "nvidia" in d:
        name = re.search(r"nvidia (?:tesla )?([a-z0-9]+(?: 80gb)?)", d)
        return f"gpu:{name.group(1)}" if name else None
    fam = family.lower()
    if family == "n1" and d.startswith("commitment v1: "):
        rest = d[len("commitment v1: "):]
        return "core" if rest.startswith("cpu") else "ram" if rest.startswith("ram") else None
    if not re.search(rf"(^|[ :]){fam} ", d):
        return None
    if "core" in d or " cpu" in d:
        return "core"
    if " ram" in d:
        return "ram"
    return None


# Cloud Firestore (billing service EE2C-7FAC-5E08, "Cloud Firestore", as public billing-export
# tooling names it): Standard-edition document reads, writes and stored data per location, found
# by category.resourceGroup. "FirestoreReadOps" is the group public notes on the live catalog
# name; "FirestoreWriteOps" and "FirestoreStorage" follow the same pattern and are NOT confirmed
# against a recorded answer (a wrong group finds no SKU: the lookup fails, it never prices
# another SKU). Enterprise-edition, PITR, backup, TTL and CUD SKUs share the groups and are left
# out by description. item -> (resourceGroup, usageUnit -> factor to our unit, our unit).
FIRESTORE_SERVICE = "EE2C-7FAC-5E08"
FIRESTORE_SOURCE = "GCP Cloud Billing Catalog API (Cloud Firestore SKUs)"
FIRESTORE_ITEMS = {
    "firestore_reads_100k": ("FirestoreReadOps", {"count": Decimal(100_000), "100000 count": Decimal(1)}, "100k reads"),
    "firestore_writes_100k": ("FirestoreWriteOps", {"count": Decimal(100_000), "100000 count": Decimal(1)}, "100k writes"),
    "firestore_storage_gb_month": ("FirestoreStorage", {"GiBy.mo": Decimal(1)}, "GB-month"),
}
# whole words: "Firestore" itself contains "restore"
_FIRESTORE_NOT = re.compile(r"\b(enterprise|pitr|backup|restore|clone|ttl|cud|commit\w*|small|mongodb)\b", re.IGNORECASE)
# Vertex AI (billing service C7E2-9256-1C43): a deployed model's node is billed like a VM, per
# vCPU-hour and GiB-hour of its machine family plus per GPU, on "Online/Batch Prediction" SKUs
# ("... Prediction G2 Instance Core running in Americas"). The description wording is NOT
# confirmed against a recorded answer; SKUs are matched as Compute Engine's are (family token
# + core/ram, "nvidia <gpu>"), only among prediction SKUs, so a wording that differs finds no
# SKU and fails the lookup.
VERTEX_SERVICE = "C7E2-9256-1C43"
VERTEX_SOURCE = "GCP Cloud Billing Catalog API (Vertex AI SKUs)"
VERTEX_ITEM = "vertex_node_hour:"
_VERTEX_UNITS = {"core": "h", "ram": "GiBy.h"}


class GcpPrices:
    # Fixed items only this client prices (no bundled row): `prices refresh` fetches them too.
    live_only_items: tuple[str, ...] = (*FIRESTORE_ITEMS, "vertex_node_hour:g2-standard-12")
    network_items = NETWORK_SKUS  # what `prices refresh --service network` means for GCP

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, http: Any = None, backoff: float = 0.5):
        self.base_url = (base_url or os.environ.get(URL_ENV) or DEFAULT_URL).rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get(KEY_ENV)
        self._http = http
        self.backoff = backoff
        self._skus: Optional[list[dict[str, Any]]] = None  # Compute Engine (tests set it directly)
        self._service_skus: dict[str, list[dict[str, Any]]] = {}

    @property
    def http(self) -> Any:
        if self._http is None:
            if self.api_key:
                self._http = session(backoff=self.backoff)
            else:
                self._http = session(backoff=self.backoff, base=self._adc_session())
        return self._http

    @staticmethod
    def _adc_session() -> Any:
        try:
            import google.auth
            from google.auth.transport.requests import AuthorizedSession
        except ImportError:
            raise SourceUnavailable(f"no GCP API key ({KEY_ENV}) and google-auth is not installed") from None
        try:
            creds, _ = google.auth.default(scopes=["https://www.googleapis.com/auth/cloud-billing.readonly"])
        except google.auth.exceptions.DefaultCredentialsError:
            raise SourceUnavailable(f"no GCP API key ({KEY_ENV}) or application default credentials") from None
        return AuthorizedSession(creds)

    def skus(self) -> list[dict[str, Any]]:
        """Compute Engine's SKUs, read once per process."""
        if self._skus is None:
            self._skus = self.service_skus(COMPUTE_SERVICE)
        return self._skus

    def service_skus(self, service: str) -> list[dict[str, Any]]:
        """Every SKU of a billing service, paged by nextPageToken (capped, loop-checked)."""
        if service in self._service_skus:
            return self._service_skus[service]
        url = f"{self.base_url}/v1/services/{service}/skus"
        out: list[dict[str, Any]] = []
        token: Optional[str] = None
        seen: set[str] = set()
        for _page in range(PAGE_CAP):
            params = {"currencyCode": "USD", "pageSize": "5000"}
            if self.api_key:
                params["key"] = self.api_key
            if token:
                params["pageToken"] = token
            page = get_json(self.http, url, params, what=SOURCE)
            got = page.get("skus")
            if not isinstance(got, list):
                raise FetchError(f"{SOURCE} page has no skus list")
            out.extend(s for s in got if isinstance(s, dict))
            token = page.get("nextPageToken") or None
            if not token:
                self._service_skus[service] = out
                return out
            if token in seen:
                raise FetchError(f"{SOURCE} nextPageToken loops back to a page already read")
            seen.add(token)
        raise FetchError(f"{SOURCE} kept paging past {PAGE_CAP} pages")

    def unit_prices(self, region: str, family: str) -> dict[tuple[str, str], Decimal]:
        """(part, pricing model) -> price per unit-hour of ``family`` in ``region``; a part with
        two different prices is left out (so a machine type needing it is not priced)."""
        found: dict[tuple[str, str], set[Decimal]] = {}
        for sku in self.skus():
            if region not in (sku.get("serviceRegions") or []):
                continue
            cat = sku.get("category") or {}
            model = MODELS.get(cat.get("usageType", ""))
            part = _part(str(sku.get("description", "")), family) if model else None
            if model is None or part is None:
                continue
            found.setdefault((part, model), set()).add(sku_price(sku))
        return {key: prices.pop() for key, prices in found.items() if len(prices) == 1}

    def supports_platform(self, item: str) -> bool:
        kind, _, sub = item.partition(":")
        return ((kind == "block_storage_gb_month" and sub in DISK_SKUS) or item in CLOUD_SQL_ITEMS or item in NETWORK_SKUS
                or (kind == "db_storage_gb_month" and sub in CLOUD_SQL_STORAGE) or (kind == "db_instance_hour" and bool(CLOUD_SQL_CUSTOM_TIER.fullmatch(sub)))
                or item in FIRESTORE_ITEMS or (item.startswith(VERTEX_ITEM) and _SHAPE.match(sub.lower()) is not None))

    def _firestore(self, region: str, item: str) -> PlatformPrice:
        """A Standard-edition Firestore read, write or storage rate in ``region``, per our unit."""
        group, units, our_unit = FIRESTORE_ITEMS[item]
        rows = [sku for sku in self.service_skus(FIRESTORE_SERVICE)
                if (sku.get("category") or {}).get("resourceGroup") == group and (sku.get("category") or {}).get("usageType") == "OnDemand"
                and in_region(sku, region) and not _FIRESTORE_NOT.search(str(sku.get("description", "")))]
        if any(usage_unit(sku) not in units for sku in rows):
            raise FetchError(f"{FIRESTORE_SOURCE} lists {group} in {region} in a unit llmkit does not convert")
        return platform_row("gcp", region, item, (paid_price(sku) * units[usage_unit(sku)] for sku in rows), f"Firestore {group}",
                            f"{FIRESTORE_SOURCE} {region} resourceGroup {group} (paid tier, per {our_unit})",
                            unit=our_unit)

    def _vertex(self, region: str, item: str) -> PlatformPrice:
        """One Vertex AI prediction node of a machine type: vCPUs x core + GiB x RAM (+ GPUs)
        on-demand prediction SKUs in ``region``; each part must have exactly one price."""
        machine = item[len(VERTEX_ITEM):]
        family, vcpus, ram, gpus, gpu = shape(machine)
        found: dict[str, set[Decimal]] = {}
        for sku in self.service_skus(VERTEX_SERVICE):
            desc = str(sku.get("description", ""))
            if "prediction" not in desc.lower() or not in_region(sku, region) or (sku.get("category") or {}).get("usageType") != "OnDemand":
                continue
            part = _part(desc, family)
            if part is None or (part.startswith("gpu:") and part != f"gpu:{(gpu or '').lower()}"):
                continue
            if usage_unit(sku) != _VERTEX_UNITS.get(part, "h"):
                raise FetchError(f"{VERTEX_SOURCE} lists '{desc}' per {usage_unit(sku)}, not per {_VERTEX_UNITS.get(part, 'h')}")
            found.setdefault(part, set()).add(sku_price(sku))
        needed = ["core", "ram"] + ([f"gpu:{gpu.lower()}"] if gpu else [])
        if any(len(found.get(p, ())) != 1 for p in needed):
            raise FetchError(f"{VERTEX_SOURCE} has no single on-demand prediction price for each of {', '.join(needed)} "
                             f"({family.upper()}) in {region}")
        price = machine_total(vcpus, ram, gpus, found["core"].pop(), found["ram"].pop(), found[needed[2]].pop() if gpu else None)
        return platform_row("gcp", region, item, [price], f"Vertex AI {machine} node",
                            f"{VERTEX_SOURCE} {region} {machine}: {vcpus} x {family.upper()} prediction core + {ram} GiB x RAM"
                            + (f" + {gpus} x {gpu} GPU" if gpu else "") + " SKUs (units + nanos/1e9)", unit="node-hour")

    def _network(self, region: str, item: str) -> PlatformPrice:
        """An IP address, Cloud NAT or load-balancer data SKU of Compute Engine in ``region``."""
        pattern, unit = NETWORK_SKUS[item]
        found = [sku_price(sku) for sku in self.skus()
                 if {region, "global"} & set(sku.get("serviceRegions") or []) and (sku.get("category") or {}).get("usageType") == "OnDemand"
                 and pattern.search(str(sku.get("description", "")))]
        return platform_row("gcp", region, item, found, item, f"{SOURCE} {region} '{pattern.pattern.strip('^$')}' SKU", unit=unit)

    def cloud_sql_rate(self, region: str, part: str) -> Decimal:
        """The on-demand zonal Cloud SQL for PostgreSQL rate of ``part`` ('vCPU', 'RAM',
        'Standard storage', 'Low cost storage') in ``region``: exactly one price or FetchError.
        MySQL lists the same Enterprise-edition rates; "Extended" (extended support) and
        commitment SKUs are left out."""
        want = re.compile(rf"^cloud sql for postgresql: zonal - {re.escape(part.lower())}( in .*)?$")
        found = {sku_price(sku) for sku in self.service_skus(CLOUD_SQL_SERVICE)
                 if region in (sku.get("serviceRegions") or []) and (sku.get("category") or {}).get("usageType") == "OnDemand"
                 and want.match(str(sku.get("description", "")).lower()) and "extended" not in str(sku.get("description", "")).lower()}
        if len(found) != 1:
            raise FetchError(f"{len(found)} different Cloud SQL {part} prices in {region}")
        return found.pop()

    def _cloud_sql(self, region: str, item: str) -> PlatformPrice:
        kind, _, sub = item.partition(":")
        what = f"{CLOUD_SQL_SOURCE} {region}"
        if kind == "db_storage_gb_month":
            part = CLOUD_SQL_STORAGE[sub]
            return platform_row("gcp", region, item, [self.cloud_sql_rate(region, part)], f"Cloud SQL {part}",
                                f"{what} 'Zonal - {part}' SKU (per GiB-month)")
        vcpu, ram = self.cloud_sql_rate(region, "vCPU"), self.cloud_sql_rate(region, "RAM")
        if item == "cloud_sql_vcpu_hour":
            return platform_row("gcp", region, item, [vcpu], "Cloud SQL vCPU", f"{what} 'Zonal - vCPU' SKU", unit="vCPU-hour")
        if item == "cloud_sql_memory_gb_month":
            return platform_row("gcp", region, item, [(ram * HOURS_PER_MONTH).quantize(Decimal("0.0001"))], "Cloud SQL RAM",
                                f"{what} 'Zonal - RAM' SKU per GiB-hour x 730", unit="GB-month")
        tier = CLOUD_SQL_CUSTOM_TIER.fullmatch(sub)
        assert tier is not None
        cores, gib = int(tier[1]), Decimal(tier[2]) / 1024
        return platform_row("gcp", region, item, [(vcpu * cores + ram * gib).quantize(Decimal("0.000001"))], f"Cloud SQL {sub}",
                            f"{what} {sub}: {cores} x 'Zonal - vCPU' + {gib.normalize()} GiB x 'Zonal - RAM' SKUs", unit="instance-hour")

    def platform(self, region: str, item: str) -> PlatformPrice:
        """Persistent-disk capacity per GiB-month (``block_storage_gb_month:pd-balanced``) and
        Cloud SQL rates (vCPU, memory, custom tiers, storage)."""
        if item in NETWORK_SKUS:
            return self._network(region, item)
        if item in FIRESTORE_ITEMS:
            return self._firestore(region, item)
        if item.startswith(VERTEX_ITEM):
            return self._vertex(region, item)
        if not item.startswith("block_storage_gb_month:"):
            return self._cloud_sql(region, item)
        disk = item.partition(":")[2]
        want = DISK_SKUS[disk].lower()
        found: list[Decimal] = []
        for sku in self.skus():
            d = str(sku.get("description", "")).lower()
            if region in (sku.get("serviceRegions") or []) and (d == want or d.startswith(want + " in ")) \
                    and (sku.get("category") or {}).get("usageType") == "OnDemand":
                found.append(sku_price(sku))
        return platform_row("gcp", region, item, found, f"{disk} capacity",
                            f"{SOURCE} {region} {DISK_SKUS[disk]} SKU (units + nanos/1e9, per GiB-month)")

    def instance(self, region: str, type_name: str) -> InstancePrice:
        family, vcpus, ram, gpus, gpu = shape(type_name)
        units = self.unit_prices(region, family)
        gpu_key = f"gpu:{gpu.lower()}" if gpu else None

        def total(model: str) -> Optional[Decimal]:
            core, mem = units.get(("core", model)), units.get(("ram", model))
            g = units.get((gpu_key, model)) if gpu_key else None
            if core is None or mem is None or (gpu_key and g is None):
                return None
            return machine_total(vcpus, ram, gpus, core, mem, g)

        on_demand = total("on-demand")
        if not on_demand:
            raise FetchError(f"{SOURCE} has no on-demand core and RAM SKUs for {family.upper()} in {region}")
        host = None
        if gpu_key:
            host = machine_total(vcpus, ram, 0, units[("core", "on-demand")], units[("ram", "on-demand")], None)
        spot = total("spot")
        return InstancePrice(
            cloud="gcp",
            region=region,
            type=type_name.lower(),
            vcpus=vcpus,
            memory_gb=ram,
            gpu=gpu,
            gpu_count=gpus,
            gpu_memory_gb=None,
            on_demand_hourly=on_demand,
            spot_hourly=spot if spot is not None and spot < on_demand else None,
            reserved_1y_hourly=total("reserved-1y"),
            reserved_3y_hourly=total("reserved-3y"),
            reserved_is_assumption=False,
            source=f"{SOURCE} {region} {type_name}: {vcpus} x {family.upper()} core + {ram} GiB x RAM"
            + (f" + {gpus} x {gpu} GPU" if gpu else "") + f" SKUs (units + nanos/1e9); fetched {today()}",
            as_of=today(),
            host_on_demand_hourly=host,
        )
