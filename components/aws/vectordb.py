"""Qdrant on its own instance (the guide's "1x vector DB instance") with a persistent encrypted
data volume that outlives the instance; reachable only from the application servers, and only
with the stack's vector DB key (read from Secrets Manager at boot by the instance's role)."""

from __future__ import annotations

from typing import Sequence

import pulumi
import pulumi_aws as aws

from llmkit.components import boot
from llmkit.components.aws.base import ami, child, labels
from llmkit.components.aws.iam import InstanceRole
from llmkit.components.aws.network import Network
from llmkit.components.aws.secrets import ApiKeySecrets
from llmkit.components.spec import DeploymentSpec

ATTACH_AS = "/dev/sdf"  # not the AMI's root device (/dev/xvda)
NVME_DEVICE = "/dev/nvme1n1"  # how the first attached EBS volume appears on Nitro instances (m5)


class VectorDb:
    def __init__(
        self, name: str, spec: DeploymentSpec, net: Network, parent: pulumi.Resource,
        *, clients: Sequence[aws.ec2.SecurityGroup], keys: ApiKeySecrets,
    ) -> None:
        opts = child(parent)
        vdb = spec.vector_db
        self.security_group = aws.ec2.SecurityGroup(
            f"{name}-sg", vpc_id=net.vpc.id, description=f"{name}: Qdrant API from the application servers only",
            ingress=[aws.ec2.SecurityGroupIngressArgs(
                protocol="tcp", from_port=vdb.port, to_port=vdb.port, security_groups=[c.id for c in clients],
                description="Qdrant REST from application servers",
            )],
            egress=[aws.ec2.SecurityGroupEgressArgs(
                protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"], description="outbound through NAT",
            )],
            tags=labels(spec, f"{name}-sg"), opts=opts,
        )
        role = InstanceRole(name, spec, parent, secrets=keys.only(vdb.api_key_secret))
        self.instance = aws.ec2.Instance(
            f"{name}",
            ami=ami("cpu", parent),
            instance_type=vdb.instance_type,
            subnet_id=net.private_subnets[0].id,
            vpc_security_group_ids=[self.security_group.id],
            associate_public_ip_address=False,
            iam_instance_profile=role.profile.name,
            metadata_options=aws.ec2.InstanceMetadataOptionsArgs(http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1),
            root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(volume_size=30, volume_type="gp3", encrypted=True, delete_on_termination=True),
            user_data=boot.render("qdrant", spec, cloud="aws", params={"data_device": NVME_DEVICE, "secret_scope": spec.region}),
            user_data_replace_on_change=True,
            monitoring=True,
            volume_tags=labels(spec, f"{name}-root"),
            tags=labels(spec, name),
            opts=opts,
        )
        self.volume = aws.ebs.Volume(
            f"{name}-data", availability_zone=net.zones[0], size=vdb.disk_gb, type="gp3", encrypted=True,
            tags=labels(spec, f"{name}-data"),
            # a protected (production) stack keeps its vectors even if the volume is replaced or
            # the stack destroyed after unprotecting; other stacks clean up fully
            opts=child(parent, retain_on_delete=spec.protect),
        )
        aws.ec2.VolumeAttachment(
            f"{name}-data-attach", device_name=ATTACH_AS, volume_id=self.volume.id, instance_id=self.instance.id, opts=opts,
        )
        self.port = vdb.port

    @property
    def url(self) -> pulumi.Output[str]:
        return self.instance.private_ip.apply(lambda ip: f"http://{ip}:{self.port}")
