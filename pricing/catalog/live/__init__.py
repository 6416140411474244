"""Live prices from the clouds' official price APIs, cached, behind one small interface.

The bundled snapshot (``pricing/catalog/data``) is the floor: it always answers, offline too.
``LivePrices`` sits above it. For a price a report needs it answers, in order:

1. a cached price younger than the max age (default 30 days, ``LLMKIT_PRICE_MAX_AGE_DAYS``);
2. the bundled row when it is that young;
3. unless offline (``--offline``, ``LLMKIT_OFFLINE=1``): a fetch of exactly that price from
   the cloud's API (the client its descriptor names in ``llmkit.core.clouds``: the ``aws``,
   ``azure``, ``gcp`` modules here; LLM prices from ``litellm``), validated, then cached;
4. otherwise the freshest of a stale cached price and the bundled row; else no price
   (the caller reports unknown-input with the command that fetches it, never $0).

A failed fetch is never cached and never a price. A source that is unavailable (no AWS
credentials, no network, an error page) is tried once per process and then left alone with
one line saying so. Fetchers are injected (``fetchers=``) so pricing stays testable without a
network: tests serve recorded responses from 127.0.0.1 or stub botocore.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any, Callable, Iterator, Mapping, Optional

from llmkit.core.clouds import CLOUDS, live_priced, resolve
from llmkit.pricing.catalog.live.cache import PriceCache, cache_dir
from llmkit.pricing.catalog.loader import refresh_hint
from llmkit.pricing.catalog.live.http import FetchError, SourceUnavailable

OFFLINE_ENV = "LLMKIT_OFFLINE"
MAX_AGE_ENV = "LLMKIT_PRICE_MAX_AGE_DAYS"
DEFAULT_MAX_AGE_DAYS = 30
STALE_WARNING_DAYS = 90  # a report warns about any price in use older than this

__all__ = [
    "FetchError", "SourceUnavailable", "LivePrices", "PriceCache", "cache_dir", "configure",
    "default_fetchers", "max_age_days", "offline_from_env", "refresh_hint",
]


def offline_from_env() -> bool:
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes")


def max_age_days() -> int:
    text = os.environ.get(MAX_AGE_ENV)
    if not text:
        return DEFAULT_MAX_AGE_DAYS
    try:
        days = int(text)
    except ValueError:
        from llmkit.core.errors import UserError

        raise UserError(f"{MAX_AGE_ENV} must be a whole number of days") from None
    return max(days, 0)


def _stderr(message: str) -> None:
    print(f"llmkit: {message}", file=sys.stderr)


# LLM API prices (a LiteLLM price map): not a cloud, so its one line is written here.
_LLM_CLIENT = ("llmkit.pricing.catalog.live.litellm:LiteLlmPrices", "url")


def clients() -> dict[str, tuple[str, str]]:
    """Source -> (lazy "module:Class" reference, the keyword taking its base-URL override): each
    cloud's price API client as its descriptor names it, then the LLM prices'. A view of
    ``llmkit.core.clouds.CLOUDS``, read when asked (never copied), so a cloud added there has
    its client here with no edit."""
    found = {name: (str(CLOUDS[name].price_client), CLOUDS[name].price_endpoint_keyword) for name in live_priced()}
    found["llm"] = _LLM_CLIENT
    return found


class _ClientsOnFirstUse(Mapping[str, Any]):
    """Source -> price API client, each built (and its module imported) when a fetch first
    needs it: a run whose prices are all fresh in the cache, or offline, never imports boto3,
    urllib or the clients' parsers (a few ms of start-up each, issue 10's budget)."""

    def __init__(self, endpoints: Mapping[str, str]):
        self._endpoints = dict(endpoints)
        self._clients = clients()  # names only: nothing is imported until a source is asked for
        self._built: dict[str, Any] = {}

    def __getitem__(self, source: str) -> Any:
        if source not in self._built:
            reference, keyword = self._clients[source]
            self._built[source] = resolve(reference)(**{keyword: self._endpoints.get(source)})
        return self._built[source]

    def __iter__(self) -> Iterator[str]:
        return iter(self._clients)

    def __len__(self) -> int:
        return len(self._clients)


def default_fetchers(endpoints: Optional[Mapping[str, str]] = None) -> Mapping[str, Any]:
    """One client per source (each cloud with a price client in its descriptor, and ``llm``),
    built on first use."""
    return _ClientsOnFirstUse(endpoints or {})


def _as_of_date(text: str) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


class LivePrices:
    """Cache + fetchers + the offline switch (see the module docstring)."""

    def __init__(
        self,
        fetchers: Optional[Mapping[str, Any]] = None,
        cache: Optional[PriceCache] = None,
        *,
        offline: bool = False,
        max_age_days: int = DEFAULT_MAX_AGE_DAYS,
        warn: Callable[[str], None] = _stderr,
        now: Optional[Callable[[], dt.datetime]] = None,
    ):
        self.fetchers: Mapping[str, Any] = fetchers if fetchers is not None else {}
        self._said: set[str] = set()
        self._warn = warn
        self.cache = cache if cache is not None else PriceCache(warn=self.warn)
        self.offline = offline
        self.max_age = dt.timedelta(days=max_age_days)
        self.now = now or (lambda: dt.datetime.now(dt.timezone.utc))
        self.unavailable: dict[str, str] = {}  # source -> why (tried once per process)
        self.failed: dict[tuple[str, ...], str] = {}  # price key -> why its fetch failed
        self._memo: dict[tuple[str, ...], Any] = {}

    def warn(self, message: str) -> None:
        """One line per distinct message per process."""
        if message not in self._said:
            self._said.add(message)
            self._warn(message)

    # ---------------------------------------------------------------- lookups

    def instance(self, cloud: str, region: str, type_name: str, bundled: Any = None) -> Any:
        return self._lookup("instance", cloud, region, type_name, bundled, cloud)

    def llm(self, model: str, bundled: Any = None) -> Any:
        return self._lookup("llm", "llm", "", model, bundled, "llm")

    def platform(self, cloud: str, region: str, item: str, bundled: Any = None) -> Any:
        """A platform price (block storage so far): the bundled row unless a fetcher for the
        cloud prices that item live (``fetcher.supports_platform(item)``)."""
        fetcher = self.fetchers.get(cloud)
        if fetcher is None or not getattr(fetcher, "supports_platform", lambda _i: False)(item):
            return bundled
        return self._lookup("platform", cloud, region, item, bundled, cloud)

    def _fresh(self, as_of: str) -> bool:
        day = _as_of_date(as_of)
        return day is not None and (self.now().date() - day) <= self.max_age

    def _lookup(self, kind: str, cloud: str, region: str, key: str, bundled: Any, source: str) -> Any:
        memo_key = (kind, cloud, region, key.lower())
        if memo_key in self._memo:
            return self._memo[memo_key]
        cached = self.cache.get(kind, cloud, region, key)
        if cached is not None and cached.age(self.now()) <= self.max_age:
            row = cached.row
        elif bundled is not None and self._fresh(bundled.as_of):
            row = bundled
        else:
            row = None
            if not self.offline:
                row = self._fetch(kind, cloud, region, key, source)
            if row is None:
                candidates = [r for r in (cached.row if cached else None, bundled) if r is not None]
                row = max(candidates, key=lambda r: r.as_of) if candidates else None
        self._memo[memo_key] = row
        return row

    def _fetch(self, kind: str, cloud: str, region: str, key: str, source: str) -> Any:
        fetcher = self.fetchers.get(source)
        if fetcher is None or source in self.unavailable:
            return None
        try:
            row = _call(fetcher, kind, region, key)
        except SourceUnavailable as exc:
            self.unavailable[source] = str(exc)
            self.warn(f"{exc}; using cached and bundled {source} prices")
            return None
        except FetchError as exc:
            self.failed[(kind, cloud, region, key)] = str(exc)
            self.warn(f"no live price for {' '.join(p for p in (cloud, region, key) if p)}: {exc}")
            return None
        self.cache.put(kind, cloud, region, key, row, self.now())
        return row

    def refresh(self, kind: str, cloud: str, region: str, key: str) -> Any:
        """Fetch one price now, whatever the cache holds, and cache it (``prices refresh``).
        Raises FetchError (SourceUnavailable included) when it cannot."""
        source = "llm" if kind == "llm" else cloud
        fetcher = self.fetchers.get(source)
        if fetcher is None:
            raise FetchError(f"no price API client for {source}")
        row = _call(fetcher, kind, region, key)
        self.cache.put(kind, cloud, region, key, row, self.now())
        self._memo.pop((kind, cloud, region, key.lower()), None)
        return row


def _call(fetcher: Any, kind: str, region: str, key: str) -> Any:
    """One fetch: ``llm(model)``, ``instance(region, type)`` or ``platform(region, item)``."""
    return fetcher.llm(key) if kind == "llm" else getattr(fetcher, kind)(region, key)


def configure(*, offline: Optional[bool] = None, endpoints: Optional[Mapping[str, str]] = None,
              fetchers: Optional[Mapping[str, Any]] = None) -> LivePrices:
    """Turn on live lookup for this process's catalog (``load_catalog()``): the CLI calls this
    for price / preview / estimate; library callers who never call it get the bundled
    snapshot only."""
    from llmkit.pricing.catalog.loader import load_catalog

    off = bool(offline) or offline_from_env()
    live = LivePrices(fetchers if fetchers is not None else default_fetchers(endpoints),
                      offline=off, max_age_days=max_age_days())
    load_catalog().live = live
    return live
