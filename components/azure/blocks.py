"""How each block of an architecture is made on Azure (the ``Blocks`` interface of
``llmkit.components.architecture``, which decides which blocks an architecture has).

One resource group per stack, named for it (``llmkit-<stack>``), so teardown and the expiry
sweep can remove a whole environment at once. The fleet facing clients sits behind the front
load balancer; in the hybrid the vLLM fleet sits behind an internal load balancer that only the
router (inside the VNet) calls.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure import gpu_metrics, monitoring
from llmkit.components.azure.budget import create_budget
from llmkit.components.azure.cache import ResponseCache
from llmkit.components.azure.dashboard import create_dashboard
from llmkit.components.azure.appgateway import certificate_secret, create_app_gateway
from llmkit.components.azure.base import AzureBase, custom_data, front_lb_address, internal_lb_address, l4_public
from llmkit.components.azure.fleet import create_fleet
from llmkit.components.azure.loadbalancer import create_load_balancer
from llmkit.components.azure.network import create_network
from llmkit.components.azure.secrets import create_key_vault, grant_secret
from llmkit.components.azure.storage import create_model_cache
from llmkit.components.azure.vectordb import create_qdrant
from llmkit.components import boot
from llmkit.components.azure.storage import ModelCache
from llmkit.components.children import BlockTree
from llmkit.components.spec import DeploymentSpec, ModelTier

class CloudBlocks:
    """Azure's blocks (see ``architecture.Blocks``): the resource group, VNet, action group, the
    identities and the one Key Vault first; the client-facing fleet behind the front load
    balancer (internal unless the stack is public; an Application Gateway in front with a
    certificate), vLLM behind an internal one when a router fronts it."""

    def __init__(self, component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> None:
        if spec.tls_certificate:
            certificate_secret(spec.tls_certificate)  # a malformed id fails before anything is created
        rg = azure.resources.ResourceGroup(
            f"{name}-rg",
            resource_group_name=f"llmkit-{spec.stack}",
            location=spec.region,
            tags=dict(spec.labels),
            opts=pulumi.ResourceOptions(parent=component),
        )
        self.spec = spec
        self.block = BlockTree("azure", name, component)
        # the resource group is the stack's container on Azure: it stays under the architecture
        self.base = base = AzureBase(spec=spec, parent=component, prefix=name, resource_group=rg)
        self.alerts = base.under(self.block("Alerts"))
        secrets = base.under(self.block("Secrets"))
        gpu, api = spec.gpu_fleet, spec.api_fleet
        front = api or gpu
        if front is None:
            raise ValueError(f"stack {spec.stack}: the spec has no fleet to deploy")
        self.front = front
        internal_ports = [spec.vector_db.port] + ([gpu.port] if gpu and api else [])
        self.network = create_network(base.under(self.block("Network")), public_port=front.port, internal_ports=internal_ports)
        self.subnet_id = self.network.subnet.id
        self.actions = monitoring.create_action_group(self.alerts)
        self.outputs: dict[str, Any] = {"resourceGroup": rg.name}
        self.scale_sets: dict[str, Any] = {}  # fleet role -> its scale set, for the dashboard
        self._model_cache: Optional[ModelCache] = None  # made with the first GPU fleet, shared by every tier
        self._gpu_fleets: list[tuple[str, Any, Any]] = []  # (role, scale set, FleetSpec) of every vLLM tier
        # one vault for every key of the stack; the router reads it whole, vLLM only its own key
        self.router_identity = _identity(secrets, "router") if api is not None else None
        self.vllm_identity = _identity(secrets, "vllm") if gpu is not None else None
        self.qdrant_identity = _identity(secrets, "qdrant")
        tenant = self.router_identity or self.vllm_identity
        assert tenant is not None
        self.vault = create_key_vault(
            secrets, tenant_id=tenant.tenant_id, subnet_id=self.subnet_id,
            reader_principal_id=self.router_identity.principal_id if self.router_identity else None,
        )
        self.outputs["keyVaultUri"] = self.vault.uri
        self._cache: Optional[ResponseCache] = None

    def model_servers(self, *, public: bool, tier: Optional[ModelTier] = None) -> pulumi.Input[str]:
        spec = self.spec.for_tier(tier) if tier is not None else self.spec
        suffix = self.spec.tier_suffix(tier)  # a tiers stack's other fleets: their own names
        base, gpu, vault = self.base.under(self.block("ModelServers")), spec.gpu_fleet, self.vault
        assert gpu is not None and spec.model_server is not None and self.vllm_identity is not None
        identity, role = self.vllm_identity, f"vllm{suffix}"
        if self._model_cache is None:  # one identity, key grant and model cache for every tier
            grant_secret(base, vault, spec.model_server.api_key_secret, identity.principal_id, "vllm")
            if spec.model_server.hf_token_secret in vault.secrets:  # only when configured (a secret is its value)
                grant_secret(base, vault, spec.model_server.hf_token_secret, identity.principal_id, "vllm-hf")
            self._model_cache = create_model_cache(base, subnet_id=self.subnet_id, reader_principal_id=identity.principal_id)
            self.outputs["modelCacheUrl"] = self._model_cache.url
        cache = self._model_cache
        front_public = public and l4_public(spec)
        internal_ip = internal_lb_address(self.spec, tier)
        lb = create_load_balancer(
            base, role, backend_port=gpu.port, health_path=gpu.health_path,
            public=front_public, subnet_id=self.subnet_id,
            private_ip=None if front_public else (front_lb_address(spec) if public else internal_ip),
            frontend_port=80 if public else gpu.port,
        )
        params: dict[str, pulumi.Input[str]] = {"model_uri": pulumi.Output.concat(cache.url, "/", _weights(spec)),
                                                "secret_scope": vault.vault.name}
        if public and gpu.hourly_usd is not None:  # vLLM is the front: it publishes the cost per query
            params["fleet_costs"] = f"self={gpu.hourly_usd}"
        vllm = create_fleet(
            base, role, gpu,
            custom_data=custom_data("vllm", spec, params),
            subnet_id=self.subnet_id, pool_id=lb.pool_id, probe_id=lb.probe_id, identity_id=identity.id,
            extensions=[gpu_metrics.publisher_extension(identity.client_id)],
        )
        base.grant(f"{role}-metrics-publisher", role_guid=gpu_metrics.MONITORING_METRICS_PUBLISHER, scope=vllm.vmss.id,
                   principal_id=identity.principal_id, why="vLLM servers publish their GPU utilisation")
        monitoring.lb_alerts(self.alerts, role, lb.lb, self.actions)
        monitoring.gpu_saturated_alert(self.alerts, role, vllm.vmss, self.actions)
        self._gpu_fleets.append((role, vllm.vmss, gpu))
        self.scale_sets.setdefault("vllm", vllm.vmss)  # the dashboard charts the first tier's
        if public:  # vLLM is the front: its own p95 (the load balancer measures none)
            monitoring.latency_alert(self.alerts, "vllm", vllm.vmss, self.actions)
            self._cost_per_query(base, "vllm", vllm.vmss, identity)
            create_dashboard(self.alerts, self.scale_sets, front="vllm", cost_per_query="fleet_costs" in params)
            return self._front_door(base, _endpoint(spec, lb.public_ip))
        url = f"http://{internal_ip}:{gpu.port}"
        if not suffix:
            self.outputs["vllmInternalUrl"] = url
        return url

    def routers(self, vllm_url: Optional[pulumi.Input[str]],
                more_local: Optional[Mapping[str, pulumi.Input[str]]] = None) -> pulumi.Input[str]:
        base, spec, api = self.base.under(self.block("Routers")), self.spec, self.spec.api_fleet
        assert api is not None and self.router_identity is not None
        identity = self.router_identity
        params: dict[str, pulumi.Input[str]] = {"secret_scope": self.vault.vault.name}
        if vllm_url:
            params["vllm_base_url"] = vllm_url
        params.update(boot.tier_url_params(more_local or {}))
        costs = self._fleet_costs()
        if costs is not None:
            params["fleet_costs"] = costs
        if self._cache is not None:  # the router identity reads the whole vault, the cache's key too
            params.update(cache_host=self._cache.host, cache_port=str(self._cache.port))
        lb = create_load_balancer(
            base, "router", backend_port=api.port,
            health_path=api.health_path, public=l4_public(spec), subnet_id=self.subnet_id,
            private_ip=None if l4_public(spec) else front_lb_address(spec),
        )
        fleet = create_fleet(
            base, "router", api, custom_data=custom_data("router", spec, params),
            subnet_id=self.subnet_id, pool_id=lb.pool_id, probe_id=lb.probe_id, identity_id=identity.id,
        )
        monitoring.lb_alerts(self.alerts, "router", lb.lb, self.actions)
        monitoring.fleet_saturated_alert(self.alerts, "router", fleet.vmss, api.scale_up_pct, self.actions)
        hosted = spec.router is not None and bool(spec.router.hosted)
        if hosted:  # quota use, published by the routers themselves
            base.grant("router-metrics-publisher", role_guid=gpu_metrics.MONITORING_METRICS_PUBLISHER, scope=fleet.vmss.id,
                       principal_id=identity.principal_id, why="routers publish their hosted-API quota use, cache hit rate and p95 latency")
            monitoring.api_quota_alert(self.alerts, "router", fleet.vmss, self.actions)
            monitoring.latency_alert(self.alerts, "router", fleet.vmss, self.actions)  # p95 as the routers see it
        cost_per_query = hosted and costs is not None  # the publisher runs on hosted routers only
        if cost_per_query:
            self._cost_per_query(base, "router", fleet.vmss, identity)
        self.scale_sets["router"] = fleet.vmss
        create_dashboard(self.alerts, self.scale_sets, front="router", cost_per_query=cost_per_query)
        return self._front_door(base, _endpoint(spec, lb.public_ip))

    def _fleet_costs(self) -> Optional[pulumi.Output[str]]:
        """The routers' ``fleet_costs`` boot param: their own price and the vLLM fleet's by scale
        set id; None when a price is unknown (an unknown price is never alerted on as $0)."""
        api = self.spec.api_fleet
        if api is None or api.hourly_usd is None or any(gpu.hourly_usd is None for _, _, gpu in self._gpu_fleets):
            return None
        parts: list[pulumi.Input[str]] = [f"self={api.hourly_usd}"]
        for _, vmss, gpu in self._gpu_fleets:  # every tier's fleet in a tiers stack
            parts += [" ", vmss.id, f"={gpu.hourly_usd}"]
        return pulumi.Output.concat(*parts)

    def _cost_per_query(self, base: AzureBase, role: str, front_vmss: Any, identity: Any) -> None:
        """Server cost per query above the guide's $0.05: the front servers publish it
        (boot/metrics_publisher.py), reading every fleet's size with Reader on that scale set
        only."""
        fleets = [(role, front_vmss)] + ([(r, vmss) for r, vmss, _ in self._gpu_fleets] if role == "router" else [])
        for fleet_role, vmss in fleets:
            base.grant(f"{role}-reads-{fleet_role}-size", role_guid=gpu_metrics.READER, scope=vmss.id,
                       principal_id=identity.principal_id, why=f"{role} servers read the {fleet_role} fleet's size for the cost per query")
        monitoring.cost_per_query_alert(self.alerts, role, front_vmss, self.actions)

    def _front_door(self, base: AzureBase, lb_endpoint: pulumi.Input[Optional[str]]) -> Any:
        """The client URL: with a certificate, HTTPS only, through an Application Gateway in
        front of the internal load balancer; else the load balancer's own."""
        if not self.spec.tls_certificate:
            return lb_endpoint
        return create_app_gateway(base, vnet_name=self.network.vnet.name,
                                  backend_address=front_lb_address(self.spec), probe_path=self.front.health_path)

    def response_cache(self) -> None:
        self._cache = ResponseCache(self.base.under(self.block("ResponseCache")), self.network, self.vault)

    def vector_db(self) -> pulumi.Input[str]:
        base, identity = self.base.under(self.block("VectorDb")), self.qdrant_identity
        grant_secret(base, self.vault, self.spec.vector_db.api_key_secret, identity.principal_id, "qdrant")
        qdrant = create_qdrant(base, subnet_id=self.subnet_id, identity_id=identity.id, secret_scope=self.vault.vault.name)
        monitoring.vm_alert(self.alerts, "qdrant", qdrant.vm, self.actions)
        return f"http://{qdrant.address}:{self.spec.vector_db.port}"

    def budget(self) -> None:
        create_budget(self.alerts)


def _identity(base: AzureBase, role: str) -> azure.managedidentity.UserAssignedIdentity:
    """One identity per server role, so each gets only its own role assignment (vLLM reads the
    model container, the router reads Key Vault). User-assigned: it exists, with its grants,
    before the first VM boots."""
    return azure.managedidentity.UserAssignedIdentity(
        base.name(f"{role}-identity"), resource_name_=f"llmkit-{base.spec.stack}-{role}", **base.placed()
    )


def _weights(spec: DeploymentSpec) -> str:
    """Prefix of the model's weights in the cache container: the Hugging Face repo id."""
    if spec.model_server is None:
        raise ValueError(f"stack {spec.stack}: a GPU fleet needs a model server spec")
    return spec.model_server.hf_repo


def _endpoint(spec: DeploymentSpec, public_ip: Optional[azure.network.PublicIPAddress]) -> pulumi.Input[Optional[str]]:
    """The client URL: the public IP, or the internal load balancer's fixed private address."""
    if public_ip is None:
        return f"http://{front_lb_address(spec)}"
    return public_ip.ip_address.apply(lambda ip: f"http://{ip}" if ip else None)
