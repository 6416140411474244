"""GCP data services: GCS buckets (usage-based) and Secret Manager (each active secret version
is billed; access operations are usage-based). Cloud SQL is a two-layer pricer."""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, pricer, usage_key

STORAGE_GB = usage_key("storage_gb", "GB", "average data stored in the month", 100)
ACCESS_OPS = usage_key("monthly_access_operations", "operations", "secret access operations per month", 10000)


@pricer("gcp:storage/bucket:Bucket", usage=(STORAGE_GB,))
def gcs_bucket(ctx: PriceContext) -> list[CostComponent]:
    cls = (ctx.get("storageClass") or "STANDARD").upper()
    region = ctx.need_region()
    if "-" not in region:  # US, EU, ASIA, or a dual-region name: not a catalog region
        raise UnknownInput(f"no catalog price for GCS storage in the {region.upper()} multi-region")
    row = ctx.platform("object_storage_gb_month", what="GCS Standard storage")
    if cls != "STANDARD":
        ctx.notes.append(f"{cls} storage class priced at the Standard rate")
    return [ctx.usage_line(f"Storage ({cls.lower()})", STORAGE_GB.name, row)]


@pricer("gcp:secretmanager/secret:Secret", usage=(ACCESS_OPS,), regional=False)
def secret(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("secret_10k_requests", what="secret access operations")
    return [ctx.usage_line("Access operations", ACCESS_OPS.name, row, scale=Decimal("0.0001"), unit="10k operations")]


@pricer("gcp:secretmanager/secretVersion:SecretVersion", regional=False)
def secret_version(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("secret_month", what="active secret version")
    return [ctx.fixed("Active secret version", row, 1)]
