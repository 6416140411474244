"""The model cache: a GCS bucket with uniform access, public access prevention enforced.

Objects are encrypted at rest by Google by default; only the vLLM service account may read
(``roles/storage.objectViewer`` on this bucket, nothing project-wide), plus
``roles/storage.objectCreator`` so the first server can fill an empty cache from the hub. Unprotected stacks let
``pulumi destroy`` delete a bucket that still holds weights (they are a cache).
"""

from __future__ import annotations

import dataclasses

import pulumi
import pulumi_gcp as gcp

from llmkit.components.gcp.base import GcpBase


@dataclasses.dataclass
class ModelCache:
    bucket: gcp.storage.Bucket
    url: pulumi.Output[str]


def create_model_cache(base: GcpBase, *, reader: pulumi.Input[str]) -> ModelCache:
    bucket = gcp.storage.Bucket(
        base.name("models"),
        location=base.region.upper(),
        storage_class="STANDARD",
        uniform_bucket_level_access=True,
        public_access_prevention="enforced",
        force_destroy=not base.spec.protect,
        versioning=gcp.storage.BucketVersioningArgs(enabled=False),
        labels=base.labels,
        opts=base.opts(),
    )
    gcp.storage.BucketIAMMember(
        base.name("models-reader"),
        bucket=bucket.name,
        role="roles/storage.objectViewer",
        member=reader,
        opts=base.opts(),
    )
    gcp.storage.BucketIAMMember(  # create, never overwrite or delete: the first server fills an empty cache
        base.name("models-filler"),
        bucket=bucket.name,
        role="roles/storage.objectCreator",
        member=reader,
        opts=base.opts(),
    )
    return ModelCache(bucket=bucket, url=pulumi.Output.concat("gs://", bucket.name))


def grant_weights_reader(base: GcpBase, weights_uri: str, *, reader: pulumi.Input[str]) -> None:
    """Read-only on a custom model's own bucket (gs://bucket/prefix) for the GPU servers'
    account: an added member (BucketIAMMember), never a rewrite of the bucket's policy."""
    bucket = weights_uri.removeprefix("gs://").split("/", 1)[0]
    gcp.storage.BucketIAMMember(
        base.name("custom-weights-reader"), bucket=bucket, role="roles/storage.objectViewer", member=reader,
        opts=base.opts(),
    )
