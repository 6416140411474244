"""Expiring test stacks: their names, their expiry stamps and whether they have expired.

The stamp format and the duration parser are the component labels' own
(``llmkit.components.tags``), so the expiry written into a copy's config is exactly the label every
resource carries and the one the sweep reads back. A test stack is named
``NAME-test-<6 hex>``: unique per copy, recognisable by ``destroy --expired`` so a long-lived
stack is never mistaken for a test copy even if someone set an expiry on it by hand.
"""

from __future__ import annotations

import datetime as _dt
import re
import secrets
from typing import Optional

from llmkit.components.tags import expires_at_label, parse_expires_at, parse_ttl

__all__ = [
    "EXPIRES_AT_KEY",
    "PROTECT_KEY",
    "TTL_KEY",
    "expires_at_label",
    "expiry_for",
    "is_expired",
    "is_test_stack",
    "parse_duration",
    "parse_expires_at",
    "test_stack_name",
    "utcnow",
]

EXPIRES_AT_KEY = "llmkit:expiresAt"
TTL_KEY = "llmkit:ttl"
PROTECT_KEY = "llmkit:protect"

_TEST_SUFFIX = re.compile(r"-test-[0-9a-f]{6}$")


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def parse_duration(text: str) -> _dt.timedelta:
    """``90m``, ``4h``, ``2d``, ``1w`` -> timedelta (UserError, exit 2, on anything else)."""
    return parse_ttl(text)


def expiry_for(ttl: str, now: Optional[_dt.datetime] = None) -> str:
    """The ``llmkit:expiresAt`` stamp for a copy created ``now`` that lives ``ttl``."""
    return expires_at_label((now or utcnow()) + parse_duration(ttl))


def test_stack_name(name: str, short_id: Optional[str] = None) -> str:
    """``NAME-test-<6 hex>``; a fresh random id unless one is given (tests)."""
    base = _TEST_SUFFIX.sub("", name)
    return f"{base}-test-{short_id or secrets.token_hex(3)}"


def is_test_stack(name: str) -> bool:
    """True for names made by :func:`test_stack_name` (fully qualified names too: org/proj/x)."""
    return bool(_TEST_SUFFIX.search(name.rsplit("/", 1)[-1]))


def is_expired(stamp: Optional[str], now: Optional[_dt.datetime] = None) -> bool:
    """True when ``stamp`` (``20261127t1800z``) is at or before ``now``. No stamp: never expires.

    A malformed stamp raises UserError rather than guessing: guessing "expired" could destroy
    a stack, guessing "not expired" could leave a GPU billing.
    """
    if not stamp:
        return False
    return parse_expires_at(stamp) <= (now or utcnow())
