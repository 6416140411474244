"""GCP mappers (``gcp`` provider, camelCase inputs) -> ``models/gcp.py`` and the shared models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from llmkit.pricing.preview.resources.base import UnknownInput, as_int
from llmkit.pricing.preview.resources.context import PriceContext
from llmkit.pricing.preview.resources.mappers.azure import memory_gib
from llmkit.pricing.preview.resources.models import gcp as m
from llmkit.pricing.preview.resources.models.common import NoCharge, ServerlessContainer, StoredGigabytes

MIN_SCALE = "autoscaling.knative.dev/minScale"


def _container_size(container: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
    limits = (container.get("resources") or {}).get("limits") or {}
    cpu = str(limits.get("cpu", "1"))
    vcpu = Decimal(cpu[:-1]) / 1000 if cpu.endswith("m") else Decimal(cpu)
    return vcpu, memory_gib(limits.get("memory", "512Mi"), "container memory")


def _sum(containers: list[Any]) -> tuple[Decimal, Decimal]:
    if not containers:
        raise UnknownInput("the service declares no containers")
    sizes = [_container_size(c) for c in containers]
    return sum((s[0] for s in sizes), Decimal(0)), sum((s[1] for s in sizes), Decimal(0))


def cloud_sql(ctx: PriceContext) -> m.CloudSqlInstance:
    return m.CloudSqlInstance(
        tier=str(ctx.require("settings", "tier")),
        ha=(ctx.get("settings", "availabilityType") or "ZONAL").upper() == "REGIONAL",
        disk_gb=as_int(ctx.get("settings", "diskSize", default=10), "settings.diskSize"),
        disk_type=(ctx.get("settings", "diskType") or "PD_SSD").upper(),
    )


def cloud_run_v2(ctx: PriceContext) -> ServerlessContainer:
    vcpu, mem = _sum(ctx.get("template", "containers") or [])
    minimum = as_int(ctx.get("template", "scaling", "minInstanceCount", default=0), "template.scaling.minInstanceCount")
    return ServerlessContainer("cloud_run", "Cloud Run", vcpu, mem, minimum)


def cloud_run_v1(ctx: PriceContext) -> ServerlessContainer:
    vcpu, mem = _sum(ctx.get("template", "spec", "containers") or [])
    annotations = ctx.get("template", "metadata", "annotations") or {}
    minimum = as_int(annotations.get(MIN_SCALE, 0), MIN_SCALE)
    return ServerlessContainer("cloud_run", "Cloud Run", vcpu, mem, minimum)


def memorystore(ctx: PriceContext) -> m.Memorystore:
    tier = str(ctx.get("tier") or "BASIC").lower()
    size = as_int(ctx.require("memorySizeGb"), "memorySizeGb")
    return m.Memorystore(f"memorystore_gb_hour:{tier}", f"Capacity ({size} GB, {tier})", size, f"Memorystore {tier} GB-hour")


def firestore(ctx: PriceContext) -> m.Firestore:
    return m.Firestore()


def artifact_registry(ctx: PriceContext) -> StoredGigabytes:
    return StoredGigabytes(item="artifact_storage_gb_month", label="Artifact storage")


def vertex_endpoint(ctx: PriceContext) -> NoCharge:
    return NoCharge("an endpoint bills through the models deployed to it (node-hours), none of which it declares")


def vertex_model_garden(ctx: PriceContext) -> m.VertexDeployment:
    spec = ctx.get("deployConfig", "dedicatedResources", "machineSpec") or {}
    machine = spec.get("machineType")
    if not machine:
        raise UnknownInput("deployConfig.dedicatedResources.machineSpec.machineType is not set")
    replicas = as_int(ctx.get("deployConfig", "dedicatedResources", "minReplicaCount", default=1), "minReplicaCount")
    return m.VertexDeployment(f"vertex_node_hour:{machine}", f"Serving nodes ({replicas} x {machine})", replicas, f"Vertex AI {machine} node-hour")


def cloud_function(ctx: PriceContext) -> m.CloudFunction:
    return m.CloudFunction(memory_mb=as_int(ctx.get("availableMemoryMb", default=256), "availableMemoryMb"))
