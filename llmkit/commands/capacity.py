"""``llmkit capacity``: will a model fit a GPU and how fast does it serve; or which GPUs a
workload needs.

Parses options, calls ``llmkit.usecases.framework.capacity`` and renders with
``llmkit.views.framework``.
"""

from __future__ import annotations

from typing import Any

from llmkit.commands import _framework_options as o
from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._parser import Opt, command

HELP = "Will a model fit a GPU and how fast does it serve; or which GPUs a workload needs (--users)."
DESCRIPTION = HELP + """

Default dtype: bf16 where the GPU has it, fp16 otherwise (T4, V100); when 16-bit weights leave no room for the KV cache, fp8 on GPUs with fp8 (L4, L40S, H100, H200), int8 on other Ampere-or-newer GPUs, int4 (AWQ) last; pre-Ampere GPUs go from fp16 straight to int4.

Throughput is a roofline calibrated on published vLLM measurements (+-35%)."""  # noqa: E501

OPTIONS = (
    Opt(("--model", "-m"), "Open model id: llama-3.1-8b, llama-3.1-70b, mistral-7b, mixtral-8x7b, phi-3-mini...", required=True),
    Opt(("--gpu",), "GPU name as in gpu-specs.csv (T4, A10G, L4, A100-80GB, H100-80GB...)."),
    Opt(("--gpus",), "GPUs in the tensor-parallel group.", default=1, type=int),
    o.DTYPE,
    Opt(("--concurrency",), "Concurrent sequences (default: max useful at >= 20 tok/s each).", type=int),
    Opt(("--users", "-u"), "Size a fleet for this many users instead.", type=int),
    o.QPD, o.INPUT, o.OUTPUT, o.ACTIVE, o.PEAK, o.CACHE, o.CLOUD, o.REGION, o.PRICING, o.INSTANCE,
    FORMAT_OPTION, OFFLINE_OPTION,
)


def register(subparsers: Any) -> None:
    """Add ``capacity`` to the root parser."""
    command(subparsers, "capacity", capacity, OPTIONS, help=HELP, description=DESCRIPTION)


def capacity(
    model: str, gpu: Any, gpus: int, dtype: Any, concurrency: Any, users: Any, queries_per_user_per_day: Any,
    input_tokens: Any, output_tokens: Any, active_hours: Any, peak_to_average: Any, cache_hit_rate: Any,
    cloud: str, region: Any, pricing: str, instance_type: Any, fmt: Any, offline: bool,
) -> None:
    """Size with ``llmkit.usecases.framework.capacity`` and render its table."""
    from llmkit.output import emit
    from llmkit.usecases.framework import capacity as run
    from llmkit.views.framework import capacity_table

    use_live_prices(offline)
    result = run(
        model=model, gpu=gpu, gpus=gpus, dtype=dtype, concurrency=concurrency, users=users,
        instance_type=instance_type,
        options=dict(
            qpd=queries_per_user_per_day, input_tokens=input_tokens, output_tokens=output_tokens,
            active_hours=active_hours, peak=peak_to_average, cache=cache_hit_rate,
            cloud=cloud, region=region, pricing=pricing,
        ),
    )
    emit(fmt, result.data, [capacity_table(result)], title="llmkit capacity")
