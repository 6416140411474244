"""Cloud-neutral description of what to deploy, built from stack config.

The spec is where every sizing and policy decision is made once (instance types and replica
counts from the capacity model, model-server flags, router shares, labels, budget), so the
three cloud packages only translate it into resources and never decide anything themselves.
Pure Python: no Pulumi, no provider SDK; tests build specs directly.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Literal, Optional

from pricing.workload import Workload

Architecture = Literal["gpu", "api", "hybrid"]
CloudName = Literal["aws", "azure", "gcp"]

SCALE_UP_UTILISATION_PCT = 75  # the guide's section 11 thresholds
SCALE_DOWN_UTILISATION_PCT = 30


@dataclasses.dataclass(frozen=True)
class FleetSpec:
    """One autoscaled group of identical servers."""

    role: Literal["gpu", "api"]
    instance_type: str  # the cloud's own type name (g5.xlarge, Standard_NC4as_T4_v3, g2-standard-4)
    min_size: int
    desired_size: int
    max_size: int
    gpu: Optional[str] = None  # gpu-specs name
    gpus_per_instance: int = 0
    accelerator_type: Optional[str] = None  # GCP guest accelerator for hosts without built-in GPUs
    pricing: str = "on-demand"  # on-demand | spot | reserved-1y | reserved-3y
    spot_share_pct: int = 0  # 0 all on-demand, 100 all spot, between: a mix (on-demand base first)
    disk_gb: int = 100
    port: int = 8000
    health_path: str = "/v1/models"
    scale_up_pct: int = SCALE_UP_UTILISATION_PCT
    scale_down_pct: int = SCALE_DOWN_UTILISATION_PCT


@dataclasses.dataclass(frozen=True)
class ModelServerSpec:
    """The vLLM OpenAI-compatible server on each GPU instance."""

    model_id: str  # llmkit open-model id (llama-3.1-8b)
    hf_repo: str  # what vLLM loads (meta-llama/Llama-3.1-8B-Instruct)
    dtype: str  # fp16 | bf16 | fp8 | int8 | int4
    tensor_parallel: int
    max_model_len: int
    port: int = 8000
    readiness_path: str = "/v1/models"


@dataclasses.dataclass(frozen=True)
class RouterSpec:
    """The LiteLLM proxy: hosted models, and for hybrid the local-first routing."""

    hosted_models: tuple[str, ...]  # llmkit LLM ids (gpt-4o, claude-sonnet-4)
    local_model: Optional[str] = None  # served name of the local vLLM model (hybrid)
    local_share_pct: int = 0  # hybrid: share of traffic sent to the local model first
    fallbacks: tuple[str, ...] = ()  # models tried, in order, when the primary fails
    cache: bool = True  # LiteLLM response caching
    port: int = 4000
    secret_names: tuple[str, ...] = ()  # secret-store entries holding provider API keys


@dataclasses.dataclass(frozen=True)
class VectorDbSpec:
    """Qdrant on its own instance with a persistent encrypted data disk."""

    instance_type: str
    disk_gb: int = 100
    port: int = 6333


@dataclasses.dataclass(frozen=True)
class DeploymentSpec:
    stack: str
    architecture: Architecture
    cloud: CloudName
    region: str
    owner: str
    labels: dict[str, str]  # the DESIGN.md labels, already valid on every cloud
    workload: Workload
    vector_db: VectorDbSpec
    gpu_fleet: Optional[FleetSpec] = None
    model_server: Optional[ModelServerSpec] = None
    api_fleet: Optional[FleetSpec] = None
    router: Optional[RouterSpec] = None
    budget_monthly_usd: Optional[Decimal] = None
    budget_emails: tuple[str, ...] = ()
    gcp_billing_account: Optional[str] = None
    expires_at: Optional[str] = None  # e.g. 20261127t1800z
    protect: bool = False
    network_cidr: str = "10.40.0.0/16"
