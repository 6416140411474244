"""The LiteLLM proxy config: hosted models, the local vLLM model (hybrid), fallbacks, cache.

Hybrid routing: the public model name ``agent`` has two deployments, the local vLLM server and
the first hosted model, weighted by the configured local share (LiteLLM's simple-shuffle
honours ``weight``); when the local server errors or is saturated, LiteLLM falls back to the
hosted models in order. API keys are read from the environment (``os.environ/...``), which
load-secrets.sh fills from the secret store at boot.
"""

from __future__ import annotations

from typing import Any

from llmkit.components.spec import RouterSpec

PUBLIC_MODEL = "agent"  # the one name clients call, whatever serves it


def litellm_config(router: RouterSpec, *, vllm_base_url: str | None = None, local_key_env: str = "LOCAL_MODEL_API_KEY",
                   shared_cache: dict[str, Any] | None = None) -> dict[str, Any]:
    """The proxy's config; the local vLLM server is called with its own key (``local_key_env``).
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
    if router.local_model:
        if not vllm_base_url:
            raise ValueError("a hybrid router needs the local vLLM base URL")
        local = {
            "model": f"hosted_vllm/{router.local_model}",
            "api_base": vllm_base_url.rstrip("/") + "/v1",
            "api_key": f"os.environ/{local_key_env}",
        }
        model_list.append({"model_name": router.local_model, "litellm_params": dict(local)})
        model_list.append(
            {"model_name": PUBLIC_MODEL, "litellm_params": {**local, "weight": router.local_share_pct}}
        )
        if router.hosted and router.local_share_pct < 100:
            first = router.hosted[0]
            model_list.append(
                {
                    "model_name": PUBLIC_MODEL,
                    "litellm_params": {
                        "model": first.litellm_model,
                        "api_key": f"os.environ/{first.env_var}",
                        "weight": 100 - router.local_share_pct,
                    },
                }
            )
        if router.fallbacks:
            fallbacks = [{PUBLIC_MODEL: list(router.fallbacks)}, {router.local_model: list(router.fallbacks)}]
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
    return {
        "model_list": model_list,
        "router_settings": {"routing_strategy": "simple-shuffle", "fallbacks": fallbacks},
        "litellm_settings": settings,
        "general_settings": {"master_key": "os.environ/LITELLM_MASTER_KEY"},
    }
