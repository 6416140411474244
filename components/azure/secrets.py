"""Key Vault with the provider API keys, readable only by the servers' identity.

RBAC authorisation (no access policies), soft delete always (purge protection too when the
stack is protected: it cannot be turned off and would pin the vault for its retention period
on test stacks), a firewall that admits only the servers' subnet. Values come from the Pulumi
config secret ``llmkit:apiKeys`` (llmkit.components.apikeys) and are written only here; the router
reads them at boot through its managed identity, so they never appear in customData. A key
that is not configured gets no entry (in Key Vault a secret is its value): the operator adds
it with ``az keyvault secret set`` under the entry name the spec gives.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import pulumi
import pulumi_azure_native as azure

from llmkit.components.apikeys import api_key_values
from llmkit.components.azure.base import KEY_VAULT_SECRETS_USER, AzureBase
from llmkit.components.spec import RouterSpec


@dataclasses.dataclass
class KeyVault:
    vault: azure.keyvault.Vault
    uri: pulumi.Output[str]
    secrets: dict[str, azure.keyvault.Secret]


def create_key_vault(
    base: AzureBase,
    router: Optional[RouterSpec],
    *,
    tenant_id: pulumi.Input[str],
    subnet_id: pulumi.Input[str],
    reader_principal_id: pulumi.Input[str],
) -> KeyVault:
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
    for secret_name, value in api_key_values(router).items():
        if value is None:
            continue  # a Key Vault secret is its value: unset keys are added out of band (az keyvault secret set)
        secrets[secret_name] = azure.keyvault.Secret(
            base.name(f"secret-{secret_name}"),
            secret_name=secret_name,
            vault_name=vault.name,
            resource_group_name=base.rg_name,
            properties=azure.keyvault.SecretPropertiesArgs(value=value, content_type="api-key"),
            tags=base.tags,
            opts=base.opts(),
        )
    base.grant("secrets-reader", role_guid=KEY_VAULT_SECRETS_USER, scope=vault.id,
               principal_id=reader_principal_id, why="servers read their provider API keys at boot")
    uri = pulumi.Output.concat("https://", vault.name, ".vault.azure.net")
    return KeyVault(vault=vault, uri=uri, secrets=secrets)
