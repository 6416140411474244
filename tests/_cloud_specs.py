"""Hand-built DeploymentSpecs for the Azure and GCP component tests.

Built directly (not through build_spec) so these tests pin the components' translation of a
spec and nothing else: instance types, replica counts and pricing here are arbitrary but
distinct, so an assertion can only pass if the component really used the spec's value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from llmkit.components.spec import (
    DeploymentSpec,
    FleetSpec,
    HostedModelSpec,
    ModelServerSpec,
    RouterSpec,
    VectorDbSpec,
)
from llmkit.pricing.model.workload import Workload

API_KEY_VALUE = "sk-test-5f1e0c9d2b7a4e3f8c6d"  # must never leave the secret-store resource
MASTER_KEY_VALUE = "mk-test-93a1b2c3d4e5"

GPU_TYPES = {
    "azure": ("Standard_NC24ads_A100_v4", "A100-80GB", None),
    "gcp": ("n1-standard-8", "T4", "nvidia-tesla-t4"),
}
API_TYPES = {"azure": "Standard_B2s", "gcp": "e2-medium"}
DB_TYPES = {"azure": "Standard_D2s_v5", "gcp": "e2-standard-2"}
REGIONS = {"azure": "westeurope", "gcp": "europe-west4"}


def labels(stack: str, architecture: str, expires_at: str | None = None) -> dict[str, str]:
    out = {
        "llmkit-managed": "true",
        "llmkit-stack": stack,
        "llmkit-architecture": architecture,
        "llmkit-owner": "platform-team",
    }
    if expires_at:
        out["llmkit-expires-at"] = expires_at
    return out


def make_spec(cloud: str, architecture: str, *, stack: str | None = None, pricing: str = "on-demand",
              spot_share_pct: int = 0, budget: str | None = "1500", expires_at: str | None = "20261201t0900z",
              min_size: int = 2, desired: int = 3, max_size: int = 7, **overrides: Any) -> DeploymentSpec:
    stack = stack or f"{architecture}-{cloud}-test"
    gpu_fleet = model_server = api_fleet = router = None
    if architecture in ("gpu", "hybrid"):
        itype, gpu, accel = GPU_TYPES[cloud]
        gpu_fleet = FleetSpec(
            role="gpu", instance_type=itype, min_size=min_size, desired_size=desired, max_size=max_size,
            gpu=gpu, gpus_per_instance=1, accelerator_type=accel, pricing=pricing,
            spot_share_pct=spot_share_pct, disk_gb=200, health_path="/health",
        )
        model_server = ModelServerSpec(
            model_id="llama-3.1-8b", hf_repo="meta-llama/Llama-3.1-8B-Instruct", dtype="bf16",
            tensor_parallel=1, max_model_len=8192, api_key_secret=f"llmkit-{stack}-model-server-key",
        )
    if architecture in ("api", "hybrid"):
        api_fleet = FleetSpec(role="api", instance_type=API_TYPES[cloud], min_size=2, desired_size=2,
                              max_size=5, port=4000, health_path="/health/readiness", pricing=pricing)
        hosted = (
            HostedModelSpec(id="gpt-4o", provider="openai", litellm_model="openai/gpt-4o",
                            secret_name=f"llmkit-{stack}-openai-api-key", env_var="OPENAI_API_KEY"),
        )
        master = f"llmkit-{stack}-router-master-key"
        router = RouterSpec(
            hosted_models=("gpt-4o",), hosted=hosted, master_key_secret=master,
            secret_names=(hosted[0].secret_name, master),
            local_model="llama-3.1-8b" if architecture == "hybrid" else None,
            local_share_pct=80 if architecture == "hybrid" else 0,
            fallbacks=("gpt-4o",) if architecture == "hybrid" else (),
        )
    fields: dict[str, Any] = dict(
        stack=stack, architecture=architecture, cloud=cloud, region=REGIONS[cloud], owner="platform-team",
        labels=labels(stack, architecture, expires_at), workload=Workload(users=500),
        vector_db=VectorDbSpec(instance_type=DB_TYPES[cloud], disk_gb=150, api_key_secret=f"llmkit-{stack}-vector-db-key"),
        gpu_fleet=gpu_fleet, model_server=model_server, api_fleet=api_fleet, router=router,
        budget_monthly_usd=Decimal(budget) if budget else None, budget_emails=("ops@example.com",),
        expires_at=expires_at,
    )
    fields.update(overrides)
    return DeploymentSpec(**fields)


def api_keys_config() -> dict[str, str]:
    return {"llmkit:apiKeys": '{"openai": "%s", "router": "%s"}' % (API_KEY_VALUE, MASTER_KEY_VALUE)}
