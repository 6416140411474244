"""AWS storage: EBS volumes (fixed, by size and type) and S3 buckets (usage-based)."""

from __future__ import annotations

from llmkit.pricing.preview.resources import CostComponent, PriceContext, disk_line, pricer, usage_key

STORAGE_GB = usage_key("storage_gb", "GB", "average data stored in the month", 100)
EGRESS_GB = usage_key("monthly_egress_gb", "GB", "data transferred out to the internet per month", 10)


@pricer("aws:ebs/volume:Volume")
def ebs_volume(ctx: PriceContext) -> list[CostComponent]:
    size = ctx.get("size")
    if size is None:
        ctx.require("size")  # size from a snapshot is only known at apply
    vtype = ctx.get("type") or "gp2"
    return [disk_line(ctx, "Storage", size, vtype)]


def egress_line(ctx: PriceContext) -> CostComponent:
    """Internet egress from a bucket or instance, usage-based."""
    return ctx.usage_line("Data transfer out to the internet", EGRESS_GB.name, ctx.platform("egress_gb", what="egress"))


@pricer("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", usage=(STORAGE_GB, EGRESS_GB))
def s3_bucket(ctx: PriceContext) -> list[CostComponent]:
    row = ctx.platform("object_storage_gb_month", what="S3 Standard storage")
    return [
        ctx.usage_line("Storage (Standard)", STORAGE_GB.name, row),
        egress_line(ctx),
    ]
