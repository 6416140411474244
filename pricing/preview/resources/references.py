"""Resolving references between planned resources (a group's launch template, an autoscaler's
group) when the referenced id is unknown at preview: the lookups behind
``PriceContext.referenced`` and ``PriceContext.referencing``."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from llmkit.pricing.preview.plan import UNKNOWN, Plan, PlannedResource


class References:
    """Mixin for PriceContext: needs ``resource``, ``plan`` and ``side``."""

    resource: PlannedResource
    plan: Plan
    side: str

    def referenced(self, key: str, types: Iterable[str], ref: Any = None) -> Optional[Mapping[str, Any]]:
        """Inputs of the resource an input refers to (a launch template, an instance template,
        a cluster...), found in the same plan.

        A reference is often unknown at preview (the id of a resource created in the same
        run), so it is resolved, in order, through: the property's recorded dependencies; a
        name, id or self-link that matches a candidate; the resource's own dependencies; the
        one candidate under the same parent component. None when nothing matches.
        """
        types = tuple(types)
        res = self.resource
        if not self.plan.of_type(*types):
            return None
        pick = None
        hits = self._among(res.property_dependencies.get(key, ()), types)
        if len(hits) == 1:
            pick = hits[0]
        if pick is None and isinstance(ref, str) and ref and ref != UNKNOWN:
            names = self._names(types)
            pick = names.get(ref) or names.get(ref.rstrip("/").rsplit("/", 1)[-1])
            if pick is not None and pick.urn == res.urn:
                pick = None
        if pick is None and res.dependencies:
            hits = self._among(res.dependencies, types)
            if len(hits) == 1:
                pick = hits[0]
        if pick is None and (ref is None or ref == UNKNOWN):
            hits = [c for c in self._by_parent(types).get(res.parent, []) if c.urn != res.urn]
            if len(hits) == 1:
                pick = hits[0]
        return None if pick is None else self._side(pick)

    def _among(self, urns: Iterable[str], types: tuple[str, ...]) -> list[PlannedResource]:
        found = (self.plan.get(u) for u in urns if u != self.resource.urn)
        return [r for r in found if r is not None and r.type in types]

    def _by_parent(self, types: tuple[str, ...]) -> dict[Optional[str], list[PlannedResource]]:
        key = ("parents", types)
        index = self.plan.cache.get(key)
        if index is None:
            index = {}
            for c in self.plan.of_type(*types):
                index.setdefault(c.parent, []).append(c)
            self.plan.cache[key] = index
        return index

    def _names(self, types: tuple[str, ...]) -> dict[str, PlannedResource]:
        """Name / id / mock id -> resource, for reference matching (built once per plan)."""
        key = ("names", types, self.side)
        index = self.plan.cache.get(key)
        if index is None:
            index = {}
            for c in self.plan.of_type(*types):
                ins = self._side(c) or {}
                for name in (c.name, f"{c.name}-id", c.resource_id, ins.get("name"), ins.get("namePrefix")):
                    if isinstance(name, str) and name:
                        index.setdefault(name, c)
            self.plan.cache[key] = index
        return index

    def referencing(self, key: str, types: Iterable[str], names: Iterable[Optional[str]] = ()) -> Optional[Mapping[str, Any]]:
        """Inputs of a resource whose input ``key`` points at this one (an autoscaler at its
        group), resolved like ``referenced``; ``names`` are this resource's own names."""
        res = self.resource
        types = tuple(types)
        if not self.plan.of_type(*types):
            return None  # nothing of those types in the plan: nothing refers to this one
        by_dependency, by_name, unknown_by_parent = self._referrers(key, types)
        hit = by_dependency.get(res.urn)
        if hit is not None:
            return self._side(hit[1])
        mine = {n for n in (res.name, f"{res.name}-id", res.resource_id, *names) if n}
        hits = [by_name[n] for n in mine if n in by_name]
        if hits:
            return self._side(min(hits, key=lambda h: h[0])[1])  # the first in plan order, as a scan finds
        unknown = unknown_by_parent.get(res.parent, [])
        if len(unknown) == 1 and len(self._by_parent((res.type,)).get(res.parent, [])) == 1:
            return self._side(unknown[0])
        return None

    def _referrers(self, key: str, types: tuple[str, ...]) -> tuple[dict[str, tuple[int, PlannedResource]], dict[str, tuple[int, PlannedResource]], dict[Optional[str], list[PlannedResource]]]:
        """For ``referencing``, built once per plan and side (a scan per resource made pricing
        quadratic in the number of scale sets): who points at a URN through the property's
        recorded dependencies; who names a resource (its reference, or the reference's last
        path segment); and per parent, who has an unknown reference. Plan order is kept so a
        lookup finds what a scan would have found first."""
        cache_key = ("referrers", key, types, self.side)
        index = self.plan.cache.get(cache_key)
        if index is None:
            by_dependency: dict[str, tuple[int, PlannedResource]] = {}
            by_name: dict[str, tuple[int, PlannedResource]] = {}
            unknown: dict[Optional[str], list[PlannedResource]] = {}
            for order, c in enumerate(self.plan.of_type(*types)):
                for urn in c.property_dependencies.get(key, ()):
                    by_dependency.setdefault(urn, (order, c))
                ref = (self._side(c) or {}).get(key)
                if isinstance(ref, str) and ref != UNKNOWN:
                    by_name.setdefault(ref, (order, c))
                    by_name.setdefault(ref.rstrip("/").rsplit("/", 1)[-1], (order, c))
                elif ref is None or ref == UNKNOWN:
                    unknown.setdefault(c.parent, []).append(c)
            index = self.plan.cache[cache_key] = (by_dependency, by_name, unknown)
        return index

    def _side(self, other: PlannedResource) -> Optional[Mapping[str, Any]]:
        first, second = (other.new_inputs, other.old_inputs) if self.side == "new" else (other.old_inputs, other.new_inputs)
        return first if first is not None else second
