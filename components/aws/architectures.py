"""The guide's three architecture patterns on AWS, as ComponentResources.

The component classes come from ``llmkit.components.architecture`` (one mechanism for all three
clouds); this module supplies AWS's builder. Which blocks appear follows from the spec alone: a
GPU fleet (vLLM) and/or an API fleet (LiteLLM router), each from the package's shared blocks
(network, load balancer, fleet, roles, secrets, vector DB, alerts). The builder records the
``outputs`` (endpoint, model bucket, vector DB URL) that the program exports.
"""

from __future__ import annotations

from typing import Any, Optional

import pulumi
import pulumi_aws as aws

from llmkit.components import boot
from llmkit.components.architecture import architecture_classes
from llmkit.components.aws.fleet import Fleet, server_security_group
from llmkit.components.aws.iam import InstanceRole
from llmkit.components.aws.loadbalancer import LoadBalancer
from llmkit.components.aws.monitoring import Alerts
from llmkit.components.aws.network import Network
from llmkit.components.aws.secrets import ApiKeySecrets
from llmkit.components.aws.storage import ModelBucket
from llmkit.components.aws.vectordb import VectorDb
from llmkit.components.spec import DeploymentSpec


class _Blocks:
    """The network and alerts every pattern shares, and the fleets built on them, all parented
    to one architecture component."""

    def __init__(self, component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> None:
        self.component, self.name, self.spec = component, name, spec
        self.outputs: dict[str, Any] = {}
        self.net = Network(name, spec, component)
        self.alerts = Alerts(name, spec, component)
        # every key of the stack (router, provider, model server) in one set of secrets; each
        # server role is granted only the ones it reads
        self.keys = ApiKeySecrets(f"{name}-keys", spec, component)
        self.fleets: list[tuple[Fleet, Any]] = []  # (fleet, its FleetSpec): what cost per query counts

    def load_balancer(self, suffix: str, port: int, health_path: str, **kw: Any) -> LoadBalancer:
        return LoadBalancer(f"{self.name}-{suffix}", self.spec, self.net, self.component,
                            target_port=port, health_path=health_path, **kw)

    def security_group(self, role: str, port: int, lb: LoadBalancer) -> aws.ec2.SecurityGroup:
        """Servers of ``role`` take ``port`` only from ``lb``."""
        return server_security_group(f"{self.name}-{role}", self.spec, self.net, self.component, port=port,
                                     sources=[lb.security_group])

    def gpu_fleet(self, lb: LoadBalancer) -> tuple[Fleet, aws.ec2.SecurityGroup]:
        """The vLLM fleet behind ``lb``, loading weights from the model-cache bucket."""
        name, spec, parent = self.name, self.spec, self.component
        assert spec.gpu_fleet is not None and spec.model_server is not None
        bucket = ModelBucket(f"{name}-models", spec, parent)
        role = InstanceRole(f"{name}-gpu", spec, parent, bucket=bucket.bucket, publishes_metrics=True,
                            secrets=self.keys.only(spec.model_server.api_key_secret, spec.model_server.hf_token_secret))
        sg = self.security_group("gpu", spec.gpu_fleet.port, lb)
        user_data = boot.render_output("vllm", spec, cloud="aws", params={
            "model_uri": bucket.model_uri(spec.model_server.hf_repo), "secret_scope": spec.region})
        fleet = Fleet(f"{name}-gpu", spec, spec.gpu_fleet, self.net, lb, role, sg, user_data, parent)
        self.fleets.append((fleet, spec.gpu_fleet))
        self.alerts.gpu_saturation(f"{name}-gpu", spec, fleet.group, parent)
        self.outputs["modelBucket"] = bucket.bucket.bucket
        return fleet, sg

    def router_fleet(self, lb: LoadBalancer, sg: aws.ec2.SecurityGroup, vllm_url: Optional[pulumi.Output[str]] = None) -> Fleet:
        """The LiteLLM fleet behind ``lb``, reading its keys from its own secrets at boot."""
        name, spec, parent = self.name, self.spec, self.component
        assert spec.api_fleet is not None and spec.router is not None
        role = InstanceRole(f"{name}-router", spec, parent, secrets=self.keys.only(*spec.router.secret_names, *(
            [spec.model_server.api_key_secret] if spec.router.local_model and spec.model_server else [])))
        params: dict[str, pulumi.Input[str]] = {"secret_scope": spec.region}
        if vllm_url is not None:
            params["vllm_base_url"] = vllm_url
        user_data = boot.render_output("router", spec, cloud="aws", params=params)
        fleet = Fleet(f"{name}-router", spec, spec.api_fleet, self.net, lb, role, sg, user_data, parent)
        self.fleets.append((fleet, spec.api_fleet))
        return fleet

    def vector_db(self, *clients: Any) -> None:
        vdb = VectorDb(f"{self.name}-qdrant", self.spec, self.net, self.component, clients=list(clients))
        self.outputs["vectorDbUrl"] = vdb.url

    def public_error_rate(self, lb: LoadBalancer) -> None:
        """The front load balancer's guide alerts: error rate, p95 latency, cost per query."""
        self.alerts.error_rate(f"{self.name}-lb", self.spec, lb, self.component)
        self.alerts.latency(f"{self.name}-lb", self.spec, lb, self.component)
        self.alerts.cost_per_query(f"{self.name}-lb", self.spec, lb, [(f.group, s) for f, s in self.fleets], self.component)


def _gpu_cluster(b: _Blocks, gpu: Any) -> None:
    """Pattern 1: vLLM GPU fleet behind the front ALB (internal unless the stack is public), model cache, Qdrant, alarms."""
    lb = b.load_balancer("lb", gpu.port, gpu.health_path)
    fleet, gpu_sg = b.gpu_fleet(lb)
    b.public_error_rate(lb)
    b.vector_db(gpu_sg)
    b.outputs.update(endpoint=lb.url, gpuGroup=fleet.group.name)


def _api_tier(b: _Blocks, api: Any) -> None:
    """Pattern 2: LiteLLM CPU fleet in front of hosted APIs, keys in Secrets Manager, Qdrant."""
    lb = b.load_balancer("lb", api.port, api.health_path)
    router_sg = b.security_group("router", api.port, lb)
    fleet = b.router_fleet(lb, router_sg)
    b.public_error_rate(lb)
    b.vector_db(router_sg)
    b.outputs.update(endpoint=lb.url, routerGroup=fleet.group.name)


def _hybrid(b: _Blocks, gpu: Any, api: Any) -> None:
    """Pattern 3: one public endpoint (the router); local vLLM first via an internal ALB, hosted
    models as weighted share and fallback."""
    public = b.load_balancer("lb", api.port, api.health_path)
    router_sg = b.security_group("router", api.port, public)
    internal = b.load_balancer("vllm-lb", gpu.port, gpu.health_path, internal=True, client_security_group=router_sg)
    gpu_fleet, gpu_sg = b.gpu_fleet(internal)
    router = b.router_fleet(public, router_sg, vllm_url=internal.url)
    b.public_error_rate(public)
    b.vector_db(router_sg, gpu_sg)
    b.outputs.update(endpoint=public.url, gpuGroup=gpu_fleet.group.name, routerGroup=router.group.name)


def _build(component: pulumi.ComponentResource, name: str, spec: DeploymentSpec) -> dict[str, Any]:
    """Create every resource of ``spec`` under ``component``; return the outputs to register."""
    gpu, api = spec.gpu_fleet, spec.api_fleet
    if gpu is None and api is None:
        raise ValueError(f"stack {spec.stack}: the spec has no fleet to deploy")
    blocks = _Blocks(component, name, spec)
    if gpu is not None and api is not None:
        _hybrid(blocks, gpu, api)
    elif gpu is not None:
        _gpu_cluster(blocks, gpu)
    else:
        _api_tier(blocks, api)
    blocks.alerts.budget(name, spec, component)
    return blocks.outputs


ARCHITECTURES = architecture_classes(_build, __name__)
GpuCluster, ApiTier, HybridDeployment = ARCHITECTURES["gpu"], ARCHITECTURES["api"], ARCHITECTURES["hybrid"]
