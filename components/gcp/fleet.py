"""An autoscaled fleet: instance template(s), a regional managed instance group, its autoscaler.

Instances: no external IP, Shielded VM, OS Login only, their own least-privilege service
account, cloud-init as ``user-data``. GPUs: a host with guest accelerators (n1 + T4/V100...)
or a GPU machine type (g2, a2, a3: GPUs built in); either way ``on_host_maintenance`` must be
TERMINATE. Pricing: ``spot`` -> provisioning model SPOT (deleted on preemption; the group
recreates capacity); a mix -> two templates and two versions of the same group, the spot one
holding the spot share as a percentage, so one autoscaler sizes both.

Scaling signal: GPU fleets track ``agent.googleapis.com/gpu/utilization`` (NVML via the Ops
Agent, which the GPU startup script installs) at the guide's 75 %, with CPU at 75 % as a second
signal that keeps scaling alive if the agent stops reporting (the autoscaler follows whichever
asks for more). The router fleet tracks CPU at 75 %. GCP's autoscaler is target tracking: it
has no separate scale-in threshold, so the guide's "below 30 % for 2 h" becomes the closest GCP
expresses: scale-in controls removing at most one instance per hour, GCP's longest window
(``timeWindowSec`` is capped at 3600 s), with a 15-minute stabilisation cooldown on GPU fleets.
"""

from __future__ import annotations

import dataclasses

import pulumi
import pulumi_gcp as gcp

from llmkit.components.gcp.base import GPU_IMAGE, UBUNTU_IMAGE, GcpBase, server_metadata, shielded
from llmkit.components.spec import FleetSpec
from llmkit.components.thresholds import GUIDE

SCALE_IN_WINDOW_MAX_S = 3600  # GCP's limit for scaleInControl.timeWindowSec

GPU_METRIC = "agent.googleapis.com/gpu/utilization"

# What Canonical's accelerator image lacks for `docker run --gpus all` and for the GPU metric.
GPU_STARTUP_SCRIPT = """#!/bin/bash
# llmkit: NVIDIA container toolkit (docker --gpus) and the Ops Agent (GPU utilisation metric).
set -euo pipefail
if [ ! -d /opt/google-cloud-ops-agent ]; then
  curl -fsSL https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh | bash -s -- --also-install
fi
for _ in $(seq 90); do command -v docker >/dev/null && break; sleep 10; done
if ! command -v nvidia-ctk >/dev/null; then
  curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey \\
    | gpg --batch --yes --dearmor -o /usr/share/keyrings/nvidia-container-toolkit.gpg
  curl -fsSL https://nvidia.github.io/libnvidia-container/stable/deb/nvidia-container-toolkit.list \\
    | sed 's#deb https://#deb [signed-by=/usr/share/keyrings/nvidia-container-toolkit.gpg] https://#' \\
    > /etc/apt/sources.list.d/nvidia-container-toolkit.list
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nvidia-container-toolkit
fi
nvidia-ctk runtime configure --runtime=docker && systemctl restart docker
"""


@dataclasses.dataclass
class Fleet:
    templates: list[gcp.compute.InstanceTemplate]
    group: gcp.compute.RegionInstanceGroupManager
    autoscaler: gcp.compute.RegionAutoscaler


def _scheduling(fleet: FleetSpec, spot: bool) -> gcp.compute.InstanceTemplateSchedulingArgs:
    if spot:
        return gcp.compute.InstanceTemplateSchedulingArgs(
            provisioning_model="SPOT",
            preemptible=True,
            automatic_restart=False,
            on_host_maintenance="TERMINATE",
            instance_termination_action="DELETE",
        )
    return gcp.compute.InstanceTemplateSchedulingArgs(
        provisioning_model="STANDARD",
        automatic_restart=True,
        on_host_maintenance="TERMINATE" if fleet.gpus_per_instance else "MIGRATE",
    )


def _template(
    base: GcpBase, role: str, fleet: FleetSpec, *, spot: bool, user_data: pulumi.Input[str],
    subnet: pulumi.Input[str], service_account: pulumi.Input[str],
) -> gcp.compute.InstanceTemplate:
    gpu = fleet.gpus_per_instance > 0
    metadata = server_metadata({"user-data": user_data})
    if gpu:
        metadata["startup-script"] = GPU_STARTUP_SCRIPT
    return gcp.compute.InstanceTemplate(
        base.name(f"{role}-{'spot' if spot else 'std'}-tpl"),
        region=base.region,
        machine_type=fleet.instance_type,
        guest_accelerators=[
            gcp.compute.InstanceTemplateGuestAcceleratorArgs(type=fleet.accelerator_type, count=fleet.gpus_per_instance)
        ]
        if gpu and fleet.accelerator_type
        else None,
        scheduling=_scheduling(fleet, spot),
        disks=[
            gcp.compute.InstanceTemplateDiskArgs(
                boot=True,
                auto_delete=True,
                source_image=GPU_IMAGE if gpu else UBUNTU_IMAGE,
                disk_size_gb=fleet.disk_gb,
                disk_type="pd-balanced",
                labels=base.labels,
            )
        ],
        network_interfaces=[gcp.compute.InstanceTemplateNetworkInterfaceArgs(subnetwork=subnet)],
        shielded_instance_config=gcp.compute.InstanceTemplateShieldedInstanceConfigArgs(**shielded()),
        service_account=gcp.compute.InstanceTemplateServiceAccountArgs(email=service_account, scopes=["cloud-platform"]),
        metadata=metadata,
        tags=[base.tag(role)],
        labels=base.labels,
        opts=base.opts(),
    )


def create_fleet(
    base: GcpBase,
    role: str,
    fleet: FleetSpec,
    *,
    user_data: pulumi.Input[str],
    subnet: pulumi.Input[str],
    service_account: pulumi.Input[str],
    health_check: pulumi.Input[str],
) -> Fleet:
    all_spot = fleet.capacity_mix == "spot"
    mix = fleet.capacity_mix == "mix"
    common = dict(user_data=user_data, subnet=subnet, service_account=service_account)
    primary = _template(base, role, fleet, spot=all_spot, **common)
    versions = [gcp.compute.RegionInstanceGroupManagerVersionArgs(name="primary", instance_template=primary.id)]
    templates = [primary]
    if mix:
        spot = _template(base, role, fleet, spot=True, **common)
        templates.append(spot)
        versions.append(
            gcp.compute.RegionInstanceGroupManagerVersionArgs(
                name="spot",
                instance_template=spot.id,
                target_size=gcp.compute.RegionInstanceGroupManagerVersionTargetSizeArgs(percent=fleet.spot_share_pct),
            )
        )
    gpu = fleet.gpus_per_instance > 0
    group = gcp.compute.RegionInstanceGroupManager(
        base.name(f"{role}-group"),
        region=base.region,
        base_instance_name=f"{role}",
        distribution_policy_zones=base.zones,
        versions=versions,
        target_size=fleet.desired_size,
        named_ports=[gcp.compute.RegionInstanceGroupManagerNamedPortArgs(name="http", port=fleet.port)],
        auto_healing_policies=gcp.compute.RegionInstanceGroupManagerAutoHealingPoliciesArgs(
            health_check=health_check, initial_delay_sec=1200 if gpu else 300  # weights load for minutes
        ),
        wait_for_instances=False,
        opts=base.opts(ignore_changes=["targetSize"]),  # the autoscaler owns the size
    )
    autoscaler = gcp.compute.RegionAutoscaler(
        base.name(f"{role}-autoscaler"),
        region=base.region,
        target=group.id,
        autoscaling_policy=gcp.compute.RegionAutoscalerAutoscalingPolicyArgs(
            min_replicas=fleet.min_size,
            max_replicas=fleet.max_size,
            cooldown_period=900 if gpu else 120,
            cpu_utilization=gcp.compute.RegionAutoscalerAutoscalingPolicyCpuUtilizationArgs(
                target=fleet.scale_up_pct / 100
            ),
            metrics=[
                gcp.compute.RegionAutoscalerAutoscalingPolicyMetricArgs(
                    name=GPU_METRIC,
                    target=fleet.scale_up_pct,
                    type="GAUGE",
                    filter='resource.type = "gce_instance" AND metric.labels.gpu_number = "0"',
                )
            ]
            if gpu
            else None,
            scale_in_control=gcp.compute.RegionAutoscalerAutoscalingPolicyScaleInControlArgs(
                max_scaled_in_replicas=gcp.compute.RegionAutoscalerAutoscalingPolicyScaleInControlMaxScaledInReplicasArgs(
                    fixed=1
                ),
                time_window_sec=min(GUIDE.scale_in_sustain_s, SCALE_IN_WINDOW_MAX_S),
            ),
        ),
        opts=base.opts(),
    )
    return Fleet(templates=templates, group=group, autoscaler=autoscaler)


