"""Load balancers: the global external HTTP endpoint, and (hybrid) an internal one for vLLM.

External: health check on the readiness path -> backend service (the managed instance group)
-> URL map -> target HTTP proxy -> global forwarding rule on a reserved global address. With
``spec.tls_certificate`` (a Compute SSL certificate, self link or name) the endpoint serves
HTTPS on 443 through a target HTTPS proxy with a TLS 1.2+ MODERN policy, and port 80 only
redirects to it, so the router's client key never crosses the internet in clear. The
backend timeout is long because a generation can stream for minutes. Internal (hybrid): a
regional passthrough TCP load balancer on a fixed private address in the subnet, which only
the router calls. Internal front (the default without a certificate or ``publicEndpoint``): a
regional internal Application Load Balancer (HTTP, so it reports status codes and latency like
the external one) on a fixed private address, its proxies in the stack's proxy-only subnet.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import pulumi
import pulumi_gcp as gcp

from llmkit.components.gcp.base import GcpBase

BACKEND_TIMEOUT_SEC = 600


@dataclasses.dataclass
class ExternalLb:
    address: gcp.compute.GlobalAddress
    backend: gcp.compute.BackendService
    health_check: gcp.compute.HealthCheck
    forwarding_rule: gcp.compute.GlobalForwardingRule


def health_check(base: GcpBase, role: str, port: int, path: str) -> gcp.compute.HealthCheck:
    """HTTP readiness check; serves the load balancer and the group's auto-healing alike."""
    return gcp.compute.HealthCheck(
        base.name(f"{role}-ready"),
        check_interval_sec=15,
        timeout_sec=5,
        healthy_threshold=2,
        unhealthy_threshold=3,
        http_health_check=gcp.compute.HealthCheckHttpHealthCheckArgs(port=port, request_path=path),
        opts=base.opts(),
    )


# Where a path a load balancer does not serve is sent: an API route that needs the key, so
# vLLM's unauthenticated /metrics and /health never answer through the load balancer (the
# health checks reach the servers directly). GCP URL maps answer with a redirect, not a 404.
UNSERVED_REDIRECT = "/v1/models"


def _client_paths_args(backend: pulumi.Input[str], client_paths: Sequence[str], regional: bool) -> dict[str, Any]:
    """URL map arguments: everything to ``backend``, or (with ``client_paths``) only those
    paths, anything else redirected to UNSERVED_REDIRECT. The global and regional URL maps
    take the same shapes under different class names."""
    if not client_paths:
        return {"default_service": backend}
    c = gcp.compute
    redirect: dict[str, Any] = {"path_redirect": UNSERVED_REDIRECT, "redirect_response_code": "FOUND", "strip_query": True}
    if regional:
        return {
            "default_url_redirect": c.RegionUrlMapDefaultUrlRedirectArgs(**redirect),
            "host_rules": [c.RegionUrlMapHostRuleArgs(hosts=["*"], path_matcher="clients")],
            "path_matchers": [c.RegionUrlMapPathMatcherArgs(
                name="clients", default_url_redirect=c.RegionUrlMapPathMatcherDefaultUrlRedirectArgs(**redirect),
                path_rules=[c.RegionUrlMapPathMatcherPathRuleArgs(paths=list(client_paths), service=backend)])],
        }
    return {
        "default_url_redirect": c.URLMapDefaultUrlRedirectArgs(**redirect),
        "host_rules": [c.URLMapHostRuleArgs(hosts=["*"], path_matcher="clients")],
        "path_matchers": [c.URLMapPathMatcherArgs(
            name="clients", default_url_redirect=c.URLMapPathMatcherDefaultUrlRedirectArgs(**redirect),
            path_rules=[c.URLMapPathMatcherPathRuleArgs(paths=list(client_paths), service=backend)])],
    }


def create_external_lb(
    base: GcpBase, role: str, *, instance_group: pulumi.Input[str], hc: gcp.compute.HealthCheck,
    client_paths: Sequence[str] = (),
) -> ExternalLb:
    backend = gcp.compute.BackendService(
        base.name(f"{role}-backend"),
        protocol="HTTP",
        port_name="http",
        load_balancing_scheme="EXTERNAL_MANAGED",
        timeout_sec=BACKEND_TIMEOUT_SEC,
        health_checks=hc.id,
        backends=[
            gcp.compute.BackendServiceBackendArgs(
                group=instance_group, balancing_mode="UTILIZATION", max_utilization=0.8, capacity_scaler=1.0
            )
        ],
        log_config=gcp.compute.BackendServiceLogConfigArgs(enable=True, sample_rate=0.1),
        opts=base.opts(),
    )
    url_map = gcp.compute.URLMap(base.name(f"{role}-urls"), **_client_paths_args(backend.id, client_paths, regional=False),
                                 opts=base.opts())
    address = gcp.compute.GlobalAddress(base.name(f"{role}-ip"), labels=base.labels, opts=base.opts())
    certificate = base.spec.tls_certificate
    if certificate:
        policy = gcp.compute.SSLPolicy(
            base.name(f"{role}-tls"), min_tls_version="TLS_1_2", profile="MODERN", opts=base.opts()
        )
        https = gcp.compute.TargetHttpsProxy(
            base.name(f"{role}-https-proxy"),
            url_map=url_map.id,
            ssl_certificates=[certificate],
            ssl_policy=policy.id,
            opts=base.opts(),
        )
        rule = _forwarding_rule(base, f"{role}-https", https.id, address, "443")
        # plain HTTP only answers with a redirect to HTTPS, never with the backend
        redirect = gcp.compute.URLMap(
            base.name(f"{role}-redirect"),
            default_url_redirect=gcp.compute.URLMapDefaultUrlRedirectArgs(
                https_redirect=True, strip_query=False, redirect_response_code="MOVED_PERMANENTLY_DEFAULT"
            ),
            opts=base.opts(),
        )
        http_map = redirect.id
    else:
        http_map = url_map.id
    proxy = gcp.compute.TargetHttpProxy(base.name(f"{role}-proxy"), url_map=http_map, opts=base.opts())
    http_rule = _forwarding_rule(base, f"{role}-http", proxy.id, address, "80")
    return ExternalLb(address=address, backend=backend, health_check=hc, forwarding_rule=rule if certificate else http_rule)


def _forwarding_rule(
    base: GcpBase, name: str, target: pulumi.Input[str], address: gcp.compute.GlobalAddress, port: str
) -> gcp.compute.GlobalForwardingRule:
    return gcp.compute.GlobalForwardingRule(
        base.name(name),
        target=target,
        ip_address=address.address,
        port_range=port,
        ip_protocol="TCP",
        load_balancing_scheme="EXTERNAL_MANAGED",
        labels=base.labels,
        opts=base.opts(),
    )


def create_internal_lb(
    base: GcpBase,
    role: str,
    *,
    instance_group: pulumi.Input[str],
    hc: gcp.compute.HealthCheck,
    network: pulumi.Input[str],
    subnet: pulumi.Input[str],
    address: str,
    port: int,
) -> gcp.compute.ForwardingRule:
    backend = gcp.compute.RegionBackendService(
        base.name(f"{role}-internal-backend"),
        region=base.region,
        protocol="TCP",
        load_balancing_scheme="INTERNAL",
        health_checks=hc.id,
        backends=[gcp.compute.RegionBackendServiceBackendArgs(group=instance_group, balancing_mode="CONNECTION")],
        opts=base.opts(),
    )
    return gcp.compute.ForwardingRule(
        base.name(f"{role}-internal"),
        region=base.region,
        load_balancing_scheme="INTERNAL",
        backend_service=backend.id,
        ip_protocol="TCP",
        ports=[str(port)],
        network=network,
        subnetwork=subnet,
        ip_address=address,
        labels=base.labels,
        opts=base.opts(),
    )


@dataclasses.dataclass
class InternalHttpLb:
    backend: gcp.compute.RegionBackendService
    forwarding_rule: gcp.compute.ForwardingRule


def create_internal_http_lb(
    base: GcpBase,
    role: str,
    *,
    instance_group: pulumi.Input[str],
    port: int,
    path: str,
    network: pulumi.Input[str],
    subnet: pulumi.Input[str],
    address: str,
    proxy_subnet: pulumi.Resource,
    client_paths: Sequence[str] = (),
) -> InternalHttpLb:
    """Clients inside the network -> HTTP :80 on ``address`` -> the group's serving port."""
    check = gcp.compute.RegionHealthCheck(  # regional load balancers take regional health checks
        base.name(f"{role}-front-ready"),
        region=base.region,
        check_interval_sec=15,
        timeout_sec=5,
        healthy_threshold=2,
        unhealthy_threshold=3,
        http_health_check=gcp.compute.RegionHealthCheckHttpHealthCheckArgs(port=port, request_path=path),
        opts=base.opts(),
    )
    backend = gcp.compute.RegionBackendService(
        base.name(f"{role}-front-backend"),
        region=base.region,
        protocol="HTTP",
        port_name="http",
        load_balancing_scheme="INTERNAL_MANAGED",
        timeout_sec=BACKEND_TIMEOUT_SEC,
        health_checks=check.id,
        backends=[gcp.compute.RegionBackendServiceBackendArgs(
            group=instance_group, balancing_mode="UTILIZATION", max_utilization=0.8, capacity_scaler=1.0)],
        log_config=gcp.compute.RegionBackendServiceLogConfigArgs(enable=True, sample_rate=0.1),
        opts=base.opts(),
    )
    url_map = gcp.compute.RegionUrlMap(base.name(f"{role}-front-urls"), region=base.region,
                                       **_client_paths_args(backend.id, client_paths, regional=True), opts=base.opts())
    proxy = gcp.compute.RegionTargetHttpProxy(base.name(f"{role}-front-proxy"), region=base.region, url_map=url_map.id,
                                              opts=base.opts())
    rule = gcp.compute.ForwardingRule(
        base.name(f"{role}-front"),
        region=base.region,
        load_balancing_scheme="INTERNAL_MANAGED",
        target=proxy.id,
        ip_protocol="TCP",
        port_range="80",
        network=network,
        subnetwork=subnet,
        ip_address=address,
        labels=base.labels,
        opts=base.opts(depends_on=[proxy_subnet]),
    )
    return InternalHttpLb(backend=backend, forwarding_rule=rule)
