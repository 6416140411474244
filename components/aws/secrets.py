"""Provider API keys in Secrets Manager, filled from the stack's ``llmkit:apiKeys`` config secret.

Routers read them at boot with their instance role (``aws secretsmanager get-secret-value``);
the values never reach user data. A key absent from config still gets its (empty) secret so an
operator can add the value out of band (``aws secretsmanager put-secret-value``).
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from llmkit.components.apikeys import api_key_values
from llmkit.components.aws.base import child, labels
from llmkit.components.spec import DeploymentSpec, api_key_fields


class ApiKeySecrets:
    def __init__(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> None:
        if spec.router is None:
            raise ValueError("API key secrets belong to a router")
        opts = child(parent)
        values = api_key_values(spec.router)
        self.secrets: list[aws.secretsmanager.Secret] = []
        for secret_name, field in api_key_fields(spec.router).items():
            secret = aws.secretsmanager.Secret(
                f"{name}-{field}", name=secret_name, description=f"llmkit {spec.stack}: {field} key for the LiteLLM router",
                # test stacks are torn down and recreated: no 7-day name reservation for them
                recovery_window_in_days=0 if spec.expires_at else 7,
                tags=labels(spec, secret_name), opts=opts,
            )
            self.secrets.append(secret)
            value = values.get(secret_name)
            if value is not None:
                aws.secretsmanager.SecretVersion(f"{name}-{field}-value", secret_id=secret.id, secret_string=value, opts=opts)
