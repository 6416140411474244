"""Azure pricers, with expectations computed from catalog rows x quantities."""

from __future__ import annotations

from decimal import Decimal

import pytest

from llmkit.pricing.preview.breakdown import price_document
from llmkit.core.unknown import UNKNOWN
from llmkit.pricing.catalog import load_catalog
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
