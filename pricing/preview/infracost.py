"""Breakdown <-> the layout of Infracost's JSON output schema 0.2.

Tools that read Infracost JSON (PR bots, dashboards) read ours: ``version``, ``currency``,
``projects[]`` with ``pastBreakdown`` / ``breakdown`` / ``diff`` (resources with
``costComponents``), top-level totals and ``summary``. Money is a decimal string; unknown is
null (never "0"). As in Infracost (schema.Resource.CalculateCosts), a resource whose lines all
wait for usage has a null cost, one with a fixed part has the fixed part as its cost, and the
totals add what is known. The document validates against Infracost's published JSON schema
(tests/fixtures/infracost-schema/, which forbids extra fields almost everywhere), so llmkit's
extras go where the schema allows them:

- each resource's ``metadata`` (free-form): urn, bucket, region, op, reason, notes,
  monthlyCostRange, usageCostNotIncluded, and ``costComponents`` = per cost component (same
  order) its source, as-of date and usage key (CostComponent itself admits no extras);
- one project warning (``projects[].metadata.warnings[]``, a ProjectDiag whose ``data`` is
  free-form) with code ``LLMKIT_SUMMARY_CODE``: stack, pricing model, buckets, the autoscaled
  monthly range, what the totals leave out and why, the price sources with their as-of dates,
  derived prices and stale-price warnings (``llmkit_summary`` reads it back).

Free resources go to each block's ``freeResources`` as Infracost puts them; the root
``metadata`` carries the VCS fields Infracost requires (empty when unknown) and
``timeGenerated`` the time of the run (both from ``RunInfo``, which the CLI fills in).

Reading a saved output back (``--compare-to``) is ``llmkit.pricing.preview.baseline``'s job.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping, Optional

from llmkit.core.money import format_decimal
from llmkit.pricing.preview.resources import HOURS, CostComponent

if TYPE_CHECKING:
    from llmkit.pricing.preview.breakdown import Breakdown, ResourceCost, SideCost

VERSION = "0.2"
LLMKIT_SUMMARY_CODE = 9100  # the project diagnostic that carries llmkit's summary (Infracost's own codes are below 1000)
PROJECT_TYPE = "pulumi_preview_json"  # projects[].metadata.type, as Infracost writes "terraform_plan_json"
VCS_FIELDS = ("vcsBranch", "vcsCommitSha", "vcsCommitAuthorName", "vcsCommitAuthorEmail", "vcsCommitMessage")


@dataclasses.dataclass(frozen=True)
class RunInfo:
    """Facts about the run rather than the plan, for the root ``metadata`` and ``timeGenerated``.

    Infracost requires the VCS fields; unknown ones are empty strings. ``time_generated`` is an
    RFC 3339 UTC time; None means now."""

    command: str = "llmkit price"
    path: str = ""
    vcs: Mapping[str, str] = dataclasses.field(default_factory=dict)
    time_generated: Optional[str] = None

    def time(self) -> str:
        if self.time_generated:
            return self.time_generated
        return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")

    def metadata(self) -> dict[str, Any]:
        out: dict[str, Any] = {"infracostCommand": self.command}
        out.update({k: str(self.vcs.get(k) or "") for k in VCS_FIELDS})
        # a timestamp field must be a date-time: the run's time stands in when the commit's is unknown
        out["vcsCommitTimestamp"] = str(self.vcs.get("vcsCommitTimestamp") or self.time())
        out.update({k: str(v) for k, v in self.vcs.items() if k not in out and v})
        return out


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


def component_meta(c: CostComponent) -> dict[str, Any]:
    """What llmkit knows of a cost component beyond Infracost's fields (kept in the resource's
    metadata, since the schema's CostComponent admits no extras)."""
    meta: dict[str, Any] = {"name": c.name, "source": c.source, "asOf": c.as_of}
    if c.usage_key:
        meta["usageKey"] = c.usage_key
        meta["usageSource"] = c.usage_source
    if c.derived:
        meta["derived"] = True
        meta["derivation"] = c.derivation
    if c.unknown:
        meta["unknown"] = c.unknown  # a part not priced (partial pricing): its cost is null, not $0
    return meta


def component_json(c: CostComponent, memo: Optional[dict[int, dict[str, Any]]] = None) -> dict[str, Any]:
    """One cost component; ``memo`` reuses the dict of a component shown twice (past and
    current of an unchanged resource)."""
    if memo is not None:
        hit = memo.get(id(c))
        if hit is not None:
            return hit
    out = {
        "name": c.name,
        "unit": c.unit,
        "hourlyQuantity": _qty(c.hourly_quantity),
        "monthlyQuantity": _qty(c.monthly_quantity),
        "price": _money(c.price),
        "hourlyCost": _money(c.hourly_cost),
        "monthlyCost": _money(c.monthly_cost),
        "usageBased": bool(c.usage_key),
        "priceNotFound": c.price is None,
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


def _metadata_extra(r: "ResourceCost", side: Optional["SideCost"], components: bool = True) -> dict[str, Any]:
    """The metadata keys after urn, bucket, op and region (those a resource may not have);
    ``components=False`` leaves out the per-component list (the compact writer has its text)."""
    meta = _extra_keys(_extra_facts(r, side))
    if components and side is not None and side.components:
        meta["costComponents"] = [component_meta(c) for c in side.components]
    return meta


def _extra_facts(r: "ResourceCost", side: Optional["SideCost"]) -> tuple[Any, ...]:
    """What ``_extra_keys`` writes, as a hashable tuple: resources repeat the same few, so the
    compact writer encodes each distinct one once."""
    if side is None:
        return (r.reason, tuple(r.notes), False, (), None, r.pseudo, r.resource.parent if r.pseudo else None, r.usage_keys)
    return (r.reason, tuple(r.notes), side.usage_pending, side.unknown_parts, side.monthly_range,
            r.pseudo, r.resource.parent if r.pseudo else None, r.usage_keys)


def _extra_keys(facts: tuple[Any, ...]) -> dict[str, Any]:
    reason, notes, usage_pending, unknown_parts, monthly_range, pseudo, parent, usage_keys = facts
    meta: dict[str, Any] = {}
    if reason:
        meta["reason"] = reason
    if notes:
        meta["notes"] = list(notes)
    if usage_pending:
        meta["usageCostNotIncluded"] = True  # usage lines without usage: the cost is the fixed part (or null)
    if unknown_parts:
        meta["unknownParts"] = list(unknown_parts)  # the cost is at least monthlyCost
    if monthly_range is not None:
        meta["monthlyCostRange"] = {"min": _money(monthly_range[0]), "max": _money(monthly_range[1])}
    if pseudo:
        meta["pseudoResource"] = True
        meta["attributedTo"] = parent
    if usage_keys:
        meta["usageKeys"] = [k.name for k in usage_keys]
    return meta


def _resource(r: "ResourceCost", side: "SideCost", memo: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": r.name,
        "resourceType": r.resource.type,
        "metadata": _metadata(r, side),
        "hourlyCost": _money(side.hourly),
        "monthlyCost": _money(side.monthly),
        "monthlyUsageCost": _money(side.usage_monthly),
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
    side = r.current or r.past
    return {
        "name": r.name,
        "resourceType": r.resource.type,
        "metadata": _metadata(r, side),
        "hourlyCost": _money(None if diff is None else diff / HOURS),
        "monthlyCost": _money(diff),
        "monthlyUsageCost": _money(_usage_diff(r)),
        "costComponents": _diff_components(r),
        "subresources": [],
    }


def _diff_components(r: "ResourceCost") -> list[dict[str, Any]]:
    """The cost components of a changed resource that existed before: each line's change,
    lines on both sides that did not change left out."""
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
                "usageBased": bool(ref.usage_key),
                "priceNotFound": ref.price is None,
            }
        )
    return comps


def _usage_diff(r: "ResourceCost") -> Optional[Decimal]:
    after = r.current.usage_monthly if r.current else None
    before = r.past.usage_monthly if r.past else None
    if after is None and before is None:
        return None
    return (after or Decimal(0)) - (before or Decimal(0))


# A written amount read back as a Decimal (the same few amounts repeat over thousands of resources).
_written = functools.lru_cache(maxsize=4096)(Decimal)


def _block(resources: Any, free: Any, monthly: list[Optional[str]], usage: list[Optional[str]]) -> dict[str, Any]:
    """A breakdown block; its totals add the resources' monthly (usage) costs as written."""
    total = sum(map(_written, [m for m in monthly if m is not None]), Decimal(0))
    used = list(map(_written, [u for u in usage if u is not None]))
    return {
        "resources": resources,
        "freeResources": free,
        "totalHourlyCost": _money(total / HOURS),
        "totalMonthlyCost": _money(total),
        "totalMonthlyUsageCost": _money(sum(used, Decimal(0))) if used else None,
    }


def _totals_note(b: "Breakdown", counts: Mapping[str, int], pending: int) -> str:
    """What the totals leave out; ``pending``: resources with usage lines and no usage given."""
    left = []
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


def llmkit_summary(doc: Mapping[str, Any], project: int = 0) -> dict[str, Any]:
    """llmkit's own summary of a project (stack, pricing, buckets, range, what the totals leave
    out), read back from the project diagnostic that carries it."""
    for diag in doc["projects"][project]["metadata"].get("warnings", []):
        if diag.get("code") == LLMKIT_SUMMARY_CODE:
            return dict(diag["data"])
    raise KeyError("no llmkit summary in this project")


def _usage_total(b: "Breakdown", side: str) -> Optional[Decimal]:
    used = [u for u in (getattr(r, side).usage_monthly for r in b.resources if getattr(r, side) is not None) if u is not None]
    return sum(used, Decimal(0)) if used else None


def _document(b: "Breakdown", past: dict[str, Any], current: dict[str, Any], diff: dict[str, Any], run: RunInfo) -> dict[str, Any]:
    """The whole document around its three blocks (one definition for both writers)."""
    counts = b.counts()
    lo, hi = b.total_monthly_range
    unsupported: dict[str, int] = {}
    free: dict[str, int] = {}
    supported: dict[str, int] = {}
    for r in b.resources:
        if r.bucket == "unsupported":
            unsupported[r.resource.type] = unsupported.get(r.resource.type, 0) + 1
        elif r.bucket == "free":
            free[r.resource.type] = free.get(r.resource.type, 0) + 1
        else:
            supported[r.resource.type] = supported.get(r.resource.type, 0) + 1
    summary = {
        "totalResources": len(b.resources),
        "totalDetectedResources": len(b.resources),
        "totalSupportedResources": len(b.resources) - counts["unsupported"],
        "totalUnsupportedResources": counts["unsupported"],
        "totalUsageBasedResources": counts["usage-based"],
        "totalNoPriceResources": counts["free"],
        "supportedResourceCounts": supported,
        "unsupportedResourceCounts": unsupported,
        "noPriceResourceCounts": free,
    }
    pending = b.usage_pending("current")
    note = _totals_note(b, counts, pending)
    ours = {
        "stack": b.stack,
        "pricing": b.pricing,
        "buckets": counts,
        "totalMonthlyCostRange": {"min": _money(lo), "max": _money(hi)},
        "notInTotals": {
            "usageBasedWithoutUsage": pending,
            "unknownInput": counts["unknown-input"],
            "unsupported": counts["unsupported"],
        },
        "totalsNote": note,
        **b.provenance.to_json(),  # priceSources, derivedPrices, warnings (stale prices)
    }
    total, past_total = b.total_monthly, b.past_total_monthly
    usage_now, usage_past = _usage_total(b, "current"), _usage_total(b, "past")
    usage_diff = None if usage_now is None and usage_past is None else (usage_now or Decimal(0)) - (usage_past or Decimal(0))
    name = f"{b.project}/{b.stack}" if b.project and b.stack else (b.project or b.stack or "pulumi")
    return {
        "version": VERSION,
        "metadata": run.metadata(),
        "currency": "USD",
        "projects": [
            {
                "name": name,
                "displayName": name,
                "metadata": {
                    "path": run.path,
                    "type": PROJECT_TYPE,
                    "terraformWorkspace": b.stack,  # Infracost's slot for a workspace; a Pulumi stack is one
                    "warnings": [{"code": LLMKIT_SUMMARY_CODE, "message": "llmkit summary: " + note, "data": ours, "isError": False}],
                },
                "pastBreakdown": past,
                "breakdown": current,
                "diff": diff,
                "summary": summary,
            }
        ],
        "totalHourlyCost": _money(total / HOURS),
        "totalMonthlyCost": _money(total),
        "totalMonthlyUsageCost": _money(usage_now),
        "pastTotalHourlyCost": _money(past_total / HOURS),
        "pastTotalMonthlyCost": _money(past_total),
        "pastTotalMonthlyUsageCost": _money(usage_past),
        "diffTotalHourlyCost": _money((total - past_total) / HOURS),
        "diffTotalMonthlyCost": _money(total - past_total),
        "diffTotalMonthlyUsageCost": _money(usage_diff),
        "timeGenerated": run.time(),
        "summary": summary,
    }


def _blocks(b: "Breakdown", write: Any) -> tuple[tuple[list[Any], list[Any]], ...]:
    """The past, current and diff blocks as (priced, free) lists of written forms, in plan
    order, in one pass: ``write(r)`` gives a resource's (past, current, diff) forms, None where
    it has none (no state before, none after, no change). Free resources go to
    ``freeResources``, as Infracost puts them."""
    blocks: tuple[tuple[list[Any], list[Any]], ...] = (([], []), ([], []), ([], []))
    for r in b.resources:
        which = 1 if r.bucket == "free" else 0
        for block, form in zip(blocks, write(r)):
            if form is not None:
                block[which].append(form)
    return blocks


def to_json(b: "Breakdown", run: Optional[RunInfo] = None) -> dict[str, Any]:
    memo: dict[int, dict[str, Any]] = {}

    def write(r: "ResourceCost") -> tuple[Optional[dict[str, Any]], ...]:
        return (
            None if r.past is None else _resource(r, r.past, memo),
            None if r.current is None else _resource(r, r.current, memo),
            _diff_resource(r, memo),
        )

    past, current, diff = (
        _block(priced, free, [x["monthlyCost"] for x in priced], [x["monthlyUsageCost"] for x in priced])
        for priced, free in _blocks(b, write)
    )
    return _document(b, past, current, diff, run or RunInfo())


# ------------------------------------------------------------------------------ compact text


def compact_text(b: "Breakdown", run: Optional[RunInfo] = None) -> str:
    """Exactly ``json.dumps(to_json(b, run), separators=(",", ":"), ensure_ascii=False)``."""
    return "".join(compact_parts(b, run))


# A resource's compact text on one side: text, monthlyCost, monthlyUsageCost, where its costs start.
_Written = tuple[str, Optional[str], Optional[str], int]


def compact_parts(b: "Breakdown", run: Optional[RunInfo] = None) -> list[str]:
    """The pieces of ``compact_text`` in order, built with less work for big plans (the CLI
    writes them one after the other instead of copying megabytes into one string).

    A plan's resources repeat the same few cost components (one instance type, one disk type,
    one load balancer...), so each distinct component is encoded once and its text reused; a
    resource is put together from pre-encoded parts instead of a dict per resource; only the
    small document skeleton goes through ``json.dumps``, with a marker per list that the
    lists' text replaces.
    """
    import json
    import os  # random markers from os.urandom: uuid would import platform and more at start-up
    from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]

    run = run or RunInfo(time_generated=RunInfo().time())  # one time for the whole document
    if c_make_encoder is None:  # a Python without the C accelerator: the plain way is as fast
        return [json.dumps(to_json(b, run), separators=(",", ":"), ensure_ascii=False)]
    encode_one = c_make_encoder(None, None, encode_basestring, None, ":", ",", False, False, True)

    def encode(value: Any) -> str:
        return "".join(encode_one(value, 0))

    def money(value: Optional[str]) -> str:
        return "null" if value is None else '"' + value + '"'  # digits, "-" and ".": nothing to escape

    parts: dict[Any, tuple[str, str]] = {}
    by_id: dict[int, tuple[str, str]] = {}  # the breakdown keeps every component alive: ids stay unique

    def component(c: CostComponent) -> tuple[str, str]:
        """(its costComponents text, its metadata text)."""
        text = by_id.get(id(c))
        if text is None:
            key = (c.name, c.unit, c.monthly_quantity, c.price, c.source, c.as_of, c.usage_key, c.usage_source, c.derivation, c.unknown)
            text = parts.get(key)
            if text is None:
                text = parts[key] = (encode(component_json(c)), encode(component_meta(c)))
            by_id[id(c)] = text
        return text

    lists: dict[tuple[int, ...], tuple[str, str]] = {}

    def lines(side: "SideCost") -> tuple[str, str]:
        """(the side's costComponents text, its metadata's costComponents entry): a plan's
        sides repeat the same few line lists (shared line objects), so each list is joined once."""
        key = tuple(map(id, side.components))
        text = lists.get(key)
        if text is None:
            comps = [component(c) for c in side.components]
            tail = ',"costComponents":[' + ",".join([m for _, m in comps]) + "]" if comps else ""
            text = lists[key] = ("[" + ",".join([t for t, _ in comps]) + "]", tail)
        return text

    extras: dict[tuple[Any, ...], str] = {}  # the optional metadata keys repeat across resources: encoded once

    def extra(r: "ResourceCost", side: "SideCost") -> str:
        """The metadata keys after urn, bucket, op and region, as text (with a leading comma)."""
        facts = _extra_facts(r, side)
        text = extras.get(facts)
        if text is None:
            keys = _extra_keys(facts)
            text = extras[facts] = "," + encode(keys)[1:-1] if keys else ""
        return text

    hourly: dict[Decimal, Optional[str]] = {}

    def per_hour(monthly: Optional[Decimal]) -> Optional[str]:
        """``_money(monthly / HOURS)``, divided once per distinct monthly cost (equal amounts
        give equal text, as in ``_money``'s own cache)."""
        if monthly is None:
            return None
        text = hourly.get(monthly, "")
        if text == "":
            text = hourly[monthly] = _money(monthly / HOURS)
        return text

    def side_text(head: str, r: "ResourceCost", side: "SideCost") -> _Written:
        """A resource's text on one side; ``head`` is its text up to the metadata's region."""
        monthly, used = _money(side.monthly), _money(side.usage_monthly)
        comps, comps_meta = lines(side)
        region = "null" if side.region is None else encode_basestring(side.region)
        tail = extra(r, side)
        text = "".join((
            head, region, tail, comps_meta,
            '},"hourlyCost":', money(per_hour(side.monthly)),
            ',"monthlyCost":', money(monthly),
            ',"monthlyUsageCost":', money(used),
            ',"costComponents":', comps,
            ',"subresources":[]}',
        ))
        return text, monthly, used, len(head) + len(region) + len(tail) + len(comps_meta) + 1

    diffs: dict[tuple[tuple[int, ...], tuple[int, ...]], str] = {}

    def changes(r: "ResourceCost") -> str:
        """The text of ``_diff_components(r)``, which depends only on the two sides' lines: a
        plan's changes repeat the same few pairs of line lists (shared line objects)."""
        key = (tuple(map(id, r.past.components)) if r.past else (), tuple(map(id, r.current.components)) if r.current else ())
        text = diffs.get(key)
        if text is None:
            found = _diff_components(r)
            text = diffs[key] = encode(found) if found else "[]"
        return text

    def write(r: "ResourceCost") -> tuple[Optional[_Written], ...]:
        """(past, current, diff) texts of one resource: an unchanged resource's two sides are
        one text, a new resource's diff is its current text, and a changed resource's diff
        reuses its name, type and metadata from the text of the side it shows."""
        res, past, current = r.resource, r.past, r.current
        head = "".join((
            '{"name":', encode_basestring(r.name),
            ',"resourceType":', encode_basestring(res.type),
            ',"metadata":{"urn":', encode_basestring(res.urn),
            ',"bucket":', encode_basestring(r.bucket),
            ',"op":', encode_basestring(res.op),
            ',"region":',
        ))
        now = None if current is None else side_text(head, r, current)
        before = now if past is current else (None if past is None else side_text(head, r, past))
        if not r.changed:
            return before, now, None
        if before is None:
            return before, now, now  # a new resource: its diff is its current cost
        shown = now or before
        change = r.diff_monthly
        monthly, used = _money(change), _money(_usage_diff(r))
        diff = "".join((
            shown[0][:shown[3]],
            ',"hourlyCost":', money(per_hour(change)),
            ',"monthlyCost":', money(monthly),
            ',"monthlyUsageCost":', money(used),
            ',"costComponents":', changes(r),
            ',"subresources":[]}',
        ))
        return before, now, (diff, monthly, used, 0)

    blocks = _blocks(b, write)
    marks: list[str] = []
    texts: list[list[str]] = []
    written = []
    for i, (priced, free) in enumerate(blocks):
        pair = [f"llmkit-block-{i}-{k}-{os.urandom(16).hex()}" for k in ("resources", "free")]
        marks += pair
        texts += [[w[0] for w in priced], [w[0] for w in free]]
        written.append(_block(pair[0], pair[1], [w[1] for w in priced], [w[2] for w in priced]))
    past_block, current_block, diff_block = written
    skeleton = json.dumps(_document(b, past_block, current_block, diff_block, run), separators=(",", ":"), ensure_ascii=False)
    out: list[str] = []
    for mark, block in zip(marks, texts):
        head, found, skeleton = skeleton.partition('"' + mark + '"')
        assert found, "block marker missing from the document skeleton"
        out += (head, "[", ",".join(block), "]")
    out.append(skeleton)
    return out
