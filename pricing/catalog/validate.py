"""Checks that keep wrong prices out of the bundled catalog.

Upstream price files have real defects (upstream/PROVENANCE.md lists some: a GPU machine priced
2-3x differently between regions, a machine at price 0, spot above on-demand, an H100 VM listed
with 12 GPUs). A wrong row silently skews every estimate built on it, so the build refuses to
write a catalog that fails these checks, and a test runs them over the bundled data.

``validate(rows)`` takes any mix of catalog rows (InstancePrice, AcceleratorPrice, PlatformPrice,
LlmPrice, OpenModel, GpuSpec) and returns one ``Problem`` per defect; an empty list means clean.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping, Optional

from llmkit.pricing.catalog.types import (
    PLATFORM_ITEMS,
    SERVICE_ITEMS,
    AcceleratorPrice,
    GpuSpec,
    InstancePrice,
    LlmPrice,
    OpenModel,
    PlatformPrice,
)

KNOWN_ITEMS = PLATFORM_ITEMS + SERVICE_ITEMS
PLATFORM_KINDS = frozenset(item.split(":")[0] for item in KNOWN_ITEMS)

SHAPES_FILE = Path(__file__).resolve().parent / "sources" / "instance_shapes.csv"
MAX_REGION_SPREAD = Decimal(2)


@dataclasses.dataclass(frozen=True)
class Problem:
    """One defect: which check failed, on which row (a readable key), and why."""

    check: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.key}: {self.message}"


@dataclasses.dataclass(frozen=True)
class Shape:
    """A cloud's published size of an instance type (the reference for GPU count checks)."""

    cloud: str
    type: str
    vcpus: int
    memory_gb: Decimal
    gpu: Optional[str]
    gpu_count: int
    accelerator_api: Optional[str]
    retired: bool
    source: str


def load_shapes(path: Path = SHAPES_FILE) -> dict[tuple[str, str], Shape]:
    """Published instance sizes from the hand-kept sources sheet, keyed by (cloud, lower type)."""
    shapes: dict[tuple[str, str], Shape] = {}
    if not path.is_file():
        return shapes
    with path.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            shape = Shape(
                cloud=r["cloud"],
                type=r["type"],
                vcpus=int(r["vcpus"]),
                memory_gb=Decimal(r["memory_gb"]),
                gpu=r["gpu"] or None,
                gpu_count=int(r["gpu_count"]),
                accelerator_api=r["accelerator_api"] or None,
                retired=bool(r["retired"]),
                source=r["source"],
            )
            shapes[(shape.cloud, shape.type.lower())] = shape
    return shapes


def row_key(row: object) -> str:
    """A readable identity of a row, used for duplicate detection and in messages."""
    if isinstance(row, InstancePrice):
        return f"instance {row.cloud}/{row.region}/{row.type}"
    if isinstance(row, AcceleratorPrice):
        return f"accelerator {row.cloud}/{row.region}/{row.api_name}"
    if isinstance(row, PlatformPrice):
        return f"platform {row.cloud}/{row.region}/{row.item}"
    if isinstance(row, LlmPrice):
        return f"llm {row.model}"
    if isinstance(row, OpenModel):
        return f"open-model {row.id}"
    if isinstance(row, GpuSpec):
        return f"gpu {row.name}"
    raise TypeError(f"not a catalog row: {type(row).__name__}")


def _is_iso_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def _prices(row: object) -> list[tuple[str, Optional[Decimal]]]:
    if isinstance(row, InstancePrice):
        return [
            ("on_demand_hourly", row.on_demand_hourly),
            ("spot_hourly", row.spot_hourly),
            ("reserved_1y_hourly", row.reserved_1y_hourly),
            ("reserved_3y_hourly", row.reserved_3y_hourly),
            ("host_on_demand_hourly", row.host_on_demand_hourly),
        ]
    if isinstance(row, AcceleratorPrice):
        return [
            ("on_demand_hourly", row.on_demand_hourly),
            ("spot_hourly", row.spot_hourly),
            ("reserved_1y_hourly", row.reserved_1y_hourly),
            ("reserved_3y_hourly", row.reserved_3y_hourly),
        ]
    if isinstance(row, PlatformPrice):
        return [("price", row.price)]
    if isinstance(row, LlmPrice):
        return [
            ("input_per_million", row.input_per_million),
            ("output_per_million", row.output_per_million),
            ("cached_input_per_million", row.cached_input_per_million),
        ]
    return []


def _check_prices(row: object, key: str) -> list[Problem]:
    out: list[Problem] = []
    for name, value in _prices(row):
        if value is None:
            if name in ("on_demand_hourly", "price", "input_per_million", "output_per_million"):
                out.append(Problem("missing-price", key, f"{name} is missing"))
            continue
        if value <= 0:
            out.append(Problem("non-positive-price", key, f"{name} is {value}; unknown must be empty, never 0"))
    if isinstance(row, (InstancePrice, AcceleratorPrice)):
        od = row.on_demand_hourly
        if od is not None and od > 0:
            if row.spot_hourly is not None and row.spot_hourly >= od:
                out.append(Problem("spot-not-below-on-demand", key, f"spot {row.spot_hourly} >= on-demand {od}"))
            for name, value in (("reserved_1y_hourly", row.reserved_1y_hourly), ("reserved_3y_hourly", row.reserved_3y_hourly)):
                if value is not None and value >= od:
                    out.append(Problem("reserved-not-below-on-demand", key, f"{name} {value} >= on-demand {od}"))
            if (
                row.reserved_1y_hourly is not None
                and row.reserved_3y_hourly is not None
                and row.reserved_3y_hourly > row.reserved_1y_hourly
            ):
                out.append(Problem("reserved-3y-above-1y", key, "3-year reserved price is above the 1-year price"))
    if isinstance(row, LlmPrice) and row.cached_input_per_million is not None:
        if row.cached_input_per_million >= row.input_per_million:
            out.append(Problem("cached-not-below-input", key, "cached input is not cheaper than input"))
    if isinstance(row, PlatformPrice):
        kind, _, sub = row.item.partition(":")
        if kind not in PLATFORM_KINDS or (":" in row.item) != any(i.startswith(kind + ":") for i in KNOWN_ITEMS):
            out.append(Problem("unknown-platform-item", key, f"{row.item!r} is not one of PLATFORM_ITEMS or SERVICE_ITEMS"))
        if not row.unit.strip():
            out.append(Problem("missing-unit", key, "platform price without a unit"))
    if isinstance(row, InstancePrice) and row.host_on_demand_hourly is not None:
        if row.host_on_demand_hourly >= row.on_demand_hourly:
            out.append(Problem("host-not-below-total", key, "host part is not below the host + GPU price"))
    return out


def _check_provenance(row: object, key: str) -> list[Problem]:
    out: list[Problem] = []
    if not (getattr(row, "source", "") or "").strip():
        out.append(Problem("unsourced", key, "row has no source"))
    if hasattr(row, "as_of") and not _is_iso_date(getattr(row, "as_of")):
        out.append(Problem("undated", key, f"as_of {getattr(row, 'as_of')!r} is not an ISO date"))
    return out


def _check_gpu(
    row: InstancePrice, key: str, gpus: Mapping[str, GpuSpec], shapes: Mapping[tuple[str, str], Shape]
) -> list[Problem]:
    out: list[Problem] = []
    if row.gpu is None:
        if row.gpu_count != 0 or row.gpu_memory_gb is not None:
            out.append(Problem("gpu-mismatch", key, "GPU count or memory given without a GPU model"))
    else:
        if row.gpu_count <= 0:
            out.append(Problem("gpu-mismatch", key, f"GPU model {row.gpu} with GPU count {row.gpu_count}"))
        spec = gpus.get(row.gpu)
        if gpus and spec is None:
            out.append(Problem("unknown-gpu", key, f"GPU {row.gpu!r} is not in the GPU specs"))
        elif spec is not None and row.gpu_memory_gb != spec.vram_gb:
            out.append(
                Problem("gpu-mismatch", key, f"gpu_memory_gb {row.gpu_memory_gb} but {row.gpu} has {spec.vram_gb} GB")
            )
    shape = shapes.get((row.cloud, row.type.lower()))
    if shape is not None:
        if shape.gpu_count != row.gpu_count or (shape.gpu or None) != row.gpu:
            out.append(
                Problem(
                    "gpu-mismatch",
                    key,
                    f"{row.gpu_count} x {row.gpu} but the published size is {shape.gpu_count} x {shape.gpu} ({shape.source})",
                )
            )
    return out


def _check_accelerator_gpu(row: AcceleratorPrice, key: str, gpus: Mapping[str, GpuSpec]) -> list[Problem]:
    if gpus and row.gpu not in gpus:
        return [Problem("unknown-gpu", key, f"GPU {row.gpu!r} is not in the GPU specs")]
    return []


def _check_region_spread(rows: Iterable[object], max_spread: Decimal) -> list[Problem]:
    groups: dict[tuple[str, str, str], list[tuple[str, Decimal]]] = defaultdict(list)
    for row in rows:
        if isinstance(row, InstancePrice) and row.on_demand_hourly and row.on_demand_hourly > 0:
            groups[("instance", row.cloud, row.type)].append((row.region, row.on_demand_hourly))
        elif isinstance(row, AcceleratorPrice) and row.on_demand_hourly and row.on_demand_hourly > 0:
            groups[("accelerator", row.cloud, row.api_name)].append((row.region, row.on_demand_hourly))
    out: list[Problem] = []
    for (kind, cloud, name), prices in sorted(groups.items()):
        if len(prices) < 2:
            continue
        lo = min(prices, key=lambda p: p[1])
        hi = max(prices, key=lambda p: p[1])
        if hi[1] > lo[1] * max_spread:
            out.append(
                Problem(
                    "region-spread",
                    f"{kind} {cloud}/*/{name}",
                    f"on-demand {hi[1]} in {hi[0]} is more than {max_spread}x {lo[1]} in {lo[0]}",
                )
            )
    return out


def validate(
    rows: Iterable[object],
    *,
    gpus: Optional[Mapping[str, GpuSpec]] = None,
    shapes: Optional[Mapping[tuple[str, str], Shape]] = None,
    max_region_spread: Decimal = MAX_REGION_SPREAD,
) -> list[Problem]:
    """All defects in ``rows``.

    ``gpus`` (name -> GpuSpec) is the reference for GPU memory; by default the GpuSpec rows among
    ``rows``. ``shapes`` ((cloud, lower type) -> Shape) is the reference for GPU counts; by default
    the hand-kept ``sources/instance_shapes.csv``.
    """
    rows = list(rows)
    if gpus is None:
        gpus = {r.name: r for r in rows if isinstance(r, GpuSpec)}
    if shapes is None:
        shapes = load_shapes()
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    llm_names: dict[str, str] = {}
    for row in rows:
        key = row_key(row)
        if key in seen:
            problems.append(Problem("duplicate-key", key, "the same key appears more than once"))
        seen[key] = seen.get(key, 0) + 1
        if isinstance(row, LlmPrice):
            for name in (row.model, *row.aliases):
                lowered = name.lower()
                if lowered in llm_names and llm_names[lowered] != row.model:
                    problems.append(
                        Problem("duplicate-key", key, f"name {name!r} also names {llm_names[lowered]}")
                    )
                llm_names.setdefault(lowered, row.model)
        problems.extend(_check_prices(row, key))
        if not isinstance(row, (GpuSpec, OpenModel)) or getattr(row, "source", None) is not None:
            problems.extend(_check_provenance(row, key))
        if isinstance(row, InstancePrice):
            problems.extend(_check_gpu(row, key, gpus, shapes))
        elif isinstance(row, AcceleratorPrice):
            problems.extend(_check_accelerator_gpu(row, key, gpus))
        elif isinstance(row, OpenModel):
            if row.active_params_b > row.params_b or row.layers <= 0 or row.kv_heads <= 0 or row.head_dim <= 0:
                problems.append(Problem("bad-model-shape", key, "parameters, layers, KV heads or head dim out of range"))
    problems.extend(_check_region_spread(rows, max_region_spread))
    return problems
