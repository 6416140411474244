"""HTTP for the price APIs that are plain REST (Azure Retail Prices, GCP Cloud Billing
Catalog, a LiteLLM price map): ``requests`` with urllib3's own ``Retry`` (backoff, Retry-After
on 429/503) and a timeout on every call, so a slow or throttling API neither hangs llmkit nor
turns into a price. Anything that is not a JSON object answer is a ``FetchError``: an HTML
error page, a truncated body, a 4xx/5xx after the retries.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

TIMEOUT = (5.0, 30.0)  # (connect, read) seconds


class FetchError(Exception):
    """A price could not be fetched or did not validate: the caller falls back, never to $0."""


class SourceUnavailable(FetchError):
    """The whole source cannot answer (no credentials, no network, an error page): no point
    asking it for the next price in this process."""


def session(retries: int = 3, backoff: float = 0.5, base: Any = None) -> Any:
    """A requests Session (or ``base``, e.g. google-auth's AuthorizedSession) whose adapters
    retry GETs on connection errors, 429 and 5xx with exponential backoff."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    s = base if base is not None else requests.Session()
    retry = Retry(
        total=retries,
        connect=1,  # a name that does not resolve or a refused port rarely heals in seconds
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    s.headers["User-Agent"] = "llmkit-price-refresh"
    return s


def get_json(http: Any, url: str, params: Optional[Mapping[str, Any]] = None, what: str = "price API") -> dict[str, Any]:
    """GET ``url`` and return its JSON object; every other outcome is a FetchError that names
    the API and the HTTP status, never the query (it may carry an API key)."""
    import requests

    try:
        resp = http.get(url, params=params, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise SourceUnavailable(f"{what} unreachable ({type(exc).__name__})") from None
    if resp.status_code != 200:
        raise SourceUnavailable(f"{what} answered HTTP {resp.status_code}")
    ctype = resp.headers.get("Content-Type", "")
    if "json" not in ctype:
        raise SourceUnavailable(f"{what} answered {ctype.split(';')[0] or 'no content type'}, not JSON (an error page?)")
    try:
        data = json.loads(resp.content)
    except ValueError:
        raise FetchError(f"{what} answered malformed or truncated JSON") from None
    if not isinstance(data, dict):
        raise FetchError(f"{what} answered JSON that is not an object")
    return data
