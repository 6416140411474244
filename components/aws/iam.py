"""Instance roles with only what each server needs: read the model bucket and fill it when empty
(GPU servers), read
their own secrets (routers), publish metrics (GPU servers), and Session Manager for every
server instead of SSH."""

from __future__ import annotations

import json
from typing import Optional, Sequence

import pulumi
import pulumi_aws as aws

from llmkit.components.aws.base import CLOUDWATCH_AGENT_POLICY, SSM_CORE_POLICY, child, labels
from llmkit.components.spec import DeploymentSpec

_ASSUME_EC2 = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
})


def _weights_statements(weights_uri: str) -> list[dict]:
    """Read-only on a custom model's own bucket path (s3://bucket/prefix): list that prefix, get its objects."""
    bucket, _, prefix = weights_uri.removeprefix("s3://").partition("/")
    prefix = prefix.strip("/")
    return [
        {"Sid": "ListCustomWeights", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}",
         "Condition": {"StringLike": {"s3:prefix": [f"{prefix}/*", prefix]}}},
        {"Sid": "ReadCustomWeights", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/{prefix}/*"},
    ]


def _statements(bucket_arn: Optional[str], secret_arns: Sequence[str], weights_uri: str = "") -> list[dict]:
    statements: list[dict] = _weights_statements(weights_uri) if weights_uri else []
    if bucket_arn:
        statements.append({"Sid": "ListModelCache", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": bucket_arn})
        statements.append({"Sid": "ReadModelCache", "Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket_arn}/*"})
        # the first server fills an empty cache from the Hugging Face hub (models/ prefix only)
        statements.append({"Sid": "FillModelCache", "Effect": "Allow", "Action": "s3:PutObject", "Resource": f"{bucket_arn}/models/*"})
    if secret_arns:
        statements.append({"Sid": "ReadOwnSecrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": list(secret_arns)})
    return statements


class InstanceRole:
    def __init__(
        self,
        name: str,
        spec: DeploymentSpec,
        parent: pulumi.Resource,
        *,
        bucket: Optional[aws.s3.Bucket] = None,
        secrets: Sequence[aws.secretsmanager.Secret] = (),
        publishes_metrics: bool = False,
        weights_uri: str = "",
    ) -> None:
        """``weights_uri``: a custom model's s3:// path the servers sync from (read-only grant)."""
        opts = child(parent)
        self.role = aws.iam.Role(f"{name}-role", assume_role_policy=_ASSUME_EC2, tags=labels(spec, f"{name}-role"), opts=opts)
        managed = [SSM_CORE_POLICY] + ([CLOUDWATCH_AGENT_POLICY] if publishes_metrics else [])
        for i, arn in enumerate(managed):
            aws.iam.RolePolicyAttachment(f"{name}-managed-{i}", role=self.role.name, policy_arn=arn, opts=opts)
        if bucket is not None or secrets or weights_uri:
            bucket_arn: pulumi.Input[Optional[str]] = bucket.arn if bucket is not None else None
            document = pulumi.Output.all(bucket_arn, *[s.arn for s in secrets]).apply(
                lambda values: json.dumps({"Version": "2012-10-17",
                                           "Statement": _statements(values[0], values[1:], weights_uri)})
            )
            aws.iam.RolePolicy(f"{name}-access", role=self.role.id, policy=document, opts=opts)
        self.profile = aws.iam.InstanceProfile(f"{name}-profile", role=self.role.name, tags=labels(spec, f"{name}-profile"), opts=opts)
