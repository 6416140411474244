"""The model-cache bucket the GPU servers load weights from: private, encrypted, TLS-only."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from llmkit.components.aws.base import child, labels
from llmkit.components.spec import DeploymentSpec


class ModelBucket:
    def __init__(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> None:
        opts = child(parent)
        # A test stack (one with an expiry) may be destroyed with its cached weights in it.
        self.bucket = aws.s3.Bucket(
            f"{name}", force_destroy=spec.expires_at is not None, tags=labels(spec, name), opts=opts,
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-sse", bucket=self.bucket.id,
            rules=[aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                    sse_algorithm="aws:kms"),
                bucket_key_enabled=True,
            )],
            opts=opts,
        )
        self.public_access_block = aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access", bucket=self.bucket.id, block_public_acls=True, block_public_policy=True,
            ignore_public_acls=True, restrict_public_buckets=True, opts=opts,
        )
        aws.s3.BucketOwnershipControls(
            f"{name}-ownership", bucket=self.bucket.id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"), opts=opts,
        )
        aws.s3.BucketPolicy(
            f"{name}-tls-only", bucket=self.bucket.id,
            policy=self.bucket.arn.apply(lambda arn: json.dumps({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                    "Resource": [arn, f"{arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }],
            })),
            opts=child(parent, depends_on=[self.public_access_block]),
        )

    def model_uri(self, hf_repo: str) -> pulumi.Output[str]:
        return self.bucket.bucket.apply(lambda b: f"s3://{b}/models/{hf_repo}")
