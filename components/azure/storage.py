"""The model cache: a locked-down storage account with one private blob container.

HTTPS only, TLS 1.2 minimum, no anonymous blob access, no shared keys (Entra ID only),
infrastructure (double) encryption, and a firewall that admits only the servers' subnet. The
fleet's identity gets Storage Blob Data Contributor on the container, nothing wider (it reads the
weights, and the first server fills an empty cache from the Hugging Face hub).
"""

from __future__ import annotations

import dataclasses

import pulumi
import pulumi_azure_native as azure

from llmkit.components.azure.base import STORAGE_BLOB_DATA_CONTRIBUTOR, AzureBase


@dataclasses.dataclass
class ModelCache:
    account: azure.storage.StorageAccount
    container: azure.storage.BlobContainer
    url: pulumi.Output[str]


def create_model_cache(
    base: AzureBase, *, subnet_id: pulumi.Input[str], reader_principal_id: pulumi.Input[str]
) -> ModelCache:
    encrypted = azure.storage.EncryptionServiceArgs(enabled=True, key_type="Account")
    account = azure.storage.StorageAccount(
        "llmkitmodels",  # autonamed with a suffix; storage names allow only [a-z0-9]
        **base.placed(),
        kind="StorageV2",
        sku=azure.storage.SkuArgs(name="Standard_LRS"),
        access_tier=azure.storage.AccessTier.HOT,
        enable_https_traffic_only=True,
        minimum_tls_version="TLS1_2",
        allow_blob_public_access=False,
        allow_shared_key_access=False,
        default_to_o_auth_authentication=True,
        encryption=azure.storage.EncryptionArgs(
            key_source="Microsoft.Storage",
            require_infrastructure_encryption=True,
            services=azure.storage.EncryptionServicesArgs(blob=encrypted, file=encrypted),
        ),
        network_rule_set=azure.storage.NetworkRuleSetArgs(
            default_action=azure.storage.DefaultAction.DENY,
            bypass="AzureServices",
            virtual_network_rules=[
                azure.storage.VirtualNetworkRuleArgs(virtual_network_resource_id=subnet_id, action=azure.storage.Action.ALLOW)
            ],
        ),
    )
    container = azure.storage.BlobContainer(
        base.name("model-cache"),
        container_name="model-cache",
        account_name=account.name,
        resource_group_name=base.rg_name,
        public_access=azure.storage.PublicAccess.NONE,
        opts=base.opts(),
    )
    base.grant("models-cache-access", role_guid=STORAGE_BLOB_DATA_CONTRIBUTOR, scope=container.id,
               principal_id=reader_principal_id,
               why="servers read model weights from the cache container; the first one fills it from the hub")
    url = pulumi.Output.concat("https://", account.name, ".blob.core.windows.net/model-cache")
    return ModelCache(account=account, container=container, url=url)
