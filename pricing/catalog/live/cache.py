"""The on-disk cache of fetched prices: one small JSON file per price.

Location: ``$LLMKIT_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/llmkit``, else
``~/.cache/llmkit``; prices under ``prices/<kind>/<cloud>/<region>/<key>.json``.

One file per price (not one big file) makes two llmkit processes safe without locks: each
write is a whole-file atomic replace (``llmkit.core.files.write_atomically``), so a reader sees
the old file or the new one, never half of either, and two writers of the same price both
write a valid, equally fresh answer. A file that does not parse (a crash of an older writer, a
disk problem, an edit by hand) is ignored with a one-line warning and refetched: a cache can
only ever save a request, never produce a wrong price. Only validated prices are written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

from llmkit.core import records
from llmkit.core.records import record
from llmkit.pricing.catalog.live.http import FetchError
from llmkit.pricing.catalog.live.rows import price_value
from llmkit.pricing.catalog.types import InstancePrice, LlmPrice, PlatformPrice, TieredPlatformPrice

CACHE_ENV = "LLMKIT_CACHE_DIR"
KINDS = {"instance": InstancePrice, "llm": LlmPrice, "platform": PlatformPrice}
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def cache_dir() -> Path:
    """Where llmkit caches fetched prices (see the module docstring)."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "llmkit"


def _json_ready(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    return [_json_ready(x) for x in v] if isinstance(v, tuple) else v


def to_payload(row: Any) -> dict[str, Any]:
    """A price row as JSON-ready data (Decimal as exact text, tiers as lists of text)."""
    return {f.name: _json_ready(getattr(row, f.name)) for f in records.fields(row)}


def _tiers(value: Any) -> tuple[tuple[Decimal, Optional[Decimal], Decimal], ...]:
    """A tiered row's bands back from the cache, each number validated like any price."""
    try:
        return tuple((price_value(b, "tier start"), None if e is None else price_value(e, "tier end"), price_value(p, "tier price"))
                     for b, e, p in value)
    except FetchError as exc:
        raise ValueError(str(exc)) from None


def from_payload(kind: str, data: dict[str, Any]) -> Any:
    """The row back from ``to_payload``; ValueError/TypeError/KeyError when it is not one."""
    cls = TieredPlatformPrice if kind == "platform" and "tiers" in data else KINDS[kind]
    values: dict[str, Any] = {}
    for f in records.fields(cls):
        if f.name not in data:
            if f.default is records.MISSING:
                raise KeyError(f.name)
            continue
        v = data[f.name]
        if f.name == "tiers":
            v = _tiers(v)
        elif "Decimal" in str(f.type) and v is not None:
            try:
                v = price_value(v, f.name)
            except FetchError as exc:
                raise ValueError(str(exc)) from None
        elif f.name == "aliases":
            v = tuple(v)
        values[f.name] = v
    return cls(**values)


@record
class Cached:
    """A price read back from the cache and when it was fetched (the caller judges its age)."""

    row: Any
    fetched_at: dt.datetime

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.fetched_at


class PriceCache:
    def __init__(self, root: Optional[Path] = None, warn: Callable[[str], None] = lambda _m: None):
        self.root = Path(root) if root is not None else cache_dir()
        self.warn = warn

    def path(self, kind: str, cloud: str, region: str, key: str) -> Path:
        parts = [_SAFE.sub("_", p.lower()) or "_" for p in (kind, cloud, region or "global", key)]
        return self.root.joinpath("prices", *parts[:-1], parts[-1] + ".json")

    def get(self, kind: str, cloud: str, region: str, key: str) -> Optional[Cached]:
        path = self.path(kind, cloud, region, key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.warn(f"price cache {path} unreadable ({exc.strerror}); ignored")
            return None
        try:
            data = json.loads(text)
            fetched = dt.datetime.fromisoformat(data["fetched_at"])
            if fetched.tzinfo is None:
                raise ValueError("fetched_at has no time zone")
            return Cached(from_payload(kind, data["row"]), fetched)
        except (ValueError, TypeError, KeyError, AttributeError):
            self.warn(f"price cache {path} is corrupt or half-written; ignored (it is refetched)")
            return None

    def put(self, kind: str, cloud: str, region: str, key: str, row: Any, fetched_at: dt.datetime) -> Path:
        from llmkit.core.files import write_atomically  # tempfile: only when writing

        path = self.path(kind, cloud, region, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"fetched_at": fetched_at.isoformat(), "row": to_payload(row)}
        write_atomically(path, json.dumps(doc, indent=1, sort_keys=True))
        return path
