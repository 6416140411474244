"""Qdrant on its own instance with a separate persistent SSD for its data.

The data disk is its own resource (it outlives instance replacement) and is encrypted at rest
by Google like every persistent disk; the instance has a fixed private address so clients can
be configured before it exists, no external IP, no service account (it calls no Google API),
and Shielded VM. GCE exposes the disk as ``/dev/disk/by-id/google-<device name>``.
"""

from __future__ import annotations

import dataclasses

import pulumi
import pulumi_gcp as gcp

from llmkit.components.gcp.base import (
    DATA_DISK_DEVICE,
    DATA_DISK_NAME,
    UBUNTU_IMAGE,
    GcpBase,
    server_metadata,
    shielded,
    user_data,
)
from llmkit.components.children import server_host

QDRANT_HOST_INDEX = 20


@dataclasses.dataclass
class VectorDb:
    instance: gcp.compute.Instance
    disk: gcp.compute.Disk
    address: str


def create_qdrant(
    base: GcpBase, *, subnet: pulumi.Input[str], service_account: pulumi.Input[str], secret_scope: pulumi.Input[str],
) -> VectorDb:
    """Qdrant with the data disk; its service account may read one secret: the key Qdrant
    requires on every request (read at boot, never in metadata)."""
    spec = base.spec
    zone = base.zones[0]
    address = server_host(spec, QDRANT_HOST_INDEX)
    disk = gcp.compute.Disk(
        base.name(DATA_DISK_NAME),
        zone=zone,
        type="pd-ssd",
        size=spec.vector_db.disk_gb,
        labels=base.labels,
        opts=base.opts(),
    )
    instance = gcp.compute.Instance(
        base.name("qdrant"),
        zone=zone,
        machine_type=spec.vector_db.instance_type,
        boot_disk=gcp.compute.InstanceBootDiskArgs(
            auto_delete=True,
            initialize_params=gcp.compute.InstanceBootDiskInitializeParamsArgs(
                image=UBUNTU_IMAGE, size=20, type="pd-balanced", labels=base.labels
            ),
        ),
        attached_disks=[gcp.compute.InstanceAttachedDiskArgs(source=disk.id, device_name=DATA_DISK_NAME)],
        network_interfaces=[gcp.compute.InstanceNetworkInterfaceArgs(subnetwork=subnet, network_ip=address)],
        shielded_instance_config=gcp.compute.InstanceShieldedInstanceConfigArgs(**shielded()),
        metadata=server_metadata({"user-data": user_data("qdrant", spec, {"data_device": DATA_DISK_DEVICE,
                                                                           "secret_scope": secret_scope})}),
        service_account=gcp.compute.InstanceServiceAccountArgs(email=service_account, scopes=["cloud-platform"]),
        tags=[base.tag("qdrant")],
        labels=base.labels,
        allow_stopping_for_update=True,
        opts=base.opts(),
    )
    return VectorDb(instance=instance, disk=disk, address=address)
