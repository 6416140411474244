"""The three reference architectures on GCP, assembled from this package's building blocks.

Which blocks appear follows from the spec alone: a GPU fleet (vLLM) and/or an API fleet
(LiteLLM router). The fleet facing clients sits behind the global external HTTP load balancer;
in the hybrid the vLLM fleet sits behind an internal passthrough load balancer that only the
router (inside the subnet) calls.
"""

from __future__ import annotations

from typing import Any, Optional

import pulumi

from llmkit.components.gcp import monitoring
from llmkit.components.gcp.base import GcpBase, user_data
from llmkit.components.gcp.budget import create_budget
from llmkit.components.gcp.fleet import create_fleet
from llmkit.components.gcp.identity import create_service_account
from llmkit.components.gcp.loadbalancer import ExternalLb, create_external_lb, create_internal_lb, health_check
from llmkit.components.gcp.network import allow_from_load_balancer, allow_from_subnet, create_network
from llmkit.components.gcp.secrets import create_secrets
from llmkit.components.gcp.storage import create_model_cache
from llmkit.components.gcp.vectordb import create_qdrant
from llmkit.components.architecture import architecture_classes
from llmkit.components.children import server_host
from llmkit.components.spec import DeploymentSpec

INTERNAL_LB_HOST_INDEX = 10


def _build(component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> dict[str, pulumi.Input[Any]]:
    base = GcpBase(spec=spec, parent=component, prefix=name)
    gpu, api = spec.gpu_fleet, spec.api_fleet
    if gpu is None and api is None:
        raise ValueError(f"stack {spec.stack}: the spec has no fleet to deploy")
    net = create_network(base)
    subnet = net.subnet.id
    channels = monitoring.notification_channels(base)
    outputs: dict[str, pulumi.Input[Any]] = {}

    vllm_url: Optional[str] = None
    if gpu is not None:
        if spec.model_server is None:
            raise ValueError(f"stack {spec.stack}: a GPU fleet needs a model server spec")
        account = create_service_account(base, "vllm")
        cache = create_model_cache(base, reader=account.member)
        hc = health_check(base, "vllm", gpu.port, gpu.health_path)
        fleet = create_fleet(
            base, "vllm", gpu,
            user_data=user_data("vllm", spec, {"model_uri": pulumi.Output.concat(cache.url, "/", spec.model_server.hf_repo)}),
            subnet=subnet, service_account=account.account.email, health_check=hc.id,
        )
        allow_from_load_balancer(base, net, "vllm", gpu.port)  # LB proxies (gpu) / health checkers (hybrid)
        outputs["modelCacheUrl"] = cache.url
        if api is None:
            lb = create_external_lb(base, "vllm", instance_group=fleet.group.instance_group, hc=hc)
            outputs["endpoint"] = _endpoint(spec, lb)
            monitoring.error_rate_alert(base, "vllm", lb.backend.name, channels)
        else:
            address = server_host(spec, INTERNAL_LB_HOST_INDEX)
            allow_from_subnet(base, net, "vllm", gpu.port)
            create_internal_lb(
                base, "vllm", instance_group=fleet.group.instance_group, hc=hc, network=net.network.id,
                subnet=subnet, address=address, port=gpu.port,
            )
            vllm_url = f"http://{address}:{gpu.port}"
            outputs["vllmInternalUrl"] = vllm_url
        monitoring.gpu_saturated_alert(base, "vllm", channels)

    if api is not None:
        router = spec.router
        account = create_service_account(base, "router")
        create_secrets(base, router, reader=account.member)
        params: dict[str, pulumi.Input[str]] = {"secret_scope": account.project}
        if vllm_url:
            params["vllm_base_url"] = vllm_url
        hc = health_check(base, "router", api.port, api.health_path)
        fleet = create_fleet(
            base, "router", api, user_data=user_data("router", spec, params),
            subnet=subnet, service_account=account.account.email, health_check=hc.id,
        )
        allow_from_load_balancer(base, net, "router", api.port)
        lb = create_external_lb(base, "router", instance_group=fleet.group.instance_group, hc=hc)
        outputs["endpoint"] = _endpoint(spec, lb)
        monitoring.error_rate_alert(base, "router", lb.backend.name, channels)

    allow_from_subnet(base, net, "qdrant", spec.vector_db.port)
    qdrant = create_qdrant(base, subnet=subnet)
    monitoring.qdrant_cpu_alert(base, qdrant.instance.name, channels)
    outputs["vectorDbUrl"] = f"http://{qdrant.address}:{spec.vector_db.port}"
    create_budget(base)
    return outputs


def _endpoint(spec: DeploymentSpec, lb: ExternalLb) -> pulumi.Output[str]:
    return pulumi.Output.concat("https://" if spec.tls_certificate else "http://", lb.address.address)


ARCHITECTURES = architecture_classes(_build, __name__)
GpuCluster, ApiTier, HybridDeployment = ARCHITECTURES["gpu"], ARCHITECTURES["api"], ARCHITECTURES["hybrid"]
