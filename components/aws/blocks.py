"""How each block of an architecture is made on AWS (the ``Blocks`` interface of
``llmkit.components.architecture``, which decides which blocks an architecture has).

Network, load balancers, fleets, roles, secrets, vector DB and alarms come from this package's
modules; the blocks record AWS's own outputs (model bucket, Auto Scaling group names).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi
import pulumi_aws as aws

from llmkit.components import boot
from llmkit.components.aws.cache import ResponseCache
from llmkit.components.aws.fleet import Fleet, server_security_group
from llmkit.components.aws.iam import InstanceRole
from llmkit.components.aws.loadbalancer import LoadBalancer
from llmkit.components.aws.monitoring import Alerts
from llmkit.components.aws.network import Network
from llmkit.components.aws.secrets import ApiKeySecrets
from llmkit.components.aws.storage import ModelBucket
from llmkit.components.aws.vectordb import VectorDb
from llmkit.components.children import BlockTree
from llmkit.components.spec import DeploymentSpec, ModelTier


class CloudBlocks:
    """AWS's blocks (see ``architecture.Blocks``): one VPC and alarm topic; the public load
    balancer and the router's security group made once, when the first block needs them."""

    def __init__(self, component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> None:
        self.component, self.name, self.spec = component, name, spec
        self.block = BlockTree("aws", name, component)
        self.outputs: dict[str, Any] = {}
        self.net = Network(name, spec, self.block("Network"))
        self.alerts = Alerts(name, spec, self.block("Alerts"))
        # every key of the stack (router, provider, model server) in one set of secrets; each
        # server role is granted only the ones it reads
        self.keys = ApiKeySecrets(f"{name}-keys", spec, self.block("Secrets"))
        self.fleets: list[tuple[Fleet, Any]] = []  # (fleet, its FleetSpec): what cost per query counts
        self._public: Optional[tuple[LoadBalancer, aws.ec2.SecurityGroup]] = None
        self._server_groups: list[aws.ec2.SecurityGroup] = []  # who may reach the vector DB
        self._cache: Optional[ResponseCache] = None
        self._bucket: Optional[ModelBucket] = None  # the model cache, made with the first GPU fleet

    def model_servers(self, *, public: bool, tier: Optional[ModelTier] = None) -> pulumi.Input[str]:
        """vLLM behind the front ALB (internal unless the stack is public), or (hybrid) an
        internal ALB only the router may call; one per tier in a tiers stack."""
        spec = self.spec.for_tier(tier) if tier is not None else self.spec
        suffix = self.spec.tier_suffix(tier)
        gpu = spec.gpu_fleet
        assert gpu is not None
        paths = spec.model_server.client_paths if spec.model_server else ()
        if public:
            lb = self._load_balancer("lb", gpu.port, gpu.health_path, "ModelServers", client_paths=paths)
        else:
            router_sg = self._router_front()[1]
            variant = str(self.spec.model_tiers.index(tier) + 1) if suffix and tier is not None else ""
            lb = self._load_balancer(f"vllm-lb{suffix}", gpu.port, gpu.health_path, "ModelServers", internal=True,
                                     client_security_group=router_sg, client_paths=paths, variant=variant)
        fleet = self._gpu_fleet(lb, spec, suffix)
        if not suffix:
            self.outputs["gpuGroup"] = fleet.group.name
        if public:
            self._public_error_rate(lb)
        return lb.url

    def routers(self, vllm_url: Optional[pulumi.Input[str]],
                more_local: Optional[Mapping[str, pulumi.Input[str]]] = None) -> pulumi.Input[str]:
        lb, sg = self._router_front()
        fleet = self._router_fleet(lb, sg, vllm_url, more_local or {})
        self.outputs["routerGroup"] = fleet.group.name
        self._public_error_rate(lb)
        return lb.url

    def response_cache(self) -> None:
        router_sg = self._router_front()[1]
        self._cache = ResponseCache(f"{self.name}-cache", self.spec, self.net, self.block("ResponseCache"),
                                    clients=[router_sg], keys=self.keys)

    def vector_db(self) -> pulumi.Input[str]:
        vdb = VectorDb(f"{self.name}-qdrant", self.spec, self.net, self.block("VectorDb"), clients=list(self._server_groups),
                       keys=self.keys)
        return vdb.url

    def budget(self) -> None:
        self.alerts.budget(self.name, self.spec, self.block("Alerts"))

    def _router_front(self) -> tuple[LoadBalancer, aws.ec2.SecurityGroup]:
        """The public ALB in front of the routers, and the routers' security group."""
        if self._public is None:
            api = self.spec.api_fleet
            assert api is not None
            lb = self._load_balancer("lb", api.port, api.health_path, "Routers")
            self._public = (lb, self._security_group("router", api.port, lb, "Routers"))
        return self._public

    def _load_balancer(self, suffix: str, port: int, health_path: str, block: str, **kw: Any) -> LoadBalancer:
        return LoadBalancer(f"{self.name}-{suffix}", self.spec, self.net, self.block(block),
                            target_port=port, health_path=health_path, **kw)

    def _security_group(self, role: str, port: int, lb: LoadBalancer, block: str) -> aws.ec2.SecurityGroup:
        """Servers of ``role`` take ``port`` only from ``lb``."""
        sg = server_security_group(f"{self.name}-{role}", self.spec, self.net, self.block(block), port=port,
                                   sources=[lb.security_group])
        self._server_groups.append(sg)
        return sg

    def _gpu_fleet(self, lb: LoadBalancer, spec: DeploymentSpec, suffix: str = "") -> Fleet:
        """The vLLM fleet behind ``lb`` (``spec``: the stack's, or one tier's view of it),
        loading weights from the model-cache bucket, which every tier shares."""
        name, parent = self.name, self.block("ModelServers")
        assert spec.gpu_fleet is not None and spec.model_server is not None
        if self._bucket is None:
            self._bucket = ModelBucket(f"{name}-models", spec, parent)
            self.outputs["modelBucket"] = self._bucket.bucket.bucket
        bucket = self._bucket
        role = InstanceRole(f"{name}-gpu{suffix}", spec, parent, bucket=bucket.bucket, publishes_metrics=True,
                            secrets=self.keys.only(spec.model_server.api_key_secret, spec.model_server.hf_token_secret),
                            weights_uri=spec.model_server.weights_uri)
        sg = self._security_group(f"gpu{suffix}", spec.gpu_fleet.port, lb, "ModelServers")
        user_data = boot.render_output("vllm", spec, cloud="aws", params={
            "model_uri": bucket.model_uri(spec.model_server.hf_repo), "secret_scope": spec.region})
        fleet = Fleet(f"{name}-gpu{suffix}", spec, spec.gpu_fleet, self.net, lb, role, sg, user_data, parent)
        self.fleets.append((fleet, spec.gpu_fleet))
        self.alerts.gpu_saturation(f"{name}-gpu{suffix}", spec, fleet.group, self.block("Alerts"))
        return fleet

    def _router_fleet(self, lb: LoadBalancer, sg: aws.ec2.SecurityGroup, vllm_url: Optional[pulumi.Input[str]],
                      more_local: Mapping[str, pulumi.Input[str]]) -> Fleet:
        """The LiteLLM fleet behind ``lb``, reading its keys from its own secrets at boot."""
        name, spec, parent = self.name, self.spec, self.block("Routers")
        assert spec.api_fleet is not None and spec.router is not None
        role = InstanceRole(f"{name}-router", spec, parent, secrets=self.keys.only(*spec.router.secret_names, *(
            [spec.model_server.api_key_secret] if spec.router.local_model and spec.model_server else []), *(
            [spec.response_cache.auth_secret] if self._cache is not None and spec.response_cache else [])),
            publishes_metrics=bool(spec.router.hosted))  # the hosted-API quota use (boot/metrics_publisher.py)
        params: dict[str, pulumi.Input[str]] = {"secret_scope": spec.region}
        if vllm_url is not None:
            params["vllm_base_url"] = vllm_url
        if self._cache is not None:
            params.update(cache_host=self._cache.host, cache_port=str(self._cache.port))
        params.update(boot.tier_url_params(more_local))
        user_data = boot.render_output("router", spec, cloud="aws", params=params)
        fleet = Fleet(f"{name}-router", spec, spec.api_fleet, self.net, lb, role, sg, user_data, parent)
        self.fleets.append((fleet, spec.api_fleet))
        if spec.router.hosted:
            self.alerts.api_quota_use(f"{name}-router", spec, self.block("Alerts"))
        return fleet

    def _public_error_rate(self, lb: LoadBalancer) -> None:
        """The front load balancer's guide alerts: error rate, p95 latency, cost per query."""
        alerts = self.block("Alerts")
        self.alerts.error_rate(f"{self.name}-lb", self.spec, lb, alerts)
        self.alerts.latency(f"{self.name}-lb", self.spec, lb, alerts)
        self.alerts.cost_per_query(f"{self.name}-lb", self.spec, lb, [(f.group, s) for f, s in self.fleets], alerts)
        self.alerts.dashboard(self.name, self.spec, lb, alerts)
