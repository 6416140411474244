"""The guide's three architecture patterns on AWS, as ComponentResources.

Each is built from the package's shared blocks (network, load balancer, fleet, roles, secrets,
vector DB, alerts) and records ``outputs`` (endpoint, model bucket, vector DB URL) that the
program exports.
"""

from __future__ import annotations

from typing import Any, Optional

import pulumi
import pulumi_aws as aws

from components import boot
from components.aws.fleet import Fleet, server_security_group
from components.aws.iam import InstanceRole
from components.aws.loadbalancer import LoadBalancer
from components.aws.monitoring import Alerts
from components.aws.network import Network
from components.aws.secrets import ApiKeySecrets
from components.aws.storage import ModelBucket
from components.aws.vectordb import VectorDb
from components.spec import DeploymentSpec


class _Architecture(pulumi.ComponentResource):
    TYPE = ""
    router_security_group: aws.ec2.SecurityGroup
    gpu_security_group: aws.ec2.SecurityGroup

    def __init__(self, name: str, args: DeploymentSpec, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__(self.TYPE, name, None, opts)
        self.spec = args
        self.outputs: dict[str, Any] = {}
        self.net = Network(name, args, self)
        self.alerts = Alerts(name, args, self)
        self._build(name, args)
        self.alerts.budget(name, args, self)
        self.register_outputs(self.outputs)

    def _build(self, name: str, spec: DeploymentSpec) -> None:
        raise NotImplementedError

    def _gpu_fleet(self, name: str, spec: DeploymentSpec, lb: LoadBalancer) -> Fleet:
        """The vLLM fleet behind ``lb``, loading weights from the model-cache bucket."""
        assert spec.gpu_fleet is not None and spec.model_server is not None
        bucket = ModelBucket(f"{name}-models", spec, self)
        role = InstanceRole(f"{name}-gpu", spec, self, bucket=bucket.bucket, publishes_metrics=True)
        sg = server_security_group(f"{name}-gpu", spec, self.net, self, port=spec.gpu_fleet.port, sources=[lb.security_group])
        hf_repo = spec.model_server.hf_repo
        user_data = bucket.model_uri(hf_repo).apply(
            lambda uri: boot.render("vllm", spec, cloud="aws", params={"model_uri": uri})
        )
        fleet = Fleet(f"{name}-gpu", spec, spec.gpu_fleet, self.net, lb, role, sg, user_data, self)
        self.alerts.gpu_saturation(f"{name}-gpu", spec, fleet.group, self)
        self.alerts.cost_per_query(f"{name}-gpu", spec, fleet.group, lb, self)
        self.outputs["modelBucket"] = bucket.bucket.bucket
        self.gpu_security_group = sg
        return fleet

    def _router_fleet(self, name: str, spec: DeploymentSpec, lb: LoadBalancer, vllm_url: Optional[pulumi.Output[str]] = None) -> Fleet:
        """The LiteLLM fleet behind ``lb``, reading its keys from its own secrets at boot."""
        assert spec.api_fleet is not None and spec.router is not None
        secrets = ApiKeySecrets(f"{name}-keys", spec, self)
        role = InstanceRole(f"{name}-router", spec, self, secrets=secrets.secrets)
        sg = self.router_security_group
        base = vllm_url if vllm_url is not None else pulumi.Output.from_input("")
        user_data = pulumi.Output.from_input(base).apply(
            lambda url: boot.render(
                "router", spec, cloud="aws",
                params={"secret_scope": spec.region, **({"vllm_base_url": url} if url else {})},
            )
        )
        return Fleet(f"{name}-router", spec, spec.api_fleet, self.net, lb, role, sg, user_data, self)

    def _vector_db(self, name: str, spec: DeploymentSpec, *clients: Any) -> None:
        vdb = VectorDb(f"{name}-qdrant", spec, self.net, self, clients=list(clients))
        self.outputs["vectorDbUrl"] = vdb.url


class GpuCluster(_Architecture):
    """Pattern 1: vLLM GPU fleet behind a public ALB, model cache, Qdrant, alarms, budget."""

    TYPE = "llmkit:index:GpuCluster"

    def _build(self, name: str, spec: DeploymentSpec) -> None:
        assert spec.gpu_fleet is not None
        lb = LoadBalancer(f"{name}-lb", spec, self.net, self, target_port=spec.gpu_fleet.port, health_path=spec.gpu_fleet.health_path)
        fleet = self._gpu_fleet(name, spec, lb)
        self.alerts.error_rate(f"{name}-lb", spec, lb, self)
        self._vector_db(name, spec, self.gpu_security_group)
        self.outputs.update(endpoint=lb.url, gpuGroup=fleet.group.name)


class ApiTier(_Architecture):
    """Pattern 2: LiteLLM CPU fleet in front of hosted APIs, keys in Secrets Manager, Qdrant."""

    TYPE = "llmkit:index:ApiTier"

    def _build(self, name: str, spec: DeploymentSpec) -> None:
        assert spec.api_fleet is not None
        lb = LoadBalancer(f"{name}-lb", spec, self.net, self, target_port=spec.api_fleet.port, health_path=spec.api_fleet.health_path)
        self.router_security_group = server_security_group(
            f"{name}-router", spec, self.net, self, port=spec.api_fleet.port, sources=[lb.security_group])
        fleet = self._router_fleet(name, spec, lb)
        self.alerts.error_rate(f"{name}-lb", spec, lb, self)
        self._vector_db(name, spec, self.router_security_group)
        self.outputs.update(endpoint=lb.url, routerGroup=fleet.group.name)


class HybridDeployment(_Architecture):
    """Pattern 3: one public endpoint (the router); local vLLM first via an internal ALB, hosted
    models as weighted share and fallback."""

    TYPE = "llmkit:index:HybridDeployment"

    def _build(self, name: str, spec: DeploymentSpec) -> None:
        assert spec.api_fleet is not None and spec.gpu_fleet is not None
        public = LoadBalancer(f"{name}-lb", spec, self.net, self, target_port=spec.api_fleet.port, health_path=spec.api_fleet.health_path)
        self.router_security_group = server_security_group(
            f"{name}-router", spec, self.net, self, port=spec.api_fleet.port, sources=[public.security_group])
        internal = LoadBalancer(
            f"{name}-vllm-lb", spec, self.net, self, target_port=spec.gpu_fleet.port, health_path=spec.gpu_fleet.health_path,
            internal=True, client_security_group=self.router_security_group,
        )
        gpu = self._gpu_fleet(name, spec, internal)
        router = self._router_fleet(name, spec, public, vllm_url=internal.url)
        self.alerts.error_rate(f"{name}-lb", spec, public, self)
        self._vector_db(name, spec, self.router_security_group, self.gpu_security_group)
        self.outputs.update(endpoint=public.url, gpuGroup=gpu.group.name, routerGroup=router.group.name)


ARCHITECTURES: dict[str, type[_Architecture]] = {"gpu": GpuCluster, "api": ApiTier, "hybrid": HybridDeployment}
