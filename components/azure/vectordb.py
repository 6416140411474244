"""Qdrant on its own VM with a separate, encrypted, premium managed data disk.

The VM has a fixed private address (so clients in the VNet can be configured before it
exists), no public IP, and a user-assigned identity that may read one Key Vault secret: the
key Qdrant requires on every request. The data disk is its own
resource so it outlives VM replacement; platform-managed encryption at rest is made explicit,
and encryption at host covers the VM's caches. Azure exposes LUN 0 as
``/dev/disk/azure/scsi1/lun0``: that is the device the boot script formats and mounts.
"""

from __future__ import annotations

import dataclasses

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import (
    ADMIN_USER,
    UBUNTU_IMAGE,
    AzureBase,
    custom_data,
    linux_configuration,
)
from llmkit.components.children import server_host

DATA_DISK_DEVICE = "/dev/disk/azure/scsi1/lun0"


@dataclasses.dataclass
class VectorDb:
    vm: azure.compute.VirtualMachine
    disk: azure.compute.Disk
    address: str


def qdrant_address(base: AzureBase) -> str:
    return server_host(base.spec, 20)


def create_qdrant(
    base: AzureBase, *, subnet_id: pulumi.Input[str], identity_id: pulumi.Input[str], secret_scope: pulumi.Input[str],
) -> VectorDb:
    spec = base.spec
    address = qdrant_address(base)
    disk = azure.compute.Disk(
        base.name("qdrant-data"),
        **base.placed(),
        disk_size_gb=spec.vector_db.disk_gb,
        sku=azure.compute.DiskSkuArgs(name="Premium_LRS"),
        creation_data=azure.compute.CreationDataArgs(create_option="Empty"),
        encryption=azure.compute.EncryptionArgs(type="EncryptionAtRestWithPlatformKey"),
        public_network_access="Disabled",
        network_access_policy="DenyAll",
    )
    nic = azure.network.NetworkInterface(
        base.name("qdrant-nic"),
        **base.placed(),
        ip_configurations=[
            azure.network.NetworkInterfaceIPConfigurationArgs(
                name="private",
                primary=True,
                subnet=azure.network.SubnetArgs(id=subnet_id),
                private_ip_allocation_method="Static",
                private_ip_address=address,
            )
        ],
    )
    vm = azure.compute.VirtualMachine(
        base.name("qdrant"),
        **base.placed(),
        hardware_profile=azure.compute.HardwareProfileArgs(vm_size=spec.vector_db.instance_type),
        os_profile=azure.compute.OSProfileArgs(
            computer_name="qdrant",
            admin_username=ADMIN_USER,
            custom_data=custom_data("qdrant", spec, {"data_device": DATA_DISK_DEVICE, "secret_scope": secret_scope}),
            linux_configuration=linux_configuration(spec.stack),
        ),
        storage_profile=azure.compute.StorageProfileArgs(
            image_reference=UBUNTU_IMAGE,
            os_disk=azure.compute.OSDiskArgs(
                create_option="FromImage",
                delete_option="Delete",
                managed_disk=azure.compute.ManagedDiskParametersArgs(storage_account_type="Premium_LRS"),
            ),
            data_disks=[
                azure.compute.DataDiskArgs(
                    lun=0,
                    create_option="Attach",
                    caching=azure.compute.CachingTypes.READ_ONLY,
                    delete_option="Detach",
                    managed_disk=azure.compute.ManagedDiskParametersArgs(id=disk.id),
                )
            ],
        ),
        security_profile=azure.compute.SecurityProfileArgs(encryption_at_host=True),
        network_profile=azure.compute.NetworkProfileArgs(
            network_interfaces=[azure.compute.NetworkInterfaceReferenceArgs(id=nic.id, primary=True)]
        ),
        identity=azure.compute.VirtualMachineIdentityArgs(
            type=azure.compute.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[identity_id]
        ),
    )
    return VectorDb(vm=vm, disk=disk, address=address)
