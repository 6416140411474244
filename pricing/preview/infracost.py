"""Breakdown <-> the layout of Infracost's JSON output schema 0.2.

Tools that read Infracost JSON (PR bots, dashboards) read ours: ``version``, ``currency``,
``projects[]`` with ``pastBreakdown`` / ``breakdown`` / ``diff`` (resources with
``costComponents``), top-level totals and ``summary``. Money is a decimal string; unknown is
null (never "0"). As in Infracost (schema.Resource.CalculateCosts), a resource whose lines all
wait for usage has a null cost, one with a fixed part has the fixed part as its cost, and the
totals add what is known; ``summary.notInTotals`` / ``summary.totalsNote`` say what they leave
out. llmkit's extras live under each resource's ``metadata``: bucket, region, op, reason,
notes, monthlyCostRange, usageCostNotIncluded, and per component its source and as-of date.

Reading a saved output back (``--compare-to``) is ``llmkit.pricing.preview.baseline``'s job.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping, Optional

from llmkit.core.money import format_decimal
from llmkit.pricing.preview.resources import HOURS, CostComponent

if TYPE_CHECKING:
    from llmkit.pricing.preview.breakdown import Breakdown, ResourceCost, SideCost

VERSION = "0.2"


_PLACES = Decimal("0.0000000001")


@functools.lru_cache(maxsize=65536)  # prices, quantities and costs repeat across resources
def _money(value: Optional[Decimal]) -> Optional[str]:
    """Decimal string; results of a division are cut to 10 places (no float ever)."""
    if value is None:
        return None
    if not value:
        return "0"
    text = format(value, "f")
    dot = text.find(".")
    if dot < 0:
        return text
    if len(text) - dot > 11:
        text = format_decimal(value.quantize(_PLACES))
    return text.rstrip("0").rstrip(".") or "0"


def _qty(value: Optional[Decimal]) -> Optional[str]:
    return _money(value)


def component_json(c: CostComponent, memo: Optional[dict[int, dict[str, Any]]] = None) -> dict[str, Any]:
    """One cost component; ``memo`` reuses the dict of a component shown twice (past and
    current of an unchanged resource)."""
    if memo is not None:
        hit = memo.get(id(c))
        if hit is not None:
            return hit
    meta: dict[str, Any] = {"source": c.source, "asOf": c.as_of}
    if c.usage_key:
        meta["usageKey"] = c.usage_key
        meta["usageSource"] = c.usage_source
    if c.derived:
        meta["derived"] = True
        meta["derivation"] = c.derivation
    if c.unknown:
        meta["unknown"] = c.unknown  # a part not priced (partial pricing): its cost is null, not $0
    out = {
        "name": c.name,
        "unit": c.unit,
        "hourlyQuantity": _qty(c.hourly_quantity),
        "monthlyQuantity": _qty(c.monthly_quantity),
        "price": _money(c.price),
        "hourlyCost": _money(c.hourly_cost),
        "monthlyCost": _money(c.monthly_cost),
        "usageBased": bool(c.usage_key),
        "metadata": meta,
    }
    if memo is not None:
        memo[id(c)] = out
    return out


def _metadata(r: "ResourceCost", side: Optional["SideCost"]) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "urn": r.resource.urn,
        "bucket": r.bucket,
        "op": r.resource.op,
        "region": side.region if side else r.resource.region,
    }
    meta.update(_metadata_extra(r, side))
    return meta


def _metadata_extra(r: "ResourceCost", side: Optional["SideCost"]) -> dict[str, Any]:
    """The metadata keys after urn, bucket, op and region (those a resource may not have)."""
    meta: dict[str, Any] = {}
    if r.reason:
        meta["reason"] = r.reason
    if r.notes:
        meta["notes"] = list(r.notes)
    if side is not None and side.usage_pending:
        meta["usageCostNotIncluded"] = True  # usage lines without usage: the cost is the fixed part (or null)
    if side is not None and side.unknown_parts:
        meta["unknownParts"] = list(side.unknown_parts)  # the cost is at least monthlyCost
    if side is not None and side.monthly_range is not None:
        meta["monthlyCostRange"] = {"min": _money(side.monthly_range[0]), "max": _money(side.monthly_range[1])}
    if r.pseudo:
        meta["pseudoResource"] = True
        meta["attributedTo"] = r.resource.parent
    if r.usage_keys:
        meta["usageKeys"] = [k.name for k in r.usage_keys]
    return meta


def _resource(r: "ResourceCost", side: "SideCost", memo: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": r.name,
        "resourceType": r.resource.type,
        "metadata": _metadata(r, side),
        "hourlyCost": _money(side.hourly),
        "monthlyCost": _money(side.monthly),
        "costComponents": [component_json(c, memo) for c in side.components],
        "subresources": [],
    }


def _diff_resource(r: "ResourceCost", memo: dict[int, dict[str, Any]]) -> Optional[dict[str, Any]]:
    if not r.changed:
        return None
    diff = r.diff_monthly
    if r.past is None and r.current is not None:
        # a new resource: its diff is its current cost, line for line (same dicts as breakdown)
        return dict(_resource(r, r.current, memo), subresources=[])
    before = {c.name: c for c in (r.past.components if r.past else [])}
    after = {c.name: c for c in (r.current.components if r.current else [])}
    comps = []
    for name in list(after) + [n for n in before if n not in after]:
        a, b = after.get(name), before.get(name)
        if a is b and a is not None and a.monthly_cost is not None:
            continue  # the same (shared) line on both sides: no change
        ac = a.monthly_cost if a else Decimal(0)
        bc = b.monthly_cost if b else Decimal(0)
        aq = a.monthly_quantity if a else Decimal(0)
        bq = b.monthly_quantity if b else Decimal(0)
        cost = None if ac is None or bc is None else ac - bc
        qty = None if aq is None or bq is None else aq - bq
        if cost == 0 and qty == 0:
            continue
        ref = a or b
        assert ref is not None
        comps.append(
            {
                "name": name,
                "unit": ref.unit,
                "hourlyQuantity": _qty(None if qty is None else qty / HOURS),
                "monthlyQuantity": _qty(qty),
                "price": _money(ref.price),
                "hourlyCost": _money(None if cost is None else cost / HOURS),
                "monthlyCost": _money(cost),
            }
        )
    side = r.current or r.past
    return {
        "name": r.name,
        "resourceType": r.resource.type,
        "metadata": _metadata(r, side),
        "hourlyCost": _money(None if diff is None else diff / HOURS),
        "monthlyCost": _money(diff),
        "costComponents": comps,
        "subresources": [],
    }


def _block(resources: Any, monthly: list[Optional[str]]) -> dict[str, Any]:
    """A breakdown block; its totals add the resources' monthly costs as written (strings)."""
    total = sum((Decimal(m) for m in monthly if m is not None), Decimal(0))
    return {"resources": resources, "totalHourlyCost": _money(total / HOURS), "totalMonthlyCost": _money(total)}


def _totals_note(b: "Breakdown", counts: Mapping[str, int]) -> str:
    left = []
    pending = b.usage_pending("current")
    if pending:
        left.append(f"the usage-based costs of {pending} resource(s) with no usage given")
    partial = b.partial("current")
    if partial:
        left.append(f"the unknown parts of {partial} partly priced resource(s)")
    if counts["unknown-input"]:
        left.append(f"{counts['unknown-input']} unknown-input resource(s)")
    if counts["unsupported"]:
        left.append(f"{counts['unsupported']} unsupported resource(s)")
    if not left:
        return "Totals include every resource."
    return "Totals are the sum of known costs; they leave out " + ", ".join(left) + "."


def _document(b: "Breakdown", past: dict[str, Any], current: dict[str, Any], diff: dict[str, Any]) -> dict[str, Any]:
    """The whole document around its three blocks (one definition for both writers)."""
    counts = b.counts()
    lo, hi = b.total_monthly_range
    unsupported: dict[str, int] = {}
    free: dict[str, int] = {}
    for r in b.resources:
        if r.bucket == "unsupported":
            unsupported[r.resource.type] = unsupported.get(r.resource.type, 0) + 1
        elif r.bucket == "free":
            free[r.resource.type] = free.get(r.resource.type, 0) + 1
    summary = {
        "totalDetectedResources": len(b.resources),
        "totalSupportedResources": len(b.resources) - counts["unsupported"],
        "totalUnsupportedResources": counts["unsupported"],
        "totalUsageBasedResources": counts["usage-based"],
        "totalNoPriceResources": counts["free"],
        "unsupportedResourceCounts": unsupported,
        "noPriceResourceCounts": free,
        "buckets": counts,
        "totalMonthlyCostRange": {"min": _money(lo), "max": _money(hi)},
        "notInTotals": {
            "usageBasedWithoutUsage": b.usage_pending("current"),
            "unknownInput": counts["unknown-input"],
            "unsupported": counts["unsupported"],
        },
        "totalsNote": _totals_note(b, counts),
    }
    total, past_total = b.total_monthly, b.past_total_monthly
    return {
        "version": VERSION,
        "metadata": {"generator": "llmkit", "pricing": b.pricing, **b.provenance.to_json()},
        "currency": "USD",
        "projects": [
            {
                "name": b.project,
                "metadata": {"stack": b.stack, "pricing": b.pricing},
                "pastBreakdown": past,
                "breakdown": current,
                "diff": diff,
                "summary": summary,
            }
        ],
        "totalHourlyCost": _money(total / HOURS),
        "totalMonthlyCost": _money(total),
        "pastTotalHourlyCost": _money(past_total / HOURS),
        "pastTotalMonthlyCost": _money(past_total),
        "diffTotalHourlyCost": _money((total - past_total) / HOURS),
        "diffTotalMonthlyCost": _money(total - past_total),
        "summary": summary,
    }


def to_json(b: "Breakdown") -> dict[str, Any]:
    memo: dict[int, dict[str, Any]] = {}
    current = [_resource(r, r.current, memo) for r in b.resources if r.current is not None]
    past = [_resource(r, r.past, memo) for r in b.resources if r.past is not None]
    diffs = [d for d in (_diff_resource(r, memo) for r in b.resources) if d is not None]
    return _document(
        b,
        _block(past, [r["monthlyCost"] for r in past]),
        _block(current, [r["monthlyCost"] for r in current]),
        _block(diffs, [r["monthlyCost"] for r in diffs]),
    )


# ------------------------------------------------------------------------------ compact text


def compact_text(b: "Breakdown") -> str:
    """Exactly ``json.dumps(to_json(b), separators=(",", ":"), ensure_ascii=False)``."""
    return "".join(compact_parts(b))


def compact_parts(b: "Breakdown") -> list[str]:
    """The pieces of ``compact_text`` in order, built with less work for big plans (the CLI
    writes them one after the other instead of copying megabytes into one string).

    A plan's resources repeat the same few cost components (one instance type, one disk type,
    one load balancer...), so each distinct component is encoded once and its text reused; a
    resource is put together from pre-encoded parts instead of a dict per resource; only the
    small document skeleton goes through ``json.dumps``, with a marker per block that the
    blocks' text replaces.
    """
    import json
    import uuid
    from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

    if c_make_encoder is None:  # a Python without the C accelerator: the plain way is as fast
        return [json.dumps(to_json(b), separators=(",", ":"), ensure_ascii=False)]
    encode_one = c_make_encoder(None, None, encode_basestring, None, ":", ",", False, False, True)

    def encode(value: Any) -> str:
        return "".join(encode_one(value, 0))

    def money(value: Optional[Decimal]) -> str:
        text = _money(value)
        return "null" if text is None else '"' + text + '"'  # digits, "-" and ".": nothing to escape

    parts: dict[Any, str] = {}
    memo: dict[int, dict[str, Any]] = {}

    by_id: dict[int, str] = {}  # the breakdown keeps every component alive: ids stay unique

    def component(c: CostComponent) -> str:
        text = by_id.get(id(c))
        if text is None:
            key = (c.name, c.unit, c.monthly_quantity, c.price, c.source, c.as_of, c.usage_key, c.usage_source, c.derivation, c.unknown)
            text = parts.get(key)
            if text is None:
                text = parts[key] = encode(component_json(c))
            by_id[id(c)] = text
        return text

    def metadata(r: "ResourceCost", side: "SideCost") -> str:
        res = r.resource
        extra = _metadata_extra(r, side)
        return "".join((
            '{"urn":', encode_basestring(res.urn),
            ',"bucket":', encode_basestring(r.bucket),
            ',"op":', encode_basestring(res.op),
            ',"region":', "null" if side.region is None else encode_basestring(side.region),
            "," + encode(extra)[1:] if extra else "}",
        ))

    done: dict[tuple[int, int], tuple[str, Optional[str]]] = {}

    def resource(r: "ResourceCost", side: "SideCost") -> tuple[str, Optional[str]]:
        key = (id(r), id(side))  # an unchanged resource's two sides, a new resource's diff: one text
        hit = done.get(key)
        if hit is not None:
            return hit
        monthly = _money(side.monthly)
        text = "".join((
            '{"name":', encode_basestring(r.name),
            ',"resourceType":', encode_basestring(r.resource.type),
            ',"metadata":', metadata(r, side),
            ',"hourlyCost":', money(side.hourly),
            ',"monthlyCost":', "null" if monthly is None else '"' + monthly + '"',
            ',"costComponents":[', ",".join([component(c) for c in side.components]),
            '],"subresources":[]}',
        ))
        done[key] = (text, monthly)
        return text, monthly

    def diff(r: "ResourceCost") -> tuple[str, Optional[str]]:
        if r.past is None and r.current is not None:
            return resource(r, r.current)  # a new resource: its diff is its current cost
        d = _diff_resource(r, memo)
        assert d is not None
        return encode(d), d["monthlyCost"]

    blocks = (
        [resource(r, r.past) for r in b.resources if r.past is not None],
        [resource(r, r.current) for r in b.resources if r.current is not None],
        [diff(r) for r in b.resources if r.changed],
    )
    marks = [f"llmkit-block-{i}-{uuid.uuid4().hex}" for i in range(3)]
    skeleton = json.dumps(
        _document(b, *(_block(mark, [m for _, m in block]) for mark, block in zip(marks, blocks))),
        separators=(",", ":"),
        ensure_ascii=False,
    )
    out: list[str] = []
    for mark, block in zip(marks, blocks):
        head, found, skeleton = skeleton.partition('"' + mark + '"')
        assert found, "block marker missing from the document skeleton"
        out += (head, "[", ",".join([t for t, _ in block]), "]")
    out.append(skeleton)
    return out
