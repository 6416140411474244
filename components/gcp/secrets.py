"""Secret Manager entries for the stack's keys, each readable only by the servers that use it.

One secret per entry the spec names (provider keys, the router's client key, the model server's
key), a version when the value is configured (Pulumi config secret ``llmkit:apiKeys``, see
llmkit.components.apikeys) or generated (client and server keys, drawn once: ``ignore_changes``
keeps the stored value), and ``secretAccessor`` on each secret for the service accounts that read
it alone. The value is written nowhere else: servers read it at boot with their own identity, so
it never appears in instance metadata; a provider key without a version stops the router.
"""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

import pulumi
import pulumi_gcp as gcp

from llmkit.components.apikeys import SecretValue, secret_values
from llmkit.components.gcp.base import GcpBase


def create_secrets(
    base: GcpBase, readers: Mapping[str, Sequence[pulumi.Input[str]]]
) -> dict[str, gcp.secretmanager.Secret]:
    """Every key of the stack; ``readers``: secret name -> members allowed to read it."""
    return {secret_name: create_secret(base, secret_name, value, readers.get(secret_name, ()))
            for secret_name, value in secret_values(base.spec).items()}


def create_secret(
    base: GcpBase, secret_name: str, value: Optional[SecretValue], readers: Sequence[pulumi.Input[str]]
) -> gcp.secretmanager.Secret:
    """One entry, its version when there is a value, and ``secretAccessor`` for ``readers``
    alone. Blocks with a key of their own (the response cache's AUTH string) add it here."""
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
            base.name(f"secret-{secret_name}-v"), secret=secret.id, secret_data=value.value,
            opts=base.opts(ignore_changes=["secretData"] if value.generated else None),
        )
    for i, member in enumerate(readers):
        gcp.secretmanager.SecretIamMember(
            base.name(f"secret-{secret_name}-reader" + (f"-{i}" if i else "")),
            secret_id=secret.id,
            role="roles/secretmanager.secretAccessor",
            member=member,
            opts=base.opts(),
        )
    return secret
