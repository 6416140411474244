"""Builders for hand-made preview documents (the shape of `pulumi preview --json`).

Tests describe the few resources they need; these helpers add the URN, state and step
boilerplate exactly as the CLI writes it (op, urn, provider, oldState/newState with type,
custom, inputs, parent).
"""

from __future__ import annotations

import json
from typing import Any, Optional

from llmkit.core.unknown import UNKNOWN

STACK_URN = "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev"


def urn(token: str, name: str, parent_type: Optional[str] = None) -> str:
    qualified = f"{parent_type}${token}" if parent_type else token
    return f"urn:pulumi:dev::proj::{qualified}::{name}"


def state(token: str, name: str, inputs: Optional[dict[str, Any]] = None, *, custom: bool = True, parent: str = STACK_URN, **extra: Any) -> dict[str, Any]:
    out = {"urn": extra.pop("urn", urn(token, name)), "custom": custom, "type": token, "inputs": inputs or {}, "parent": parent}
    out.update(extra)
    return out


def step(op: str, token: str, name: str, new: Optional[dict[str, Any]] = None, old: Optional[dict[str, Any]] = None, *, provider: Optional[str] = None, custom: bool = True, **extra: Any) -> dict[str, Any]:
    s: dict[str, Any] = {"op": op, "urn": urn(token, name)}
    if provider:
        s["provider"] = provider
    if new is not None:
        s["newState"] = state(token, name, new, custom=custom, provider=provider, **extra) if provider else state(token, name, new, custom=custom, **extra)
    if old is not None:
        s["oldState"] = state(token, name, old, custom=custom)
    return s


def create(token: str, name: str, inputs: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return step("create", token, name, new=inputs, **kw)


def doc(*steps: dict[str, Any], config: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    stack = {"op": "same", "urn": STACK_URN, "newState": {"urn": STACK_URN, "custom": False, "type": "pulumi:pulumi:Stack"}}
    return {"config": config if config is not None else {"aws:region": "us-east-1"}, "steps": [stack, *steps]}


def dumps(d: dict[str, Any]) -> str:
    return json.dumps(d)
