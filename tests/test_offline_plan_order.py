"""The offline plan lists one stack's steps in one order every run: parents before children,
siblings by URN (mocks register resources in whatever order their inputs resolve)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from llmkit.offline_plan import _tree_order
from tests.test_preview_cli import plan


def _res(urn: str, parent: str = "") -> SimpleNamespace:
    return SimpleNamespace(urn=urn, parent=parent)


def test_tree_order_is_the_same_whatever_the_registration_order():
    root = "stack"
    resources = [_res("c", "a"), _res("b"), _res("a"), _res("d", "c"), _res("aa", "a"), _res("orphan", "gone")]
    orders = {tuple(r.urn for r in _tree_order(list(perm), root))
              for perm in (resources, resources[::-1], resources[2:] + resources[:2])}
    assert orders == {("a", "aa", "c", "d", "b", "orphan")}


@pytest.mark.parametrize("stack", ["hybrid-gcp", "gpu-azure"])
def test_every_step_follows_its_parent_and_siblings_are_sorted(stack):
    steps = plan(stack)["steps"]
    position = {s["urn"]: i for i, s in enumerate(steps)}
    siblings: dict[str, list[str]] = {}
    for i, step in enumerate(steps[1:], start=1):
        parent = step["newState"]["parent"]
        assert position[parent] < i, f"{step['urn']} comes before its parent"
        siblings.setdefault(parent, []).append(step["urn"])
    assert all(urns == sorted(urns) for urns in siblings.values())
    assert any(len(urns) > 3 for urns in siblings.values())
