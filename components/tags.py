"""The labels every llmkit resource carries, on every cloud.

One pure function decides them so the three clouds agree and the sweep (which finds expired
test stacks by label) can trust them. Values follow the strictest rules of the three clouds,
GCP's: lowercase, only ``[a-z0-9_-]``, at most 63 characters; AWS tags and Azure tags accept
those values unchanged. The expiry is a compact UTC stamp (``20261127t1800z``) because ISO
timestamps contain ``:`` and ``+``, which GCP labels reject.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional, Union

from llmkit.core.errors import UserError

MANAGED = "llmkit-managed"
STACK = "llmkit-stack"
ARCHITECTURE = "llmkit-architecture"
OWNER = "llmkit-owner"
EXPIRES_AT = "llmkit-expires-at"

MAX_LABEL_LENGTH = 63
_INVALID = re.compile(r"[^a-z0-9_-]+")
_EXPIRY_FORMAT = "%Y%m%dt%H%Mz"
_EXPIRY_PATTERN = re.compile(r"^\d{8}t\d{4}z$")
_TTL_PATTERN = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
_TTL_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def label_value(value: str, *, fallback: str = "unknown") -> str:
    """Make ``value`` a valid label value on all three clouds.

    Lowercased; every run of other characters becomes one ``-`` (so ``alice@example.com``
    becomes ``alice-example-com``); cut to 63 characters; edge dashes removed. A value with
    nothing left becomes ``fallback`` so a label is never silently empty.
    """
    text = _INVALID.sub("-", str(value).strip().lower())[:MAX_LABEL_LENGTH].strip("-")
    return text or fallback


def expires_at_label(when: _dt.datetime) -> str:
    """``datetime`` -> ``20261127t1800z`` (UTC, minute precision). Naive times are taken as UTC."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return when.astimezone(_dt.timezone.utc).strftime(_EXPIRY_FORMAT)


def parse_expires_at(text: str) -> _dt.datetime:
    """``20261127t1800z`` -> an aware UTC datetime; anything else is a UserError (exit 2)."""
    stamp = str(text).strip().lower()
    if not _EXPIRY_PATTERN.match(stamp):
        raise UserError("expiresAt must be a UTC stamp like 20261127t1800z")
    try:
        parsed = _dt.datetime.strptime(stamp, _EXPIRY_FORMAT)
    except ValueError:
        raise UserError("expiresAt is not a real date and time (expected like 20261127t1800z)") from None
    return parsed.replace(tzinfo=_dt.timezone.utc)


def parse_ttl(text: str) -> _dt.timedelta:
    """A time-to-live such as ``90m``, ``8h``, ``3d`` or ``1w``."""
    match = _TTL_PATTERN.match(str(text))
    if not match or int(match.group(1)) <= 0:
        raise UserError("ttl must be a positive duration like 90m, 8h, 3d or 1w")
    return _dt.timedelta(**{_TTL_UNITS[match.group(2).lower()]: int(match.group(1))})


# "Now" for a ttl is read once per program run: a stack whose spec is built more than once in
# a run (or whose resources are labelled across a minute boundary) must carry one expiry on
# every resource, or the sweep would see two deadlines. A process that lives longer (an
# Automation API server deploying stack after stack) reads the clock again once this window
# has passed, so a later deployment never inherits a stale start (at most this much early).
_SAME_RUN = _dt.timedelta(minutes=10)
_run_started: Optional[_dt.datetime] = None


def _run_start() -> _dt.datetime:
    global _run_started
    now = _dt.datetime.now(_dt.timezone.utc)
    if _run_started is None or now - _run_started > _SAME_RUN:
        _run_started = now
    return _run_started


def expiry_from_ttl(ttl: str, now: Optional[_dt.datetime] = None) -> str:
    """The expiry label for a stack deployed ``now`` (default: when this run started) with
    time-to-live ``ttl``."""
    return expires_at_label((now or _run_start()) + parse_ttl(ttl))


def standard_labels(
    stack: str,
    architecture: str,
    owner: str,
    expires_at: Union[str, _dt.datetime, None] = None,
) -> dict[str, str]:
    """The DESIGN.md labels for one stack, valid as AWS tags, Azure tags and GCP labels.

    ``expires_at`` may be a datetime or an already formatted stamp (validated); None leaves the
    expiry label out (a long-lived stack).
    """
    labels = {
        MANAGED: "true",
        STACK: label_value(stack),
        ARCHITECTURE: label_value(architecture),
        OWNER: label_value(owner),
    }
    if expires_at is not None:
        when = expires_at if isinstance(expires_at, _dt.datetime) else parse_expires_at(expires_at)
        labels[EXPIRES_AT] = expires_at_label(when)
    return labels
