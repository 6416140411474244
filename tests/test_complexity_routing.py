"""Complexity routing: the proxy hook (components/boot/complexity_router.py) against LiteLLM's own
callback machinery, the thresholds from the configured share, and every hybrid stack's router."""

from __future__ import annotations

import asyncio
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # litellm: no network at import

import litellm  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from litellm.integrations.custom_logger import CustomLogger  # noqa: E402
from litellm.proxy.types_utils.utils import get_instance_fn  # noqa: E402

from _stack_plans import boot_documents, config  # noqa: E402
from llmkit.components.boot import complexity_router as hook  # noqa: E402
from llmkit.components.boot.litellm import LOW_CONFIDENCE_RULE, PUBLIC_MODEL, ROUTER_CALLBACK  # noqa: E402
from llmkit.components.routing import RoutingSettings, build_routes, routing_settings, routing_table, share_threshold  # noqa: E402
from llmkit.components.spec import build_spec  # noqa: E402
from llmkit.core.errors import UserError  # noqa: E402
from llmkit.stacks import stack_names  # noqa: E402

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::UserWarning:pydantic.*")]  # litellm's own types

HYBRID_STACKS = [s for s in stack_names() if config(s).get("llmkit:architecture") == "hybrid"]
TABLE = routing_table(PUBLIC_MODEL, build_routes(
    [("simple", "mistral-7b", 8192), ("complex", "gpt-4o", None)], [80, 20], 500, RoutingSettings()),
    ["step by step"])


def routed(data: dict, call_type: str = "completion", table: dict = TABLE) -> str:
    out = asyncio.run(hook.ComplexityRouter(table).async_pre_call_hook(None, None, dict(data), call_type))
    return out["model"]


def chat(text: str, **extra) -> dict:
    return {"model": PUBLIC_MODEL, "messages": [{"role": "system", "content": "You are terse."},
                                                {"role": "user", "content": text}], **extra}


def test_threshold_is_the_prompt_length_quantile_of_the_configured_share():
    # exponential prompt lengths, mean 500 tokens: 80 % of prompts are under 500 x ln 5 = 805
    assert share_threshold(500, 80) == 805
    assert TABLE["routes"][0]["max_prompt_tokens"] == 805 and TABLE["routes"][1]["max_prompt_tokens"] is None
    assert share_threshold(500, 90) > share_threshold(500, 70) > share_threshold(500, 50)
    assert share_threshold(500, 100) is None
    tiers = build_routes([("simple", "a", None), ("medium", "b", None), ("complex", "c", None)], [70, 20, 10], 500,
                         RoutingSettings())
    assert [r.max_prompt_tokens for r in tiers] == [share_threshold(500, 70), share_threshold(500, 90), None]


def test_short_prompts_go_local_and_long_ones_to_the_hosted_api():
    assert routed(chat("What is our refund window?")) == "mistral-7b"
    assert routed(chat("x" * 4 * 790)) == "mistral-7b"  # 790 + ~4 system tokens: under 805
    assert routed(chat("x" * 4 * 900)) == "gpt-4o"
    # content given as parts counts the same
    parts = {"model": PUBLIC_MODEL, "messages": [{"role": "user", "content": [{"type": "text", "text": "y" * 4000}]}]}
    assert routed(parts) == "gpt-4o"
    assert routed({"model": PUBLIC_MODEL, "prompt": "short"}, call_type="text_completion") == "mistral-7b"


def test_a_complexity_marker_or_the_clients_word_sends_it_up():
    assert routed(chat("Walk me through the proof STEP BY STEP")) == "gpt-4o"
    assert routed(chat("hi", metadata={"complexity": "complex"})) == "gpt-4o"
    assert routed(chat("x" * 5000, metadata={"complexity": "simple"})) == "mistral-7b"
    # the marker is read from the user's last message, not the system prompt
    system_marker = {"model": PUBLIC_MODEL, "messages": [{"role": "system", "content": "think step by step"},
                                                        {"role": "user", "content": "hi"}]}
    assert routed(system_marker) == "mistral-7b"


def test_a_prompt_the_local_context_cannot_hold_goes_to_the_api():
    # short prompt, but asking for more output than vLLM's max_model_len leaves room for
    assert routed(chat("Write the whole manual", max_tokens=9000)) == "gpt-4o"
    assert routed(chat("Write a line", max_tokens=200)) == "mistral-7b"


def test_named_models_and_other_calls_are_left_alone():
    assert routed({**chat("x" * 9000), "model": "mistral-7b"}) == "mistral-7b"
    assert routed({"model": PUBLIC_MODEL, "input": ["embed me"]}, call_type="embeddings") == PUBLIC_MODEL


def test_the_hook_is_a_real_litellm_callback_loaded_the_way_the_proxy_loads_it(tmp_path):
    (tmp_path / "config.yaml").write_text("model_list: []\n")
    (tmp_path / "complexity_router.py").write_text(
        resources.files("llmkit.components.boot").joinpath("complexity_router.py").read_text())
    (tmp_path / "routing.json").write_text(json.dumps(TABLE))
    instance = get_instance_fn(ROUTER_CALLBACK, config_file_path=str(tmp_path / "config.yaml"))
    # the proxy calls only CustomLogger subclasses that define the hook themselves
    assert isinstance(instance, CustomLogger)
    assert "async_pre_call_hook" in vars(type(instance))
    out = asyncio.run(instance.async_pre_call_hook(user_api_key_dict=None, cache=None, data=chat("x" * 4000),
                                                   call_type="completion"))
    assert out["model"] == "gpt-4o"  # read its table from routing.json beside it
    rule = get_instance_fn(LOW_CONFIDENCE_RULE, config_file_path=str(tmp_path / "config.yaml"))
    assert rule("an answer") == {"decision": True}
    assert rule("  ")["decision"] is False


class _FakeOpenAI(BaseHTTPRequestHandler):
    """/v1/chat/completions: the "local" model answers with nothing, the "hosted" one answers."""

    calls: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append(body["model"])
        text = "" if body["model"] == "local-7b" else "the hosted answer"
        reply = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                 "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
                 "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


def test_an_empty_local_reply_is_retried_on_the_hosted_model_by_litellms_router(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    monkeypatch.setattr(litellm, "post_call_rules", [hook.low_confidence])
    _FakeOpenAI.calls = []
    try:
        router = litellm.Router(
            model_list=[
                {"model_name": "mistral-7b", "litellm_params": {"model": "hosted_vllm/local-7b", "api_base": base, "api_key": "k"}},
                {"model_name": "gpt-4o", "litellm_params": {"model": "openai/hosted-4o", "api_base": base, "api_key": "k"}},
            ],
            fallbacks=[{"mistral-7b": ["gpt-4o"]}],
            num_retries=0,
        )
        reply = asyncio.run(router.acompletion(model="mistral-7b", messages=[{"role": "user", "content": "hi"}]))
    finally:
        server.shutdown()
    assert reply.choices[0].message.content == "the hosted answer"
    assert _FakeOpenAI.calls[0] == "local-7b" and _FakeOpenAI.calls[-1] == "hosted-4o"


@pytest.mark.parametrize("name", HYBRID_STACKS)
def test_every_hybrid_stacks_router_loads_the_hook_with_its_table_and_fallbacks(name):
    spec = build_spec(config(name), name)
    written = {f["path"]: f["content"] for f in yaml.safe_load(boot_documents(name)["router"])["write_files"]}
    litellm_config = yaml.safe_load(written["/etc/litellm/config.yaml"])
    settings = litellm_config["litellm_settings"]
    assert ROUTER_CALLBACK in settings["callbacks"] and settings["post_call_rules"] == LOW_CONFIDENCE_RULE
    assert written["/etc/litellm/complexity_router.py"] == \
        resources.files("llmkit.components.boot").joinpath("complexity_router.py").read_text()
    table = json.loads(written["/etc/litellm/routing.json"])
    local, hosted = spec.router.local_model, spec.router.hosted_models[0]
    assert [r["model"] for r in table["routes"]] == [local, hosted]
    assert table["routes"][0]["max_prompt_tokens"] == share_threshold(spec.workload.input_tokens, spec.router.local_share_pct)
    assert table["routes"][0]["context_tokens"] == spec.model_server.max_model_len
    # no random split any more; the errors and the context overflows of the local model fall back
    assert not any("weight" in m["litellm_params"] for m in litellm_config["model_list"])
    names = {m["model_name"] for m in litellm_config["model_list"]}
    assert {local, hosted, PUBLIC_MODEL} <= names
    assert {local: list(spec.router.fallbacks)} in litellm_config["router_settings"]["fallbacks"]
    assert litellm_config["router_settings"]["context_window_fallbacks"] == [{local: list(spec.router.fallbacks)}]
    # the container sees both files beside its config (where LiteLLM resolves module.instance)
    unit = written["/etc/systemd/system/llmkit-litellm.service"]
    assert "-v /etc/litellm/complexity_router.py:/app/complexity_router.py:ro" in unit
    assert "-v /etc/litellm/routing.json:/app/routing.json:ro" in unit


def test_api_stacks_do_not_route():
    spec = build_spec({"llmkit:architecture": "api"}, "api-test")
    assert spec.router.routes == ()


def test_routing_config_overrides_and_refuses_nonsense():
    spec = build_spec({"llmkit:architecture": "hybrid", "llmkit:routing": '{"maxPromptTokens": 300, "markers": ["deep dive"]}'},
                      "routing-test")
    assert spec.router.routes[0].max_prompt_tokens == 300 and spec.router.markers == ("deep dive",)
    for bad in ("not json", '{"threshold": 3}', '{"maxPromptTokens": -1}', '{"maxPromptTokens": [900, 300]}',
                '{"markers": [""]}', '{"maxPromptTokens": [300, 900]}'):
        with pytest.raises(UserError, match="llmkit:routing"):
            build_spec({"llmkit:architecture": "hybrid", "llmkit:routing": bad}, "routing-test")
    assert routing_settings({}).markers  # default markers
