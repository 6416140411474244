"""Hosted-LLM token prices from a price map in LiteLLM's JSON format
(``model_prices_and_context_window.json``: model -> ``input_cost_per_token``,
``output_cost_per_token``, ``cache_read_input_token_cost``, ``max_input_tokens``,
``litellm_provider``).

The URL is configurable (``LLMKIT_LITELLM_PRICES_URL`` or ``url=``) so a team can pin a
reviewed copy; the bundled snapshot (``pricing/catalog/data/llms.csv``, built from the same
format) is the fallback. The map is read once per process. A cost that is not a finite
non-negative number rejects that model, never becomes $0.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import Any, Optional

from llmkit.pricing.catalog.live.http import FetchError, get_json, session
from llmkit.pricing.catalog.live.rows import price_value, today
from llmkit.pricing.catalog.types import LlmPrice

URL_ENV = "LLMKIT_LITELLM_PRICES_URL"
DEFAULT_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
SOURCE = "LiteLLM price map"
MILLION = Decimal(1_000_000)
_PROVIDERS = {"openai": "openai", "anthropic": "anthropic", "gemini": "google", "vertex_ai-language-models": "google", "mistral": "mistral"}


def _per_million(value: Any, what: str) -> Decimal:
    return (price_value(value, f"{SOURCE}: {what}") * MILLION).normalize()


class LiteLlmPrices:
    def __init__(self, url: Optional[str] = None, http: Any = None, backoff: float = 0.5):
        self.url = url or os.environ.get(URL_ENV) or DEFAULT_URL
        self._http = http
        self.backoff = backoff
        self._map: Optional[dict[str, Any]] = None

    def price_map(self) -> dict[str, Any]:
        if self._map is None:
            http = self._http if self._http is not None else session(backoff=self.backoff)
            self._map = get_json(http, self.url, None, what=SOURCE)
        return self._map

    def llm(self, model: str) -> LlmPrice:
        entries = self.price_map()
        key = model.strip().lower()
        if key not in entries:  # "claude-3-opus" is published as "claude-3-opus-20240229": the latest dated one
            dated = sorted(k for k in entries if re.fullmatch(re.escape(key) + r"-\d{8}", k))
            key = dated[-1] if dated else key
        entry = entries.get(key)
        if not isinstance(entry, dict):
            raise FetchError(f"{SOURCE} has no model {model!r}")
        inp, out = entry.get("input_cost_per_token"), entry.get("output_cost_per_token")
        if inp is None or out is None:
            raise FetchError(f"{SOURCE}: {model!r} has no input and output token cost")
        cached = entry.get("cache_read_input_token_cost")
        window = entry.get("max_input_tokens")
        return LlmPrice(
            provider=_PROVIDERS.get(str(entry.get("litellm_provider")), str(entry.get("litellm_provider") or "")),
            model=model.strip().lower(),
            input_per_million=_per_million(inp, "input_cost_per_token"),
            output_per_million=_per_million(out, "output_cost_per_token"),
            cached_input_per_million=_per_million(cached, "cache_read_input_token_cost") if cached is not None else None,
            context_window=window if isinstance(window, int) and not isinstance(window, bool) else None,
            retired=False,
            quality_score=None,
            source=f"{SOURCE} {self.url} model {key!r}; fetched {today()}",
            as_of=today(),
        )
