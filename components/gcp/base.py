"""What every GCP building block needs: the spec, labels, parent, zones, project.

Labels are passed explicitly on every resource that takes them (mocks do not apply provider
default labels, and explicit labels survive a provider swap). Zones are the region's ``-a``,
``-b`` and ``-c`` (every llmkit region has its GPU types there), so no zones invoke is needed.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping, Optional

import pulumi

from llmkit.components import boot
from llmkit.components.children import Children
from llmkit.components.spec import DeploymentSpec

# Google's load balancer proxies and health checkers reach backends only from these ranges.
GOOGLE_LB_RANGES = ("130.211.0.0/22", "35.191.0.0/16")
# Ubuntu, because the boot documents are cloud-init (Debian-based GCE images run no cloud-init).
UBUNTU_IMAGE = "projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts"
# Canonical's accelerator image: NVIDIA driver preinstalled and signed (works with Secure Boot).
GPU_IMAGE = "projects/ubuntu-os-accelerator-images/global/images/family/ubuntu-accelerator-2204-amd64-with-nvidia-570"
DATA_DISK_NAME = "qdrant-data"
DATA_DISK_DEVICE = f"/dev/disk/by-id/google-{DATA_DISK_NAME}"


@dataclasses.dataclass
class GcpBase(Children):
    @property
    def region(self) -> str:
        return self.spec.region

    @property
    def zones(self) -> list[str]:
        return [f"{self.spec.region}-{z}" for z in ("a", "b", "c")]

    def tag(self, role: str) -> str:
        """Network tag the firewall rules target (GCP tags: lowercase, <= 63 characters)."""
        return f"llmkit-{role}"

    def project(self, fallback: pulumi.Input[str]) -> pulumi.Input[str]:
        """The stack's project: ``gcp:project`` if set, else what the provider resolved."""
        return pulumi.Config("gcp").get("project") or fallback


def user_data(role: boot.Role, spec: DeploymentSpec, params: Mapping[str, pulumi.Input[str]]) -> pulumi.Output[str]:
    """cloud-init for ``role`` (GCE passes the ``user-data`` metadata value to cloud-init as is)."""
    return boot.render_output(role, spec, cloud="gcp", params=params)


def shielded(secure_boot: bool = True) -> dict[str, bool]:
    return {"enable_secure_boot": secure_boot, "enable_vtpm": True, "enable_integrity_monitoring": True}


def server_metadata(extra: Optional[Mapping[str, pulumi.Input[str]]] = None) -> dict[str, pulumi.Input[str]]:
    """Metadata every server gets: no project-wide SSH keys, OS Login only (IAM-gated, no keys)."""
    return {"block-project-ssh-keys": "true", "enable-oslogin": "true", **(extra or {})}
