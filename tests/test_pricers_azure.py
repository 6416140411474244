"""Azure pricers, with expectations computed from catalog rows x quantities."""

from __future__ import annotations

import importlib.util
from decimal import Decimal

import pytest

from llmkit.core.errors import UserError
from llmkit.pricing.preview.breakdown import price_document
from llmkit.core.unknown import UNKNOWN
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.preview.resources import lookup, registry
from llmkit.pricing.preview.resources.registry import TYPED, _resolve
from llmkit.pricing.preview.usage import Usage
from _previewdocs import create, doc

H = Decimal(730)
R = "eastus"


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def plat(cat, item, region=R):
    return cat.platform("azure", region, item).price


def od(cat, t, region=R):
    return cat.instance("azure", region, t).on_demand_hourly


def price(*steps, **kw):
    b = price_document(doc(*steps, config={"azure-native:location": "EastUS"}), **kw)
    return {r.name: r for r in b.resources}


def test_vm_with_os_and_data_disks(cat):
    vm = price(create("azure-native:compute:VirtualMachine", "vm", {
        "hardwareProfile": {"vmSize": "Standard_NC4as_T4_v3"},
        "storageProfile": {
            "osDisk": {"diskSizeGB": 64, "managedDisk": {"storageAccountType": "StandardSSD_LRS"}},
            "dataDisks": [{"lun": 0, "diskSizeGB": 256, "createOption": "Empty", "managedDisk": {"storageAccountType": "Premium_LRS"}}],
        },
        "osProfile": {"adminPassword": "P@ssw0rd-in-preview"},
    }))["vm"]
    want = od(cat, "Standard_NC4as_T4_v3") * H + 64 * plat(cat, "block_storage_gb_month:StandardSSD_LRS") + 256 * plat(cat, "block_storage_gb_month:Premium_LRS")
    assert (vm.bucket, vm.current.monthly) == ("estimated", want)


def test_spot_vm_uses_spot_price(cat):
    row = cat.instance("azure", R, "Standard_D2s_v5")
    vm = price(create("azure-native:compute:VirtualMachine", "vm", {"hardwareProfile": {"vmSize": "Standard_D2s_v5"}, "priority": "Spot",
               "storageProfile": {"osDisk": {"diskSizeGB": 30, "managedDisk": {"storageAccountType": "Standard_LRS"}}}}))["vm"]
    assert vm.current.components[0].price == (row.spot_hourly if row.spot_hourly is not None else row.on_demand_hourly)


def test_scale_set_with_autoscale_setting_range(cat):
    vmss_urn = "urn:pulumi:dev::proj::azure-native:compute:VirtualMachineScaleSet::gpu"
    got = price(
        create("azure-native:compute:VirtualMachineScaleSet", "gpu", {"vmScaleSetName": "gpu-vmss", "sku": {"name": "Standard_NC4as_T4_v3", "capacity": 2},
               "virtualMachineProfile": {"storageProfile": {"osDisk": {"diskSizeGB": 128, "managedDisk": {"storageAccountType": "Premium_LRS"}}}}}),
        create("azure-native:monitor:AutoscaleSetting", "scale", {"targetResourceUri": UNKNOWN,
               "profiles": [{"capacity": {"minimum": "1", "maximum": "5", "default": "2"}}]},
               propertyDependencies={"targetResourceUri": [vmss_urn]}),
    )
    per = od(cat, "Standard_NC4as_T4_v3") * H + 128 * plat(cat, "block_storage_gb_month:Premium_LRS")
    assert got["gpu"].current.monthly == 2 * per
    assert got["gpu"].current.monthly_range == (per, 5 * per)
    assert got["scale"].bucket == "free"


def test_aks_cluster_tier_inline_pools_and_agent_pool(cat):
    got = price(
        create("azure-native:containerservice:ManagedCluster", "aks", {"sku": {"name": "Base", "tier": "Free"},
               "agentPoolProfiles": [{"name": "sys", "count": 2, "vmSize": "Standard_D2s_v5", "osDiskType": "Ephemeral"}]}),
        create("azure-native:containerservice:AgentPool", "gpu", {"vmSize": "Standard_NC4as_T4_v3", "count": 1, "enableAutoScaling": True,
               "minCount": 0, "maxCount": 3, "osDiskSizeGB": 100, "osDiskType": "Managed"}),
        create("azure-native:containerservice:ManagedCluster", "paid", {"sku": {"name": "Base", "tier": "Standard"}}),
    )
    assert got["aks"].current.monthly == 2 * od(cat, "Standard_D2s_v5") * H  # Free tier, ephemeral OS disks
    per = od(cat, "Standard_NC4as_T4_v3") * H + 100 * plat(cat, "block_storage_gb_month:Premium_LRS")
    assert got["gpu"].current.monthly == per and got["gpu"].current.monthly_range == (0, 3 * per)
    assert got["paid"].current.monthly == plat(cat, "k8s_control_plane_hour") * H


def test_disk_public_ip_lb_storage_vault_sql(cat):
    got = price(
        create("azure-native:compute:Disk", "disk", {"diskSizeGB": 512, "sku": {"name": "Premium_LRS"}}),
        create("azure-native:network:PublicIPAddress", "pip", {"sku": {"name": "Standard"}}),
        create("azure-native:network:LoadBalancer", "lb", {"sku": {"name": "Standard"}}),
        create("azure-native:storage:StorageAccount", "sa", {"kind": "StorageV2"}),
        create("azure-native:keyvault:Vault", "kv", {"properties": {}}),
        create("azure-native:sql:Database", "sql", {"sku": {"name": "GP_Gen5", "capacity": 2}}),
        create("azure-native:sql:Database", "s9", {"sku": {"name": "S9"}}),
    )
    assert got["disk"].current.monthly == 512 * plat(cat, "block_storage_gb_month:Premium_LRS")
    assert got["pip"].current.monthly == plat(cat, "public_ipv4_hour") * H
    assert got["lb"].current.monthly == plat(cat, "lb_hour") * H and got["lb"].bucket == "usage-based"
    assert got["sa"].bucket == got["kv"].bucket == "usage-based"
    assert got["sql"].current.monthly == plat(cat, "db_instance_hour:GP_Gen5_2") * H
    assert got["s9"].bucket == "unknown-input" and "S9" in got["s9"].reason


def test_real_azure_sample(reference_data, cat):
    """azure-native 1.x names, location "WestEurope": priced in westeurope, S3 SQL honest."""
    raw = (reference_data / "preview-samples" / "02-azure-vm-vmss-aks-sql_cloudcostify_pulumi-preview.json").read_bytes()
    got = {r.name: r for r in price_document(raw).resources}
    we = "westeurope"
    d2 = od(cat, "Standard_D2s_v3", we)
    prem = plat(cat, "block_storage_gb_month:Premium_LRS", we)
    assert got["sandbox-vm"].current.monthly == d2 * H + 30 * prem
    assert got["sandbox-vmss"].current.monthly == 3 * (d2 * H + 30 * prem)
    aks = plat(cat, "k8s_control_plane_hour", we) * H + 3 * (od(cat, "Standard_B2s", we) * H + 128 * prem)
    assert got["sandbox-aks-cfy"].current.monthly == aks
    assert got["test-rg"].bucket == got["sandbox-sql-server"].bucket == "free"
    sql = got["sandbox-sql-db"]
    if cat.find_platform("azure", we, "db_instance_hour:S3") is None:
        assert sql.bucket == "unknown-input" and sql.current.monthly is None
    else:
        assert sql.current.monthly == plat(cat, "db_instance_hour:S3", we) * H


def test_windows_vm_and_premium_aks_are_unknown_not_guessed():
    got = price(
        create("azure-native:compute:VirtualMachine", "win", {"hardwareProfile": {"vmSize": "Standard_D2s_v5"},
               "storageProfile": {"imageReference": {"publisher": "MicrosoftWindowsServer", "offer": "WindowsServer"}}}),
        create("azure-native:containerservice:ManagedCluster", "prem", {"sku": {"name": "Base", "tier": "Premium"}}),
    )
    assert got["win"].bucket == "unknown-input" and "Windows" in got["win"].reason
    assert got["prem"].bucket == "unknown-input" and "premium" in got["prem"].reason


def test_classic_azure_provider_types(cat):
    got = {r.name: r for r in price_document(doc(
        create("azure:compute/linuxVirtualMachine:LinuxVirtualMachine", "vm", {"location": "westus2", "size": "Standard_D2s_v5",
               "osDisk": {"storageAccountType": "StandardSSD_LRS", "diskSizeGb": 64}, "adminPassword": "hunter2!"}),
        create("azure:compute/managedDisk:ManagedDisk", "disk", {"location": "westus2", "storageAccountType": "Premium_LRS", "diskSizeGb": 256}),
        create("azure:containerservice/kubernetesCluster:KubernetesCluster", "aks", {"location": "westus2", "skuTier": "Standard",
               "defaultNodePool": {"name": "sys", "vmSize": "Standard_D2s_v5", "nodeCount": 2, "autoScalingEnabled": True, "minCount": 1, "maxCount": 4, "osDiskType": "Ephemeral"}}),
        create("azure:compute/windowsVirtualMachine:WindowsVirtualMachine", "win", {"location": "westus2", "size": "Standard_D2s_v5"}),
        config={},
    )).resources}
    w2 = "westus2"
    assert got["vm"].current.monthly == od(cat, "Standard_D2s_v5", w2) * H + 64 * plat(cat, "block_storage_gb_month:StandardSSD_LRS", w2)
    assert got["disk"].current.monthly == 256 * plat(cat, "block_storage_gb_month:Premium_LRS", w2)
    node = od(cat, "Standard_D2s_v5", w2) * H
    cp = plat(cat, "k8s_control_plane_hour", w2) * H
    assert got["aks"].current.monthly == cp + 2 * node
    assert got["aks"].current.monthly_range == (cp + node, cp + 4 * node)
    assert got["win"].bucket == "unknown-input"


# ---------------------------------------------------------------- two-layer, and no way back

# Every type the one-function Azure families priced (azure_classic, azure_compute, azure_data,
# azure_k8s, azure_network, azure_ops), with the usage keys and regional flag their @pricer had.
FORMER_FAMILY_TYPES = {
    "azure:compute/linuxVirtualMachine:LinuxVirtualMachine": (), "azure:compute/windowsVirtualMachine:WindowsVirtualMachine": (),
    "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet": (),
    "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet": (), "azure:compute/managedDisk:ManagedDisk": (),
    "azure:network/publicIp:PublicIp": (), "azure:containerservice/kubernetesCluster:KubernetesCluster": (),
    "azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool": (),
    "azure-native:compute:VirtualMachine": (), "azure-native:compute:VirtualMachineScaleSet": (), "azure-native:compute:Disk": (),
    "azure-native:storage:StorageAccount": (("storage_gb", 100),), "azure-native:keyvault:Vault": (("monthly_operations", 10000),),
    "azure-native:containerservice:ManagedCluster": (), "azure-native:containerservice:AgentPool": (),
    "azure-native:network:PublicIPAddress": (), "azure-native:network:LoadBalancer": (("monthly_data_processed_gb", 100),),
    "azure-native:network:NatGateway": (("monthly_data_processed_gb", 100),),
    "azure-native:monitor:MetricAlert": (), "azure-native:insights:MetricAlert": (),
}


def test_the_azure_one_function_families_are_gone_and_every_azure_type_is_two_layer():
    for family in ("azure_classic", "azure_compute", "azure_data", "azure_k8s", "azure_network", "azure_ops"):
        assert importlib.util.find_spec(f"llmkit.pricing.preview.resources.{family}") is None, family
    for token, usage in FORMER_FAMILY_TYPES.items():
        mapper, model = (_resolve(ref) for ref in TYPED[token])
        assert callable(mapper) and callable(model.cost) and isinstance(model.USAGE, tuple), token
        entry = lookup(token)
        assert [(k.name, k.default) for k in entry.usage_keys] == [(n, Decimal(d)) for n, d in usage], token
        assert entry.regional is ("MetricAlert" not in token), token
    # nothing Azure is priced by a @pricer again
    assert [t for t in registry() if t.startswith("azure") and t not in TYPED] == []


def test_scale_set_takes_its_range_and_default_from_an_autoscale_setting(cat):
    got = price(
        create("azure-native:compute:VirtualMachineScaleSet", "vmss", {"sku": {"name": "Standard_D2s_v5"}, "vmScaleSetName": "vmss",
               "virtualMachineProfile": {"storageProfile": {"dataDisks": [{"diskSizeGB": 32}, {"createOption": "Attach", "diskSizeGB": 500}]}}}),
        create("azure-native:insights:AutoscaleSetting", "scale", {"targetResourceUri": "vmss",
               "profiles": [{"capacity": {"minimum": 1, "maximum": 5, "default": 3}}]}),
    )
    # premium-capable size: OS disk (image default 30 GB) and data disk Premium_LRS; the attached disk is its own resource
    per = od(cat, "Standard_D2s_v5") * H + (30 + 32) * plat(cat, "block_storage_gb_month:Premium_LRS")
    r = got["vmss"]
    assert r.current.monthly == 3 * per and r.current.monthly_range == (per, 5 * per)
    assert "size range from its autoscale setting" in r.notes
    assert [c.name for c in r.current.components] == [
        "VM usage (on-demand, Standard_D2s_v5)", "OS disk (assumed image default) (Premium_LRS, 30 GB)", "Data disk 1 (Premium_LRS, 32 GB)"]


def test_classic_scale_set_and_node_pool(cat):
    w2 = "westus2"
    got = {r.name: r for r in price_document(doc(
        create("azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet", "vmss", {"location": w2, "sku": "Standard_D2s_v5",
               "instances": 3, "osDisk": {"storageAccountType": "StandardSSD_LRS", "diskSizeGb": 40}}),
        create("azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool", "pool", {"location": w2, "name": "work",
               "vmSize": "Standard_D4s_v5", "nodeCount": 1, "enableAutoScaling": True, "maxCount": 3}),
        config={},
    )).resources}
    vm = od(cat, "Standard_D2s_v5", w2) * H + 40 * plat(cat, "block_storage_gb_month:StandardSSD_LRS", w2)
    assert got["vmss"].current.monthly == 3 * vm and got["vmss"].current.monthly_range is None
    node = od(cat, "Standard_D4s_v5", w2) * H + 128 * plat(cat, "block_storage_gb_month:Premium_LRS", w2)  # the 128 GB node OS disk
    assert got["pool"].current.monthly == node and got["pool"].current.monthly_range == (node, 3 * node)
    assert [c.name for c in got["pool"].current.components] == ["Nodes work (on-demand, Standard_D4s_v5)", "Node OS disk work (Premium_LRS, 128 GB)"]


def test_vm_disk_sizes_computed_missing_or_bad(cat):
    vm = "azure-native:compute:VirtualMachine"
    got = price(
        create(vm, "later", {"hardwareProfile": {"vmSize": "Standard_D2s_v5"}, "storageProfile": {"dataDisks": [{"diskSizeGB": UNKNOWN}]}}),
        create(vm, "unset", {"hardwareProfile": {"vmSize": "Standard_D2s_v5"}, "storageProfile": {"dataDisks": [{"createOption": "Empty"}]}}),
    )
    premium_os = 30 * plat(cat, "block_storage_gb_month:Premium_LRS")
    assert got["later"].bucket == "estimated" and got["later"].current.unknown_parts == ("data disk 1 size",)
    assert got["later"].current.monthly == od(cat, "Standard_D2s_v5") * H + premium_os
    assert (got["unset"].bucket, got["unset"].reason) == ("unknown-input", "Data disk 1 size is not set")
    # the mapper reads every input before any price is looked up: a bad size is a bad document
    # even when the VM size has no price (it used to hide behind the unknown instance price)
    with pytest.raises(UserError, match="OS disk size must be a whole number"):
        price(create(vm, "bad", {"hardwareProfile": {"vmSize": "Standard_Nope"}, "storageProfile": {"osDisk": {"diskSizeGB": 1.5}}}))


def test_load_balancer_skus_nat_gateway_and_a_global_metric_alert(cat):
    got = price(
        create("azure-native:network:LoadBalancer", "std", {"sku": {"name": "Standard"}}),
        create("azure-native:network:LoadBalancer", "basic", {}),
        create("azure-native:network:LoadBalancer", "gw", {"sku": {"name": "Gateway"}}),
        create("azure-native:network:NatGateway", "nat", {}),
        create("azure-native:insights:MetricAlert", "alert", {"location": "global"}),
        usage=Usage(resources={"std": {"monthly_data_processed_gb": Decimal(40)}, "nat": {"monthly_data_processed_gb": Decimal(7)}}),
    )
    assert got["std"].current.monthly == plat(cat, "lb_hour") * H + 40 * plat(cat, "lb_capacity_unit_hour")
    assert got["nat"].current.monthly == plat(cat, "nat_gateway_hour") * H + 7 * plat(cat, "nat_gateway_gb")
    assert [c.name for c in got["nat"].current.components] == ["NAT gateway", "Data processed"]
    assert got["basic"].bucket == got["gw"].bucket == "unsupported" and "retired" in got["basic"].reason
    assert got["alert"].current.monthly == plat(cat, "monitoring_alarm_month")
    assert got["alert"].notes == ["metric alert rule priced at the eastus rate"]
