"""An autoscaled group of identical servers behind a target group.

Launch template: current AMI, IMDSv2 required, encrypted gp3 root, no public IP, the role's
instance profile, and tag specifications so the instances and volumes AWS launches carry the
labels too. Auto Scaling group in the private subnets with ELB health checks. Spot or a mix via
``mixed_instances_policy`` when the spec asks for any spot share (on-demand base of one first).

Scaling signal (documented choice): GPU fleets scale on the average GPU utilisation the
CloudWatch agent publishes from nvidia-smi (``LLMKit/nvidia_smi_utilization_gpu`` per Auto
Scaling group): +1 instance above the guide's 75% for 2 minutes, -1 below 30% sustained for the
guide's 2 hours (24 five-minute periods). CPU router fleets use the same thresholds on EC2 CPU
utilisation. All numbers come from llmkit.components.thresholds.
"""

from __future__ import annotations

import base64
from typing import Sequence

import pulumi
import pulumi_aws as aws

from llmkit.components.aws.base import ROOT_DEVICE, ami, child, labels
from llmkit.components.aws.iam import InstanceRole
from llmkit.components.aws.loadbalancer import LoadBalancer
from llmkit.components.aws.network import Network
from llmkit.components.boot import CLOUDWATCH_NAMESPACE, GPU_METRIC
from llmkit.components.spec import DeploymentSpec, FleetSpec
from llmkit.components.thresholds import GUIDE, scale_in_periods

SCALE_IN_PERIOD_S = 300  # CloudWatch caps periods x evaluation at one day; 24 x 5 min = the guide's 2 h
GPU_BOOT_GRACE_S = 900  # image pull + weight sync + model load
CPU_BOOT_GRACE_S = 300


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def server_security_group(
    name: str, spec: DeploymentSpec, net: Network, parent: pulumi.Resource, *, port: int,
    sources: Sequence[aws.ec2.SecurityGroup],
) -> aws.ec2.SecurityGroup:
    """Only the serving port, only from the given security groups (load balancers); no SSH."""
    return aws.ec2.SecurityGroup(
        f"{name}-sg", vpc_id=net.vpc.id, description=f"{name} servers: serving port from the load balancer only",
        ingress=[aws.ec2.SecurityGroupIngressArgs(
            protocol="tcp", from_port=port, to_port=port, security_groups=[s.id for s in sources],
            description="serving port from the load balancer",
        )],
        egress=[aws.ec2.SecurityGroupEgressArgs(
            protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"],
            description="outbound through the NAT gateway: images, weights, hosted APIs",
        )],
        tags=labels(spec, f"{name}-sg"), opts=child(parent),
    )


class Fleet:
    def __init__(
        self,
        name: str,
        spec: DeploymentSpec,
        fleet: FleetSpec,
        net: Network,
        lb: LoadBalancer,
        role: InstanceRole,
        security_group: aws.ec2.SecurityGroup,
        user_data: pulumi.Input[str],
        parent: pulumi.Resource,
    ) -> None:
        opts = child(parent)
        gpu = fleet.role == "gpu"
        tag_specs = [
            aws.ec2.LaunchTemplateTagSpecificationArgs(resource_type=kind, tags=labels(spec, name))
            for kind in ("instance", "volume", "network-interface")
        ]
        self.launch_template = aws.ec2.LaunchTemplate(
            f"{name}-lt",
            image_id=ami("gpu" if gpu else "cpu", parent),
            instance_type=fleet.instance_type,
            user_data=pulumi.Output.from_input(user_data).apply(b64),
            iam_instance_profile=aws.ec2.LaunchTemplateIamInstanceProfileArgs(arn=role.profile.arn),
            metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
                http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1,
            ),
            network_interfaces=[aws.ec2.LaunchTemplateNetworkInterfaceArgs(
                associate_public_ip_address="false", delete_on_termination="true", device_index=0,
                security_groups=[security_group.id],
            )],
            block_device_mappings=[aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                device_name=ROOT_DEVICE,
                ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                    volume_size=fleet.disk_gb, volume_type="gp3", encrypted="true", delete_on_termination="true",
                ),
            )],
            monitoring=aws.ec2.LaunchTemplateMonitoringArgs(enabled=True),
            update_default_version=True,
            tag_specifications=tag_specs,
            tags=labels(spec, f"{name}-lt"),
            opts=opts,
        )
        mixed = None
        launch_template = None
        mix = fleet.capacity_mix
        if mix != "on-demand":
            mixed = aws.autoscaling.GroupMixedInstancesPolicyArgs(
                instances_distribution=aws.autoscaling.GroupMixedInstancesPolicyInstancesDistributionArgs(
                    on_demand_base_capacity=0 if mix == "spot" else 1,
                    on_demand_percentage_above_base_capacity=0 if mix == "spot" else 100 - fleet.spot_share_pct,
                    spot_allocation_strategy="price-capacity-optimized",
                ),
                launch_template=aws.autoscaling.GroupMixedInstancesPolicyLaunchTemplateArgs(
                    launch_template_specification=aws.autoscaling.GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs(
                        launch_template_id=self.launch_template.id, version="$Latest",
                    ),
                    overrides=[aws.autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverrideArgs(instance_type=fleet.instance_type)],
                ),
            )
        else:
            launch_template = aws.autoscaling.GroupLaunchTemplateArgs(id=self.launch_template.id, version="$Latest")
        self.group = aws.autoscaling.Group(
            f"{name}-asg",
            vpc_zone_identifiers=net.private_subnet_ids,
            min_size=fleet.min_size,
            max_size=fleet.max_size,
            desired_capacity=fleet.desired_size,
            launch_template=launch_template,
            mixed_instances_policy=mixed,
            target_group_arns=[lb.target_group.arn],
            health_check_type="ELB",
            # group metrics feed the cost-per-query alarm (instances in service x hourly price)
            enabled_metrics=[aws.autoscaling.Metric.GROUP_IN_SERVICE_INSTANCES, aws.autoscaling.Metric.GROUP_DESIRED_CAPACITY],
            metrics_granularity=aws.autoscaling.MetricsGranularity.ONE_MINUTE,
            health_check_grace_period=GPU_BOOT_GRACE_S if gpu else CPU_BOOT_GRACE_S,
            default_instance_warmup=GPU_BOOT_GRACE_S if gpu else CPU_BOOT_GRACE_S,
            tags=[aws.autoscaling.GroupTagArgs(key=k, value=v, propagate_at_launch=False) for k, v in labels(spec, name).items()],
            # the scaling policies own the desired count once the group exists
            opts=child(parent, ignore_changes=["desiredCapacity"]),
        )
        self.scale_out, self.scale_in = step_scaling(name, spec, fleet, self.group, parent)


def utilisation_metric(fleet: FleetSpec) -> tuple[str, str]:
    """(namespace, metric name) of the fleet's scaling signal."""
    return (CLOUDWATCH_NAMESPACE, GPU_METRIC) if fleet.role == "gpu" else ("AWS/EC2", "CPUUtilization")


def step_scaling(
    name: str, spec: DeploymentSpec, fleet: FleetSpec, group: aws.autoscaling.Group, parent: pulumi.Resource,
) -> tuple[aws.cloudwatch.MetricAlarm, aws.cloudwatch.MetricAlarm]:
    """+1 above ``scale_up_pct`` (2 x 1 min), -1 below ``scale_down_pct`` for 2 h (24 x 5 min)."""
    opts = child(parent)
    namespace, metric = utilisation_metric(fleet)
    alarms = []
    for direction, adjustment, threshold, operator, period, periods in (
        ("out", 1, fleet.scale_up_pct, "GreaterThanThreshold", 60, GUIDE.scale_out_sustain_s // 60),
        ("in", -1, fleet.scale_down_pct, "LessThanThreshold", SCALE_IN_PERIOD_S, scale_in_periods(SCALE_IN_PERIOD_S)),
    ):
        bound = {"metric_interval_lower_bound": "0"} if adjustment > 0 else {"metric_interval_upper_bound": "0"}
        policy = aws.autoscaling.Policy(
            f"{name}-scale-{direction}", autoscaling_group_name=group.name, policy_type="StepScaling",
            adjustment_type="ChangeInCapacity", metric_aggregation_type="Average",
            step_adjustments=[aws.autoscaling.PolicyStepAdjustmentArgs(scaling_adjustment=adjustment, **bound)],
            opts=opts,
        )
        alarms.append(aws.cloudwatch.MetricAlarm(
            f"{name}-scale-{direction}-alarm",
            alarm_description=f"scale {name} {direction}: {metric} {operator} {threshold}%",
            namespace=namespace, metric_name=metric, statistic="Average", period=period,
            evaluation_periods=periods, threshold=threshold, comparison_operator=operator,
            dimensions={"AutoScalingGroupName": group.name}, alarm_actions=[policy.arn],
            tags=labels(spec, f"{name}-scale-{direction}"), opts=opts,
        ))
    return alarms[0], alarms[1]
