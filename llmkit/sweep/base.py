"""The cloud-neutral sweep: what a leftover is, which ones to touch, in what order, and the report.

A cloud module (aws, azure, gcp) only knows how to list resources labelled
``llmkit-managed=true``, price one, and delete one. Everything that decides whether
something is deleted lives here, once, so the three clouds share the same safety rules:

* only resources carrying ``llmkit-managed=true`` are ever listed (the cloud modules filter
  on it server-side, and :func:`select` re-checks it);
* dry run unless asked to delete; deleting needs the account on an allow-list;
* deletion in dependency ranks (instances before the network they sit in), throttling retried
  with bounded exponential backoff, NotFound taken as success (someone else got there first),
  every other error reported with its reason, so a second run picks up where the first stopped.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import os
import random
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Protocol, Sequence

from llmkit.components.tags import EXPIRES_AT, MANAGED, OWNER, STACK, parse_expires_at
from llmkit.core.clouds import CLOUDS
from llmkit.core.errors import UserError
from llmkit.core.units import HOURS_PER_MONTH

if TYPE_CHECKING:
    from llmkit.pricing.preview.resources.models.common import CostModel

HOURS_PER_DAY = Decimal(24)
ALLOWED_ACCOUNTS_ENV = "LLMKIT_SWEEP_ALLOWED_ACCOUNTS"


@dataclasses.dataclass
class Leftover:
    """One cloud resource the kit created that may still be billing.

    ``rank`` orders deletion (lower first); ``cost_basis`` says how ``hourly_cost`` was found
    (``catalog`` price, ``free`` resource type, or ``unknown`` with ``hourly_cost`` None, shown
    as unknown and never as $0). ``detail`` carries what the cloud module needs to delete it
    (VPC id, attachments, ...); it is not reported.
    """

    id: str
    type: str
    region: str
    stack: Optional[str]
    owner: Optional[str]
    expires_at: Optional[_dt.datetime]
    created_at: Optional[_dt.datetime]
    hourly_cost: Optional[Decimal] = None
    action: str = "delete"
    rank: int = 50
    gpu: bool = False
    cost_basis: str = "unknown"
    managed: bool = True
    name: Optional[str] = None
    detail: dict[str, Any] = dataclasses.field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "region": self.region,
            "stack": self.stack,
            "expires_at": _stamp(self.expires_at),
            "hourly_cost": self.hourly_cost,
            "action": self.action,
        }


def _stamp(when: Optional[_dt.datetime]) -> Optional[str]:
    return when.strftime("%Y-%m-%dT%H:%MZ") if when else None


def labels_to_fields(labels: dict[str, str]) -> dict[str, Any]:
    """Read the kit's labels into Leftover fields; a malformed expiry counts as none (never expired)."""
    expires = labels.get(EXPIRES_AT)
    try:
        expires_at = parse_expires_at(expires) if expires else None
    except UserError:
        expires_at = None
    return {
        "stack": labels.get(STACK),
        "owner": labels.get(OWNER),
        "expires_at": expires_at,
        "managed": labels.get(MANAGED) == "true",
    }


@dataclasses.dataclass(frozen=True)
class Filter:
    """Which managed resources to act on. All given conditions must hold."""

    stack: Optional[str] = None
    owner: Optional[str] = None
    expired: bool = False
    older_than: Optional[_dt.timedelta] = None
    now: _dt.datetime = dataclasses.field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc))

    def describe(self) -> str:
        parts = []
        if self.stack:
            parts.append(f"stack={self.stack}")
        if self.owner:
            parts.append(f"owner={self.owner}")
        if self.expired:
            parts.append("expired")
        if self.older_than:
            parts.append(f"older than {self.older_than}")
        return ", ".join(parts) or "all llmkit-managed"


def select(items: Iterable[Leftover], flt: Filter) -> list[Leftover]:
    """The managed leftovers matching ``flt``.

    ``--older-than`` needs a creation time; many resource types (VPCs, subnets) have none, so
    a resource without one takes the oldest creation time seen in its stack: a stack's network
    is as old as its oldest instance. Still unknown -> not selected (when in doubt, keep).
    """
    items = [i for i in items if i.managed]
    oldest: dict[Optional[str], _dt.datetime] = {}
    for i in items:
        if i.created_at and i.stack:
            prev = oldest.get(i.stack)
            oldest[i.stack] = min(prev, i.created_at) if prev else i.created_at
    out = []
    for i in items:
        if flt.stack and i.stack != flt.stack:
            continue
        if flt.owner and i.owner != flt.owner:
            continue
        if flt.expired and not (i.expires_at and i.expires_at <= flt.now):
            continue
        if flt.older_than is not None:
            created = i.created_at or oldest.get(i.stack)
            if created is None or flt.now - created < flt.older_than:
                continue
        out.append(i)
    return out


def default_catalog(catalog: Any = None) -> Any:
    """The catalog a sweep prices leftovers with: the bundled one (loaded once, cached)
    unless a caller, such as a test, passes its own."""
    if catalog is not None:
        return catalog
    from llmkit.pricing.catalog import load_catalog

    return load_catalog()


def hourly_cost(catalog: Any, token: str, region: str, model: CostModel, usage: Optional[dict[str, Decimal]] = None) -> Optional[Decimal]:
    """What a leftover costs per hour, priced by the preview's cost model for its Pulumi type
    (``model``: a typed resource model of llmkit.pricing.preview.resources.models), so the sweep
    and ``llmkit price`` give one resource the same lines from the same catalog rows.

    The lines' known monthly costs over the 730-hour month. A line whose price is unknown makes
    the whole cost unknown (None, never $0); a usage-based line the sweep has no usage for (a
    secret's API requests) is left out: the sweep reports what a leftover costs standing idle.
    A model billed by usage alone, with no usage given, is unknown too; one with no lines at all
    (``Unbilled``: an internal address) is free.
    """
    from llmkit.pricing.preview.resources import PriceContext, UnknownInput

    try:
        lines = model.cost(PriceContext.standalone(catalog, token, region, usage=usage))
    except (UnknownInput, LookupError):
        return None
    if any(line.unknown or line.price is None for line in lines):
        return None
    known = [line.monthly_cost for line in lines if line.monthly_cost is not None]
    if lines and not known:
        return None  # billed by usage alone: what it costs idle is not known, and never $0
    return sum(known, Decimal(0)) / HOURS_PER_MONTH


def cost_order(items: Iterable[Leftover]) -> list[Leftover]:
    """Most expensive first: GPU resources, then by hourly cost, unknown cost after known."""
    return sorted(
        items,
        key=lambda i: (not i.gpu, i.hourly_cost is None, -(i.hourly_cost or Decimal(0)), i.type, i.id),
    )


def totals(items: Iterable[Leftover]) -> dict[str, Any]:
    """Known hourly and daily totals, and how many have an unknown cost (not counted as $0)."""
    items = list(items)
    hourly = sum((i.hourly_cost for i in items if i.hourly_cost is not None), Decimal(0))
    unknown = sum(1 for i in items if i.hourly_cost is None)
    return {"hourly": hourly, "daily": hourly * HOURS_PER_DAY, "unknown_cost_count": unknown}


class SweepProvider(Protocol):
    """What one cloud module implements."""

    cloud: str

    def identity(self) -> tuple[str, str]:
        """(account/subscription/project id, a human line naming who we are acting as)."""

    def list_leftovers(self) -> list[Leftover]:
        """Every resource labelled llmkit-managed=true, priced, with its deletion rank."""

    def delete(self, item: Leftover) -> None:
        """Delete one resource (and what only it owns: a bucket's objects). Raise on failure."""

    def after_rank(self, rank: int, deleted: Sequence[Leftover]) -> None:
        """Wait (bounded) for asynchronous deletions of one rank before the next starts."""

    def is_throttle(self, exc: BaseException) -> bool: ...

    def is_not_found(self, exc: BaseException) -> bool: ...

    def reason(self, exc: BaseException) -> str:
        """A short, secret-free reason for the report (error code and message)."""


@dataclasses.dataclass
class Backoff:
    """Bounded exponential backoff with jitter for throttling errors."""

    attempts: int = 6
    base: float = 0.2
    cap: float = 8.0
    sleep: Callable[[float], None] = time.sleep

    def delays(self) -> Iterable[float]:
        for n in range(self.attempts - 1):
            yield min(self.cap, self.base * (2**n)) * (0.5 + random.random() / 2)


def call_with_backoff(fn: Callable[[], Any], is_throttle: Callable[[BaseException], bool], backoff: Backoff) -> Any:
    """Run ``fn``; on throttling wait and retry, up to ``backoff.attempts`` calls in all."""
    delays = iter(backoff.delays())
    while True:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - classified below, re-raised if not throttling
            if not is_throttle(exc):
                raise
            delay = next(delays, None)
            if delay is None:
                raise
            backoff.sleep(delay)


@dataclasses.dataclass
class SweepReport:
    dry_run: bool
    account: str
    identity: str
    resources: list[Leftover]
    deleted: list[str] = dataclasses.field(default_factory=list)
    failed: list[dict[str, str]] = dataclasses.field(default_factory=list)
    vanished: list[str] = dataclasses.field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        t = totals(self.resources)
        return {
            "dry_run": self.dry_run,
            "account": self.account,
            "resources": [r.report() for r in self.resources],
            "deleted": self.deleted,
            "failed": self.failed,
            "vanished": self.vanished,
            "total_hourly": t["hourly"],
            "total_daily": t["daily"],
            "unknown_cost_count": t["unknown_cost_count"],
        }


def allowed_accounts(cli_accounts: Sequence[str] | None, environ: Optional[dict[str, str]] = None) -> set[str]:
    """The allow-list: ``--account`` values, else LLMKIT_SWEEP_ALLOWED_ACCOUNTS (comma separated)."""
    if cli_accounts:
        return {a.strip() for a in cli_accounts if a.strip()}
    env = (environ if environ is not None else os.environ).get(ALLOWED_ACCOUNTS_ENV, "")
    return {a.strip() for a in env.split(",") if a.strip()}


def check_allowed(account: str, allowed: set[str], cloud: str) -> None:
    """Refuse (exit 2) to delete in an account, subscription or project that is not allowed."""
    noun = CLOUDS[cloud].account_noun if cloud in CLOUDS else "account"
    if not allowed:
        raise UserError(
            f"refusing to delete: no allowed {noun}s; pass --account {account} "
            f"(or set {ALLOWED_ACCOUNTS_ENV}) once you are sure this is the right {noun}"
        )
    if account not in allowed:
        raise UserError(f"refusing to delete: {noun} {account} is not in the allow-list")


def plan(provider: SweepProvider, flt: Filter, identity: Optional[tuple[str, str]] = None) -> SweepReport:
    """List and filter, most expensive first; deletes nothing. ``identity`` saves a second look-up."""
    account, identity_line = identity or provider.identity()
    chosen = cost_order(select(provider.list_leftovers(), flt))
    return SweepReport(dry_run=True, account=account, identity=identity_line, resources=chosen)


def execute(
    provider: SweepProvider, report: SweepReport, backoff: Optional[Backoff] = None,
    on_item: Optional[Callable[[Leftover, int, int], None]] = None,
) -> SweepReport:
    """Delete ``report.resources`` rank by rank; record what was deleted, vanished or failed.
    ``on_item(item, done, total)`` hears each outcome as it happens (the CLI's progress lines:
    a sweep waiting on NAT gateways and load balancers takes minutes).

    A failure never stops the sweep: later ranks are still tried (a VPC that cannot go yet is
    reported, and the next run tries again).
    """
    backoff = backoff or Backoff()
    report.dry_run = False
    total = sum(1 for r in report.resources if r.action == "delete")
    seen = 0

    def heard(item: Leftover) -> None:
        nonlocal seen
        seen += 1
        if on_item is not None:
            on_item(item, seen, total)

    for rank in sorted({r.rank for r in report.resources if r.action == "delete"}):
        done: list[Leftover] = []
        batch = [r for r in report.resources if r.rank == rank and r.action == "delete"]
        for item in sorted(batch, key=lambda r: (r.type, r.id)):
            try:
                call_with_backoff(functools.partial(provider.delete, item), provider.is_throttle, backoff)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the sweep
                if provider.is_not_found(exc):
                    report.vanished.append(item.id)
                    item.action = "vanished"
                    heard(item)
                    continue
                report.failed.append({"id": item.id, "type": item.type, "reason": provider.reason(exc)})
                item.action = "failed"
                heard(item)
                continue
            report.deleted.append(item.id)
            item.action = "deleted"
            done.append(item)
            heard(item)
        if done:
            try:
                provider.after_rank(rank, done)
            except Exception as exc:  # noqa: BLE001 - a slow wait is reported, the next rank still runs
                report.failed.append({"id": f"rank-{rank}-wait", "type": "wait", "reason": provider.reason(exc)})
    return report
