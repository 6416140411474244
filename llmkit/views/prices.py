"""Views of catalog lookups for people and tools: the tables and JSON objects of ``llmkit prices``.

Every row shows its source and as-of date (a price without provenance cannot be checked); money
is rounded only here, to four places per hour and three per million tokens.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Optional, Sequence

from llmkit.core import records
from llmkit.core.units import HOURS_PER_MONTH
from llmkit.output import Table, money

if TYPE_CHECKING:
    from llmkit.pricing.catalog.types import AcceleratorPrice, InstancePrice, LlmPrice


def instance_json(row: "InstancePrice") -> dict[str, Any]:
    """The ``show --format json`` object of an instance type (money as decimal strings)."""
    return {
        "cloud": row.cloud,
        "region": row.region,
        "type": row.type,
        "vcpus": row.vcpus,
        "memory_gb": row.memory_gb,
        "gpu": row.gpu,
        "gpu_count": row.gpu_count,
        "gpu_memory_gb": row.gpu_memory_gb,
        "on_demand_hourly": row.on_demand_hourly,
        "spot_hourly": row.spot_hourly,
        "reserved_1y_hourly": row.reserved_1y_hourly,
        "reserved_3y_hourly": row.reserved_3y_hourly,
        "reserved_is_assumption": row.reserved_is_assumption,
        "host_on_demand_hourly": row.host_on_demand_hourly,
        "derived": row.derived,
        "retired": row.retired,
        "source": row.source,
        "as_of": row.as_of,
    }


def accelerator_json(row: "AcceleratorPrice") -> dict[str, Any]:
    """One attachable GPU (GCP guest accelerator), per GPU per hour."""
    return {
        "cloud": row.cloud,
        "region": row.region,
        "gpu": row.gpu,
        "api_name": row.api_name,
        "on_demand_hourly": row.on_demand_hourly,
        "spot_hourly": row.spot_hourly,
        "reserved_1y_hourly": row.reserved_1y_hourly,
        "reserved_3y_hourly": row.reserved_3y_hourly,
        "reserved_is_assumption": row.reserved_is_assumption,
        "derived": row.derived,
        "source": row.source,
        "as_of": row.as_of,
    }


def llm_json(row: "LlmPrice") -> dict[str, Any]:
    """The ``show --llm --format json`` object of a hosted model."""
    return {
        "model": row.model,
        "provider": row.provider,
        "input_per_million": row.input_per_million,
        "output_per_million": row.output_per_million,
        "cached_input_per_million": row.cached_input_per_million,
        "context_window": row.context_window,
        "retired": row.retired,
        "quality_score": row.quality_score,
        "aliases": list(row.aliases),
        "source": row.source,
        "as_of": row.as_of,
    }


def hourly(value: Optional[Decimal]) -> str:
    """A price per hour for tables: four places; unknown is a dash, never $0."""
    return money(value, places=4)


def _monthly(value: Decimal) -> str:
    return money(value)


def per_million(value: Optional[Decimal]) -> str:
    """A price per million tokens for tables: three places; unknown is a dash."""
    return money(value, places=3)


def _gpu_text(row: "InstancePrice") -> str:
    if not row.gpu:
        return "-"
    return f"{row.gpu_count} x {row.gpu} ({row.gpu_memory_gb} GB)"


def llm_list_table(models: Sequence[Any]) -> Table:
    """Token prices of every hosted model."""
    return Table(
        title="Hosted LLM token prices (USD per million tokens)",
        columns=["model", "provider", "input", "output", "cached input", "context", "retired", "as of"],
        rows=[
            [
                m.model,
                m.provider,
                per_million(m.input_per_million),
                per_million(m.output_per_million),
                per_million(m.cached_input_per_million),
                f"{m.context_window:,}" if m.context_window else "-",
                "retired" if m.retired else "",
                m.as_of,
            ]
            for m in models
        ],
        right_align=(2, 3, 4, 5),
        notes=["Sources: `llmkit prices show --llm MODEL` shows each price's source."],
    )


def instance_list_tables(rows: Sequence[Any], accels: Sequence[Any]) -> list[Table]:
    """Instance prices (cheapest first), then the GCP attachable GPUs that match the filters."""
    tables = [Table(
        title="Instance prices (USD per hour)",
        columns=["cloud", "region", "type", "vCPU", "memory GB", "GPU", "on-demand", "spot", "reserved 1y", "reserved 3y"],
        rows=[
            [
                r.cloud,
                r.region,
                r.type + (" (retired)" if r.retired else ""),
                r.vcpus,
                r.memory_gb,
                _gpu_text(r),
                hourly(r.on_demand_hourly) + ("~" if r.derived else ""),
                hourly(r.spot_hourly),
                hourly(r.reserved_1y_hourly) + ("*" if r.reserved_is_assumption else ""),
                hourly(r.reserved_3y_hourly) + ("*" if r.reserved_is_assumption else ""),
            ]
            for r in rows
        ],
        right_align=(3, 4, 6, 7, 8, 9),
        notes=[
            f"{len(rows)} instance prices. ~ derived from another region or size (not published); "
            "* reserved = the guide's 30%/50% assumption, not a published price. "
            "`llmkit prices show` gives each row's source and date."
        ],
    )]
    if accels:
        tables.append(
            Table(
                title="Attachable GPUs (GCP N1 hosts; USD per GPU per hour, add to the host price)",
                columns=["cloud", "region", "GPU", "accelerator type", "on-demand", "spot", "reserved 1y", "reserved 3y"],
                rows=[
                    [
                        a.cloud,
                        a.region,
                        a.gpu,
                        a.api_name,
                        hourly(a.on_demand_hourly),
                        hourly(a.spot_hourly),
                        hourly(a.reserved_1y_hourly) + ("*" if a.reserved_is_assumption else ""),
                        hourly(a.reserved_3y_hourly) + ("*" if a.reserved_is_assumption else ""),
                    ]
                    for a in accels
                ],
                right_align=(4, 5, 6, 7),
            )
        )
    return tables


def llm_table(m: Any) -> Table:
    """One hosted model's token prices."""
    return Table(
        title=f"{m.model} ({m.provider})" + (" - retired" if m.retired else ""),
        columns=["field", "value"],
        rows=[
            ["input per million tokens", per_million(m.input_per_million)],
            ["output per million tokens", per_million(m.output_per_million)],
            ["cached input per million tokens", per_million(m.cached_input_per_million)],
            ["context window", f"{m.context_window:,}" if m.context_window else "-"],
            ["quality score (guide)", m.quality_score if m.quality_score is not None else "-"],
            ["aliases", ", ".join(m.aliases) or "-"],
            ["source", m.source],
            ["as of", m.as_of],
        ],
    )


def accelerator_table(a: Any) -> Table:
    """One attachable GPU's prices, per GPU."""
    return Table(
        title=f"{a.cloud} {a.region} {a.api_name} ({a.gpu}), per GPU",
        columns=["field", "value"],
        rows=[
            ["on-demand / hour", hourly(a.on_demand_hourly)],
            ["spot / hour", hourly(a.spot_hourly)],
            ["reserved 1y / hour", hourly(a.reserved_1y_hourly) + (" (assumption)" if a.reserved_is_assumption else "")],
            ["reserved 3y / hour", hourly(a.reserved_3y_hourly) + (" (assumption)" if a.reserved_is_assumption else "")],
            ["source", a.source],
            ["as of", a.as_of],
        ],
        notes=["Attach to an N1 host: the VM costs the host price plus this per GPU."],
    )


def instance_table(row: Any) -> Table:
    """One instance type's prices in one region."""
    host = [["  of which host", hourly(row.host_on_demand_hourly)]] if row.host_on_demand_hourly else []
    return Table(
        title=f"{row.cloud} {row.region} {row.type}" + (" - retired" if row.retired else ""),
        columns=["field", "value"],
        rows=[
            ["vCPUs", row.vcpus],
            ["memory GB", row.memory_gb],
            ["GPU", _gpu_text(row)],
            ["on-demand / hour", hourly(row.on_demand_hourly) + (" (derived, not published)" if row.derived else "")],
            *host,
            ["spot / hour", hourly(row.spot_hourly)],
            ["reserved 1y / hour", hourly(row.reserved_1y_hourly) + (" (assumption)" if row.reserved_is_assumption else "")],
            ["reserved 3y / hour", hourly(row.reserved_3y_hourly) + (" (assumption)" if row.reserved_is_assumption else "")],
            ["on-demand / month (730 h)", _monthly(row.on_demand_hourly * HOURS_PER_MONTH)],
            ["source", row.source],
            ["as of", row.as_of],
        ],
    )


def models_view(open_models: Sequence[Any], gpus: Sequence[Any]) -> tuple[dict[str, Any], list[Table]]:
    """The open models and GPU datasheet figures behind every capacity answer: JSON and tables."""
    tables = [
        Table(
            title="Open models (self-hosted with vLLM)",
            columns=["id", "Hugging Face repo", "params B", "active B", "layers", "KV heads", "head dim", "context", "licence", "guide quality"],
            rows=[
                [m.id, m.name, m.params_b, m.active_params_b, m.layers, m.kv_heads, m.head_dim, m.context_length, m.license, m.quality_score]
                for m in open_models
            ],
            right_align=[2, 3, 4, 5, 6, 7, 9],
        ),
        Table(
            title="GPUs (datasheet figures)",
            columns=["GPU", "VRAM GB", "bandwidth GB/s", "dense FP16 TFLOPS", "bf16", "fp8", "source"],
            rows=[
                [g.name, g.vram_gb, g.memory_bandwidth_gb_s, g.dense_fp16_tflops, "yes" if g.bf16 else "no", "yes" if g.fp8 else "no", g.source]
                for g in gpus
            ],
            right_align=[1, 2, 3],
        ),
    ]
    data = {
        "open_models": [records.asdict(m) for m in open_models],
        "gpus": [records.asdict(g) for g in gpus],
    }
    return data, tables
