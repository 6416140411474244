"""Provider API keys in Secrets Manager, filled from the stack's ``llmkit:apiKeys`` config secret.

Routers read them at boot with their instance role (``aws secretsmanager get-secret-value``);
the values never reach user data. A key absent from config still gets its (empty) secret so an
operator can add the value out of band (``aws secretsmanager put-secret-value``).
"""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws

from components.aws.base import child, labels
from components.spec import API_KEYS_CONFIG, DeploymentSpec, api_key_fields
from llmkit.errors import UserError


def configured_api_keys() -> dict[str, str]:
    """The ``llmkit:apiKeys`` JSON object (provider -> key); {} when not set. Never echoes values."""
    # Read raw (not Config.get, which warns on secrets): the values are re-wrapped as secrets
    # before they reach any resource, and only the presence of each key drives the graph.
    from pulumi.runtime.config import get_config

    raw = get_config(API_KEYS_CONFIG)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        raise UserError(f"{API_KEYS_CONFIG} must be a JSON object of provider -> key") from None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise UserError(f"{API_KEYS_CONFIG} must be a JSON object of provider -> key")
    return value


class ApiKeySecrets:
    def __init__(self, name: str, spec: DeploymentSpec, parent: pulumi.Resource) -> None:
        if spec.router is None:
            raise ValueError("API key secrets belong to a router")
        opts = child(parent)
        keys = configured_api_keys()
        self.secrets: list[aws.secretsmanager.Secret] = []
        for secret_name, field in api_key_fields(spec.router).items():
            secret = aws.secretsmanager.Secret(
                f"{name}-{field}", name=secret_name, description=f"llmkit {spec.stack}: {field} key for the LiteLLM router",
                # test stacks are torn down and recreated: no 7-day name reservation for them
                recovery_window_in_days=0 if spec.expires_at else 7,
                tags=labels(spec, secret_name), opts=opts,
            )
            self.secrets.append(secret)
            if field in keys:
                aws.secretsmanager.SecretVersion(
                    f"{name}-{field}-value", secret_id=secret.id, secret_string=pulumi.Output.secret(keys[field]), opts=opts,
                )
