"""The quick pass of ``bad_value`` (no paths, scalars not pushed) must never vouch for a tree
the full walk rejects: it decides whether a preview step is checked at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from llmkit.core.bounds import MAX_NUMBER, MAX_TEXT, Rejected, _first_fault, bad_value

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2 * MAX_NUMBER, max_value=2 * MAX_NUMBER),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.sampled_from(["\ud800", "x" * (MAX_TEXT + 1), Rejected("a number too large")]),
)
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=4), st.just("\udc00")), inner, max_size=4)), max_leaves=30)


@settings(derandomize=True, max_examples=400, deadline=None, database=None)
@given(trees, st.integers(min_value=1, max_value=6))
def test_the_quick_pass_and_the_full_walk_agree(tree, depth):
    assert bad_value(tree, max_depth=depth) == _first_fault(tree, depth)


def test_each_kind_of_fault_is_caught_and_named():
    assert bad_value({"a": [1, {"b": float("inf")}]}) == ("a[1].b", "a number that is not finite or too large")
    assert bad_value({"a": {"b": "\ud800"}})[0] == "a.b"
    assert bad_value({"k": MAX_NUMBER + 1})[0] == "k"
    assert bad_value([[[1]]], max_depth=2) is not None and bad_value([[[1]]], max_depth=3) is None
    assert bad_value({"ok": [1, 2.5, "x", None, True, {"n": -MAX_NUMBER}]}) is None
