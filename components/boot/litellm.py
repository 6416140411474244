"""The LiteLLM proxy config: hosted models, the local vLLM model (hybrid), fallbacks, cache.

Hybrid routing is by complexity, not by chance: the proxy loads our callback
(``complexity_router.router``, boot/complexity_router.py, rule documented there) which rewrites a
request for the public name ``agent`` to the local model or the hosted one; its table
(``routing.json``) is ``routing_table`` of the spec's routes. When the local server errors, is
saturated, cannot hold the context, or replies with nothing (the ``low_confidence`` post-call
rule), LiteLLM falls back to the hosted models in order. ``agent`` itself still names the local
server, for the calls the hook does not route. API keys are read from the environment
(``os.environ/...``), which load-secrets.sh fills from the secret store at boot.
"""

from __future__ import annotations

from typing import Any, Mapping

from llmkit.components.routing import routing_table
from llmkit.components.spec import RouterSpec

PUBLIC_MODEL = "agent"  # the one name clients call, whatever serves it
ROUTER_MODULE = "complexity_router"  # boot/complexity_router.py, beside the proxy's config.yaml
ROUTER_CALLBACK = f"{ROUTER_MODULE}.router"  # LiteLLM's module.instance form
LOW_CONFIDENCE_RULE = f"{ROUTER_MODULE}.low_confidence"  # LiteLLM's post_call_rules (module.function)


def litellm_config(router: RouterSpec, *, vllm_base_urls: Mapping[str, str] | None = None,
                   local_key_env: str = "LOCAL_MODEL_API_KEY", shared_cache: dict[str, Any] | None = None) -> dict[str, Any]:
    """The proxy's config; each local vLLM server (``vllm_base_urls``: served model -> base URL,
    one per tier in a tiers stack) is called with the servers' key (``local_key_env``).
    ``shared_cache``: the stack's Redis response cache (host, port, ssl, ttl; its password is
    REDIS_PASSWORD in the environment, which LiteLLM's Redis cache reads); None: in-memory."""
    model_list: list[dict[str, Any]] = []
    for hosted in router.hosted:
        model_list.append(
            {
                "model_name": hosted.id,
                "litellm_params": {"model": hosted.litellm_model, "api_key": f"os.environ/{hosted.env_var}"},
            }
        )
    fallbacks: list[dict[str, list[str]]] = []
    if router.local_models:
        urls = dict(vllm_base_urls or {})
        missing = [m for m in router.local_models if not urls.get(m)]
        if missing:
            raise ValueError(f"a hybrid router needs the local vLLM base URL of {', '.join(missing)}")
        for model in router.local_models:
            local = {
                "model": f"hosted_vllm/{model}",
                "api_base": urls[model].rstrip("/") + "/v1",
                "api_key": f"os.environ/{local_key_env}",
            }
            model_list.append({"model_name": model, "litellm_params": local})
            if model == router.local_models[0]:  # the public name, for calls the hook leaves alone
                model_list.append({"model_name": PUBLIC_MODEL, "litellm_params": dict(local)})
        if router.fallbacks:
            fallbacks = [{PUBLIC_MODEL: list(router.fallbacks)}, *({m: list(router.fallbacks)} for m in router.local_models)]
    elif router.hosted:
        first = router.hosted[0]
        model_list.append({"model_name": PUBLIC_MODEL, "litellm_params": {"model": first.litellm_model, "api_key": f"os.environ/{first.env_var}"}})
        if router.fallbacks:
            fallbacks = [{PUBLIC_MODEL: list(router.fallbacks)}, {first.id: list(router.fallbacks)}]
    settings: dict[str, Any] = {"drop_params": True, "num_retries": 2, "request_timeout": 120}
    if router.hosted:  # /metrics: the hosted quota headroom read by boot/metrics_publisher.py,
        # behind the master key like every other route (older images served it to anyone)
        settings.update({"callbacks": ["prometheus"], "require_auth_for_metrics_endpoint": True})
    if router.cache:
        cache_params = {"type": "redis", **shared_cache} if shared_cache else {"type": "local", "ttl": 3600}
        settings.update({"cache": True, "cache_params": cache_params})
    router_settings: dict[str, Any] = {"routing_strategy": "simple-shuffle", "fallbacks": fallbacks}
    if router.routes:
        settings["callbacks"] = [*settings.get("callbacks", []), ROUTER_CALLBACK]
        settings["post_call_rules"] = LOW_CONFIDENCE_RULE
        if router.local_models and router.fallbacks:  # a prompt too long for vLLM's max_model_len
            router_settings["context_window_fallbacks"] = [{m: list(router.fallbacks)} for m in router.local_models]
    return {
        "model_list": model_list,
        "router_settings": router_settings,
        "litellm_settings": settings,
        "general_settings": {"master_key": "os.environ/LITELLM_MASTER_KEY"},
    }


def router_table(router: RouterSpec) -> dict[str, Any]:
    """routing.json for the proxy's complexity hook (empty routes: the hook leaves requests alone)."""
    return routing_table(PUBLIC_MODEL, router.routes, router.markers)
