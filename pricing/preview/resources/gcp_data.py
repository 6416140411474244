"""GCP data services: Cloud SQL instances, GCS buckets (usage-based) and Secret Manager
(each active secret version is billed; access operations are usage-based)."""

from __future__ import annotations

from decimal import Decimal

from llmkit.pricing.preview.resources import CostComponent, PriceContext, UnknownInput, as_int, pricer, usage_key

STORAGE_GB = usage_key("storage_gb", "GB", "average data stored in the month", 100)
ACCESS_OPS = usage_key("monthly_access_operations", "operations", "secret access operations per month", 10000)


@pricer("gcp:sql/databaseInstance:DatabaseInstance")
def cloud_sql(ctx: PriceContext) -> list[CostComponent]:
    tier = ctx.require("settings", "tier")
    copies = 2 if (ctx.get("settings", "availabilityType") or "ZONAL").upper() == "REGIONAL" else 1
    row = ctx.platform(f"db_instance_hour:{tier}", what=f"Cloud SQL tier {tier}")
    lines = [ctx.hours(f"Cloud SQL instance ({tier}{', high availability' if copies == 2 else ''})", row, row.price, copies)]
    size = as_int(ctx.get("settings", "diskSize", default=10), "settings.diskSize")
    dtype = (ctx.get("settings", "diskType") or "PD_SSD").upper()
    storage = ctx.catalog.find_platform("gcp", ctx.need_region(), f"db_storage_gb_month:{dtype}")
    label = "Cloud SQL storage"
    if storage is None:
        pd = "pd-ssd" if dtype == "PD_SSD" else "pd-standard"
        storage = ctx.platform(f"block_storage_gb_month:{pd}", what=f"{pd} storage")
        label = "Cloud SQL storage (at persistent disk price)"
    lines.append(ctx.fixed(f"{label} ({dtype}, {size} GB)", storage, Decimal(size) * copies, unit="GB-months"))
    return lines


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
