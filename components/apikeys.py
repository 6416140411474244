"""Provider API key values from the one Pulumi config secret, ``llmkit:apiKeys``.

It holds a JSON object keyed by provider (``{"openai": "sk-...", "router": "..."}``; the
``router`` field is the proxy's own client key), and ``llmkit.components.spec.api_key_fields`` says
which field fills which secret-store entry. Cloud packages write the values into their secret
store (Key Vault / Secret Manager) and nowhere else: servers read them at boot through their
identity, so the values never appear in user data. Errors never echo values. Cloud-neutral (no
provider SDK), so every cloud package can share it.
"""

from __future__ import annotations

import json
from typing import Optional

import pulumi
from pulumi.runtime.config import get_config

from llmkit.components.spec import API_KEYS_CONFIG, RouterSpec, api_key_fields
from llmkit.core.errors import UserError


def configured_api_keys() -> dict[str, str]:
    """The ``llmkit:apiKeys`` object (field -> key); {} when not set."""
    raw = get_config(API_KEYS_CONFIG)
    if not raw:
        return {}
    try:
        keys = json.loads(raw)
    except json.JSONDecodeError:
        raise UserError(f"{API_KEYS_CONFIG} must be a JSON object of provider -> API key") from None
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise UserError(f"{API_KEYS_CONFIG} must be a JSON object of provider -> API key")
    return keys


def api_key_values(router: Optional[RouterSpec]) -> dict[str, Optional[pulumi.Output[str]]]:
    """Secret-store entry name -> its configured value (a secret Output), or None if not set."""
    if router is None:
        return {}
    keys = configured_api_keys()
    return {
        name: pulumi.Output.secret(keys[field]) if keys.get(field) else None
        for name, field in api_key_fields(router).items()
    }
