"""Rebuild the bundled price catalog (``pricing/catalog/data``) from its sources.

Run ``python -m llmkit.pricing.catalog.build`` (``--check`` compares instead of writing). With
``--from-api`` it instead refreshes the current snapshot from the clouds' price APIs, with the
same clients as ``llmkit prices refresh`` (pricing/catalog/live), on a machine with network and
credentials; rows no client prices, or whose fetch fails, are kept. Inputs otherwise:

* ``pricing/catalog/upstream``: copies of upstream files (SkyPilot catalog subsets for compute,
  genai-prices and a LiteLLM subset for hosted LLMs, gpu-specs.csv), each folder with its
  PROVENANCE.md. They are build inputs only and do not ship in the wheel;
* the hand-kept sheets in ``pricing/catalog/sources``: published list prices the upstream files
  lack, published instance sizes, open-model configs, platform prices, and the explicit
  region/size derivations and upstream corrections (each with its reason).

How upstream rows become catalog rows (so the next refresh gives the same answer):

* SkyPilot lists one row per availability zone. On-demand is one value per region (zones agree;
  if they did not, the most common value, ties to the higher). Spot is the MEDIAN across the
  region's standard zones; AWS Local Zones (``usw2-lax1-az1``) are left out because they are
  separate opt-in locations with their own spot market.
* A spot price at or above on-demand is a defect upstream (validate.py flags it): the spot
  price is dropped (left unknown), never copied.
* The published size in ``sources/instance_shapes.csv`` wins over an upstream GPU count.
* GCP prices a GPU VM as host + accelerators: n1 hosts are bundled alone, attachable GPUs as
  AcceleratorPrice (per GPU), and g2/a2/a3 machine types as host + built-in GPUs with
  ``host_on_demand_hourly`` kept.
* Gaps are filled in this order: upstream row, published figure, size derivation
  (``sources/size_derivations.csv``: linear pricing within a family), region derivation
  (``sources/region_derivations.csv``: base region x factor). A derived row says so in its
  source with the factor; where the factor can be checked against the upstream rows it is.
* Reserved: published where a source gives it (an Azure reservation row's retailPrice is the
  whole term: divided by the term's hours); otherwise the guide's 30-50% range, 1 year = 30%
  off and 3 years = 50% off, with ``reserved_is_assumption`` set.

The build validates everything (validate.py) and refuses to write a catalog with problems.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, fields, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from llmkit.pricing.catalog.types import (
    AcceleratorPrice,
    GpuSpec,
    InstancePrice,
    LlmPrice,
    OpenModel,
    PlatformPrice,
)
from llmkit.pricing.catalog.goldens import read_rows as read_golden_rows
from llmkit.pricing.catalog.litellm_azure import EXCERPT as LITELLM_AZURE_EXCERPT
from llmkit.pricing.catalog.litellm_azure import read_rows as read_litellm_azure_rows
from llmkit.pricing.catalog.validate import Problem, Shape, load_shapes, validate

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
DATA = HERE / "data"
UPSTREAM = HERE / "upstream"
# Catalog sources cite upstream files by their path in this repository (a user has the repository,
# not the reference collection they were first copied from; see upstream/PROVENANCE.md).
CITED_AS = "pricing/catalog/upstream"

# Upstream provenance, from upstream/PROVENANCE.md.
SKYPILOT = {
    "aws": ("cloud-prices/aws_vms_subset.csv", "skypilot-catalog catalogs/v8/aws/vms.csv@00148f2af367"),
    "gcp": ("cloud-prices/gcp_vms_subset.csv", "skypilot-catalog catalogs/v8/gcp/vms.csv@006059e0f18a"),
    "azure": ("cloud-prices/azure_vms_subset.csv", "skypilot-catalog fork coopslarhette catalogs/v8/azure/vms.csv@20291d7e"),
}
# The subsets carry no date. Their content (p5.48xlarge at the post-mid-2025 price) dates them to
# the second half of 2025 or later: we record the earliest date the figures are known to hold.
SKYPILOT_AS_OF = "2025-07-01"
GENAI_COMMIT = "47df840a5ab1"
GENAI_COMMIT_DATE = "2026-08-21"
LITELLM = "LiteLLM model_prices_and_context_window.json (litellm 1.110.2 wheel)"

REQUIRED_REGIONS = {
    "aws": ("us-east-1", "us-west-2", "eu-west-1"),
    "azure": ("eastus", "westus2", "westeurope"),
    "gcp": ("us-central1", "us-west1", "europe-west4"),
    "alibaba": ("us-east-1",),
}
RESERVED_1Y_FACTOR = Decimal("0.70")  # guide: reserved saves 30-50%; 1 year at the low end
RESERVED_3Y_FACTOR = Decimal("0.50")  # 3 years at the high end
HOURS_PER_YEAR = Decimal(8760)

# Upstream GPU names -> gpu-specs.csv names; GCP accelerator names -> the API's accelerator type.
GPU_NAMES = {
    "A100": "A100-40GB",
    "H100": "H100-80GB",
    "H100-MEGA": "H100-80GB",
    "A100-80GB": "A100-80GB",
    "T4": "T4",
    "L4": "L4",
    "L40S": "L40S",
    "A10G": "A10G",
    "A10": "A10",
    "V100": "V100",
    "H200": "H200",
    "B200": "B200",
}
GCP_ACCELERATOR_API = {
    "A100": "nvidia-tesla-a100",
    "A100-80GB": "nvidia-a100-80gb",
    "H100": "nvidia-h100-80gb",
    "H100-MEGA": "nvidia-h100-mega-80gb",
    "H200": "nvidia-h200-141gb",
    "L4": "nvidia-l4",
    "T4": "nvidia-tesla-t4",
    "V100": "nvidia-tesla-v100",
    "B200": "nvidia-b200",
}

MONEY_PLACES = Decimal("0.000001")


class BuildError(Exception):
    """The sources are inconsistent or the result fails validation; nothing was written."""


def dec(text: str) -> Decimal:
    return Decimal(text.strip())


def money(value: Decimal) -> Decimal:
    """Six decimal places (upstream prices have at most five); trailing zeros removed."""
    q = value.quantize(MONEY_PLACES, rounding=ROUND_HALF_UP).normalize()
    exponent = q.as_tuple().exponent
    return q.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else q  # 1E+2 -> 100


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- GPU specs


def read_gpus(upstream: Path) -> dict[str, GpuSpec]:
    out = {}
    for r in read_csv(upstream / "gpu-specs.csv"):
        out[r["gpu"]] = GpuSpec(
            name=r["gpu"],
            vram_gb=dec(r["vram_gb"]),
            memory_bandwidth_gb_s=dec(r["memory_bandwidth_gb_s"]),
            dense_fp16_tflops=dec(r["dense_fp16_tflops"]),
            bf16=r["bf16"].strip().lower() == "yes",
            fp8=r["fp8"].strip().lower() == "yes",
            source=f"{CITED_AS}/gpu-specs.csv (NVIDIA datasheet figures; instances: {r['instances']})",
        )
    return out


# --------------------------------------------------------------------------- SkyPilot compute


@dataclass
class Zonal:
    """Per-region aggregate of SkyPilot zone rows."""

    on_demand: Optional[Decimal]
    spot: Optional[Decimal]
    spot_zones: int
    gpu: Optional[str]
    gpu_count: int
    vcpus: int
    memory_gb: Decimal


def _is_local_zone(zone: str) -> bool:
    # AWS zone ids look like use1-az1; Local Zones add a metro part: usw2-lax1-az1.
    return zone.count("-") >= 2 and not zone[-1:].isalpha()


def aggregate_zones(rows: list[dict[str, str]]) -> Zonal:
    """One on-demand value and the median spot across a region's standard zones."""
    zones = [r for r in rows if not _is_local_zone(r.get("AvailabilityZone", "") or "")] or rows
    od_values = [money(dec(r["Price"])) for r in zones if (r.get("Price") or "").strip()]
    on_demand = None
    if od_values:
        counts = Counter(od_values)
        on_demand = max(counts, key=lambda v: (counts[v], v))
    spots = [dec(r["SpotPrice"]) for r in zones if (r.get("SpotPrice") or "").strip()]
    spot = money(Decimal(str(statistics.median(spots)))) if spots else None
    first = zones[0]
    count_text = (first.get("AcceleratorCount") or "").strip()
    return Zonal(
        on_demand=on_demand,
        spot=spot,
        spot_zones=len(spots),
        gpu=GPU_NAMES.get((first.get("AcceleratorName") or "").strip(), (first.get("AcceleratorName") or "").strip() or None),
        gpu_count=int(Decimal(count_text)) if count_text else 0,
        vcpus=int(Decimal(first["vCPUs"])) if (first.get("vCPUs") or "").strip() else 0,
        memory_gb=dec(first["MemoryGiB"]) if (first.get("MemoryGiB") or "").strip() else Decimal(0),
    )


def _spot_note(zones: int) -> str:
    if zones == 0:
        return "no spot price upstream"
    return "spot as listed for the region" if zones == 1 else f"spot = median of {zones} zone rows"


def _reserved(on_demand: Decimal) -> tuple[Decimal, Decimal]:
    return money(on_demand * RESERVED_1Y_FACTOR), money(on_demand * RESERVED_3Y_FACTOR)


def _gpu_memory(gpu: Optional[str], gpus: dict[str, GpuSpec]) -> Optional[Decimal]:
    if gpu is None:
        return None
    spec = gpus.get(gpu)
    return spec.vram_gb if spec else None


def raw_instances(cloud: str, upstream: Path, gpus: dict[str, GpuSpec]) -> list[InstancePrice]:
    """Upstream instance rows as catalog rows, AS THEY ARE (defects included), one per region.

    Used by the build before corrections and by tests proving the validator catches the
    upstream defects. GCP rows are hosts only (no GPU), as upstream prices them.
    """
    rel, label = SKYPILOT[cloud]
    grouped: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in read_csv(upstream / rel):
        if (r.get("InstanceType") or "").strip():
            grouped[(r["InstanceType"], r["Region"])].append(r)
    out = []
    for (itype, region), rows in sorted(grouped.items()):
        z = aggregate_zones(rows)
        if z.on_demand is None:
            continue  # no on-demand price upstream: the type cannot be priced from this row
        r1, r3 = _reserved(z.on_demand) if z.on_demand > 0 else (None, None)
        gpu = z.gpu if cloud != "gcp" else None
        out.append(
            InstancePrice(
                cloud=cloud,
                region=region,
                type=itype,
                vcpus=z.vcpus,
                memory_gb=z.memory_gb,
                gpu=gpu,
                gpu_count=z.gpu_count if gpu else 0,
                gpu_memory_gb=_gpu_memory(gpu, gpus),
                on_demand_hourly=z.on_demand,
                spot_hourly=z.spot,
                reserved_1y_hourly=r1,
                reserved_3y_hourly=r3,
                reserved_is_assumption=True,
                source=f"{label} via {CITED_AS}/{rel}; {_spot_note(z.spot_zones)}",
                as_of=SKYPILOT_AS_OF,
            )
        )
    return out


def raw_gcp_accelerators(upstream: Path, count: Optional[int] = None) -> list[AcceleratorPrice]:
    """GCP accelerator rows (N GPUs) as per-GPU AcceleratorPrice, defects included.

    The per-GPU price is taken from the 1-GPU row where there is one, else the smallest count
    divided by the count (GCP prices GPUs linearly). ``count`` picks the N-GPU rows instead
    (e.g. 8, to look at the 8 x H100 rows as they are upstream).
    """
    rel, label = SKYPILOT["gcp"]
    grouped: dict[tuple[str, str, int], list[dict[str, str]]] = defaultdict(list)
    for r in read_csv(upstream / rel):
        if not (r.get("InstanceType") or "").strip() and (r.get("AcceleratorName") or "").strip():
            grouped[(r["AcceleratorName"], r["Region"], int(Decimal(r["AcceleratorCount"])))].append(r)
    smallest: dict[tuple[str, str], int] = {}
    for name, region, n in grouped:
        if count is None:
            smallest[(name, region)] = min(n, smallest.get((name, region), n))
        elif n == count:
            smallest[(name, region)] = n
    out = []
    for (name, region), n in sorted(smallest.items()):
        z = aggregate_zones(grouped[(name, region, n)])
        if z.on_demand is None:
            continue
        od = money(z.on_demand / n)
        spot = money(z.spot / n) if z.spot is not None else None
        r1, r3 = _reserved(od) if od > 0 else (None, None)
        out.append(
            AcceleratorPrice(
                cloud="gcp",
                region=region,
                gpu=GPU_NAMES.get(name, name),
                api_name=GCP_ACCELERATOR_API.get(name, name.lower()),
                on_demand_hourly=od,
                spot_hourly=spot,
                reserved_1y_hourly=r1,
                reserved_3y_hourly=r3,
                reserved_is_assumption=True,
                source=f"{label} via {CITED_AS}/{rel} ({n}-GPU accelerator row / {n}); {_spot_note(z.spot_zones)}",
                as_of=SKYPILOT_AS_OF,
            )
        )
    return out


def _drop_bad_spot(row: Any) -> Any:
    if row.spot_hourly is not None and row.spot_hourly >= row.on_demand_hourly:
        return replace(
            row,
            spot_hourly=None,
            source=row.source + f"; upstream spot {row.spot_hourly} is not below on-demand, so spot is left unknown",
        )
    return row


def correct_accelerators(rows: list[AcceleratorPrice], corrections: list[dict[str, str]]) -> list[AcceleratorPrice]:
    """Apply ``sources/upstream_corrections.csv`` to accelerator rows, then the generic spot rule."""
    by_key = {(r.region, r.api_name): r for r in rows}
    result = dict(by_key)
    for c in corrections:
        if c["kind"] != "accelerator":
            continue
        targets = [k for k in by_key if k[1] == c["name"] and c["region"] in ("*", k[0])]
        if c["action"] == "reject":
            for k in targets:
                result.pop(k, None)
        elif c["action"] == "derive_on_demand":
            base = by_key.get((c["base_region"], c["name"]))
            if base is None:
                raise BuildError(f"correction for {c['name']} in {c['region']}: no {c['base_region']} row to derive from")
            for k in targets:
                od = money(base.on_demand_hourly * dec(c["factor"]))
                r1, r3 = _reserved(od)
                result[k] = replace(
                    result[k],
                    derived=True,
                    on_demand_hourly=od,
                    reserved_1y_hourly=r1,
                    reserved_3y_hourly=r3,
                    source=(
                        f"derived: {c['base_region']} on-demand x {c['factor']} ({base.source}); "
                        f"reason: {c['reason']}; spot from {result[k].source}"
                    ),
                )
        else:
            raise BuildError(f"unknown correction action {c['action']!r}")
    return [_drop_bad_spot(r) for _, r in sorted(result.items())]


@dataclass
class Priced:
    """A resolved price for one (cloud, region, type) before the shape is applied."""

    on_demand: Decimal
    spot: Optional[Decimal]
    reserved_1y: Optional[Decimal]
    reserved_3y: Optional[Decimal]
    reserved_published: bool
    source: str
    as_of: str
    upstream_gpu_count: Optional[int] = None


def _published(rows: list[dict[str, str]]) -> dict[tuple[str, str, str], Priced]:
    out = {}
    for r in rows:
        od = dec(r["on_demand_hourly"])
        r1 = azure_reservation_hourly(dec(r["reserved_1y_term_total"]), 1) if r["reserved_1y_term_total"] else None
        r3 = azure_reservation_hourly(dec(r["reserved_3y_term_total"]), 3) if r["reserved_3y_term_total"] else None
        out[(r["cloud"], r["region"], r["type"])] = Priced(
            on_demand=od,
            spot=dec(r["spot_hourly"]) if r["spot_hourly"] else None,
            reserved_1y=r1,
            reserved_3y=r3,
            reserved_published=r1 is not None or r3 is not None,
            source=r["source"],
            as_of=r["as_of"],
        )
    return out


def azure_reservation_hourly(term_total: Decimal, years: int) -> Decimal:
    """Hourly price of an Azure reservation row.

    The Retail Prices API says unitOfMeasure "1 Hour" on Reservation rows, but retailPrice is
    the price of the WHOLE term (e.g. 416.0 for a 1-year D2als v7): divide by the term's hours.
    """
    return money(term_total / (HOURS_PER_YEAR * years))


def check_region_factor(rule: dict[str, str], upstream: dict[tuple[str, str, str], Priced]) -> str:
    """Verify a region factor that claims to be checked against the upstream rows; return the evidence."""
    cloud, region, base = rule["cloud"], rule["region"], rule["base_region"]
    factor = dec(rule["factor"])
    only = {t for t in rule.get("check_types", "").split(";") if t}
    pairs = [
        (upstream[(cloud, base, t)].on_demand, p.on_demand)
        for (c, r, t), p in upstream.items()
        if c == cloud and r == region and (cloud, base, t) in upstream and (not only or t in only)
    ]
    if not pairs:
        raise BuildError(f"region factor {cloud} {region}/{base}: no common types to check it against")
    ratios = sorted(target / basep for basep, target in pairs)
    median = ratios[len(ratios) // 2]
    if abs(median - factor) > Decimal("0.02"):
        raise BuildError(f"region factor {cloud} {region}/{base} = {factor} but {CITED_AS} gives a median of {median:.4f}")
    return f"median ratio {median:.4f} over {len(pairs)} types in {CITED_AS}"


def build_instances(
    upstream_dir: Path,
    gpus: dict[str, GpuSpec],
    shapes: dict[tuple[str, str], Shape],
    accelerators: list[AcceleratorPrice],
) -> list[InstancePrice]:
    """Every type in instance_shapes.csv, in every region it can be priced in (see module doc)."""
    upstream: dict[tuple[str, str, str], Priced] = {}
    for cloud in ("aws", "azure", "gcp"):
        for row in raw_instances(cloud, upstream_dir, gpus):
            upstream[(cloud, row.region, row.type)] = Priced(
                on_demand=row.on_demand_hourly,
                spot=row.spot_hourly,
                reserved_1y=None,
                reserved_3y=None,
                reserved_published=False,
                source=row.source,
                as_of=row.as_of,
                upstream_gpu_count=row.gpu_count if cloud != "gcp" else None,
            )
    published = _published(read_csv(SOURCES / "published_compute.csv"))
    size_rules = {(r["cloud"], r["type"]): r for r in read_csv(SOURCES / "size_derivations.csv")}
    region_rules = {(r["cloud"], r["region"]): r for r in read_csv(SOURCES / "region_derivations.csv")}
    evidence = {
        k: check_region_factor(rule, upstream) for k, rule in region_rules.items() if rule["checked_against_upstream"] == "yes"
    }

    def resolve(cloud: str, region: str, itype: str, depth: int = 0) -> Optional[Priced]:
        if depth > 3:
            return None
        got = upstream.get((cloud, region, itype)) or published.get((cloud, region, itype))
        if got is not None:
            return got
        size = size_rules.get((cloud, itype))
        if size is not None:
            base = resolve(cloud, region, size["base_type"], depth + 1)
            if base is not None and not base.source.startswith("derived"):
                f = dec(size["factor"])
                return Priced(
                    on_demand=money(base.on_demand * f),
                    spot=money(base.spot * f) if base.spot is not None else None,
                    reserved_1y=None,
                    reserved_3y=None,
                    reserved_published=False,
                    source=f"derived: {size['base_type']} x {size['factor']} ({size['rationale']}); {size['base_type']}: {base.source}",
                    as_of=base.as_of,
                )
        rule = region_rules.get((cloud, region))
        if rule is not None:
            base = resolve(cloud, rule["base_region"], itype, depth + 1)
            if base is not None:
                f = dec(rule["factor"])
                check = f"; checked: {evidence[(cloud, region)]}" if (cloud, region) in evidence else ""
                return Priced(
                    on_demand=money(base.on_demand * f),
                    spot=None,
                    reserved_1y=None,
                    reserved_3y=None,
                    reserved_published=False,
                    source=(
                        f"derived: {rule['base_region']} price x {rule['factor']} ({rule['rationale']}{check}); "
                        f"{rule['base_region']}: {base.source}"
                    ),
                    as_of=base.as_of,
                )
        return None

    accel = {(a.region, a.api_name): a for a in accelerators}
    regions_by_cloud: dict[str, set[str]] = defaultdict(set)
    for cloud, region, _ in upstream:
        regions_by_cloud[cloud].add(region)
    for cloud, regions in REQUIRED_REGIONS.items():
        regions_by_cloud[cloud].update(regions)

    out: list[InstancePrice] = []
    for (cloud, _), shape in sorted(shapes.items()):
        if shape.gpu is not None and shape.gpu not in gpus:
            continue  # no datasheet for this GPU (e.g. B200): cannot size models on it
        for region in sorted(regions_by_cloud[cloud]):
            priced = resolve(cloud, region, shape.type)
            if priced is None:
                continue
            built = _instance_row(shape, region, priced, gpus, accel)
            if built is not None:
                out.append(built)
    return out


def _instance_row(
    shape: Shape,
    region: str,
    priced: Priced,
    gpus: dict[str, GpuSpec],
    accel: dict[tuple[str, str], AcceleratorPrice],
) -> Optional[InstancePrice]:
    source = priced.source
    derived = priced.source.startswith("derived")
    on_demand, spot, host = priced.on_demand, priced.spot, None
    if shape.accelerator_api:
        a = accel.get((region, shape.accelerator_api))
        if a is None:
            return None  # the built-in GPU has no trustworthy price here
        derived = derived or a.derived
        host = on_demand
        on_demand = money(host + a.on_demand_hourly * shape.gpu_count)
        spot = money(spot + a.spot_hourly * shape.gpu_count) if spot is not None and a.spot_hourly is not None else None
        source = f"host + {shape.gpu_count} x {shape.accelerator_api}; host: {source}; GPU: {a.source}"
    if priced.upstream_gpu_count is not None and priced.upstream_gpu_count != shape.gpu_count and shape.gpu:
        source += f"; GPU count corrected from upstream {priced.upstream_gpu_count} to {shape.gpu_count} per {shape.source}"
    if priced.reserved_published:
        r1, r3 = priced.reserved_1y, priced.reserved_3y
        assumption = False
    else:
        r1, r3 = _reserved(on_demand)
        assumption = True
        source += "; reserved = guide's 30%/50% assumption"
    row = InstancePrice(
        cloud=shape.cloud,
        region=region,
        type=shape.type,
        vcpus=shape.vcpus,
        memory_gb=shape.memory_gb,
        gpu=shape.gpu,
        gpu_count=shape.gpu_count,
        gpu_memory_gb=_gpu_memory(shape.gpu, gpus),
        on_demand_hourly=on_demand,
        spot_hourly=spot,
        reserved_1y_hourly=r1,
        reserved_3y_hourly=r3,
        reserved_is_assumption=assumption,
        source=source,
        as_of=priced.as_of,
        host_on_demand_hourly=host,
        retired=shape.retired,
        derived=derived,
    )
    return _drop_bad_spot(row)


# --------------------------------------------------------------------------- platform


def build_platform(upstream: Path = UPSTREAM) -> list[PlatformPrice]:
    """The hand-kept sheet, then the rows read from Infracost golden excerpts (goldens.py) and
    the Azure OpenAI deployment-type token prices from LiteLLM's map (litellm_azure.py)."""
    return [
        PlatformPrice(
            cloud=r["cloud"],
            region=r["region"],
            item=r["item"],
            unit=r["unit"],
            price=dec(r["price"]),
            source=r["source"],
            as_of=r["as_of"],
            assumption=bool(r["assumption"]),
        )
        for r in read_csv(SOURCES / "platform.csv")
    ] + read_golden_rows(SOURCES / "infracost_rows.csv", upstream / "infracost") + read_litellm_azure_rows(upstream / LITELLM_AZURE_EXCERPT)


# --------------------------------------------------------------------------- hosted LLMs


def _base_price(value: Any) -> tuple[Optional[Decimal], bool]:
    """A genai-prices price: a number, or {'base': x, 'tiers': [...]} (long-context tiers)."""
    if value is None:
        return None, False
    if isinstance(value, dict):
        return Decimal(str(value["base"])), True
    return Decimal(str(value)), False


def _current_prices(entry: dict[str, Any], on: str) -> dict[str, Any]:
    prices = entry.get("prices") or {}
    if isinstance(prices, list):
        current: dict[str, Any] = {}
        for option in prices:
            start = ((option.get("constraint") or {}).get("start_date"))
            if start is None or str(start) <= on:
                current = option["prices"]
        return current
    return prices


LITELLM_PREFIX = {"google": "gemini/", "mistral": "mistral/"}


def _context_window(names: Iterable[str], provider: str, litellm: dict[str, Any], key_models: dict[str, int]) -> Optional[int]:
    """Max input tokens: the LiteLLM map first, then the key-models sheet (which keeps retired
    models the current map dropped); names are tried bare and with LiteLLM's provider prefix."""
    candidates = [n for name in names for n in (name, LITELLM_PREFIX.get(provider, "") + name)]
    for key in candidates:
        info = litellm.get(key)
        if isinstance(info, dict) and info.get("max_input_tokens"):
            return int(info["max_input_tokens"])
    for key in candidates:
        if key in key_models:
            return key_models[key]
    return None


def build_llms(upstream: Path) -> list[LlmPrice]:
    import yaml  # build-time only

    files: dict[str, dict[str, Any]] = {}
    with (upstream / "llm-prices" / "model_prices_and_context_window.json").open(encoding="utf-8") as fh:
        litellm = json.load(fh)
    key_models: dict[str, int] = {}
    for k in read_csv(upstream / "llm-prices" / "key-models-usd-per-1M-tokens.csv"):
        if k["max_input_tokens"]:
            key_models.setdefault(k["model_key"], int(k["max_input_tokens"]))
    out = []
    for r in read_csv(SOURCES / "llm_models.csv"):
        if r["genai_file"] not in files:
            with (upstream / "llm-prices" / "genai-prices" / f"{r['genai_file']}.yml").open(encoding="utf-8") as fh:
                doc = yaml.safe_load(fh)
            files[r["genai_file"]] = {m["id"]: m for m in doc["models"]}
        entry = files[r["genai_file"]].get(r["genai_id"])
        if entry is None:
            raise BuildError(f"genai-prices {r['genai_file']}.yml has no model {r['genai_id']!r}")
        checked = str(entry.get("prices_checked") or GENAI_COMMIT_DATE)
        prices = _current_prices(entry, GENAI_COMMIT_DATE)
        inp, tiered_in = _base_price(prices.get("input_mtok"))
        outp, tiered_out = _base_price(prices.get("output_mtok"))
        cached, _ = _base_price(prices.get("cache_read_mtok"))
        if inp is None or outp is None:
            raise BuildError(f"genai-prices {r['genai_id']}: no input/output price")
        source = f"genai-prices {r['genai_file']}.yml@{GENAI_COMMIT} model {r['genai_id']!r}, prices checked {checked}"
        if tiered_in or tiered_out:
            source += "; base tier (prompts above the long-context threshold cost more)"
        if r["note"]:
            source += f"; {r['note']}"
        aliases = tuple(a for a in r["aliases"].split(";") if a)
        context = _context_window((r["model"], *aliases, r["genai_id"]), r["provider"], litellm, key_models)
        out.append(
            LlmPrice(
                provider=r["provider"],
                model=r["model"],
                input_per_million=Decimal(inp),
                output_per_million=Decimal(outp),
                cached_input_per_million=cached,
                context_window=context,
                retired=bool(r["retired"]),
                quality_score=int(r["quality_score"]) if r["quality_score"] else None,
                source=source,
                as_of=checked,
                aliases=aliases,
            )
        )
    return out


# --------------------------------------------------------------------------- open models


def build_open_models() -> list[OpenModel]:
    return [
        OpenModel(
            id=r["id"],
            name=r["name"],
            params_b=dec(r["params_b"]),
            active_params_b=dec(r["active_params_b"]),
            layers=int(r["layers"]),
            kv_heads=int(r["kv_heads"]),
            head_dim=int(r["head_dim"]),
            context_length=int(r["context_length"]),
            license=r["license"],
            quality_score=int(r["quality_score"]) if r["quality_score"] else None,
            source=r["source"],
        )
        for r in read_csv(SOURCES / "open_models.csv")
    ]


# --------------------------------------------------------------------------- output

FILES = {
    InstancePrice: "instances.csv",
    AcceleratorPrice: "accelerators.csv",
    PlatformPrice: "platform.csv",
    LlmPrice: "llms.csv",
    OpenModel: "open_models.csv",
    GpuSpec: "gpus.csv",
}


def _cell(value: Any) -> str:
    """A value as CSV text. One row is one line, cloud first: the loader picks a cloud's rows by
    the text before a line's first comma and parses only those (``loader._ByCloud``), so a
    value with a line break (which csv would quote across lines) is refused here."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, tuple):
        return ";".join(value)
    text = str(value)
    if "\n" in text or "\r" in text:
        raise BuildError(f"a catalog value must fit on one line: {text!r}")
    return text


def render(rows: Iterable[Any], cls: type) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    names = [f.name for f in fields(cls)]
    w.writerow(names)
    for row in rows:
        w.writerow([_cell(getattr(row, n)) for n in names])
    return buf.getvalue()


def build_all(upstream: Path = UPSTREAM) -> dict[type, list[Any]]:
    """All catalog rows from the sources, corrected but not yet validated."""
    if not upstream.is_dir():
        raise BuildError(f"upstream data not found at {upstream}")
    gpus = read_gpus(upstream)
    shapes = load_shapes()
    corrections = read_csv(SOURCES / "upstream_corrections.csv")
    accelerators = [a for a in correct_accelerators(raw_gcp_accelerators(upstream), corrections) if a.gpu in gpus]
    return {
        InstancePrice: build_instances(upstream, gpus, shapes, accelerators),
        AcceleratorPrice: accelerators,
        PlatformPrice: build_platform(upstream),
        LlmPrice: build_llms(upstream),
        OpenModel: build_open_models(),
        GpuSpec: list(gpus.values()),
    }


def rendered(tables: dict[type, list[Any]]) -> dict[str, str]:
    return {FILES[cls]: render(rows, cls) for cls, rows in tables.items()}


def current_tables(data_dir: Path) -> dict[type, list[Any]]:
    """The snapshot as it is in ``data_dir``, by row type (the base of ``--from-api``)."""
    from llmkit.pricing.catalog.loader import Catalog

    tables: dict[type, list[Any]] = {cls: [] for cls in FILES}
    for row in Catalog(data_dir).all_rows():
        tables[type(row)].append(row)
    return tables


def refresh_from_api(tables: dict[type, list[Any]], fetchers: Mapping[str, Any], say: Any = print) -> dict[type, list[Any]]:
    """Every instance, block-storage and hosted-LLM row that a live client prices, fetched again
    (``--from-api``: the same clients as ``llmkit prices refresh``). A row whose fetch fails is
    kept as it was, and said; a source that is unavailable is asked once."""
    from llmkit.pricing.catalog.live import FetchError, SourceUnavailable

    down: dict[str, str] = {}
    kept = 0

    def fetch(source: str, call: Any, what: str) -> Any:
        nonlocal kept
        if source in down or source not in fetchers:
            kept += 1
            return None
        try:
            return call(fetchers[source])
        except SourceUnavailable as exc:
            down[source] = str(exc)
            say(f"{source}: {exc}; its rows are kept as they are")
        except FetchError as exc:
            say(f"kept {what}: {exc}")
        kept += 1
        return None

    out: dict[type, list[Any]] = {cls: list(rows) for cls, rows in tables.items()}
    for i, row in enumerate(out[InstancePrice]):
        new = fetch(row.cloud, lambda f: f.instance(row.region, row.type), f"{row.cloud} {row.region} {row.type}")
        if new is not None:
            out[InstancePrice][i] = replace(
                new, type=row.type, vcpus=row.vcpus, memory_gb=row.memory_gb, gpu=row.gpu, gpu_count=row.gpu_count,
                gpu_memory_gb=row.gpu_memory_gb, retired=row.retired, host_on_demand_hourly=new.host_on_demand_hourly or row.host_on_demand_hourly,
            )
    for i, prow in enumerate(out[PlatformPrice]):
        client = fetchers.get(prow.cloud)
        if client is not None and client.supports_platform(prow.item):
            new = fetch(prow.cloud, lambda f: f.platform(prow.region, prow.item), f"{prow.cloud} {prow.region} {prow.item}")
            out[PlatformPrice][i] = new if new is not None else prow
    for i, lrow in enumerate(out[LlmPrice]):
        if lrow.retired:
            continue
        new = fetch("llm", lambda f: f.llm(lrow.model), f"LLM {lrow.model}")
        if new is not None:
            out[LlmPrice][i] = replace(new, provider=lrow.provider, model=lrow.model, retired=lrow.retired, quality_score=lrow.quality_score,
                                       aliases=lrow.aliases, context_window=new.context_window or lrow.context_window)
    say(f"{kept} row(s) kept from the previous snapshot")
    return out


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llmkit.pricing.catalog.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", type=Path, default=UPSTREAM, help="the upstream files (default: pricing/catalog/upstream)")
    parser.add_argument("--out", type=Path, default=DATA, help="output folder (default: pricing/catalog/data)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if data/ differs from a rebuild")
    parser.add_argument("--from-api", action="store_true",
                        help="refresh the snapshot in --out from the clouds' price APIs (the clients of `llmkit prices refresh`) instead of pricing/catalog/upstream")
    args = parser.parse_args(argv)
    try:
        if args.from_api:
            from llmkit.pricing.catalog.live import default_fetchers

            tables = refresh_from_api(current_tables(args.out), default_fetchers(), say=lambda m: print(m, file=sys.stderr))
        else:
            tables = build_all(args.upstream)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    problems: list[Problem] = validate([row for rows in tables.values() for row in rows])
    if problems:
        for p in problems:
            print(f"problem: {p}", file=sys.stderr)
        print(f"error: {len(problems)} problems; catalog NOT written", file=sys.stderr)
        return 1
    try:
        texts = rendered(tables)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.check:
        stale = [name for name, text in texts.items() if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"stale: {args.out / name}", file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (args.out / name).write_text(text, encoding="utf-8")
    counts = ", ".join(f"{len(rows)} {FILES[cls]}" for cls, rows in tables.items())
    print(f"wrote {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
