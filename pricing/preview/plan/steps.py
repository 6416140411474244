"""Steps -> resources: the steps of one URN merged (a replacement's create-replacement, replace
and delete-replaced count once), their op normalised, providers and components told apart, and
each resource's region resolved (``regions``)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from llmkit.core.errors import UserError
from llmkit.core.unknown import UNKNOWN
from llmkit.pricing.preview.plan.model import Plan, PlannedResource, normalise_type, urn_name, urn_type
from llmkit.pricing.preview.plan.regions import resolve_region

# Ops whose resource exists before the change / after it.
_BEFORE = {"delete", "update", "replace", "same", "read", "import", "refresh", "discard"}
_AFTER = {"create", "update", "replace", "same", "read", "import", "refresh"}
_REPLACE_OPS = {"replace", "create-replacement", "delete-replaced"}
KNOWN_OPS = _BEFORE | _AFTER | _REPLACE_OPS | {
    "read-replacement",
    "import-replacement",
    "discard-replaced",
    "remove-pending-replace",
}

_NEEDS_NEW = {"create", "create-replacement", "update", "replace"}
# Steps whose only state that counts is the new one / the old one (the merge keeps the last).
_NEW_ONLY = frozenset(("create", "create-replacement", "import-replacement", "read-replacement"))
_OLD_ONLY = frozenset(("delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"))
_NEEDS_OLD = {"delete", "delete-replaced", "update", "replace"}


class _Merged:
    """The steps of one URN merged: their ops in order, the last old and new states, the
    provider (a slotted class: one per resource of a big plan, built in the reader's loop)."""

    __slots__ = ("urn", "ops", "old", "new", "provider")

    def __init__(self, urn: str) -> None:
        self.urn = urn
        self.ops: list[str] = []
        self.old: Optional[dict[str, Any]] = None
        self.new: Optional[dict[str, Any]] = None
        self.provider: Optional[str] = None


def plan_from_steps(steps: Iterable[Any], config: Mapping[str, Any]) -> Plan:
    """Merge steps per URN, resolve providers and regions, split components from resources."""
    merged: dict[str, _Merged] = {}
    for index, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            raise UserError(f"step {index} is not an object")
        op = step.get("op")
        if not isinstance(op, str) or not op:
            raise UserError(f"step {index} has no 'op'")
        old, new = step.get("oldState"), step.get("newState")
        if old is not None and not isinstance(old, dict):
            raise UserError(f"step {index} ({op}): 'oldState' must be an object")
        if new is not None and not isinstance(new, dict):
            raise UserError(f"step {index} ({op}): 'newState' must be an object")
        if old is None and new is None:
            raise UserError(f"step {index} ({op}) has neither oldState nor newState")
        if new is None and op in _NEEDS_NEW:
            raise UserError(f"step {index} ({op}) has no newState")
        if old is None and op in _NEEDS_OLD:
            raise UserError(f"step {index} ({op}) has no oldState")
        urn = step.get("urn") or (new or old or {}).get("urn")
        if not isinstance(urn, str) or not urn:
            raise UserError(f"step {index} ({op}) has no 'urn'")
        m = merged.get(urn)
        if m is None:
            m = merged[urn] = _Merged(urn)
        m.ops.append(op)
        if op in _NEW_ONLY:
            m.new = new if new is not None else m.new
        elif op in _OLD_ONLY:
            m.old = old if old is not None else m.old
        else:
            if old is not None:
                m.old = old
            if new is not None:
                m.new = new
        provider = step.get("provider") or (new or old or {}).get("provider")
        if isinstance(provider, str) and provider:
            m.provider = provider

    providers: dict[str, dict[str, Any]] = {}
    for m in merged.values():
        state = m.new or m.old or {}
        token = state.get("type") or urn_type(m.urn)
        if isinstance(token, str) and token.startswith("pulumi:providers:"):
            inputs = state.get("inputs")
            providers[m.urn] = inputs if isinstance(inputs, dict) else {}

    resources: list[PlannedResource] = []
    components: list[PlannedResource] = []
    regions: dict[tuple[str, Optional[str]], Optional[str]] = {}
    for index, m in enumerate(merged.values(), start=1):
        res = _resource(m, index, providers, config, regions)
        if res is None:
            continue
        (resources if res.custom else components).append(res)
    return Plan(resources=resources, components=components, config=dict(config), providers=providers)


_UNCHANGED = frozenset(("same", "read", "import", "refresh"))
_PLAIN_OPS = frozenset(("create", "delete", "update", "same", "read", "import", "refresh"))


def _op(ops: list[str], has_old: bool, has_new: bool) -> str:
    if len(ops) == 1 and ops[0] in _PLAIN_OPS:  # the common case: one step, no replacement
        return "create" if ops[0] == "update" and not has_old else ops[0]
    if any(o in _REPLACE_OPS or o.endswith("-replacement") or o.endswith("-replaced") for o in ops):
        if has_old and has_new:
            return "replace"
        return "create" if has_new else "delete"
    last = ops[-1]
    if last in ("create", "delete", "update", "same", "read", "import", "refresh"):
        if last == "update" and not has_old:
            return "create"
        return last
    if last in ("discard", "remove-pending-replace"):
        return "delete"
    # An op this reader does not know yet: judge by which states exist.
    if has_old and has_new:
        return "update"
    return "create" if has_new else "delete"


def _inputs(state: Optional[dict[str, Any]], urn: str, index: int) -> Optional[dict[str, Any]]:
    if state is None:
        return None
    inputs = state.get("inputs")
    if inputs is None:
        return {}
    if not isinstance(inputs, dict):
        raise UserError(f"resource {urn_name(urn)!r} (step group {index}): 'inputs' must be an object")
    return inputs


def _resource(
    m: _Merged,
    index: int,
    providers: Mapping[str, dict[str, Any]],
    config: Mapping[str, Any],
    regions: Optional[dict[tuple[str, Optional[str]], Optional[str]]] = None,
) -> Optional[PlannedResource]:
    state = m.new or m.old or {}
    raw_type = state.get("type") or urn_type(m.urn)
    if not isinstance(raw_type, str) or not raw_type:
        raise UserError(f"resource {urn_name(m.urn)!r} has no type")
    if raw_type.startswith("pulumi:"):
        return None
    token = normalise_type(raw_type)
    custom = state.get("custom")
    custom = bool(custom) if custom is not None else True
    old_inputs = _inputs(m.old, m.urn, index)
    new_inputs = _inputs(m.new, m.urn, index)
    op = _op(m.ops, old_inputs is not None, new_inputs is not None)
    if op in _UNCHANGED:
        # Unchanged baseline: the same inputs exist before and after.
        base = new_inputs if new_inputs is not None else old_inputs
        old_inputs = new_inputs = base
    elif op == "create":
        old_inputs = None
    elif op == "delete":
        new_inputs = None
    deps = state.get("dependencies") or ()
    pdeps_raw = state.get("propertyDependencies") or {}
    pdeps = {  # inputs without dependencies are left out (readers use .get(key, ()))
        k: tuple(v for v in vs if isinstance(v, str))
        for k, vs in pdeps_raw.items()
        if vs and isinstance(vs, list)
    } if isinstance(pdeps_raw, dict) else {}
    outputs = state.get("outputs")
    rid = state.get("id") or (outputs.get("id") if isinstance(outputs, dict) else None)
    region = resolve_region(token, new_inputs if new_inputs is not None else old_inputs, m.provider, providers, config, regions)
    parent = state.get("parent")
    return PlannedResource.read(
        urn=m.urn,
        type=token,
        custom=custom,
        op=op,
        old_inputs=old_inputs,
        new_inputs=new_inputs,
        provider_ref=m.provider,
        region=region,
        parent=parent if isinstance(parent, str) and parent else None,
        dependencies=tuple(d for d in deps if isinstance(d, str)) if isinstance(deps, list) else (),
        property_dependencies=pdeps,
        resource_id=rid if isinstance(rid, str) and rid != UNKNOWN else None,
    )
