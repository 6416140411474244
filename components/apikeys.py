"""Where provider API key values come from: one Pulumi config secret, ``llmkit:apiKeys``.

It holds a JSON object keyed by provider (``{"openai": "sk-...", "anthropic": "..."}``) or by
the full secret-store entry name; the router's own client key is under ``master`` (or its
entry name). Set it with ``pulumi config set --secret apiKeys '{"openai": "sk-..."}'``.

The cloud packages write these values into their secret store (Secrets Manager / Key Vault /
Secret Manager) and nowhere else: servers read them at boot through their identity, so the
values never appear in user data. A key that is not configured yields None: the entry is
still created (empty) so an operator can add the value out of band. Errors never echo values.
"""

from __future__ import annotations

import json
from typing import Optional

import pulumi

from components.spec import RouterSpec
from llmkit.errors import UserError

CONFIG_KEY = "apiKeys"
MASTER_ALIASES = ("master", "litellm-master", "router")


def _configured() -> dict[str, str]:
    raw = pulumi.Config("llmkit").get(CONFIG_KEY)
    if not raw:
        return {}
    try:
        keys = json.loads(raw)
    except json.JSONDecodeError:
        raise UserError(f"llmkit:{CONFIG_KEY} must be a JSON object of provider -> API key") from None
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise UserError(f"llmkit:{CONFIG_KEY} must be a JSON object of provider -> API key")
    return {str(k).lower(): v for k, v in keys.items()}


def api_key_values(router: Optional[RouterSpec]) -> dict[str, Optional[pulumi.Output[str]]]:
    """Secret-store entry name -> its configured value (a secret Output), or None."""
    if router is None:
        return {}
    keys = _configured()
    aliases: dict[str, tuple[str, ...]] = {h.secret_name: (h.provider,) for h in router.hosted}
    if router.master_key_secret:
        aliases[router.master_key_secret] = MASTER_ALIASES
    values: dict[str, Optional[pulumi.Output[str]]] = {}
    for name in router.secret_names:
        candidates = (name.lower(), *aliases.get(name, ()))
        value = next((keys[c] for c in candidates if keys.get(c)), None)
        values[name] = pulumi.Output.secret(value) if value is not None else None
    return values
