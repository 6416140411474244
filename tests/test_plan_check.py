"""The document check walks a state repeated by a preview (an unchanged resource's old and new
state, a replacement's three steps) once: it must accept and refuse exactly what the walk of
every step does, naming the same step and field."""

from __future__ import annotations

import json
from typing import Any, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmkit.core.bounds import MAX_DEPTH
from llmkit.core.errors import UserError
from llmkit.pricing.preview.plan import check_values, parse_json

GOOD = {"urn": "urn:pulumi:dev::p::aws:ebs/volume:Volume::v", "type": "aws:ebs/volume:Volume", "inputs": {"size": 8, "tags": {"a": "b"}}}
# Raw JSON text planted in a state: each is a fault the reader must name (JSON cannot say them
# through json.dumps, so they are spliced into the text as a user's file would hold them).
FAULTS = ["NaN", "1e400", "9" * 30, '"\\ud800"', "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)]


def _error(steps: list[Any], *, parsed: bool) -> Optional[str]:
    try:
        check_values(steps, {}, parsed=parsed)
    except UserError as exc:
        return str(exc)
    return None


def _verdicts(text: str) -> tuple[Optional[str], Optional[str]]:
    """(the shared check's error, every step walked's error) on the same parsed document."""
    steps = parse_json(text)["steps"]
    return _error(steps, parsed=True), _error(steps, parsed=False)


def _state_text(fault: Optional[str], where: str) -> str:
    """A state as JSON text, with ``fault`` as the value of ``where`` (an inputs key) or none."""
    text = json.dumps(GOOD)
    return text if fault is None else text.replace('"tags": {"a": "b"}', f'"tags": {{"a": "b"}}, "{where}": {fault}')


# One state per slot, chosen from a few texts: equal texts give equal (repeated) states.
state_texts = st.one_of(
    st.none(),
    st.sampled_from([_state_text(None, "x"), _state_text(None, "x").replace("8", "9")]),
    st.builds(_state_text, st.sampled_from(FAULTS), st.sampled_from(["x", "y"])),
)
steps_ = st.lists(st.tuples(st.sampled_from(["same", "replace", "create", "delete-replaced"]), state_texts, state_texts), min_size=1, max_size=6)


def _document(steps: list[tuple[str, Optional[str], Optional[str]]]) -> str:
    parts = []
    for op, old, new in steps:
        fields = [f'"op": "{op}"', '"urn": "urn:pulumi:dev::p::aws:ebs/volume:Volume::v"']
        fields += [f'"oldState": {old}'] if old is not None else []
        fields += [f'"newState": {new}'] if new is not None else []
        parts.append("{" + ", ".join(fields) + "}")
    return '{"steps": [' + ", ".join(parts) + "]}"


@settings(derandomize=True, max_examples=300, deadline=None, database=None)
@given(steps_)
def test_the_shared_check_and_the_full_walk_agree(steps):
    shared, full = _verdicts(_document(steps))
    assert shared == full


def test_a_fault_in_a_repeated_state_is_named_at_its_first_step():
    bad = _state_text("NaN", "x")
    text = _document([("create", None, _state_text(None, "x")), ("create-replacement", bad, bad), ("replace", bad, bad), ("delete-replaced", bad, None)])
    shared, full = _verdicts(text)
    assert shared == full and shared is not None
    assert "step 2" in shared and "State.inputs.x" in shared


def test_a_repeated_state_is_held_to_the_depth_of_its_step():
    """A state sits one level inside its step: nesting that fits the step's limit passes, one
    level more is refused, whether the state is repeated or not."""
    fits = "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3)  # step > state > inputs > x: 3 levels above
    deeper = "[" + fits + "]"
    for value, ok in ((fits, True), (deeper, False)):
        state = _state_text(value, "x")
        shared, full = _verdicts(_document([("same", state, state), ("replace", state, state)]))
        assert shared == full
        assert (shared is None) is ok, shared


def test_the_rest_of_a_step_with_repeated_states_is_checked():
    state = _state_text(None, "x")
    text = _document([("same", state, state)]).replace('"op": "same"', '"op": "same", "extra": NaN')
    shared, full = _verdicts(text)
    assert shared == full and shared is not None and "field 'extra'" in shared


@pytest.mark.parametrize("parsed", [True, False])
def test_a_clean_document_passes(parsed):
    state = _state_text(None, "x")
    steps = parse_json(_document([("same", state, state), ("create", None, state)]))["steps"]
    check_values(steps, {}, parsed=parsed)
