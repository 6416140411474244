"""Key Vault with the stack's keys (provider API keys, the router's client key, the model
server's key), readable only by the servers' identities.

RBAC authorisation (no access policies), soft delete always (purge protection too when the
stack is protected: it cannot be turned off and would pin the vault for its retention period
on test stacks), a firewall that admits only the servers' subnet. Values come from the Pulumi
config secret ``llmkit:apiKeys`` (llmkit.components.apikeys) or, for the router's client key and
the model server's key, are generated once (``ignore_changes`` keeps the stored value); servers
read them at boot through their managed identity, so they never appear in customData. A
provider key that is not configured gets no entry (in Key Vault a secret is its value): the
operator adds it with ``az keyvault secret set`` under the entry name the spec gives, and the
router refuses to start until then.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.apikeys import secret_values
from llmkit.components.azure.base import KEY_VAULT_SECRETS_USER, AzureBase


@dataclasses.dataclass
class KeyVault:
    vault: azure.keyvault.Vault
    uri: pulumi.Output[str]
    secrets: dict[str, azure.keyvault.Secret]


def create_key_vault(
    base: AzureBase,
    *,
    tenant_id: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
    reader_principal_id: Optional[pulumi.Input[str]],
) -> KeyVault:
    """The vault and every configured or generated key; ``reader_principal_id`` (the router)
    may read the whole vault, other servers get per-secret grants (``grant_secret``)."""
    vault = azure.keyvault.Vault(
        "llmkitkv",  # autonamed with a suffix; vault names are global and <= 24 characters
        **base.placed(),
        properties=azure.keyvault.VaultPropertiesArgs(
            tenant_id=tenant_id,
            sku=azure.keyvault.SkuArgs(family="A", name=azure.keyvault.SkuName.STANDARD),
            enable_rbac_authorization=True,
            enable_soft_delete=True,
            soft_delete_retention_in_days=7 if not base.spec.protect else 90,
            enable_purge_protection=True if base.spec.protect else None,
            network_acls=azure.keyvault.NetworkRuleSetArgs(
                default_action="Deny",
                bypass="AzureServices",
                virtual_network_rules=[azure.keyvault.VirtualNetworkRuleArgs(id=subnet_id)],
            ),
        ),
    )
    secrets: dict[str, azure.keyvault.Secret] = {}
    for secret_name, value in secret_values(base.spec).items():
        if value is None:
            continue  # a Key Vault secret is its value: unset keys are added out of band (az keyvault secret set)
        secrets[secret_name] = azure.keyvault.Secret(
            base.name(f"secret-{secret_name}"),
            secret_name=secret_name,
            vault_name=vault.name,
            resource_group_name=base.rg_name,
            properties=azure.keyvault.SecretPropertiesArgs(value=value.value, content_type="api-key"),
            tags=base.tags,
            opts=base.opts(ignore_changes=["properties.value"] if value.generated else None),
        )
    if reader_principal_id is not None:
        base.grant("secrets-reader", role_guid=KEY_VAULT_SECRETS_USER, scope=vault.id,
                   principal_id=reader_principal_id, why="the router reads its keys at boot")
    uri = pulumi.Output.concat("https://", vault.name, ".vault.azure.net")
    return KeyVault(vault=vault, uri=uri, secrets=secrets)


def grant_secret(base: AzureBase, vault: KeyVault, secret_name: str, principal_id: pulumi.Input[str], role: str) -> None:
    """Key Vault Secrets User on one secret only (the vLLM servers read their own key, nothing else)."""
    secret = vault.secrets[secret_name]
    base.grant(f"{role}-key-reader", role_guid=KEY_VAULT_SECRETS_USER, scope=secret.id,
               principal_id=principal_id, why=f"{role} servers read their own API key at boot")
