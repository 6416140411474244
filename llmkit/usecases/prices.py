"""The catalog lookups behind ``llmkit prices list``: filters validated, rows found, nothing
rendered (``llmkit.views.prices`` shows them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional

from llmkit.core.clouds import CLOUDS, canonical_name
from llmkit.core.errors import UserError


def list_llms(*, cloud: Optional[str], region: Optional[str], gpu: Optional[str], min_gpu_memory: Optional[float]) -> list[Any]:
    """Every hosted model's token prices; the instance filters do not apply to them."""
    from llmkit.pricing.catalog import load_catalog

    if any(v is not None for v in (cloud, region, gpu, min_gpu_memory)):
        raise UserError("--llm lists token prices; --cloud, --region, --gpu and --min-gpu-memory do not apply")
    return list(load_catalog().llms())


def list_instances(
    *, cloud: Optional[str], region: Optional[str], gpu: Optional[str], min_gpu_memory: Optional[float]
) -> tuple[list[Any], list[Any]]:
    """Instance prices matching the filters (cheapest first) and the GCP attachable GPUs that do."""
    from llmkit.pricing.catalog import load_catalog

    cat = load_catalog()
    rows = cat.instances(cloud=cloud, region=region, gpu=gpu, min_gpu_memory_gb=_check_gpu_memory(min_gpu_memory))
    if region and not cloud and not rows:
        raise UserError(f"no prices for region {region!r}; see `llmkit prices list --cloud CLOUD` for regions")
    return rows, _matching_accelerators(cat, cloud, region, gpu, min_gpu_memory)


def _check_gpu_memory(value: Optional[float]) -> Optional[Decimal]:
    """GB of GPU memory: finite (nan/inf are bad input), zero or more, at most 1,000,000 GB."""
    from llmkit.core.bounds import number

    if value is None:
        return None
    if value < 0:
        raise UserError("--min-gpu-memory must be zero or more (GB)")
    return number(value, "--min-gpu-memory (GB)", maximum=1_000_000)


def _matching_accelerators(cat: Any, cloud: Optional[str], region: Optional[str], gpu: Optional[str], min_gpu_memory: Optional[float]) -> list[Any]:
    """Attachable GPUs (clouds whose descriptor lists them: GCP) matching the list filters (a GPU
    filter matches by name; memory per GPU)."""
    names = [c.name for c in CLOUDS.values() if c.attachable_accelerators]
    if cloud:
        names = [n for n in names if n == canonical_name(cloud)]
    out = []
    for a in (a for name in names for a in cat.accelerators(name, region if cloud else None)):
        if region and not cloud and a.region != region.strip().lower():
            continue
        if gpu and not (a.gpu.lower() == gpu.strip().lower() or a.gpu.lower().startswith(gpu.strip().lower() + "-")):
            continue
        if min_gpu_memory is not None and cat.gpu(a.gpu).vram_gb < Decimal(str(min_gpu_memory)):
            continue
        out.append(a)
    return sorted(out, key=lambda a: (a.on_demand_hourly, a.region))
