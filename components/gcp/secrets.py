"""Secret Manager entries for the router's provider API keys, readable only by the router.

One secret per entry the spec names, a version only when the value is configured (Pulumi
config secret ``llmkit:apiKeys``, see llmkit.components.apikeys), and ``secretAccessor`` on each
secret for the router's service account alone. The value is written nowhere else: the router
reads it at boot with its own identity, so it never appears in instance metadata.
"""

from __future__ import annotations

from typing import Optional

import pulumi
import pulumi_gcp as gcp

from llmkit.components.apikeys import api_key_values
from llmkit.components.gcp.base import GcpBase
from llmkit.components.spec import RouterSpec


def create_secrets(
    base: GcpBase, router: Optional[RouterSpec], *, reader: pulumi.Input[str]
) -> dict[str, gcp.secretmanager.Secret]:
    secrets: dict[str, gcp.secretmanager.Secret] = {}
    for secret_name, value in api_key_values(router).items():
        secret = gcp.secretmanager.Secret(
            base.name(f"secret-{secret_name}"),
            secret_id=secret_name,
            replication=gcp.secretmanager.SecretReplicationArgs(
                user_managed=gcp.secretmanager.SecretReplicationUserManagedArgs(
                    replicas=[gcp.secretmanager.SecretReplicationUserManagedReplicaArgs(location=base.region)]
                )
            ),
            labels=base.labels,
            opts=base.opts(),
        )
        if value is not None:
            gcp.secretmanager.SecretVersion(
                base.name(f"secret-{secret_name}-v"), secret=secret.id, secret_data=value, opts=base.opts()
            )
        gcp.secretmanager.SecretIamMember(
            base.name(f"secret-{secret_name}-reader"),
            secret_id=secret.id,
            role="roles/secretmanager.secretAccessor",
            member=reader,
            opts=base.opts(),
        )
        secrets[secret_name] = secret
    return secrets
