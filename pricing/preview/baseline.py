"""A saved llmkit / Infracost JSON output read back, so ``--compare-to OLD.json`` can diff the
current plan against it.

WHY its own module: the writer (``infracost``) and the reader share only the layout, while the
reader builds ``Breakdown`` objects; keeping it apart lets ``breakdown`` -> ``infracost`` stay a
one-way street (an import-lint test forbids cycles).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Mapping, Optional

from llmkit.core.errors import UserError
from llmkit.core.money import as_decimal
from llmkit.pricing.preview.breakdown import Breakdown, ResourceCost, SideCost, stable_order
from llmkit.pricing.preview.plan import PlannedResource
from llmkit.pricing.preview.resources import CostComponent


def compare_to(b: Breakdown, saved: Mapping[str, Any]) -> Breakdown:
    """The current plan against a saved JSON output (``--compare-to``): the saved costs become
    the "before" side; resources only in the saved output count as removed."""
    base = baseline_from_json(saved)
    by_name = {baseline_key("", t, n): k for k, (_, t, n, _) in base.items()}
    out: list[ResourceCost] = []
    for r in b.resources:
        if r.current is None:
            continue
        key = r.resource.urn if r.resource.urn in base else by_name.get(baseline_key("", r.resource.type, r.name))
        past = base.pop(key)[3] if key in base else None
        op = "create" if past is None else ("same" if past.monthly == r.current.monthly else "update")
        res = dataclasses.replace(r.resource, op=op)
        out.append(dataclasses.replace(r, resource=res, past=past))
    for urn, token, name, side in base.values():
        gone = PlannedResource(
            urn=urn or f"urn:pulumi:{b.stack}::{b.project}::{token}::{name}",
            type=token, custom=True, op="delete", old_inputs={}, new_inputs=None, provider_ref=None, region=side.region,
        )
        if side.usage_pending:
            bucket, reason = "usage-based", "depends on usage not given in the saved output"
        elif side.monthly is None:
            bucket, reason = "unknown-input", "unknown in the saved output"
        else:
            bucket, reason = "estimated", None
        out.append(ResourceCost(resource=gone, bucket=bucket, reason=reason, past=side, current=None,
                                notes=["only in the --compare-to output"]))
    return Breakdown(resources=stable_order(out), pricing=b.pricing, project=b.project, stack=b.stack)


def _dec(value: Any, where: str) -> Optional[Decimal]:
    number = as_decimal(value)
    if number is None and value is not None:
        raise UserError(f"--compare-to file: {where} is not a number")
    return number


def baseline_from_json(doc: Any) -> dict[str, tuple[str, str, str, SideCost]]:
    """Per resource URN (or type + name): (urn, type, name, its saved current cost)."""
    if not isinstance(doc, Mapping) or not isinstance(doc.get("projects"), list):
        raise UserError("--compare-to file is not llmkit / Infracost JSON output (no 'projects')")
    out: dict[str, tuple[str, str, str, SideCost]] = {}
    for p in doc["projects"]:
        block = ((p or {}).get("breakdown") or {}) if isinstance(p, Mapping) else {}
        resources = block.get("resources") if isinstance(block, Mapping) else None
        if not isinstance(resources, list):
            raise UserError("--compare-to file: a project has no breakdown.resources")
        free = block.get("freeResources") or []
        if not isinstance(free, list):
            raise UserError("--compare-to file: breakdown.freeResources is not a list")
        for i, r in enumerate(resources + free):
            if not isinstance(r, Mapping):
                raise UserError(f"--compare-to file: resource {i + 1} is not an object")
            comps = []
            saved_meta = (r.get("metadata") or {}).get("costComponents")
            saved_meta = saved_meta if isinstance(saved_meta, list) else []
            for j, c in enumerate(r.get("costComponents") or []):
                # llmkit keeps a line's source in the resource's metadata (older outputs: in the line's)
                meta = saved_meta[j] if j < len(saved_meta) and isinstance(saved_meta[j], Mapping) else (c.get("metadata") or {})
                comps.append(
                    CostComponent(
                        name=str(c.get("name")),
                        unit=str(c.get("unit")),
                        monthly_quantity=_dec(c.get("monthlyQuantity"), "monthlyQuantity"),
                        price=_dec(c.get("price"), "price"),
                        source=str(meta.get("source", "saved output")),
                        as_of=str(meta.get("asOf", "")),
                        usage_key=meta.get("usageKey"),
                        usage_source=meta.get("usageSource"),
                        unknown=meta.get("unknown"),
                    )
                )
            meta = r.get("metadata") or {}
            rng = meta.get("monthlyCostRange")
            side = SideCost(
                comps,
                _dec(r.get("monthlyCost"), "monthlyCost"),
                (_dec(rng.get("min"), "min"), _dec(rng.get("max"), "max")) if isinstance(rng, Mapping) else None,  # type: ignore[arg-type]
                meta.get("region"),
            )
            token, name = str(r.get("resourceType") or ""), str(r.get("name") or "")
            urn = str(meta.get("urn") or "")
            out[baseline_key(urn, token, name)] = (urn, token, name, side)
    return out


def baseline_key(urn: Any, token: Any, name: Any) -> str:
    return str(urn) if urn else f"{token}::{name}"
