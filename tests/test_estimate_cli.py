"""llmkit estimate / compare / capacity: JSON shapes, formats, bad input, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def js(r):
    assert r.code == 0, r.err
    return json.loads(r.out)


def test_estimate_json_shape(cli) -> None:
    d = js(cli("estimate", "--approach", "self-hosted", "--format", "json"))
    for key in ("approach", "monthly_total", "annual_total", "tco_3y", "currency", "components"):
        assert key in d
    assert d["approach"] == "self-hosted" and d["currency"] == "USD"
    names = [c["name"] for c in d["components"]]
    assert "gpu_instances" in names
    total = sum(Decimal(c["monthly"]) for c in d["components"])
    assert abs(total - Decimal(d["monthly_total"])) < Decimal("0.01")
    assert all(isinstance(c["monthly"], str) and c["source"] for c in d["components"])
    assert Decimal(d["annual_total"]) == pytest.approx(Decimal(d["monthly_total"]) * 12, abs=Decimal("0.01"))
    assert d["capacity"]["desired_replicas"] == d["capacity"]["replicas_needed"] + 1
    assert {lv["lever"] for lv in d["levers"]} == {"cache hit rate", "context trimming", "batching", "pricing"}


def test_estimate_api_has_llm_api_component(cli) -> None:
    d = js(cli("estimate", "-a", "api", "-m", "gpt-4o", "--cache-hit-rate", "0.5", "--input-tokens", "4000",
               "--max-context-tokens", "2000", "--format", "json"))
    api = next(c for c in d["components"] if c["name"] == "llm_api")
    # 60,000 queries x 2,000 trimmed input tokens, half cached at $1.25/M, half at $2.50/M, + 18M output at $10/M
    assert Decimal(api["monthly"]) == Decimal(75) + Decimal(150) + Decimal(180)
    assert d["tokens"]["trimmed_input"] == "120000000"


def test_estimate_hybrid_and_tiers(cli) -> None:
    d = js(cli("estimate", "-a", "hybrid", "--local-share", "70", "--api-model", "gpt-4o-mini", "--format", "json"))
    assert d["approach"] == "hybrid" and d["local_share"] == "0.7" and d["api_model"] == "gpt-4o-mini"
    names = [c["name"] for c in d["components"]]
    assert "llm_api" in names and "gpu_instances" in names
    d = js(cli("estimate", "-a", "hybrid", "--tiers", "guide", "--users", "1000", "--format", "json"))
    assert any(c["name"] == "gpu_instances_large" for c in d["components"])


def test_estimate_scenario(cli) -> None:
    d = js(cli("estimate", "--scenario", "healthcare", "--format", "json"))
    assert d["approach"] == "self-hosted" and d["model"] == "llama-3.1-70b"
    assert d["scenario"]["guide_monthly"] == "5000" and d["scenario"]["decision_tree"]["recommendation"] == "self-hosted"
    assert d["workload"]["users"] == 200


def test_estimate_table_and_markdown(cli) -> None:
    r = cli("estimate", "-a", "api", "--profile", "guide")
    assert r.code == 0 and "monthly total" in r.out and "$2,480.00" in r.out
    r = cli("estimate", "-a", "self-hosted", "--format", "markdown")
    assert r.code == 0 and r.out.startswith("### ") and "| gpu_instances |" in r.out


@pytest.mark.parametrize("argv, needle", [
    (["estimate", "-a", "api", "--users", "0"], "users must be"),
    (["estimate", "-a", "api", "--users", "-5"], "users must be"),
    (["estimate", "-a", "api", "--model", "gpt-4-tubro"], "did you mean"),
    (["estimate", "-a", "self-hosted", "--model", "lama-3.1-8b"], "did you mean"),
    (["estimate", "-a", "self-hosted", "--gpu", "A10GG"], "did you mean"),
    (["estimate", "-a", "self-hosted", "--model", "llama-3.1-70b", "--instance-type", "g4dn.xlarge"], "does not fit"),
    (["estimate", "--scenario", "healthcare", "--users", "10"], "--scenario"),
    (["estimate", "--users", "10"], "--approach"),
    (["estimate", "-a", "api", "--gpu", "T4"], "do not apply"),
    (["estimate", "-a", "selfhosted"], "did you mean self-hosted"),
    (["estimate", "-a", "api", "--pricing", "reserved"], "did you mean"),
    (["estimate", "-a", "api", "--cache-hit-rate", "1.5"], "cache hit rate"),
    (["estimate", "-a", "self-hosted", "--profile", "guide", "--pricing", "spot"], "no spot price"),
    (["compare", "--users", "10,0"], "positive"),
    (["estimate", "-a", "api", "--region", "mars-1"], "unknown aws region"),
    (["compare", "--approaches", "api:gpt-4,api:gpt-4"], "twice"),
    (["capacity", "--model", "llama-3.1-8b"], "--gpu"),
    (["capacity", "--model", "llama-3.1-8b", "--gpu", "T5"], "did you mean"),
    (["capacity", "--model", "llama-3.1-70b", "--users", "100", "--gpu", "T4"], "does not fit"),
])
def test_bad_input_exits_2_with_one_line(cli, argv, needle) -> None:
    r = cli(*argv)
    assert r.code == 2, (r.code, r.err)
    assert r.out == "" and len(r.err.strip().splitlines()) == 1 and needle in r.err
    assert "Traceback" not in r.err


def test_compare_json(cli) -> None:
    d = js(cli("compare", "--users", "10,50,100,500,1000", "--format", "json"))
    assert len(d["rows"]) == 5 * 4
    assert all(isinstance(r["monthly_total"], str) for r in d["rows"])
    pairs = {(b["a"], b["b"]): b["users"] for b in d["break_even"]}
    assert len(pairs) == 6
    assert pairs[("api:gpt-4", "self-hosted:mistral-7b")] is not None
    assert pairs[("api:gpt-4", "api:gpt-3.5-turbo")] is None
    rec = d["recommendation"]
    assert len(rec["by_users"]) == 5 and rec["scoring_matrix"]["recommendation"] in ("api", "self-hosted", "hybrid")
    assert all(p["decision_tree_reasons"] and p["best_value"] for p in rec["by_users"])


def test_compare_table_marks_cheapest(cli) -> None:
    r = cli("compare", "--users", "100", "--profile", "guide")
    assert r.code == 0 and "$542.00 *" in r.out and "Break-even" in r.out


def test_capacity_replica_json(cli) -> None:
    d = js(cli("capacity", "--model", "llama-3.1-8b", "--gpu", "A10G", "--format", "json"))
    for key in ("fits", "weights_gb", "kv_cache_gb", "max_concurrency", "output_tokens_per_s", "tokens_per_s_per_sequence"):
        assert key in d
    assert d["fits"] is True and d["dtype"] == "bf16" and d["weights_gb"] == pytest.approx(16.06)
    d1 = js(cli("capacity", "--model", "llama-3.1-8b", "--gpu", "A10G", "--concurrency", "1", "--format", "json"))
    assert d1["output_tokens_per_s"] == d1["tokens_per_s_per_sequence"] < d["output_tokens_per_s"]


def test_capacity_does_not_fit_says_what_helps(cli) -> None:
    d = js(cli("capacity", "--model", "llama-3.1-70b", "--gpu", "A100-80GB", "--dtype", "bf16", "--format", "json"))
    assert d["fits"] is False and d["max_concurrency"] == 0
    assert any("--dtype int4" in h for h in d["what_helps"]) and any("--gpus 4" in h for h in d["what_helps"])


def test_capacity_for_users(cli) -> None:
    d = js(cli("capacity", "--users", "5000", "--model", "llama-3.1-8b", "--cloud", "gcp", "--format", "json"))
    assert d["mode"] == "fleet" and d["cloud"] == "gcp" and d["desired_replicas"] == d["replicas_needed"] + 1
    assert d["instance_type"] and d["gpu"]


def test_no_provider_sdk_is_imported() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from llmkit.cli import main\n"
        "for argv in (['estimate','-a','hybrid','--format','json'], ['compare','--format','json'],"
        " ['capacity','--model','mistral-7b','--gpu','T4']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main(argv)\n"
        "        except SystemExit as e:\n"
        "            assert not e.code, e.code\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pulumi_aws','pulumi_gcp','pulumi_azure_native','boto3')]\n"
        "print(','.join(bad))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


def test_operations_overrides_including_zero(cli) -> None:
    d = js(cli("estimate", "-a", "self-hosted", "--devops", "0", "--on-call", "350", "--setup-cost", "7200",
               "--horizon-months", "24", "--format", "json"))
    ops = {c["name"]: Decimal(c["monthly"]) for c in d["components"] if c["category"] == "operations"}
    assert ops == {"ops_devops": Decimal(0), "ops_on_call": Decimal(350), "ops_maintenance": Decimal(100)}
    recurring = sum(Decimal(c["monthly"]) for c in d["components"])
    assert abs(Decimal(d["monthly_total"]) - (recurring + 300)) < Decimal("0.001")  # 7,200 over 24 months
    assert abs(Decimal(d["tco_3y"]) - (recurring * 36 + 7200)) < Decimal("0.01")


def test_a_lever_with_no_effect_says_why(cli):
    import json
    from decimal import Decimal

    r = cli("estimate", "-a", "api", "--model", "gpt-4", "--format", "json")
    assert r.code == 0, r.err
    levers = {lv["lever"]: lv for lv in json.loads(r.out)["levers"]}
    assert Decimal(levers["cache hit rate"]["change"]) == 0
    assert "no cached-input price" in levers["cache hit rate"]["why"]
    assert Decimal(levers["context trimming"]["change"]) == 0
    assert "500 input tokens" in levers["context trimming"]["why"]

    r = cli("estimate", "-a", "api", "--model", "gpt-4o", "--format", "json")
    levers = {lv["lever"]: lv for lv in json.loads(r.out)["levers"]}
    assert Decimal(levers["cache hit rate"]["change"]) < 0  # gpt-4o has a cached-input price
    assert levers["cache hit rate"]["why"] == ""


def test_compare_table_has_a_terminal_chart_and_keeps_its_title(cli) -> None:
    r = cli("compare", "--users", "10,100,1000")
    assert r.code == 0, r.err
    assert "[n] GPU instances" in r.out  # the title is not rich markup
    chart = r.out.split("Monthly cost (USD / month) by users")[1]
    assert "(log scale)" in chart and "A = api:gpt-4" in chart and "1,000 users" in chart
    grid = [ln for ln in chart.splitlines() if " |" in ln]
    assert len(grid) == 12 and any("A" in ln.split("|", 1)[1] for ln in grid)


def test_compare_budget_is_a_level_now(cli) -> None:
    assert cli("compare", "--users", "10", "--budget-level", "limited").code == 0
    assert cli("compare", "--users", "10", "--budget", "limited").code == 2


def test_commands_other_than_html_never_import_matplotlib() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom llmkit.cli import main\n"
            "try:\n    main(['compare', '--users', '10,100', '-f', 'json'])\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(str('matplotlib' in sys.modules))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.stderr.strip().endswith("False"), r.stderr[-500:]

