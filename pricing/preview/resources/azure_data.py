"""Azure data services: storage accounts (usage-based) and Key Vault (operations, usage-based).
SQL databases are a two-layer pricer (``mappers/azure.py``, ``models/azure.py``)."""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.preview.resources import CostComponent, PriceContext, pricer, usage_key

STORAGE_GB = usage_key("storage_gb", "GB", "average data stored in the month", 100)
VAULT_OPS = usage_key("monthly_operations", "operations", "secret operations per month", 10000)


@pricer("azure-native:storage:StorageAccount", usage=(STORAGE_GB,))
def storage_account(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("object_storage_gb_month", what="blob storage")
    return [ctx.usage_line("Blob storage (hot)", STORAGE_GB.name, row)]


@pricer("azure-native:keyvault:Vault", usage=(VAULT_OPS,))
def key_vault(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("secret_10k_requests", what="Key Vault operations")
    return [ctx.usage_line("Secret operations", VAULT_OPS.name, row, scale=Decimal("0.0001"), unit="10k operations")]
