"""Small stand-ins for the catalog and the capacity model, for spec and boot unit tests.

They record what they were asked so tests can check what build_spec passes through; the
stack tests use the real catalog and capacity model instead.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from llmkit.core.errors import UnknownName
from llmkit.pricing.catalog.types import InstancePrice, LlmPrice, OpenModel


def _instance(cloud: str, region: str, type_: str, hourly: str, gpu: str | None = None, count: int = 0) -> InstancePrice:
    return InstancePrice(
        cloud=cloud, region=region, type=type_, vcpus=4, memory_gb=Decimal(16), gpu=gpu, gpu_count=count,
        gpu_memory_gb=Decimal(24) if gpu else None, on_demand_hourly=Decimal(hourly), spot_hourly=None,
        reserved_1y_hourly=None, reserved_3y_hourly=None, reserved_is_assumption=True, source="test", as_of="2026-11-01",
    )


class FakeCatalog:
    PRICES = {"t3.medium": "0.0416", "m5.large": "0.096", "g5.xlarge": "1.006", "g5.12xlarge": "5.672"}
    LLMS = {"gpt-4o": "openai", "gpt-4o-mini": "openai", "claude-sonnet-4-5": "anthropic", "gemini-2.5-pro": "google"}
    MODELS = {"llama-3.1-8b": ("meta-llama/Llama-3.1-8B-Instruct", 8), "mistral-7b": ("mistralai/Mistral-7B-Instruct-v0.3", 7),
              "llama-3.1-70b": ("meta-llama/Llama-3.1-70B-Instruct", 70)}

    def instance(self, cloud: str, region: str, type_: str) -> InstancePrice:
        if type_ not in self.PRICES:
            raise UnknownName("instance type", type_, self.PRICES)
        return _instance(cloud, region, type_, self.PRICES[type_])

    def llm(self, name: str) -> LlmPrice:
        if name not in self.LLMS:
            raise UnknownName("model", name, self.LLMS)
        return LlmPrice(provider=self.LLMS[name], model=name, input_per_million=Decimal("2.5"), output_per_million=Decimal(10),
                        cached_input_per_million=None, context_window=128000, retired=False, quality_score=None,
                        source="test", as_of="2026-11-01")

    def open_model(self, id_: str) -> OpenModel:
        if id_ not in self.MODELS:
            raise UnknownName("open model", id_, self.MODELS)
        repo, params = self.MODELS[id_]
        return OpenModel(id=id_, name=repo, params_b=Decimal(params), active_params_b=Decimal(params), layers=32, kv_heads=8,
                         head_dim=128, context_length=131072, license="test", quality_score=None, source="test")


@dataclasses.dataclass
class FakeSizing:
    instance_type: str
    gpu: str
    gpus_per_instance: int
    tensor_parallel: int
    dtype: str
    replicas_needed: int
    min_replicas: int
    desired_replicas: int
    max_replicas: int
    hourly_per_instance: Decimal
    max_model_len: int


class FakeSizer:
    """One g5.xlarge per 50 users (+1 for N+1); remembers its calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, workload, model_id, cloud, region, **kw) -> FakeSizing:
        self.calls.append((workload, model_id, cloud, region, kw))
        need = -(-int(workload.daily_queries) // 1000)
        return FakeSizing("g5.xlarge", "A10G", 1, 1, kw.get("dtype") or "bf16", need, max(1, need), need + 1, 2 * need + 2,
                          Decimal("1.006"), 8192)
