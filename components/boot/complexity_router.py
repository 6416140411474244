"""LiteLLM proxy callback: send each request to the cheapest model its complexity allows.

Shipped to the router by cloud-init next to the proxy's config (``/app/complexity_router.py``
in the LiteLLM container) and loaded by LiteLLM's documented custom-callback mechanism:
``litellm_settings.callbacks: ["complexity_router.router"]`` (module.instance, resolved next to
the config file) and ``litellm_settings.post_call_rules: complexity_router.low_confidence``.
Its routing table is ``routing.json`` beside it, written from the stack's spec
(components/boot/litellm.py); this file is the same on every stack.

The rule (the guide's "simple queries local, complex ones to the API"), for a request to the
public model name (``agent``) only -- a client naming a model explicitly gets that model:

1. ``metadata.complexity`` set by the client to a tier name (``simple``/``medium``/``complex``)
   picks that tier outright.
2. A complexity marker (a configured phrase such as "step by step", case-insensitive) in the
   last user message sends it to the last (largest) tier.
3. Otherwise the prompt is estimated at ``chars / 4`` tokens and goes to the first tier whose
   ``max_prompt_tokens`` it fits and whose context window holds prompt + ``max_tokens``.
   A prompt too long for a local server's context therefore never reaches it (vLLM would
   cut the answer short with finish_reason "length").

Fallbacks stay LiteLLM's own (``router_settings.fallbacks``): a local server that errors, times
out or is overloaded is retried on the hosted models in order.

Low confidence: vLLM's OpenAI API exposes no confidence score, so two signals are used.
An *empty reply* fails the ``low_confidence`` post-call rule; LiteLLM raises that failure inside
the model call, so the router's fallbacks retry the request on the hosted API. A reply cut
short (finish_reason ``length``) cannot be retried this way: post-call rules receive only the
reply text, and ``async_post_call_success_hook`` runs after the router has finished (raising
there returns an error to the client instead of falling back). It is prevented up front
instead (rule 3's context check) and LiteLLM's ``context_window_fallbacks`` cover the rest.

Stdlib only: the LiteLLM image provides ``CustomLogger`` (the proxy only calls hooks of its
subclasses); without LiteLLM installed (unit tests) the class stands alone and duck-types it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Optional

try:  # inside the LiteLLM proxy image
    from litellm.integrations.custom_logger import CustomLogger as _Base
except ImportError:  # pragma: no cover - exercised where LiteLLM is not installed
    _Base = object  # type: ignore[assignment,misc]

CHARS_PER_TOKEN = 4  # the usual estimate for English text with BPE tokenizers
CONFIG_ENV = "LLMKIT_ROUTING_CONFIG"  # overrides the table's path (tests)
ROUTED_CALL_TYPES = ("completion", "acompletion", "text_completion", "atext_completion")


def estimate_tokens(data: dict[str, Any]) -> int:
    """Prompt tokens of a chat or text-completion request, estimated as characters / 4."""
    chars = 0
    for message in data.get("messages") or ():
        chars += len(_text(message.get("content") if isinstance(message, dict) else None))
    prompt = data.get("prompt")
    if isinstance(prompt, list):
        chars += sum(len(p) for p in prompt if isinstance(p, str))
    elif isinstance(prompt, str):
        chars += len(prompt)
    return -(-chars // CHARS_PER_TOKEN)


def _text(content: Any) -> str:
    """The text of a message's content: a string, or the text parts of a content list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


def _last_user_text(data: dict[str, Any]) -> str:
    for message in reversed(data.get("messages") or ()):
        if isinstance(message, dict) and message.get("role") == "user":
            return _text(message.get("content"))
    prompt = data.get("prompt")
    return prompt if isinstance(prompt, str) else ""


def choose_route(table: dict[str, Any], data: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The route (``{"tier", "model", ...}``) for one request, or None to leave it alone."""
    routes = table["routes"]
    if data.get("model") != table["public_model"] or not routes:
        return None
    metadata = data.get("metadata")
    asked = metadata.get("complexity") if isinstance(metadata, dict) else None
    for route in routes:
        if asked is not None and route["tier"] == asked:
            return dict(route)
    text = _last_user_text(data).lower()
    if any(marker.lower() in text for marker in table.get("markers", ())):
        return dict(routes[-1])
    tokens = estimate_tokens(data)
    wanted = int(data.get("max_tokens") or data.get("max_completion_tokens") or 0)
    for route in routes:
        limit, context = route.get("max_prompt_tokens"), route.get("context_tokens")
        if limit is not None and tokens > limit:
            continue
        if context is not None and tokens + wanted > context:
            continue
        return dict(route)
    return dict(routes[-1])


def load_table(path: Optional[str] = None) -> dict[str, Any]:
    """The routing table written at boot (routing.json beside this file)."""
    where = path or os.environ.get(CONFIG_ENV) or str(Path(__file__).with_name("routing.json"))
    with open(where, encoding="utf-8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


class ComplexityRouter(_Base):  # type: ignore[misc,valid-type]
    """The proxy's pre-call hook: rewrites ``model`` from the public name to the chosen tier."""

    def __init__(self, table: Optional[dict[str, Any]] = None) -> None:
        if _Base is not object:
            super().__init__()
        self._table = table

    @property
    def table(self) -> dict[str, Any]:
        if self._table is None:  # read on first use, so importing the module never fails
            self._table = load_table()
        return self._table

    async def async_pre_call_hook(self, user_api_key_dict: Any, cache: Any, data: dict[str, Any], call_type: str) -> dict[str, Any]:
        if call_type not in ROUTED_CALL_TYPES:
            return data
        route = choose_route(self.table, data)
        if route is not None:
            data["model"] = route["model"]
        return data


def low_confidence(input: str) -> dict[str, Any]:  # noqa: A002 - LiteLLM passes it by this name
    """LiteLLM post-call rule: an empty reply fails the call, so the router's fallbacks retry it
    on the hosted API (replies with only tool calls have no text and are never checked)."""
    if input.strip():
        return {"decision": True}
    return {"decision": False, "message": "empty reply from the model: retried on the fallback models"}


router = ComplexityRouter()
