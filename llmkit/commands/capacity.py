"""``llmkit capacity``: will a model fit a GPU and how fast does it serve; or which GPUs a
workload needs.

Parses options, calls ``llmkit.usecases.framework.capacity`` and renders with
``llmkit.views.framework``.
"""

from __future__ import annotations

from typing import Optional

import typer

from llmkit.commands._common import FORMAT_OPTION, OFFLINE_OPTION, use_live_prices
from llmkit.commands._framework_options import (
    ACTIVE,
    CACHE,
    CLOUD,
    DTYPE,
    INPUT,
    INSTANCE,
    OUTPUT,
    PEAK,
    PRICING,
    QPD,
    REGION,
)
from llmkit.output import OutputFormat


def register(app: typer.Typer) -> None:
    """Add ``capacity`` to the root app."""

    @app.command()
    def capacity(
        model: str = typer.Option(..., "--model", "-m", help="Open model id: llama-3.1-8b, llama-3.1-70b, mistral-7b, mixtral-8x7b, phi-3-mini..."),
        gpu: Optional[str] = typer.Option(None, "--gpu", help="GPU name as in gpu-specs.csv (T4, A10G, L4, A100-80GB, H100-80GB...)."),
        gpus: int = typer.Option(1, "--gpus", help="GPUs in the tensor-parallel group."),
        dtype: Optional[str] = DTYPE,
        concurrency: Optional[int] = typer.Option(None, "--concurrency", help="Concurrent sequences (default: max useful at >= 20 tok/s each)."),
        users: Optional[int] = typer.Option(None, "--users", "-u", help="Size a fleet for this many users instead."),
        queries_per_user_per_day: Optional[float] = QPD, input_tokens: Optional[int] = INPUT,
        output_tokens: Optional[int] = OUTPUT, active_hours: Optional[float] = ACTIVE,
        peak_to_average: Optional[float] = PEAK, cache_hit_rate: Optional[float] = CACHE,
        cloud: str = CLOUD, region: Optional[str] = REGION, pricing: str = PRICING,
        instance_type: Optional[str] = INSTANCE, fmt: OutputFormat = FORMAT_OPTION,
        offline: bool = OFFLINE_OPTION,
    ) -> None:
        """Will a model fit a GPU and how fast does it serve; or which GPUs a workload needs (--users).

        Default dtype: bf16 where the GPU has it, fp16 otherwise (T4, V100); when 16-bit weights leave no room for the KV cache, fp8 on GPUs with fp8 (L4, L40S, H100, H200), int8 on other Ampere-or-newer GPUs, int4 (AWQ) last; pre-Ampere GPUs go from fp16 straight to int4.

        Throughput is a roofline calibrated on published vLLM measurements (+-35%).
        """  # noqa: E501
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
