"""The stack's keys in Secrets Manager: provider API keys, the router's client key and the model
server's key, filled from the ``llmkit:apiKeys`` config secret or (client and server keys) generated.

Servers read them at boot with their instance role (``aws secretsmanager get-secret-value``);
the values never reach user data or outputs. A provider key absent from config still gets its
(empty) secret so an operator can add the value out of band (``aws secretsmanager
put-secret-value``); the router refuses to start until it has one. A generated key is drawn once,
when its version is created (``ignore_changes`` keeps the stored value on later runs).
"""

from __future__ import annotations

from typing import Optional

import pulumi
import pulumi_aws as aws

from llmkit.components.apikeys import SecretValue, secret_values
from llmkit.components.aws.base import child, labels
from llmkit.components.spec import DeploymentSpec, secret_fields


class ApiKeySecrets:
    def __init__(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> None:
        self.name, self.spec = name, spec
        values = secret_values(spec)
        self.by_name: dict[str, aws.secretsmanager.Secret] = {}
        for secret_name, field in secret_fields(spec).items():
            self.add(secret_name, field, values.get(secret_name), parent)

    def add(self, secret_name: str, field: str, value: Optional[SecretValue], parent: pulumi.Resource) -> aws.secretsmanager.Secret:
        """One entry (``field`` names it in resource names), with its value when there is one; a
        generated value is kept once stored. Blocks with keys of their own (the response cache's
        AUTH token) add theirs here, so every key of the stack lives in one set of secrets."""
        spec = self.spec
        secret = aws.secretsmanager.Secret(
            f"{self.name}-{field}", name=secret_name, description=f"llmkit {spec.stack}: {field} key",
            # test stacks are torn down and recreated: no 7-day name reservation for them
            recovery_window_in_days=0 if spec.expires_at else 7,
            tags=labels(spec, secret_name), opts=child(parent),
        )
        self.by_name[secret_name] = secret
        if value is not None:
            aws.secretsmanager.SecretVersion(
                f"{self.name}-{field}-value", secret_id=secret.id, secret_string=value.value,
                opts=child(parent, ignore_changes=["secretString"] if value.generated else None),
            )
        return secret

    def only(self, *names: str) -> list[aws.secretsmanager.Secret]:
        """The secrets named (what one server role may read)."""
        return [self.by_name[n] for n in names if n in self.by_name]

    @property
    def secrets(self) -> list[aws.secretsmanager.Secret]:
        return list(self.by_name.values())
