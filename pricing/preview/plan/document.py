"""Bytes of a preview document -> its JSON -> a ``Plan``: the encodings a document may come in
(UTF-8 with or without BOM, UTF-16 with BOM), its size limit, and the boundary check of every
value in it (llmkit.core.bounds), before the steps are merged (``steps``)."""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

from llmkit.core.bounds import JSON_HOOKS, MAX_DEPTH, bad_value
from llmkit.core.errors import UserError
from llmkit.pricing.preview.plan.model import Plan, urn_name
from llmkit.pricing.preview.plan.steps import plan_from_steps

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


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
