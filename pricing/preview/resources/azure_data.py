"""Azure data services: storage accounts (usage-based), Key Vault (operations, usage-based)
and SQL databases (by SKU: DTU tiers like S3, vCore like GP_Gen5_2)."""

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


@pricer("azure-native:sql:Database")
def sql_database(ctx: PriceContext) -> list[CostComponent]:
    name = ctx.require("sku", "name")
    capacity = ctx.get("sku", "capacity")
    klass = name
    if capacity is not None and "_" in name and not name.rsplit("_", 1)[-1].isdigit():
        klass = f"{name}_{capacity}"  # vCore: GP_Gen5 + 2 vCores -> GP_Gen5_2
    row = ctx.platform(f"db_instance_hour:{klass}", what=f"SQL database SKU {klass}")
    return [ctx.hours(f"SQL database ({klass})", row, row.price)]
