"""`llmkit prices list|show`: answers for every GPU type and every LLM the guide names, JSON
shape with decimal strings, exit 2 on unknown names, and no provider SDK import."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.pricing.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
SHOW_KEYS = ["cloud", "region", "type", "vcpus", "memory_gb", "gpu", "gpu_count", "gpu_memory_gb", "on_demand_hourly",
             "spot_hourly", "reserved_1y_hourly", "reserved_3y_hourly", "source", "as_of"]
MONEY = ["on_demand_hourly", "spot_hourly", "reserved_1y_hourly", "reserved_3y_hourly"]
LLM_KEYS = ["model", "provider", "input_per_million", "output_per_million", "cached_input_per_million", "retired", "source", "as_of"]
# The guide's section 4 tables, spelled as the guide spells them.
GUIDE_TYPES = [("aws", "g4dn.xlarge"), ("aws", "g4dn.2xlarge"), ("aws", "g5.xlarge"), ("azure", "NC6s_v3"),
               ("azure", "NC4as_T4_v3"), ("gcp", "n1-standard-4"), ("alibaba", "ecs.gn6v-c8g1.2xlarge"),
               ("aws", "t3.medium"), ("aws", "t3.xlarge"), ("azure", "B2s"), ("gcp", "n1-standard-2"), ("alibaba", "ecs.g6.large")]
GUIDE_LLMS = ["gpt-4", "GPT-4 Turbo", "gpt-3.5-turbo", "GPT-3.5", "claude-3-opus", "Claude 3 Sonnet", "claude-3-haiku"]


def is_decimal_string(value) -> bool:
    return isinstance(value, str) and Decimal(value) > 0 and "E" not in value


def gpu_types() -> list[tuple[str, str, str]]:
    """Every (cloud, region, type) with a GPU, each type once, in its first priced region."""
    seen, out = set(), []
    for r in sorted(load_catalog().instances(), key=lambda r: (r.cloud, r.type, r.region)):
        if r.gpu and (r.cloud, r.type) not in seen:
            seen.add((r.cloud, r.type))
            out.append((r.cloud, r.region, r.type))
    return out


def test_show_answers_for_every_gpu_type(cli):
    types = gpu_types()
    assert len(types) > 60
    for cloud, region, itype in types:
        res = cli("prices", "show", "--cloud", cloud, "--region", region, "--type", itype, "--format", "json")
        assert res.code == 0, (itype, res.err)
        data = json.loads(res.out)
        assert list(data)[: len(SHOW_KEYS)] == SHOW_KEYS or set(SHOW_KEYS) <= set(data)
        assert (data["cloud"], data["region"], data["type"]) == (cloud, region, itype)
        assert data["gpu"] and data["gpu_count"] >= 1 and is_decimal_string(data["gpu_memory_gb"])
        assert is_decimal_string(data["on_demand_hourly"])
        for key in MONEY[1:]:
            assert data[key] is None or is_decimal_string(data[key])
        assert data["source"] and data["as_of"]


@pytest.mark.parametrize("cloud, itype", GUIDE_TYPES)
def test_show_answers_for_the_guides_types(cli, cloud, itype):
    res = cli("prices", "show", "--cloud", cloud, "--type", itype)
    assert res.code == 0, res.err
    assert "source" in res.out and "as of" in res.out and "$" in res.out


def test_show_json_matches_the_catalog(cli):
    res = cli("prices", "show", "--cloud", "azure", "--region", "eastus", "--type", "Standard_NC4as_T4_v3", "--format", "json")
    data = json.loads(res.out)
    row = load_catalog().instance("azure", "eastus", "Standard_NC4as_T4_v3")
    assert data["on_demand_hourly"] == "0.526" and Decimal(data["spot_hourly"]) == row.spot_hourly
    assert data["reserved_1y_hourly"] == str(row.reserved_1y_hourly) and data["memory_gb"] == "28"
    assert data["as_of"] == row.as_of and data["source"] == row.source


def test_show_defaults_to_the_clouds_default_region(cli):
    for cloud, region in (("aws", "us-east-1"), ("azure", "eastus"), ("gcp", "us-central1")):
        t = {"aws": "t3.medium", "azure": "Standard_B2s", "gcp": "e2-standard-2"}[cloud]
        assert json.loads(cli("prices", "show", "--cloud", cloud, "--type", t, "--format", "json").out)["region"] == region


def test_unknown_money_is_null_not_zero(cli):
    data = json.loads(cli("prices", "show", "--cloud", "aws", "--region", "eu-west-1", "--type", "g5.xlarge", "--format", "json").out)
    assert data["spot_hourly"] is None
    table = cli("prices", "show", "--cloud", "aws", "--region", "eu-west-1", "--type", "g5.xlarge").out
    assert "$0.00" not in table and "derived, not published" in table
    assert data["derived"] is True


@pytest.mark.parametrize("model", GUIDE_LLMS)
def test_show_llm_for_every_guide_model(cli, model):
    res = cli("prices", "show", "--llm", model, "--format", "json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert set(LLM_KEYS) <= set(data)
    assert is_decimal_string(data["input_per_million"]) and is_decimal_string(data["output_per_million"])
    assert data["cached_input_per_million"] is None or is_decimal_string(data["cached_input_per_million"])
    assert data["source"] and data["as_of"]


def test_show_llm_values_and_retired_flag(cli):
    gpt4 = json.loads(cli("prices", "show", "--llm", "gpt-4", "--format", "json").out)
    assert (gpt4["input_per_million"], gpt4["output_per_million"], gpt4["retired"]) == ("30", "60", False)
    opus = json.loads(cli("prices", "show", "--llm", "claude-3-opus", "--format", "json").out)
    assert opus["retired"] is True and opus["model"] == "claude-3-opus" and opus["provider"] == "anthropic"
    md = cli("prices", "show", "--llm", "gpt-4o", "--format", "markdown").out
    assert "| input per million tokens | $2.500 |" in md


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["show", "--cloud", "aws", "--type", "g4dn.xlarg"], "g4dn.xlarge"),
        (["show", "--cloud", "aws", "--region", "us-est-1", "--type", "g4dn.xlarge"], "us-east-1"),
        (["show", "--cloud", "awz", "--type", "g4dn.xlarge"], "aws"),
        (["show", "--cloud", "aws", "--region", "mars-1", "--type", "g4dn.xlarge"], "unknown aws region 'mars-1'"),
        (["show", "--cloud", "aws", "--region", "eu-central-1", "--type", "g4dn.xlarge"], "llmkit prices refresh --cloud aws --region eu-central-1"),
        (["show", "--llm", "gpt-4oo"], "gpt-4o"),
        (["show", "--llm", "gpt-4o", "--cloud", "aws"], "not both"),
        (["show", "--cloud", "aws"], "--type"),
        (["list", "--gpu", "RTX9090"], "unknown GPU"),
        (["list", "--llm", "--cloud", "aws"], "do not apply"),
        (["list", "--min-gpu-memory", "-1"], "zero or more"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, argv, needle):
    res = cli("prices", *argv)
    assert res.code == 2
    assert needle in res.err and res.err.count("\n") == 1 and "Traceback" not in res.err
    assert res.out == ""


def test_list_filters_and_formats(cli):
    data = json.loads(cli("prices", "list", "--cloud", "gcp", "--region", "us-central1", "--min-gpu-memory", "160", "--format", "json").out)["instances"]
    assert data and all(d["cloud"] == "gcp" and d["region"] == "us-central1" for d in data)
    assert all(d["gpu_count"] * Decimal(d["gpu_memory_gb"]) >= 160 for d in data)
    prices = [Decimal(d["on_demand_hourly"]) for d in data]
    assert prices == sorted(prices)
    l4 = json.loads(cli("prices", "list", "--gpu", "L4", "--format", "json").out)
    assert {d["cloud"] for d in l4["instances"]} == {"aws", "gcp"} and all(d["gpu"] == "L4" for d in l4["instances"])
    assert l4["accelerators"] and {a["api_name"] for a in l4["accelerators"]} == {"nvidia-l4"}
    html = cli("prices", "list", "--cloud", "azure", "--format", "html").out
    assert html.startswith("<!DOCTYPE html>") and "Standard_NC4as_T4_v3" in html
    llms = json.loads(cli("prices", "list", "--llm", "--format", "json").out)["llms"]
    assert {"gpt-4", "claude-3-opus", "gemini-2.5-pro", "mistral-large"} <= {m["model"] for m in llms}
    aws = json.loads(cli("prices", "list", "--cloud", "aws", "--format", "json").out)
    assert aws["accelerators"] == [] and {d["cloud"] for d in aws["instances"]} == {"aws"}


def test_gcp_t4_from_the_guide_is_host_plus_accelerator(cli):
    """The guide prices GCP as n1-standard-4 + T4: both parts answer, with sources."""
    host = json.loads(cli("prices", "show", "--cloud", "gcp", "--type", "n1-standard-4", "--format", "json").out)
    t4 = json.loads(cli("prices", "show", "--accelerator", "T4", "--format", "json").out)
    assert (host["on_demand_hourly"], host["gpu"]) == ("0.19", None)
    assert (t4["api_name"], t4["region"], t4["on_demand_hourly"]) == ("nvidia-tesla-t4", "us-central1", "0.35")
    assert t4["source"] and t4["as_of"]
    md = cli("prices", "list", "--cloud", "gcp", "--region", "us-central1", "--gpu", "T4", "--format", "markdown").out
    assert "Attachable GPUs" in md and "nvidia-tesla-t4" in md
    assert cli("prices", "show", "--accelerator", "K80").code == 2


def test_prices_show_never_imports_a_provider_sdk():
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('MODULES=' + ','.join(sorted({'.'.join(m.split('.')[:2]) for m in sys.modules})) + '\\n'))\n"
        "from llmkit.cli import main\n"
        "main(['prices', 'show', '--cloud', 'gcp', '--type', 'a3-highgpu-8g', '--format', 'json'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["type"] == "a3-highgpu-8g"
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("MODULES=")][-1]
    modules = set(line.removeprefix("MODULES=").split(","))
    assert "llmkit.pricing" in modules and "llmkit.cli" in modules  # the real path ran
    tops = {m.split(".")[0] for m in modules}
    assert not tops & {"pulumi_aws", "pulumi_gcp", "pulumi_azure_native", "pandas", "boto3"}


def test_prices_models_lists_open_models_and_gpus_with_their_figures(cli):
    import json

    r = cli("prices", "models", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    models = {m["id"]: m for m in data["open_models"]}
    for required in ("llama-3.1-8b", "llama-3.1-70b", "mistral-7b", "mixtral-8x7b", "phi-3-mini", "llama-2-13b"):
        assert required in models
    # KV cache per token in fp16 = 2 x layers x KV heads x head dim x 2 bytes (published figures)
    # gives 128 KiB for Llama-3-8B and Mistral-7B, 320 KiB for Llama-3-70B, 512 KiB for Llama-2-7B-shaped MHA.
    def kv(m):
        return 2 * m["layers"] * m["kv_heads"] * m["head_dim"] * 2

    assert kv(models["llama-3.1-8b"]) == kv(models["mistral-7b"]) == 128 * 1024
    assert kv(models["llama-3.1-70b"]) == 320 * 1024
    assert float(models["mixtral-8x7b"]["active_params_b"]) < float(models["mixtral-8x7b"]["params_b"])  # MoE
    gpus = {g["name"]: g for g in data["gpus"]}
    assert gpus["T4"]["bf16"] is False and gpus["H100-80GB"]["fp8"] is True
    assert set(gpus) >= {"T4", "A10G", "A10", "L4", "L40S", "V100", "A100-40GB", "A100-80GB", "H100-80GB", "H200"}


def test_prices_models_markdown_has_both_tables(cli):
    r = cli("prices", "models", "--format", "markdown")
    assert r.code == 0
    assert "### Open models" in r.out and "### GPUs" in r.out
    assert "| mixtral-8x7b | mistralai/Mixtral-8x7B-Instruct-v0.1 |" in r.out
