"""Automation API engine events -> preview steps: a ``resourcePreEvent`` carries the facts of one
step of a preview document under other key names (as an EngineEvent object or its JSON)."""

from __future__ import annotations

from typing import Any, Mapping, Optional

from llmkit.core.errors import UserError


def step_from_event(event: Any) -> Optional[dict[str, Any]]:
    """A preview step dict from one engine event (EngineEvent object or its JSON dict).

    Only ``resourcePreEvent`` carries a planned step; other events return None. The event's
    ``metadata`` has ``op``, ``urn``, ``type``, ``provider``, ``old``/``new`` states with
    ``inputs``: the same facts as a preview document's step, under other key names.
    """
    if isinstance(event, Mapping):
        pre = event.get("resourcePreEvent")
        if not isinstance(pre, Mapping):
            return None
        meta = pre.get("metadata")
        if not isinstance(meta, Mapping):
            raise UserError("engine event resourcePreEvent has no metadata")
        return {
            "op": meta.get("op"),
            "urn": meta.get("urn"),
            "provider": meta.get("provider"),
            "oldState": _event_state(meta.get("old"), meta.get("type")),
            "newState": _event_state(meta.get("new"), meta.get("type")),
        }
    pre = getattr(event, "resource_pre_event", None)
    if pre is None:
        return None
    meta = pre.metadata
    op = getattr(meta.op, "value", meta.op)
    return {
        "op": op,
        "urn": meta.urn,
        "provider": meta.provider,
        "oldState": _state_obj(meta.old, meta.type),
        "newState": _state_obj(meta.new, meta.type),
    }


def _event_state(state: Any, token: Any) -> Optional[dict[str, Any]]:
    if not isinstance(state, Mapping):
        return None
    out = dict(state)
    out.setdefault("type", token)
    return out


def _state_obj(state: Any, token: str) -> Optional[dict[str, Any]]:
    if state is None:
        return None
    return {
        "type": state.type or token,
        "urn": state.urn,
        "custom": state.custom,
        "parent": state.parent,
        "provider": state.provider,
        "id": state.id,
        "inputs": dict(state.inputs or {}),
        "outputs": dict(state.outputs or {}),
    }


class EventCollector:
    """Collects steps from an engine event stream (``stack.preview(on_event=collector)``)."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []

    def __call__(self, event: Any) -> None:
        step = step_from_event(event)
        if step is not None:
            self.steps.append(step)

    def document(self, config: Mapping[str, Any]) -> dict[str, Any]:
        return {"config": dict(config), "steps": list(self.steps)}
