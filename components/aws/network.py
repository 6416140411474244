"""The VPC every architecture runs in: public subnets for load balancers and the NAT gateway,
private subnets (no public IPs) for every server, in two availability zones.

One NAT gateway, not one per zone: servers only need outbound access for images, weights and
hosted APIs, and a second NAT costs ~$33/month for zone-failure tolerance of that egress only.
"""

from __future__ import annotations

import ipaddress

import pulumi
import pulumi_aws as aws

from llmkit.components.aws.base import availability_zones, child, labels
from llmkit.components.spec import DeploymentSpec


class Network:
    def __init__(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> None:
        self.zones = availability_zones(parent)
        self.cidr = spec.network_cidr
        opts = child(parent)
        self.vpc = aws.ec2.Vpc(
            f"{name}-vpc", cidr_block=spec.network_cidr, enable_dns_hostnames=True, enable_dns_support=True,
            tags=labels(spec, f"{name}-vpc"), opts=opts,
        )
        subnets = list(ipaddress.ip_network(spec.network_cidr).subnets(new_prefix=20))
        self.igw = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=self.vpc.id, tags=labels(spec, f"{name}-igw"), opts=opts)
        self.public_subnets: list[aws.ec2.Subnet] = []
        self.private_subnets: list[aws.ec2.Subnet] = []
        for i, zone in enumerate(self.zones):
            self.public_subnets.append(aws.ec2.Subnet(
                f"{name}-public-{i}", vpc_id=self.vpc.id, cidr_block=str(subnets[i]), availability_zone=zone,
                map_public_ip_on_launch=False, tags=labels(spec, f"{name}-public-{zone}"), opts=opts,
            ))
            self.private_subnets.append(aws.ec2.Subnet(
                f"{name}-private-{i}", vpc_id=self.vpc.id, cidr_block=str(subnets[8 + i]), availability_zone=zone,
                map_public_ip_on_launch=False, tags=labels(spec, f"{name}-private-{zone}"), opts=opts,
            ))
        self.nat_ip = aws.ec2.Eip(f"{name}-nat-ip", domain="vpc", tags=labels(spec, f"{name}-nat"), opts=opts)
        self.nat = aws.ec2.NatGateway(
            f"{name}-nat", allocation_id=self.nat_ip.id, subnet_id=self.public_subnets[0].id,
            tags=labels(spec, f"{name}-nat"), opts=child(parent, depends_on=[self.igw]),
        )
        public_rt = aws.ec2.RouteTable(
            f"{name}-public-rt", vpc_id=self.vpc.id,
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", gateway_id=self.igw.id)],
            tags=labels(spec, f"{name}-public"), opts=opts,
        )
        private_rt = aws.ec2.RouteTable(
            f"{name}-private-rt", vpc_id=self.vpc.id,
            routes=[aws.ec2.RouteTableRouteArgs(cidr_block="0.0.0.0/0", nat_gateway_id=self.nat.id)],
            tags=labels(spec, f"{name}-private"), opts=opts,
        )
        for i in range(len(self.zones)):
            aws.ec2.RouteTableAssociation(f"{name}-public-rta-{i}", subnet_id=self.public_subnets[i].id, route_table_id=public_rt.id, opts=opts)
            aws.ec2.RouteTableAssociation(f"{name}-private-rta-{i}", subnet_id=self.private_subnets[i].id, route_table_id=private_rt.id, opts=opts)

    @property
    def private_subnet_ids(self) -> list[pulumi.Output[str]]:
        return [s.id for s in self.private_subnets]

    @property
    def public_subnet_ids(self) -> list[pulumi.Output[str]]:
        return [s.id for s in self.public_subnets]
