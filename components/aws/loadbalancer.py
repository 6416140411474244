"""Application load balancers: the public entry point, and (hybrid) an internal one in front of
the vLLM fleet that only the router may call.

The target group's health check is the server's readiness endpoint (vLLM ``/health``,
LiteLLM ``/health/readiness``), so an instance that is still loading weights gets no traffic.
LLM responses stream for minutes, hence the long idle timeout.

With ``spec.tls_certificate`` (an ACM certificate ARN) the public endpoint serves HTTPS on 443
with a TLS 1.2+/1.3 policy and port 80 only redirects. Without one the front load balancer is
internal (private subnets, reachable from the VPC only) unless the stack sets
``llmkit:publicEndpoint: true``: only then is there a plain-HTTP endpoint on the internet, and
``preview``/``up`` warn that keys cross it in clear text.
"""

from __future__ import annotations

import hashlib
from typing import Optional, Sequence

import pulumi
import pulumi_aws as aws

from llmkit.components.aws.base import child, labels
from llmkit.components.aws.network import Network
from llmkit.components.spec import DeploymentSpec
from llmkit.core.errors import UserError

PUBLIC_PORT = 80
HTTPS_PORT = 443
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
IDLE_TIMEOUT_S = 600


class LoadBalancer:
    def __init__(
        self,
        name: str,
        spec: DeploymentSpec,
        net: Network,
        parent: pulumi.Resource,
        *,
        target_port: int,
        health_path: str,
        internal: bool = False,
        client_security_group: Optional[aws.ec2.SecurityGroup] = None,
        client_paths: Sequence[str] = (),
        variant: str = "",
    ) -> None:
        """``client_paths`` (path patterns): when given, the listener forwards only those and
        answers anything else with a 404 itself (vLLM's unauthenticated /metrics and /health
        are for the target group's health check, which reaches the servers directly).
        ``variant`` tells apart the physical names of several internal load balancers of one
        stack (a tiers stack's fleets: "2", "3")."""
        opts = child(parent)
        self.tls = False
        front = not internal
        self.public = front and spec.internet_facing
        self.listen_port = target_port if internal else PUBLIC_PORT
        if front and not self.public:
            # the default: the stack's endpoint stays inside its VPC (peer or VPN to reach it)
            ingress = [aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp", from_port=PUBLIC_PORT, to_port=PUBLIC_PORT, cidr_blocks=[net.cidr],
                description="private HTTP entry point, from inside the VPC only",
            )]
        elif internal:
            if client_security_group is None:
                raise ValueError("an internal load balancer needs the security group of its clients")
            ingress = [aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp", from_port=self.listen_port, to_port=self.listen_port,
                security_groups=[client_security_group.id], description="router to local model",
            )]
        else:
            self.tls = spec.tls_certificate is not None
            if self.tls and not str(spec.tls_certificate).startswith("arn:aws:acm:"):
                raise UserError("llmkit:tlsCertificate must be an ACM certificate ARN (arn:aws:acm:...) on AWS")
            ingress = [aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp", from_port=port, to_port=port, cidr_blocks=["0.0.0.0/0"],
                description="public HTTPS entry point" if port == HTTPS_PORT else "public HTTP entry point (redirect when TLS)",
            ) for port in ((PUBLIC_PORT, HTTPS_PORT) if self.tls else (PUBLIC_PORT,))]
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg", vpc_id=net.vpc.id, description=f"{name} load balancer",
            ingress=ingress,
            egress=[aws.ec2.SecurityGroupEgressArgs(
                protocol="tcp", from_port=target_port, to_port=target_port, cidr_blocks=[net.cidr],
                description="to servers on the serving port",
            )],
            tags=labels(spec, f"{name}-sg"), opts=opts,
        )
        # ALB and target group names are capped at 32 characters; the provider's auto-names
        # (name + 7 random characters) overflow for long stack names, so name them here: a
        # readable prefix plus a hash of the whole stack name, so that test copies
        # (enterprise-support-test-1, -test-2) never collide.
        stack = spec.labels["llmkit-stack"]
        short = f"{stack[:13].strip('-')}-{hashlib.sha1(stack.encode()).hexdigest()[:6]}"
        kind = ("int" if internal else ("pub" if self.public else "prv")) + variant
        self.alb = aws.lb.LoadBalancer(
            f"{name}", name=f"{short}-{kind}", load_balancer_type="application", internal=not self.public,
            security_groups=[self.security_group.id],
            subnets=net.public_subnet_ids if self.public else net.private_subnet_ids,
            idle_timeout=IDLE_TIMEOUT_S, drop_invalid_header_fields=True,
            tags=labels(spec, name), opts=opts,
        )
        self.target_group = aws.lb.TargetGroup(
            f"{name}-tg", name=f"{short}-{kind}-tg", port=target_port, protocol="HTTP", target_type="instance", vpc_id=net.vpc.id,
            deregistration_delay=60,
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                enabled=True, path=health_path, port="traffic-port", protocol="HTTP", matcher="200",
                interval=15, timeout=5, healthy_threshold=2, unhealthy_threshold=3,
            ),
            tags=labels(spec, f"{name}-tg"), opts=opts,
        )
        forward = [aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=self.target_group.arn)]
        if client_paths:
            forward = [aws.lb.ListenerDefaultActionArgs(type="fixed-response", fixed_response=aws.lb.ListenerDefaultActionFixedResponseArgs(
                content_type="text/plain", message_body="not found", status_code="404"))]
        if self.tls:
            self.listen_port = HTTPS_PORT
            self.listener = aws.lb.Listener(
                f"{name}-https", load_balancer_arn=self.alb.arn, port=HTTPS_PORT, protocol="HTTPS",
                ssl_policy=TLS_POLICY, certificate_arn=spec.tls_certificate, default_actions=forward,
                tags=labels(spec, f"{name}-https"), opts=opts,
            )
            aws.lb.Listener(
                f"{name}-listener", load_balancer_arn=self.alb.arn, port=PUBLIC_PORT, protocol="HTTP",
                default_actions=[aws.lb.ListenerDefaultActionArgs(
                    type="redirect",
                    redirect=aws.lb.ListenerDefaultActionRedirectArgs(port=str(HTTPS_PORT), protocol="HTTPS", status_code="HTTP_301"),
                )],
                tags=labels(spec, f"{name}-listener"), opts=opts,
            )
        else:
            self.listener = aws.lb.Listener(
                f"{name}-listener", load_balancer_arn=self.alb.arn, port=self.listen_port, protocol="HTTP",
                default_actions=forward, tags=labels(spec, f"{name}-listener"), opts=opts,
            )

        if client_paths:
            aws.lb.ListenerRule(
                f"{name}-client-paths", listener_arn=self.listener.arn, priority=10,
                conditions=[aws.lb.ListenerRuleConditionArgs(
                    path_pattern=aws.lb.ListenerRuleConditionPathPatternArgs(values=list(client_paths)))],
                actions=[aws.lb.ListenerRuleActionArgs(type="forward", target_group_arn=self.target_group.arn)],
                tags=labels(spec, f"{name}-client-paths"), opts=opts,
            )

    @property
    def url(self) -> pulumi.Output[str]:
        scheme = "https" if self.tls else "http"
        port = "" if self.listen_port in (PUBLIC_PORT, HTTPS_PORT) else f":{self.listen_port}"
        return self.alb.dns_name.apply(lambda dns: f"{scheme}://{dns}{port}")
