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
from llmkit.components.gcp.loadbalancer import (
    ExternalLb,
    create_external_lb,
    create_internal_http_lb,
    create_internal_lb,
    health_check,
)
from llmkit.components.gcp.network import (
    add_proxy_subnet,
    allow_from_load_balancer,
    allow_from_proxies,
    allow_from_subnet,
    create_network,
)
from llmkit.components.gcp.secrets import create_secrets
from llmkit.components.gcp.storage import create_model_cache
from llmkit.components.gcp.vectordb import create_qdrant
from llmkit.components.architecture import architecture_classes
from llmkit.components.children import server_host
from llmkit.components.spec import DeploymentSpec

INTERNAL_LB_HOST_INDEX = 10  # the hybrid's vLLM load balancer (only the router calls it)
FRONT_LB_HOST_INDEX = 11  # the client-facing load balancer when it is internal (the default)


def _build(component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> dict[str, pulumi.Input[Any]]:
    base = GcpBase(spec=spec, parent=component, prefix=name)
    gpu, api = spec.gpu_fleet, spec.api_fleet
    if gpu is None and api is None:
        raise ValueError(f"stack {spec.stack}: the spec has no fleet to deploy")
    net = create_network(base)
    subnet = net.subnet.id
    channels = monitoring.notification_channels(base)
    outputs: dict[str, pulumi.Input[Any]] = {}
    gpu_account = create_service_account(base, "vllm") if gpu is not None else None
    router_account = create_service_account(base, "router") if api is not None else None
    readers: dict[str, list[pulumi.Input[str]]] = {}
    if router_account is not None and spec.router is not None:
        for secret_name in spec.router.secret_names:
            readers.setdefault(secret_name, []).append(router_account.member)
    if gpu_account is not None and spec.model_server is not None:
        readers.setdefault(spec.model_server.api_key_secret, []).append(gpu_account.member)
        if spec.model_server.hf_token_secret:
            readers.setdefault(spec.model_server.hf_token_secret, []).append(gpu_account.member)
        if router_account is not None:  # the hybrid router calls vLLM with the server's key
            readers[spec.model_server.api_key_secret].append(router_account.member)
    create_secrets(base, readers)

    vllm_url: Optional[str] = None
    if gpu is not None:
        if spec.model_server is None:
            raise ValueError(f"stack {spec.stack}: a GPU fleet needs a model server spec")
        account = gpu_account
        assert account is not None
        cache = create_model_cache(base, reader=account.member)
        hc = health_check(base, "vllm", gpu.port, gpu.health_path)
        fleet = create_fleet(
            base, "vllm", gpu,
            user_data=user_data("vllm", spec, {"model_uri": pulumi.Output.concat(cache.url, "/", spec.model_server.hf_repo),
                                               "secret_scope": account.project}),
            subnet=subnet, service_account=account.account.email, health_check=hc.id,
        )
        allow_from_load_balancer(base, net, "vllm", gpu.port)  # LB proxies (gpu) / health checkers (hybrid)
        outputs["modelCacheUrl"] = cache.url
        if api is None:
            outputs["endpoint"] = _front(base, net, "vllm", gpu, fleet, hc, channels)
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
        account = router_account
        assert account is not None
        params: dict[str, pulumi.Input[str]] = {"secret_scope": account.project}
        if vllm_url:
            params["vllm_base_url"] = vllm_url
        hc = health_check(base, "router", api.port, api.health_path)
        fleet = create_fleet(
            base, "router", api, user_data=user_data("router", spec, params),
            subnet=subnet, service_account=account.account.email, health_check=hc.id,
        )
        allow_from_load_balancer(base, net, "router", api.port)
        outputs["endpoint"] = _front(base, net, "router", api, fleet, hc, channels)

    allow_from_subnet(base, net, "qdrant", spec.vector_db.port)
    qdrant = create_qdrant(base, subnet=subnet)
    monitoring.qdrant_cpu_alert(base, qdrant.instance.name, channels)
    outputs["vectorDbUrl"] = f"http://{qdrant.address}:{spec.vector_db.port}"
    create_budget(base)
    return outputs


def _front(base: GcpBase, net: Any, role: str, front: Any, fleet: Any, hc: Any, channels: Any) -> pulumi.Input[str]:
    """The client-facing load balancer: the global external HTTP(S) one when the stack is public
    (a certificate or ``llmkit:publicEndpoint``), else an internal HTTP one on a fixed private
    address in the stack's network. Both see HTTP, so both carry the error-rate and latency
    alerts. Returns the endpoint URL."""
    spec = base.spec
    if spec.internet_facing:
        lb = create_external_lb(base, role, instance_group=fleet.group.instance_group, hc=hc)
        _front_alerts(base, role, monitoring.external(lb.backend.name), channels)
        return _endpoint(spec, lb)
    address = server_host(spec, FRONT_LB_HOST_INDEX)
    proxies = add_proxy_subnet(base, net)
    allow_from_proxies(base, net, role, front.port)
    internal = create_internal_http_lb(
        base, role, instance_group=fleet.group.instance_group, port=front.port, path=front.health_path,
        network=net.network.id, subnet=net.subnet.id, address=address, proxy_subnet=proxies,
    )
    _front_alerts(base, role, monitoring.internal(internal.forwarding_rule.name), channels)
    return f"http://{address}"


def _front_alerts(base: GcpBase, role: str, lb: Any, channels: Any) -> None:
    """The guide's front-door alerts: error rate, p95 latency, server cost per query."""
    monitoring.error_rate_alert(base, role, lb, channels)
    monitoring.latency_alert(base, role, lb, channels)
    priced = base.spec.gpu_fleet or base.spec.api_fleet
    if priced is not None and priced.hourly_usd is not None:  # an unknown price is never alerted on as $0
        monitoring.cost_per_query_alert(base, role, lb, "vllm" if priced.role == "gpu" else "router",
                                        priced.hourly_usd, channels)


def _endpoint(spec: DeploymentSpec, lb: ExternalLb) -> pulumi.Output[str]:
    return pulumi.Output.concat("https://" if spec.tls_certificate else "http://", lb.address.address)


ARCHITECTURES = architecture_classes(_build, __name__)
GpuCluster, ApiTier, HybridDeployment = ARCHITECTURES["gpu"], ARCHITECTURES["api"], ARCHITECTURES["hybrid"]
