"""What every Azure building block needs: the spec, the stack's resource group, tags, parent.

azure-native has no provider-level default tags (and mocks would not apply them anyway), so
each building block passes ``base.tags`` explicitly on every resource that takes tags.
Subscription-scoped ids (role definitions, load-balancer sub-resources) are derived from the
resource group's own id, which avoids a provider invoke for the subscription id.
"""

from __future__ import annotations

import base64
import dataclasses
from typing import Any, Mapping, Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components import boot
from llmkit.components.children import Children, internal_lb_host_index, server_host
from llmkit.components.spec import DeploymentSpec, ModelTier

# Built-in role definition ids (documented by Microsoft, identical in every tenant).
KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
STORAGE_BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"
# read and write blobs: the first vLLM server fills an empty model cache from the hub
STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"

ADMIN_USER = "llmkit"
# GPU servers: Azure's Ubuntu 22.04 HPC image (github.com/Azure/azhpc-images) ships the NVIDIA
# driver, CUDA, Moby and the NVIDIA container toolkit, which `docker run --gpus all` needs.
GPU_IMAGE = azure.compute.ImageReferenceArgs(
    publisher="microsoft-dsvm", offer="ubuntu-hpc", sku="2204", version="latest"
)
# CPU servers (router, Qdrant): plain Ubuntu 22.04 LTS; boot installs docker and the az CLI.
UBUNTU_IMAGE = azure.compute.ImageReferenceArgs(
    publisher="Canonical",
    offer="0001-com-ubuntu-server-jammy",
    sku="22_04-lts-gen2",
    version="latest",
)


@dataclasses.dataclass
class AzureBase(Children):
    resource_group: azure.resources.ResourceGroup

    @property
    def tags(self) -> dict[str, str]:
        return self.labels

    @property
    def location(self) -> str:
        return self.spec.region

    @property
    def rg_name(self) -> pulumi.Output[str]:
        return self.resource_group.name

    @property
    def rg_id(self) -> pulumi.Output[str]:
        return self.resource_group.id

    def placed(self, **opts: Any) -> dict[str, Any]:
        """Arguments every regional resource takes: the stack's group, its region, the labels as
        tags (azure-native has no provider default tags), and the parent component."""
        return {
            "resource_group_name": self.rg_name,
            "location": self.location,
            "tags": self.tags,
            "opts": self.opts(**opts),
        }

    def role_definition_id(self, role_guid: str) -> pulumi.Output[str]:
        """Full role-definition id in this subscription (subscription taken from the group id)."""
        return self.rg_id.apply(
            lambda rg_id: f"{rg_id.split('/resourceGroups/')[0]}"
            f"/providers/Microsoft.Authorization/roleDefinitions/{role_guid}"
        )

    def grant(self, name: str, *, role_guid: str, scope: pulumi.Input[str],
              principal_id: pulumi.Input[str], why: str) -> azure.authorization.RoleAssignment:
        """One built-in role for the servers' identity on one resource (never wider)."""
        return azure.authorization.RoleAssignment(
            self.name(name),
            scope=scope,
            principal_id=principal_id,
            principal_type="ServicePrincipal",
            role_definition_id=self.role_definition_id(role_guid),
            description=why,
            opts=self.opts(),
        )

    def child_id(self, provider_path: str) -> pulumi.Output[str]:
        """Id of a resource (or sub-resource) in the stack's group, known before it exists."""
        return self.rg_id.apply(lambda rg_id: f"{rg_id}/providers/{provider_path}")


def internal_lb_address(spec: DeploymentSpec, tier: Optional[ModelTier] = None) -> str:
    """A fixed private address for the internal load balancer in front of the vLLM fleet (in a
    tiers stack, of ``tier``'s fleet)."""
    return server_host(spec, internal_lb_host_index(spec, tier))


def l4_public(spec: DeploymentSpec) -> bool:
    """The Standard Load Balancer faces the internet only for ``publicEndpoint`` without a
    certificate; with one, the Application Gateway does (and the load balancer stays internal)."""
    return spec.internet_facing and not spec.tls_certificate


def front_lb_address(spec: DeploymentSpec) -> str:
    """The fixed private address of the client-facing load balancer when it is internal (the
    default: no public endpoint without a certificate or ``llmkit:publicEndpoint``)."""
    return server_host(spec, 11)


def custom_data(
    role: boot.Role, spec: DeploymentSpec, params: Mapping[str, pulumi.Input[str]]
) -> pulumi.Output[str]:
    """cloud-init rendered for ``role``, base64 encoded as VM customData requires."""
    return boot.render_output(role, spec, cloud="azure", params=params).apply(
        lambda document: base64.b64encode(document.encode()).decode()
    )


def linux_configuration(stack: str) -> azure.compute.LinuxConfigurationArgs:
    """No passwords; the one (locked) key Azure insists on."""
    return azure.compute.LinuxConfigurationArgs(
        disable_password_authentication=True,
        ssh=azure.compute.SshConfigurationArgs(
            public_keys=[
                azure.compute.SshPublicKeyArgs(
                    path=f"/home/{ADMIN_USER}/.ssh/authorized_keys", key_data=locked_ssh_key(stack)
                )
            ]
        ),
    )


def locked_ssh_key(stack: str) -> str:
    """An ed25519 public key nobody holds the private key for (Azure demands one key).

    Linux VMs on Azure must have a password or an SSH key; we want neither to be usable (no
    SSH rule exists, and operators use Run Command through the VM agent). The key bytes are a
    hash of the stack name: finding its private key is the discrete-log problem. Setting
    ``llmkit:adminSshPublicKey`` replaces it with a real key for break-glass access.
    """
    import hashlib
    import struct

    configured: Optional[str] = pulumi.Config("llmkit").get("adminSshPublicKey")
    if configured:
        return configured
    point = hashlib.sha256(f"llmkit-locked-{stack}".encode()).digest()
    algo = b"ssh-ed25519"
    blob = struct.pack(">I", len(algo)) + algo + struct.pack(">I", len(point)) + point
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} llmkit-locked"
