"""How each block of an architecture is made on GCP (the ``Blocks`` interface of
``llmkit.components.architecture``, which decides which blocks an architecture has).

The fleet facing clients sits behind the front load balancer (internal unless the stack is public);
in the hybrid the vLLM fleet sits behind an internal passthrough load balancer that only the
router (inside the subnet) calls.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Optional

import pulumi

from llmkit.components.gcp import monitoring
from llmkit.components.gcp.cache import ResponseCache
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
from llmkit.components.gcp.storage import create_model_cache, grant_weights_reader
from llmkit.components.gcp.vectordb import create_qdrant
from llmkit.components import boot
from llmkit.components.children import BlockTree, internal_lb_host_index, server_host
from llmkit.components.gcp.storage import ModelCache
from llmkit.components.spec import DeploymentSpec, ModelTier

FRONT_LB_HOST_INDEX = 11  # the client-facing load balancer when it is internal (the default)


class CloudBlocks:
    """GCP's blocks (see ``architecture.Blocks``): VPC, subnet, notification channels, the
    service accounts and every secret (each readable only by the roles that use it) first; the
    client-facing fleet behind the front load balancer (internal unless the stack is public),
    vLLM behind an internal passthrough load balancer when a router fronts it."""

    def __init__(self, component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> None:
        self.spec = spec
        self.block = BlockTree("gcp", name, component)
        self.base = base = GcpBase(spec=spec, parent=component, prefix=name)
        self.alerts = base.under(self.block("Alerts"))
        self.net = create_network(base.under(self.block("Network")))
        self.subnet = self.net.subnet.id
        self._model_cache: Optional[ModelCache] = None  # made with the first GPU fleet, shared by every tier
        self.channels = monitoring.notification_channels(self.alerts)
        secrets = base.under(self.block("Secrets"))
        self.outputs: dict[str, Any] = {}
        gpu, api = spec.gpu_fleet, spec.api_fleet
        self.gpu_account = create_service_account(secrets, "vllm") if gpu is not None else None
        self.router_account = create_service_account(secrets, "router") if api is not None else None
        self.qdrant_account = create_service_account(secrets, "qdrant")
        readers: dict[str, list[pulumi.Input[str]]] = {spec.vector_db.api_key_secret: [self.qdrant_account.member]}
        if self.router_account is not None and spec.router is not None:
            for secret_name in spec.router.secret_names:
                readers.setdefault(secret_name, []).append(self.router_account.member)
        if self.gpu_account is not None and spec.model_server is not None:
            readers.setdefault(spec.model_server.api_key_secret, []).append(self.gpu_account.member)
            if spec.model_server.hf_token_secret:
                readers.setdefault(spec.model_server.hf_token_secret, []).append(self.gpu_account.member)
            if self.router_account is not None:  # the hybrid router calls vLLM with the server's key
                readers[spec.model_server.api_key_secret].append(self.router_account.member)
        create_secrets(secrets, readers)
        self._cache: Optional[ResponseCache] = None

    def model_servers(self, *, public: bool, tier: Optional[ModelTier] = None) -> pulumi.Input[str]:
        spec = self.spec.for_tier(tier) if tier is not None else self.spec
        suffix = self.spec.tier_suffix(tier)  # a tiers stack's other fleets: their own names
        base, gpu, account = self.base.under(self.block("ModelServers")), spec.gpu_fleet, self.gpu_account
        assert gpu is not None and spec.model_server is not None and account is not None
        role = f"vllm{suffix}"
        if self._model_cache is None:  # one model cache for every tier
            self._model_cache = create_model_cache(base, reader=account.member)
            self.outputs["modelCacheUrl"] = self._model_cache.url
        cache = self._model_cache
        if spec.model_server.weights_uri:  # a custom model synced from its own bucket
            grant_weights_reader(base, spec.model_server.weights_uri, reader=account.member)
        hc = health_check(base, role, gpu.port, gpu.health_path)
        fleet = create_fleet(
            base, role, gpu,
            user_data=user_data("vllm", spec, {"model_uri": pulumi.Output.concat(cache.url, "/", spec.model_server.hf_repo),
                                               "secret_scope": account.project}),
            subnet=self.subnet, service_account=account.account.email, health_check=hc.id,
        )
        allow_from_load_balancer(base, self.net, role, gpu.port)  # LB proxies (gpu) / health checkers (hybrid)
        url: pulumi.Input[str]
        if public:
            url = _front(base, self.alerts, self.net, "vllm", gpu, fleet, hc, self.channels)
        else:
            address = server_host(spec, internal_lb_host_index(self.spec, tier))
            allow_from_subnet(base, self.net, role, gpu.port)
            create_internal_lb(
                base, role, instance_group=fleet.group.instance_group, hc=hc, network=self.net.network.id,
                subnet=self.subnet, address=address, port=gpu.port,
            )
            url = f"http://{address}:{gpu.port}"
            if not suffix:
                self.outputs["vllmInternalUrl"] = url
        if not suffix:  # reads every GPU server of the stack (by its label), every tier's
            monitoring.gpu_saturated_alert(self.alerts, "vllm", self.channels)
        return url

    def routers(self, vllm_url: Optional[pulumi.Input[str]],
                more_local: Optional[Mapping[str, pulumi.Input[str]]] = None) -> pulumi.Input[str]:
        base, spec, api, account = self.base.under(self.block("Routers")), self.spec, self.spec.api_fleet, self.router_account
        assert api is not None and account is not None
        params: dict[str, pulumi.Input[str]] = {"secret_scope": account.project}
        if vllm_url:
            params["vllm_base_url"] = vllm_url
        if self._cache is not None:
            params.update(cache_host=self._cache.host, cache_port=self._cache.port, cache_ca=self._cache.ca)
        params.update(boot.tier_url_params(more_local or {}))
        hc = health_check(base, "router", api.port, api.health_path)
        fleet = create_fleet(
            base, "router", api, user_data=user_data("router", spec, params),
            subnet=self.subnet, service_account=account.account.email, health_check=hc.id,
        )
        allow_from_load_balancer(base, self.net, "router", api.port)
        if spec.router is not None and spec.router.hosted:  # the routers publish it (metricWriter: identity.py)
            monitoring.api_quota_alert(self.alerts, self.channels)
        return _front(base, self.alerts, self.net, "router", api, fleet, hc, self.channels)

    def response_cache(self) -> None:
        assert self.router_account is not None
        self._cache = ResponseCache(self.base.under(self.block("ResponseCache")), self.net,
                                    router_tag=self.base.tag("router"), readers=[self.router_account.member])

    def vector_db(self) -> pulumi.Input[str]:
        base = self.base.under(self.block("VectorDb"))
        allow_from_subnet(base, self.net, "qdrant", self.spec.vector_db.port)
        account = self.qdrant_account
        qdrant = create_qdrant(base, subnet=self.subnet, service_account=account.account.email, secret_scope=account.project)
        monitoring.qdrant_cpu_alert(self.alerts, qdrant.instance.name, self.channels)
        return f"http://{qdrant.address}:{self.spec.vector_db.port}"

    def budget(self) -> None:
        create_budget(self.alerts)


def _front(base: GcpBase, alerts: GcpBase, net: Any, role: str, front: Any, fleet: Any, hc: Any, channels: Any) -> pulumi.Input[str]:
    """The client-facing load balancer: the global external HTTP(S) one when the stack is public
    (a certificate or ``llmkit:publicEndpoint``), else an internal HTTP one on a fixed private
    address in the stack's network. Both see HTTP, so both carry the error-rate and latency
    alerts. Returns the endpoint URL."""
    spec = base.spec
    # in front of vLLM only the OpenAI API passes; its /metrics and /health stay private
    paths = spec.model_server.client_paths if role == "vllm" and spec.model_server else ()
    if spec.internet_facing:
        lb = create_external_lb(base, role, instance_group=fleet.group.instance_group, hc=hc, client_paths=paths)
        _front_alerts(alerts, role, monitoring.external(lb.backend.name), channels)
        return _endpoint(spec, lb)
    address = server_host(spec, FRONT_LB_HOST_INDEX)
    proxies = add_proxy_subnet(base, net)
    allow_from_proxies(base, net, role, front.port)
    internal = create_internal_http_lb(
        base, role, instance_group=fleet.group.instance_group, port=front.port, path=front.health_path,
        network=net.network.id, subnet=net.subnet.id, address=address, proxy_subnet=proxies, client_paths=paths,
    )
    _front_alerts(alerts, role, monitoring.internal(internal.forwarding_rule.name), channels)
    return f"http://{address}"


def _front_alerts(base: GcpBase, role: str, lb: Any, channels: Any) -> None:
    """The guide's front-door alerts: error rate, p95 latency, server cost per query."""
    monitoring.error_rate_alert(base, role, lb, channels)
    monitoring.latency_alert(base, role, lb, channels)
    monitoring.dashboard(base, lb)
    fleets = [f for f in (base.spec.gpu_fleet, base.spec.api_fleet) if f is not None]
    if fleets and all(f.hourly_usd is not None for f in fleets):  # an unknown price is never alerted on as $0
        monitoring.cost_per_query_alert(base, role, lb, [("vllm" if f.role == "gpu" else "router", f.hourly_usd or Decimal(0))
                                                         for f in fleets], channels)


def _endpoint(spec: DeploymentSpec, lb: ExternalLb) -> pulumi.Output[str]:
    return pulumi.Output.concat("https://" if spec.tls_certificate else "http://", lb.address.address)
