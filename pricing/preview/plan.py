"""The one reader of planned changes: preview documents and engine events -> PlannedResource list.

Three sources feed it (DESIGN.md, data flow): a real ``pulumi preview --json`` document, the
offline planner's document of the same shape, and the Automation API's ``ResourcePreEvent``
stream (converted step by step with ``step_from_event``). Everything downstream (pricers,
breakdown, reports, policy pack) sees only ``Plan`` / ``PlannedResource``.

Rules that matter for honest numbers:
- bytes may be UTF-8, UTF-8 with BOM or UTF-16 with BOM (PowerShell's ``>``); size is checked
  before parsing, so a 100 MB string fails fast and cheaply;
- steps of one URN are merged (create-replacement + replace + delete-replaced count once);
- component resources (custom=false) and ``pulumi:*`` types are kept apart, never priced;
- unknown keys are ignored; error messages name steps and fields, never input values (real
  previews carry plain-text passwords).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Iterable, Mapping, Optional

from llmkit.core.bounds import JSON_HOOKS, MAX_DEPTH, bad_value
from llmkit.core.clouds import by_cloud, cloud_of_token
from llmkit.core.errors import UserError
from llmkit.core.regions import normalise_region
from llmkit.core.unknown import UNKNOWN

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024

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



@dataclasses.dataclass(frozen=True)
class PlannedResource:
    """One resource's planned change, the interchange shape of the whole pricer.

    ``op`` is normalised: create | delete | update | replace | same | read | import | refresh.
    ``old_inputs`` is None when the resource does not exist before the change, ``new_inputs``
    None when it does not exist after it. ``region`` is the resolved region (resource input,
    then its explicit provider, then top-level config), lower case, or None.
    """

    urn: str
    type: str
    custom: bool
    op: str
    old_inputs: Optional[dict[str, Any]]
    new_inputs: Optional[dict[str, Any]]
    provider_ref: Optional[str]
    region: Optional[str]
    parent: Optional[str] = None
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    resource_id: Optional[str] = None  # outputs.id when the state has one (existing resources)
    # Derived once here, not per read: the pricers, the sort and the writers ask for them tens of
    # thousands of times on a big plan (a property re-split the URN on every read).
    name: str = dataclasses.field(init=False, repr=False, compare=False)  # the URN's last ``::`` segment
    cloud: Optional[str] = dataclasses.field(init=False, repr=False, compare=False)  # by the type's package

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.urn.rsplit("::", 1)[-1])
        object.__setattr__(self, "cloud", cloud_of(self.type))

    @classmethod
    def read(cls, **fields: Any) -> "PlannedResource":
        """The reader's constructor, given every field but the derived ones: the same object as
        ``cls(**fields)`` without the frozen ``__init__``'s one ``object.__setattr__`` per field
        (fourteen per resource, a third of building a 5,000-resource plan)."""
        obj = object.__new__(cls)
        vars(obj).update(fields, name=fields["urn"].rsplit("::", 1)[-1], cloud=cloud_of(fields["type"]))
        return obj

    @property
    def exists_before(self) -> bool:
        return self.old_inputs is not None

    @property
    def exists_after(self) -> bool:
        return self.new_inputs is not None


@dataclasses.dataclass
class Plan:
    """A parsed document: priceable resources, components, providers and top-level config."""

    resources: list[PlannedResource]
    components: list[PlannedResource]
    config: dict[str, Any]
    providers: dict[str, dict[str, Any]]  # provider URN -> its inputs
    _by_urn: dict[str, PlannedResource] = dataclasses.field(default_factory=dict, repr=False)
    _by_type: dict[str, list[PlannedResource]] = dataclasses.field(default_factory=dict, repr=False)
    cache: dict[Any, Any] = dataclasses.field(default_factory=dict, repr=False)  # pricers' lookup indexes

    def __post_init__(self) -> None:
        self._by_urn = {r.urn: r for r in self.resources}
        for c in self.components:
            self._by_urn.setdefault(c.urn, c)
        for r in self.resources:
            self._by_type.setdefault(r.type, []).append(r)

    def get(self, urn: str) -> Optional[PlannedResource]:
        return self._by_urn.get(urn)

    def of_type(self, *types: str) -> list[PlannedResource]:
        """Resources of these types, in plan order (indexed: pricers call this per resource)."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        return [r for t in types for r in self._by_type.get(t, [])]


def urn_name(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if "::" in urn else urn


def urn_type(urn: str) -> str:
    """The type token of a URN (the last ``$``-separated part of the qualified type)."""
    parts = urn.split("::")
    if len(parts) < 4:
        return ""
    return parts[-2].rsplit("$", 1)[-1]


_AZURE_API_VERSION = re.compile(r"/v\d{8}(?:preview)?|/v\d{4}\d{2}\d{2}\w*")


def normalise_type(token: str) -> str:
    """Map old spellings to the current token: azure-native 1.x ``compute/v20210301`` modules."""
    if token.startswith("azure-native:") and "/v" in token:
        return _AZURE_API_VERSION.sub("", token)
    return token


def cloud_of(token: str) -> Optional[str]:
    """The cloud of a type token, by its package (llmkit.core.clouds); None for others."""
    return cloud_of_token(token)


# ---------------------------------------------------------------- bytes -> JSON


def decode(data: bytes | str) -> str:
    """Text of a document: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UserError(
            f"preview document is too large ({len(data) // (1024 * 1024)} MiB; limit {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB)"
        )
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        if len(data) >= 2 and data[0] == 0 and data[1] != 0:
            return data.decode("utf-16-be")
        if len(data) >= 2 and data[1] == 0 and data[0] != 0:
            return data.decode("utf-16-le")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError("preview document is not valid UTF-8 or UTF-16 text") from None


def parse_json(data: bytes | str) -> dict[str, Any]:
    """Parse a preview document; one clear line for every way it can be bad."""
    if isinstance(data, str) and len(data) > MAX_DOCUMENT_BYTES:
        raise UserError(f"preview document is too large (limit {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB)")
    text = decode(data)
    if not text or text.isspace():  # not text.strip(): that copies a big document
        raise UserError("preview document is empty")
    try:
        doc = json.loads(text, **JSON_HOOKS)  # NaN, Infinity, huge literals: markers, named below
    except json.JSONDecodeError as exc:
        what = "truncated" if exc.pos >= len(text.rstrip()) else "not valid JSON"
        raise UserError(f"preview document is {what} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise UserError("preview document is nested too deeply") from None
    if not isinstance(doc, dict):
        raise UserError(f"preview document must be a JSON object with 'steps', not a JSON {_json_kind(doc)}")
    return doc


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), "null")


# ---------------------------------------------------------------- document -> Plan


def read_document(data: bytes | str | Mapping[str, Any]) -> Plan:
    """Read a preview document (bytes, text or an already parsed dict) into a Plan."""
    doc = data if isinstance(data, Mapping) else parse_json(data)
    steps = doc.get("steps")
    if steps is None:
        raise UserError("preview document has no 'steps' (is it `pulumi preview --json` output?)")
    if not isinstance(steps, list):
        raise UserError("preview document 'steps' must be a list")
    config = doc.get("config") or {}
    if not isinstance(config, dict):
        raise UserError("preview document 'config' must be an object")
    check_values(steps, config, parsed=doc is not data)
    return plan_from_steps(steps, config)


def check_values(steps: list[Any], config: Mapping[str, Any], *, parsed: bool = False) -> None:
    """The document's boundary: every number finite and within bounds, every string valid
    Unicode, nesting bounded (llmkit.core.bounds). One line naming the step, the resource and
    the field, never the value (it may be a password).

    ``parsed``: the steps come from ``parse_json`` (only JSON's kinds and ``Rejected`` markers),
    so a state equal to one already found fine is fine too, and is not walked again (see
    ``_fine_states``)."""
    bad = bad_value(dict(config))
    if bad is not None:
        raise UserError(f"preview document: config field '{bad[0]}' is {bad[1]}")
    fine: list[Any] = []
    for index, step in enumerate(steps, start=1):
        if parsed and type(step) is dict:
            vouched = _fine_states(step, fine)
            if vouched is not None:
                fine = vouched
                continue
        bad = bad_value(step)
        if bad is None:
            continue
        urn = step.get("urn") if isinstance(step, dict) else None
        who = f" (resource {urn_name(urn)!r})" if isinstance(urn, str) and bad_value(urn) is None and len(urn) < 2048 else ""
        raise UserError(f"preview document: step {index}{who}: field '{bad[0]}' is {bad[1]}")


_STATES = ("oldState", "newState")


def _fine_states(step: dict[str, Any], earlier: list[Any]) -> Optional[list[Any]]:
    """The states of a parsed ``step`` when the whole step is within bounds, or None when the
    full check must look (a fault to name).

    WHY: a preview repeats each resource's state: the old and new states of an unchanged
    resource are equal, and a replacement's three steps carry the same old state. Walking every
    value was the largest cost of reading a big preview after parsing it. Between values parsed
    from JSON, equal means equally fine: equal strings are the same text, equal numbers the
    same value (whatever their kind), and a ``Rejected`` marker equals only itself, so a state
    holding one is never taken for another. ``earlier`` are the states of the step before
    (a replacement's steps come one after the other). A state is checked as bad_value checks
    it inside its step: one level down."""
    old, new = step.get("oldState"), step.get("newState")
    states = [state for state in (old, new) if state is not None]
    if not ((old is not None and old in earlier) or (new is not None and (new in earlier or new == old))):
        return states if bad_value(step) is None else None  # nothing seen before: one walk
    if bad_value({key: value for key, value in step.items() if key not in _STATES}) is not None:
        return None
    for i, state in enumerate(states):
        if state not in earlier and state not in states[:i] and bad_value(state, max_depth=MAX_DEPTH - 1) is not None:
            return None
    return states


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


# ---------------------------------------------------------------- regions


def _region_value(cloud: Optional[str], value: Any) -> Optional[str]:
    """A region input in its one spelling (llmkit.core.regions); unknown or secret -> None."""
    if value in (UNKNOWN, "[secret]"):
        return None
    return normalise_region(cloud, value)


_OWN_KEYS = by_cloud("resource_region_keys")
_PROVIDER_KEYS = by_cloud("provider_region_keys")
_CONFIG_KEYS = by_cloud("region_config_keys")


def provider_urn(ref: Optional[str]) -> Optional[str]:
    """A provider reference is ``<provider urn>::<provider id>``; the id may be unknown."""
    if not ref:
        return None
    return ref.rsplit("::", 1)[0] if ref.count("::") >= 4 else ref


def resolve_region(
    token: str,
    inputs: Optional[Mapping[str, Any]],
    provider_ref: Optional[str],
    providers: Mapping[str, Mapping[str, Any]],
    config: Mapping[str, Any],
    memo: Optional[dict[tuple[str, Optional[str]], Optional[str]]] = None,
) -> Optional[str]:
    """Region of a resource: its own input, then its explicit provider's inputs, then config.

    ``memo`` (one dict per plan) keeps the provider / config fallback per (cloud, provider),
    which thousands of resources share."""
    cloud = cloud_of(token)
    if cloud is None:
        return None
    if inputs:
        for key in _OWN_KEYS[cloud]:
            value = inputs.get(key)
            if value is None:
                continue
            if value == UNKNOWN:
                return UNKNOWN  # computed at apply: the price cannot know its region yet
            region = _region_value(cloud, value)
            if region:
                return region
    if memo is None:
        return _fallback_region(cloud, provider_ref, providers, config)
    fallback = (cloud, provider_ref)
    if fallback not in memo:
        memo[fallback] = _fallback_region(cloud, provider_ref, providers, config)
    return memo[fallback]


def _fallback_region(
    cloud: str,
    provider_ref: Optional[str],
    providers: Mapping[str, Mapping[str, Any]],
    config: Mapping[str, Any],
) -> Optional[str]:
    purn = provider_urn(provider_ref)
    if purn and purn in providers:
        for key in _PROVIDER_KEYS[cloud]:
            region = _region_value(cloud, providers[purn].get(key))
            if region:
                return region
    for key in _CONFIG_KEYS[cloud]:
        region = _region_value(cloud, config.get(key))
        if region and region != "[secret]":
            return region
    return None


# ---------------------------------------------------------------- engine events


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
