"""An autoscaled fleet: a Linux VM scale set behind a load balancer, plus its autoscale setting.

Instances have no public IP, a user-assigned managed identity (so role assignments exist before
the first VM boots), encryption at host (temp disk and caches encrypted too; managed disks are
always encrypted at rest by the platform) and their cloud-init as customData.

Pricing: ``spot`` -> Spot priority with eviction policy Delete and max price -1 (never evicted
for price, only for capacity); a mix (0 < spot share < 100) needs Azure's priority-mix policy,
which only Flexible orchestration offers, so that one case uses a Flexible scale set with the
on-demand share kept as the base; everything else is a Uniform scale set.

Scaling signal: the scale set's ``Percentage CPU`` (out above 75 % over 5 minutes, Azure's
shortest window; in below 30 % sustained over the guide's 2 hours; llmkit.components.thresholds). GPU utilisation is not a platform metric on Azure; gpu_metrics.py publishes it as
a custom metric, but Azure refuses an autoscale rule on a custom metric that has not been
emitted yet (it validates the metric's metadata at creation), so a first deployment cannot
scale on it; it drives the GPU alert instead. Under vLLM the CPU time of the engine loop,
tokenisation and HTTP handling grows with concurrent requests, so CPU is an honest if
indirect load signal.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import ADMIN_USER, GPU_IMAGE, UBUNTU_IMAGE, AzureBase, linux_configuration
from llmkit.components.spec import FleetSpec
from llmkit.components.thresholds import GUIDE

CPU_METRIC = "Percentage CPU"
ComparisonOp = azure.monitor.ComparisonOperationType
ScaleDir = azure.monitor.ScaleDirection


@dataclasses.dataclass
class Fleet:
    vmss: azure.compute.VirtualMachineScaleSet
    autoscale: azure.monitor.AutoscaleSetting


def _priority(fleet: FleetSpec) -> dict:
    """Scale-set arguments for the fleet's pricing (on-demand / spot / mix)."""
    spot = fleet.capacity_mix == "spot"
    if fleet.capacity_mix == "on-demand":
        return {"orchestration_mode": "Uniform", "vm": {"priority": "Regular"}}
    vm = {
        "priority": "Spot",
        "eviction_policy": "Delete",
        "billing_profile": azure.compute.BillingProfileArgs(max_price=-1),
    }
    if spot:
        return {"orchestration_mode": "Uniform", "vm": vm}
    return {
        "orchestration_mode": "Flexible",
        "vm": vm,
        "priority_mix_policy": azure.compute.PriorityMixPolicyArgs(
            base_regular_priority_count=fleet.min_size,
            regular_priority_percentage_above_base=100 - fleet.spot_share_pct,
        ),
    }


def create_fleet(
    base: AzureBase,
    role: str,
    fleet: FleetSpec,
    *,
    custom_data: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
    pool_id: pulumi.Input[str],
    probe_id: pulumi.Input[str],
    identity_id: pulumi.Input[str],
    extensions: Optional[list[azure.compute.VirtualMachineScaleSetExtensionArgs]] = None,
) -> Fleet:
    priority = _priority(fleet)
    flexible = priority["orchestration_mode"] == "Flexible"
    vmss = azure.compute.VirtualMachineScaleSet(
        base.name(f"{role}-vmss"),
        **base.placed(ignore_changes=["sku.capacity"]),  # the autoscaler owns capacity
        orchestration_mode=priority["orchestration_mode"],
        platform_fault_domain_count=1 if flexible else None,
        single_placement_group=False,
        overprovision=False if not flexible else None,
        priority_mix_policy=priority.get("priority_mix_policy"),
        sku=azure.compute.SkuArgs(name=fleet.instance_type, tier="Standard", capacity=fleet.desired_size),
        upgrade_policy=azure.compute.UpgradePolicyArgs(mode=azure.compute.UpgradeMode.MANUAL),
        identity=azure.compute.VirtualMachineScaleSetIdentityArgs(
            type=azure.compute.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[identity_id]
        ),
        virtual_machine_profile=azure.compute.VirtualMachineScaleSetVMProfileArgs(
            **priority["vm"],
            os_profile=azure.compute.VirtualMachineScaleSetOSProfileArgs(
                computer_name_prefix=f"{role}-",
                admin_username=ADMIN_USER,
                custom_data=custom_data,
                linux_configuration=linux_configuration(base.spec.stack),
            ),
            storage_profile=azure.compute.VirtualMachineScaleSetStorageProfileArgs(
                image_reference=GPU_IMAGE if fleet.gpus_per_instance else UBUNTU_IMAGE,
                os_disk=azure.compute.VirtualMachineScaleSetOSDiskArgs(
                    create_option="FromImage",
                    caching=azure.compute.CachingTypes.READ_WRITE,
                    disk_size_gb=fleet.disk_gb,
                    delete_option="Delete",
                    managed_disk=azure.compute.VirtualMachineScaleSetManagedDiskParametersArgs(
                        storage_account_type="Premium_LRS"
                    ),
                ),
            ),
            security_profile=azure.compute.SecurityProfileArgs(encryption_at_host=True),
            network_profile=azure.compute.VirtualMachineScaleSetNetworkProfileArgs(
                network_api_version="2020-11-01" if flexible else None,
                health_probe=None if flexible else azure.compute.ApiEntityReferenceArgs(id=probe_id),
                network_interface_configurations=[
                    azure.compute.VirtualMachineScaleSetNetworkConfigurationArgs(
                        name=f"{role}-nic",
                        primary=True,
                        enable_accelerated_networking=False,
                        ip_configurations=[
                            azure.compute.VirtualMachineScaleSetIPConfigurationArgs(
                                name="private",
                                primary=True,
                                subnet=azure.compute.ApiEntityReferenceArgs(id=subnet_id),
                                load_balancer_backend_address_pools=[
                                    azure.compute.SubResourceArgs(id=pool_id)
                                ],
                            )
                        ],
                    )
                ],
            ),
            extension_profile=azure.compute.VirtualMachineScaleSetExtensionProfileArgs(extensions=extensions)
            if extensions
            else None,
        ),
    )
    autoscale = azure.monitor.AutoscaleSetting(
        base.name(f"{role}-autoscale"),
        **base.placed(),
        enabled=True,
        target_resource_uri=vmss.id,
        profiles=[
            azure.monitor.AutoscaleProfileArgs(
                name="utilisation",
                capacity=azure.monitor.ScaleCapacityArgs(
                    minimum=str(fleet.min_size),
                    maximum=str(fleet.max_size),
                    default=str(fleet.desired_size),
                ),
                rules=[
                    _rule(vmss.id, ComparisonOp.GREATER_THAN, fleet.scale_up_pct, ScaleDir.INCREASE),
                    _rule(vmss.id, ComparisonOp.LESS_THAN, fleet.scale_down_pct, ScaleDir.DECREASE),
                ],
            )
        ],
    )
    return Fleet(vmss=vmss, autoscale=autoscale)


def _rule(
    target: pulumi.Input[str], operator: ComparisonOp, threshold: int, direction: ScaleDir
) -> azure.monitor.ScaleRuleArgs:
    increase = direction == ScaleDir.INCREASE
    return azure.monitor.ScaleRuleArgs(
        metric_trigger=azure.monitor.MetricTriggerArgs(
            metric_name=CPU_METRIC,
            metric_namespace="microsoft.compute/virtualmachinescalesets",
            metric_resource_uri=target,
            operator=operator,
            threshold=threshold,
            statistic=azure.monitor.MetricStatisticType.AVERAGE,
            time_aggregation=azure.monitor.TimeAggregationType.AVERAGE,
            time_grain="PT1M",
            time_window="PT5M" if increase else _iso_minutes(GUIDE.scale_in_sustain_s),
        ),
        scale_action=azure.monitor.ScaleActionArgs(
            direction=direction,
            type=azure.monitor.ScaleType.CHANGE_COUNT,
            value="1",
            cooldown="PT5M" if increase else "PT15M",
        ),
    )


def _iso_minutes(seconds: int) -> str:
    """ISO 8601 duration Azure autoscale takes (PT120M = the guide's 2 h)."""
    return f"PT{seconds // 60}M"
