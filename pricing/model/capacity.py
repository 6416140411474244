"""Capacity: will a model fit on a GPU, how fast does one replica serve it, how many replicas.

Why a roofline and not a lookup table: published serving figures cover a handful of
(model, GPU) pairs; a deployment needs every pair the catalog offers. Decode is memory-bandwidth
bound at small batch (each step reads the weights once plus every sequence's KV cache), and
batching raises throughput until the KV cache fills memory or compute saturates. The constants
below are calibrated on tests/fixtures/reference/inference-benchmarks.csv (every row within +-35%, see
tests/test_capacity.py, which prints each row's error).

Model of one replica (one vLLM server over ``tp`` GPUs with tensor parallelism):

- weights = params x bytes(dtype): fp16/bf16 2, fp8/int8 1, int4 0.55 (AWQ/GPTQ, scales incl.).
- KV cache per token = 2 x layers x kv_heads x head_dim x 2 bytes (16-bit KV cache).
- usable memory = tp x vram x 0.9 (vLLM ``gpu_memory_utilization``) - weights
  - 1 GB per GPU (activations, CUDA graphs); it all goes to the KV cache.
- max concurrency = KV capacity / context tokens per sequence, at most 256 (vLLM max_num_seqs).
- decode step time = max(memory, compute) + concurrency x per-sequence overhead, where
  memory = (weights read + concurrency x mean KV length x KV bytes) / (eta x bandwidth x tp)
  (a mixture-of-experts model reads only the experts its batch touches), and
  compute = concurrency x 2 x active params x (prompt + output) / output FLOPs (prefill of each
  sequence amortised over its output tokens) / (MFU x dense fp16 TFLOPS x tp; fp8 on a GPU with
  fp8 tensor cores doubles it).
- output tokens/s = concurrency / step time; per sequence = 1 / step time.

Default dtype rule (documented in the command help): bf16 where the GPU supports it, fp16
otherwise (T4/V100 have no bf16); when 16-bit weights leave no room for the KV cache the
workload needs, fall back to fp8 on GPUs with fp8 tensor cores, int8 on other Ampere-or-newer
GPUs (bf16 capable: vLLM's 8-bit weight-only kernels need sm80), and int4 (AWQ) last; pre-Ampere
GPUs (no bf16) go straight from fp16 to int4, as vLLM's int4 AWQ kernels are the ones that run there.

Fleet sizing: a replica is one instance; its GPUs form one tensor-parallel group (vLLM
``--tensor-parallel-size`` = GPUs per instance). The peak output token rate (peak queries/s not
answered from the response cache x output tokens) over (replica tokens/s x target utilisation)
gives the replicas needed; desired adds one for N+1 availability; min is the need at the average
rate plus one (never below 2, the guide's autoscaling minimum); max is twice desired.
"""

from __future__ import annotations

import functools
import math
import weakref
from decimal import Decimal
from typing import Any, Optional, Sequence, Union

from llmkit.core.records import record
from llmkit.core.clouds import CLOUDS, Cloud
from llmkit.core.errors import UnknownName, UserError
from llmkit.pricing.catalog.types import GpuSpec, InstancePrice, OpenModel
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.pricing.model.workload import Workload

GB = 1e9

DTYPE_BYTES: dict[str, float] = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.55}
DTYPE_ALIASES: dict[str, str] = {
    "float16": "fp16",
    "half": "fp16",
    "bfloat16": "bf16",
    "awq": "int4",
    "gptq": "int4",
    "awq-int4": "int4",
    "gptq-int4": "int4",
    "w4a16": "int4",
    "w8a8": "int8",
    "fp8-dynamic": "fp8",
}
KV_BYTES_PER_ELEMENT = 2  # 16-bit KV cache


@record
class Calibration:
    """Constants of the roofline, fitted on inference-benchmarks.csv (see module docstring).

    ``legacy_engine_factor``: vLLM before 0.6 was CPU-overhead bound (its authors measured
    more than 2x output throughput from 0.6.0's multi-step scheduling); rows measured on it are
    predicted with this factor. Sizing always assumes a current engine.
    """

    eta: float = 0.65  # share of memory bandwidth a decode step achieves
    mfu: float = 0.70  # share of dense fp16 TFLOPS at compute saturation (large batch)
    seq_overhead_s: float = 0.0001  # per sequence per decode step (sampling, scheduling, attention launch)
    tp_efficiency: float = 0.9  # bandwidth/compute kept per doubling of tensor parallelism
    int4_kernel_efficiency: float = 0.7  # AWQ/GPTQ dequantising kernels reach this share of eta
    moe_efficiency: float = 0.6  # fused mixture-of-experts kernels reach this share of eta
    legacy_engine_factor: float = 0.45
    gpu_memory_utilization: float = 0.9
    reserve_gb_per_gpu: float = 1.0
    max_num_seqs: int = 256


CALIBRATION = Calibration()

# Prompt/output lengths assumed where a measurement does not state them: the means of the
# ShareGPT set used by vLLM's own benchmarks (231 prompt, 195 output tokens per request).
SHAREGPT_PROMPT_TOKENS = 231
SHAREGPT_OUTPUT_TOKENS = 195
# Interactive floor: the replica's operating point keeps every sequence at least this fast
# (about reading speed x 4); below it users wait, so more replicas are added instead.
MIN_TOKENS_PER_S_PER_SEQUENCE = 20.0


def normalise_dtype(dtype: str) -> str:
    d = dtype.strip().lower()
    d = DTYPE_ALIASES.get(d, d)
    if d not in DTYPE_BYTES:
        raise UnknownName("dtype", dtype, DTYPE_BYTES)
    return d


def weights_bytes(model: OpenModel, dtype: str) -> float:
    return float(model.params_b) * GB * DTYPE_BYTES[normalise_dtype(dtype)]


def kv_bytes_per_token(model: OpenModel) -> float:
    return float(2 * model.layers * model.kv_heads * model.head_dim * KV_BYTES_PER_ELEMENT)


def default_max_model_len(model: OpenModel, prompt_tokens: int, output_tokens: int) -> int:
    """The server's context limit: the workload's context rounded up to a power of two,
    at least 4096, at most the model's own window. A long window costs KV memory per sequence
    only when used, but the server must fit one full-length sequence."""
    need = max(prompt_tokens + output_tokens, 4096)
    return min(model.context_length, 1 << (need - 1).bit_length())


@record
class ReplicaPerformance:
    """What one replica of a model on ``gpus`` x ``gpu`` holds and delivers."""

    model_id: str
    gpu: str
    gpus: int
    dtype: str
    fits: bool
    weights_gb: float
    usable_gb: float
    kv_cache_gb: float  # memory left for the KV cache (0 when the weights do not fit)
    kv_bytes_per_token: float
    kv_capacity_tokens: int
    context_tokens_per_sequence: int
    max_model_len: int
    max_concurrency: int  # sequences the KV cache holds at this context (capped at max_num_seqs)
    concurrency: int  # the operating point these rates are for
    output_tokens_per_s: float  # whole replica
    tokens_per_s_per_sequence: float
    bound: str  # memory | compute | overhead
    reason: str  # why it does not fit ("" when it fits)


def _tp_factor(gpus: int, cal: Calibration) -> float:
    return cal.tp_efficiency ** math.log2(gpus) if gpus > 1 else 1.0


def _step_time(
    model: OpenModel, gpu: GpuSpec, gpus: int, dtype: str, batch: int, prompt: int, output: int,
    cal: Calibration,
) -> tuple[float, str]:
    """Seconds per decode step at ``batch`` concurrent sequences, and what bounds it."""
    tp = _tp_factor(gpus, cal)
    w = weights_bytes(model, dtype)
    active_share = float(model.active_params_b / model.params_b)
    # A mixture of experts reads only the experts its batch routes to (independent tokens).
    w_read = w * (1.0 - (1.0 - active_share) ** batch) if active_share < 1 else w
    eta = cal.eta
    if dtype == "int4":
        eta *= cal.int4_kernel_efficiency
    if active_share < 1:
        eta *= cal.moe_efficiency
    mean_kv_tokens = prompt + output / 2
    t_mem = (w_read + batch * mean_kv_tokens * kv_bytes_per_token(model)) / (
        eta * gpus * float(gpu.memory_bandwidth_gb_s) * GB * tp
    )
    tflops = float(gpu.dense_fp16_tflops) * (2 if dtype == "fp8" and gpu.fp8 else 1)
    flops_per_output_token = 2 * float(model.active_params_b) * GB * (prompt + output) / output
    t_comp = batch * flops_per_output_token / (cal.mfu * gpus * tflops * 1e12 * tp)
    t_over = batch * cal.seq_overhead_s
    bound = "memory" if t_mem >= t_comp else "compute"
    if t_over > max(t_mem, t_comp):
        bound = "overhead"
    return max(t_mem, t_comp) + t_over, bound


@functools.lru_cache(maxsize=4096)
def replica_performance(
    model: OpenModel,
    gpu: GpuSpec,
    gpus: int = 1,
    dtype: str = "fp16",
    *,
    concurrency: Optional[int] = None,
    prompt_tokens: int = SHAREGPT_PROMPT_TOKENS,
    output_tokens: int = SHAREGPT_OUTPUT_TOKENS,
    max_model_len: Optional[int] = None,
    legacy_engine: bool = False,
    min_tokens_per_s_per_sequence: float = 0.0,
    cal: Calibration = CALIBRATION,
) -> ReplicaPerformance:
    """Memory fit and decode throughput of one replica.

    ``concurrency`` None means the replica's max useful concurrency: as many sequences as the
    KV cache holds (at most vLLM's 256), lowered until each sequence still gets
    ``min_tokens_per_s_per_sequence`` (0 = no floor, the offline-batch operating point).
    """
    if gpus < 1:
        raise UserError("GPU count must be at least 1")
    dtype = normalise_dtype(dtype)
    output_tokens = max(1, output_tokens)
    ctx = prompt_tokens + output_tokens
    mml = max_model_len or default_max_model_len(model, prompt_tokens, output_tokens)
    w = weights_bytes(model, dtype)
    usable = gpus * float(gpu.vram_gb) * GB * cal.gpu_memory_utilization - gpus * cal.reserve_gb_per_gpu * GB
    kv_mem = max(0.0, usable - w)
    kvt = kv_bytes_per_token(model)
    kv_tokens = int(kv_mem // kvt)
    reason = ""
    if w > usable:
        reason = (
            f"{model.id} weights in {dtype} ({w / GB:.1f} GB) exceed the usable memory of "
            f"{gpus} x {gpu.name} ({usable / GB:.1f} GB)"
        )
    elif kv_tokens < max(mml, ctx):
        reason = f"no room for the KV cache of one {max(mml, ctx)}-token sequence on {gpus} x {gpu.name} in {dtype}"
    elif concurrency is not None and concurrency * ctx > kv_tokens:
        reason = (f"the KV cache holds {kv_tokens // ctx} sequences of {ctx} tokens on {gpus} x {gpu.name} "
                  f"in {dtype}, not {concurrency}")
    fits = not reason
    weights_fit = w <= usable and kv_tokens >= max(mml, ctx)
    max_conc = min(cal.max_num_seqs, kv_tokens // ctx) if weights_fit else 0
    if not fits:
        return ReplicaPerformance(
            model.id, gpu.name, gpus, dtype, False, w / GB, usable / GB, kv_mem / GB, kvt, kv_tokens,
            ctx, mml, max_conc, 0, 0.0, 0.0, "memory", reason,
        )
    if concurrency is None:
        batch = max(1, max_conc)
        if min_tokens_per_s_per_sequence > 0:
            while batch > 1 and 1.0 / _step_time(model, gpu, gpus, dtype, batch, prompt_tokens, output_tokens, cal)[0] < min_tokens_per_s_per_sequence:
                batch = max(1, int(batch * 0.8))
    else:
        if concurrency < 1:
            raise UserError("concurrency must be at least 1")
        batch = concurrency
    step, bound = _step_time(model, gpu, gpus, dtype, batch, prompt_tokens, output_tokens, cal)
    if legacy_engine:
        step /= cal.legacy_engine_factor
    return ReplicaPerformance(
        model.id, gpu.name, gpus, dtype, True, w / GB, usable / GB, kv_mem / GB, kvt, kv_tokens, ctx, mml,
        max_conc, batch, batch / step, 1.0 / step, bound, "",
    )


def sixteen_bit(gpu: GpuSpec) -> str:
    return "bf16" if gpu.bf16 else "fp16"


def dtype_candidates(gpu: GpuSpec) -> list[str]:
    """The default dtype ladder for a GPU (see module docstring)."""
    if gpu.fp8:
        return ["bf16", "fp8", "int4"]
    if gpu.bf16:
        return ["bf16", "int8", "int4"]
    return ["fp16", "int4"]


def choose_dtype(
    model: OpenModel, gpu: GpuSpec, gpus: int, prompt_tokens: int, output_tokens: int,
    *, concurrency_needed: int = 1, max_model_len: Optional[int] = None, allowed: Optional[tuple[str, ...]] = None,
) -> Optional[str]:
    """First dtype of the ladder (only ``allowed`` ones, when given) whose weights leave KV room
    for the needed concurrency."""
    for d in dtype_candidates(gpu):
        if allowed is not None and d not in allowed:
            continue
        perf = replica_performance(
            model, gpu, gpus, d, prompt_tokens=prompt_tokens, output_tokens=output_tokens,
            max_model_len=max_model_len,
        )
        if perf.fits and perf.kv_capacity_tokens >= concurrency_needed * perf.context_tokens_per_sequence:
            return d
    return None


def capacity_report(
    model: OpenModel, gpu: GpuSpec, gpus: int = 1, dtype: Optional[str] = None,
    concurrency: Optional[int] = None, prompt_tokens: int = 500, output_tokens: int = 300,
) -> ReplicaPerformance:
    """The ``llmkit capacity --model --gpu`` answer: fit and throughput at a concurrency
    (default: the max useful one at the interactive floor)."""
    if dtype is None:
        dtype = choose_dtype(model, gpu, gpus, prompt_tokens, output_tokens) or dtype_candidates(gpu)[-1]
    return replica_performance(
        model, gpu, gpus, dtype, concurrency=concurrency, prompt_tokens=prompt_tokens,
        output_tokens=output_tokens,
        min_tokens_per_s_per_sequence=MIN_TOKENS_PER_S_PER_SEQUENCE if concurrency is None else 0.0,
    )


def fits(model: OpenModel, gpu: GpuSpec, gpus: int = 1, dtype: Optional[str] = None,
         prompt_tokens: int = 500, output_tokens: int = 300) -> bool:
    """Whether the model fits (with KV room for one sequence) on gpus x gpu in dtype (or any default dtype)."""
    return capacity_report(model, gpu, gpus, dtype, 1, prompt_tokens, output_tokens).fits


# --------------------------------------------------------------------------------------------
# Fleet sizing


@record
class GpuFleetSizing:
    """The GPU fleet for a workload: instance type, dtype, replica counts and their price.

    A replica is one instance (its GPUs are one tensor-parallel group). ``desired_replicas``
    includes the N+1 spare; ``monthly_instances`` prices the desired count for 730 hours.
    """

    model_id: str
    cloud: str
    region: str
    instance_type: str
    gpu: str
    gpus_per_instance: int
    tensor_parallel: int
    dtype: str
    max_model_len: int
    replicas_needed: int
    min_replicas: int
    desired_replicas: int
    max_replicas: int
    pricing: str
    hourly_per_instance: Decimal
    monthly_instances: Decimal
    replica_tokens_per_s: float
    replica_concurrency: int
    peak_output_tokens_per_s: float
    target_utilisation: Decimal
    accelerator_type: Optional[str]
    price_source: str
    price_as_of: str
    price_is_assumption: bool
    performance: ReplicaPerformance

    @property
    def total_gpus(self) -> int:
        return self.desired_replicas * self.gpus_per_instance


def _catalog(catalog: Any) -> Any:
    if catalog is not None:
        return catalog
    from llmkit.pricing.catalog import load_catalog

    return load_catalog()


def peak_output_tokens_per_s(workload: Workload) -> float:
    """Output tokens/s the fleet must produce at the peak; the response cache answers the rest."""
    served = float(workload.peak_queries_per_second) * (1.0 - float(workload.cache_hit_rate))
    return served * workload.output_tokens


def _replicas_for(rate: float, replica_tps: float, target: float) -> int:
    if rate <= 0:
        return 0
    return max(1, math.ceil(rate / (replica_tps * target) - 1e-9))


@functools.lru_cache(maxsize=1024)
def _best_on(
    model: OpenModel, gpu: GpuSpec, gpus: int, dtype: Optional[str], prompt: int, output: int,
    concurrency: Optional[int] = None, allowed: Optional[tuple[str, ...]] = None,
) -> Optional[ReplicaPerformance]:
    """Operating point of one replica on gpus x gpu (dtype given or by the default ladder, kept
    to ``allowed``); ``concurrency`` pins the batch (1 = no batching), else the max useful one at the floor."""
    d = dtype or choose_dtype(model, gpu, gpus, prompt, output, concurrency_needed=concurrency or 1, allowed=allowed)
    if d is None:
        return None
    perf = replica_performance(
        model, gpu, gpus, d, prompt_tokens=prompt, output_tokens=output, concurrency=concurrency,
        min_tokens_per_s_per_sequence=MIN_TOKENS_PER_S_PER_SEQUENCE if concurrency is None else 0.0,
    )
    if not perf.fits or (concurrency is not None and concurrency > max(1, perf.max_concurrency)):
        return None
    if concurrency is None and perf.tokens_per_s_per_sequence < MIN_TOKENS_PER_S_PER_SEQUENCE:
        return None  # fits, but too slow to serve anyone interactively
    return perf


@record
class _Offer:
    """One priced way to get GPUs in a region: an instance type, or a GPU attached to a host.

    (A docstring also spares ``dataclasses`` computing one from ``inspect.signature`` at import.)
    """

    instance_type: str
    gpu: str
    gpu_count: int
    hourly: Decimal
    accelerator_type: Optional[str]
    source: str
    as_of: str
    assumption: bool


def per_catalog_cache(cat: Any, name: str) -> dict[Any, Any]:
    """A memo dict that lives as long as ``cat`` (keyed weakly: another catalog object, e.g. a
    test's fake, never sees it; plain id() keys could be reused after garbage collection)."""
    try:
        per = _CACHES[cat]
    except KeyError:
        per = _CACHES[cat] = {}
    except TypeError:  # not weak-referenceable: no caching
        return {}
    return per.setdefault(name, {})


_CACHES: "weakref.WeakKeyDictionary[Any, dict[str, dict[Any, Any]]]" = weakref.WeakKeyDictionary()


def _offers(cat: Any, cloud: str, region: str, pricing: str) -> list[_Offer]:
    """Every GPU instance type priced in the region under ``pricing`` (cached per catalog:
    ``compare`` sizes a fleet for each of a thousand user counts)."""
    cache = per_catalog_cache(cat, "offers")
    key = (cloud, region, pricing)
    if key not in cache:
        cache[key] = _list_offers(cat, cloud, region, pricing)
    result: list[_Offer] = cache[key]
    return result


def _list_offers(cat: Any, cloud: str, region: str, pricing: str) -> list[_Offer]:
    offers: list[_Offer] = []
    for inst in cat.instances(cloud=cloud, region=region):
        if getattr(inst, "retired", False) or not inst.gpu or inst.gpu_count < 1:
            continue
        hourly = inst.hourly(pricing)
        if hourly is None:
            continue
        offers.append(_Offer(inst.type, inst.gpu, inst.gpu_count, hourly, None, inst.source, inst.as_of,
                             bool(inst.reserved_is_assumption and pricing.startswith("reserved"))))
    if cloud in CLOUDS and CLOUDS[cloud].accelerator_hosts:
        offers.extend(_attached_offers(cat, CLOUDS[cloud], region, pricing))
    return offers


def _attached_offers(cat: Any, cloud: Cloud, region: str, pricing: str) -> list[_Offer]:
    """A host + N attached accelerators (GCP N1 + T4/V100), priced as host row + N x accelerator row."""
    out: list[_Offer] = []
    accelerators = cat.accelerators(cloud.name, region) if hasattr(cat, "accelerators") else []
    for acc in accelerators:
        if acc.api_name not in cloud.attachable_accelerators or acc.hourly(pricing) is None:
            continue
        for n, host_type in cloud.accelerator_hosts:
            try:
                host = cat.instance(cloud.name, region, host_type)
            except UnknownName:
                continue
            host_hourly = host.hourly(pricing)
            if host_hourly is None:
                continue
            out.append(_Offer(
                host_type, acc.gpu, n, host_hourly + n * acc.hourly(pricing), acc.api_name,
                f"{host.source} + {n} x {acc.source}", min(host.as_of, acc.as_of),
                bool(pricing.startswith("reserved") and (host.reserved_is_assumption or acc.reserved_is_assumption)),
            ))
    return out


def size_gpu_fleet(
    workload: Workload,
    model_id: Union[str, OpenModel],
    cloud: str,
    region: str,
    *,
    dtype: Optional[str] = None,
    gpu: Optional[str] = None,
    instance_type: Optional[str] = None,
    pricing: str = "on-demand",
    target_utilisation: Decimal = Decimal("0.75"),
    catalog: Any = None,
    concurrency: Optional[int] = None,
    dtypes: Optional[Sequence[str]] = None,
) -> GpuFleetSizing:
    """The cheapest fleet (desired replicas x hourly) that serves the workload's peak.

    ``model_id`` is a catalog id, or an ``OpenModel`` built from a shape the stack gives (a
    custom or fine-tuned model the catalog does not know: its parameters, layers, KV heads and
    head size are all the model below reads). ``dtypes`` keeps the default dtype ladder to those
    precisions (a custom model has no known pre-quantised checkpoint: 16-bit and fp8 only).

    Candidates are the catalog's GPU instance types in that cloud and region (only ``gpu`` or
    only ``instance_type`` when given) on which the model fits with KV room for one replica's
    share of the peak concurrency. Raises UserError when it fits none. ``concurrency`` pins
    each replica's batch (1 = the "no batching" lever); default: the max useful batch.
    """
    if not (Decimal(0) < target_utilisation <= 1):
        raise UserError("target utilisation must be in (0, 1]")
    cat = _catalog(catalog)
    model = model_id if isinstance(model_id, OpenModel) else cat.open_model(model_id)
    allowed = tuple(dtypes) if dtypes is not None else None
    d = normalise_dtype(dtype) if dtype else None
    if instance_type is not None:
        inst = cat.instance(cloud, region, instance_type)
        if not inst.gpu or inst.gpu_count < 1:
            raise UserError(f"instance type {instance_type} has no GPU")
        hourly = inst.hourly(pricing)
        if hourly is None:
            raise UserError(f"{instance_type} has no {pricing} price in {cloud} {region}")
        offers = [_Offer(inst.type, inst.gpu, inst.gpu_count, hourly, None, inst.source, inst.as_of,
                         bool(inst.reserved_is_assumption and pricing.startswith("reserved")))]
    else:
        offers = _offers(cat, cloud, region, pricing)
        if gpu is not None:
            spec = cat.gpu(gpu)  # raises UnknownName with suggestions
            offers = [o for o in offers if o.gpu == spec.name]
            if not offers:
                raise UserError(f"no {pricing} instance type with {spec.name} GPUs in {cloud} {region}")
    if not offers:
        raise UserError(f"no GPU instance type with a {pricing} price in {cloud} {region}")
    prompt, output = workload.effective_input_tokens, workload.output_tokens
    peak = peak_output_tokens_per_s(workload)
    average = peak / float(workload.peak_to_average)
    target = float(target_utilisation)
    # the instance types that fit this need, with their operating point: solved once per need
    cache = per_catalog_cache(cat, "candidates")
    key = (cloud, region, pricing, model, d, gpu, instance_type, prompt, output, concurrency, allowed)
    candidates: Optional[list[tuple[_Offer, ReplicaPerformance, float]]] = cache.get(key)
    if candidates is None:
        candidates = []
        for offer in offers:
            perf = _best_on(model, cat.gpu(offer.gpu), offer.gpu_count, d, prompt, output, concurrency, allowed)
            if perf is not None:
                candidates.append((offer, perf, float(offer.hourly)))
        cache[key] = candidates
    best: Optional[tuple[float, float, _Offer, ReplicaPerformance, int]] = None
    for offer, perf, hourly_f in candidates:  # float ranking; the winner is priced in Decimal below
        needed = max(1, _replicas_for(peak, perf.output_tokens_per_s, target))
        rank = (hourly_f * (needed + 1), hourly_f)
        if best is None or rank < (best[0], best[1]):
            best = (rank[0], rank[1], offer, perf, needed)
    if best is None:
        where = instance_type or (gpu and f"{gpu} instances") or "any GPU instance type"
        raise UserError(
            f"{model.id} does not fit {where} in {cloud} {region} with KV-cache room and "
            f">= {MIN_TOKENS_PER_S_PER_SEQUENCE:.0f} tokens/s per sequence"
        )
    _, _, offer, perf, needed = best
    hourly = offer.hourly
    desired = needed + 1
    monthly = hourly * desired * HOURS_PER_MONTH
    min_replicas = min(desired, max(2, _replicas_for(average, perf.output_tokens_per_s, target) + 1))
    return GpuFleetSizing(
        model_id=model.id, cloud=cloud, region=region, instance_type=offer.instance_type, gpu=offer.gpu,
        gpus_per_instance=offer.gpu_count, tensor_parallel=offer.gpu_count, dtype=perf.dtype,
        max_model_len=perf.max_model_len, replicas_needed=needed, min_replicas=min_replicas,
        desired_replicas=desired, max_replicas=2 * desired, pricing=pricing, hourly_per_instance=hourly,
        monthly_instances=monthly, replica_tokens_per_s=perf.output_tokens_per_s,
        replica_concurrency=perf.concurrency, peak_output_tokens_per_s=peak,
        target_utilisation=target_utilisation, accelerator_type=offer.accelerator_type,
        price_source=offer.source, price_as_of=offer.as_of, price_is_assumption=offer.assumption,
        performance=perf,
    )
