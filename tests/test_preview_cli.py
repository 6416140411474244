"""`llmkit preview`: every kit stack priced offline against its golden output, and the engine
path (Automation API events) through a fake workspace replaying engine-shaped events.

Regenerate the goldens after an intended change (then review the diff):
    LLMKIT_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_preview_cli.py -p no:cacheprovider
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from llmkit.offline_plan import plan_stack as _plan_stack
from llmkit.stacks import STACKS_DIR, stack_names

HERE = Path(__file__).parent
GOLDEN = HERE / "fixtures" / "golden"
EVENTS = HERE / "fixtures" / "previews" / "engine-events.jsonl"
_PLANS: dict[str, dict] = {}


def plan(name: str) -> dict:
    """The offline plan of a stack, made once per test session (planning imports an SDK)."""
    if name not in _PLANS:
        _PLANS[name] = _plan_stack(name)
    return _PLANS[name]


def compact(out: dict) -> dict:
    """What a golden pins: per resource its type, op, bucket and monthly cost; totals; counts."""
    from llmkit.pricing.preview.infracost import llmkit_summary

    project = out["projects"][0]
    ours = llmkit_summary(out)
    return {
        "totalMonthlyCost": out["totalMonthlyCost"],
        "buckets": ours["buckets"],
        "range": ours["totalMonthlyCostRange"],
        "resources": sorted(
            [r["name"], r["resourceType"], r["metadata"]["op"], r["metadata"]["bucket"], r["monthlyCost"]]
            for r in project["breakdown"]["resources"] + project["breakdown"]["freeResources"]
        ),
    }


@pytest.fixture
def offline(monkeypatch):
    import llmkit.offline_plan

    monkeypatch.setattr(llmkit.offline_plan, "plan_stack", lambda name, **_: plan(name))


@pytest.mark.parametrize("stack", stack_names())
def test_every_stack_matches_its_golden(cli, offline, stack):
    r = cli("preview", "--stack", stack, "-f", "json")
    assert r.code == 0, r.err
    got = compact(json.loads(r.out))
    path = GOLDEN / f"{stack}.json"
    if os.environ.get("LLMKIT_REGEN_GOLDEN") == "1":
        path.write_text(json.dumps(got, indent=1) + "\n")
    assert got == json.loads(path.read_text()), f"golden differs for {stack}; see the module docstring to regenerate"


@pytest.mark.parametrize("stack", stack_names())
def test_every_stack_type_is_priced_or_known_free(cli, offline, stack):
    out = json.loads(cli("preview", "--stack", stack, "-f", "json").out)
    assert out["summary"]["totalUnsupportedResources"] == 0, out["summary"]["unsupportedResourceCounts"]
    resources = out["projects"][0]["breakdown"]["resources"]
    assert Decimal(out["totalMonthlyCost"]) > 0
    for r in resources:
        if r["metadata"]["bucket"] == "unknown-input":
            assert r["monthlyCost"] is None and r["metadata"]["reason"]
    config = plan(stack)["config"]
    tokens = [r for r in resources if r["resourceType"] == "llmkit:pricing:HostedLlmTokens"]
    assert bool(tokens) == (config.get("llmkit:architecture") in ("api", "hybrid"))


def test_api_stack_token_line_matches_the_cost_framework(cli, offline):
    from llmkit.pricing.model.stack_config import DEFAULT_HOSTED_MODELS, workload_from_config
    from llmkit.pricing.model.api_cost import api_token_cost
    from llmkit.pricing.catalog import load_catalog

    stack = next(s for s in stack_names() if plan(s)["config"].get("llmkit:architecture") == "api")
    config = plan(stack)["config"]
    out = json.loads(cli("preview", "--stack", stack, "-f", "json").out)
    (tokens,) = [r for r in out["projects"][0]["breakdown"]["resources"] if r["resourceType"] == "llmkit:pricing:HostedLlmTokens"]
    models = json.loads(config["llmkit:hostedModels"]) if config.get("llmkit:hostedModels") else list(DEFAULT_HOSTED_MODELS["api"])
    want = api_token_cost(workload_from_config(config), load_catalog().llm(models[0])).total
    assert Decimal(tokens["monthlyCost"]) == want
    assert tokens["metadata"]["pseudoResource"] is True


def test_preview_table_and_pricing_override(cli, offline):
    stack = "gpu-aws"
    table = cli("preview", "--stack", stack)
    assert table.code == 0 and "Total (after change)" in table.out
    od = json.loads(cli("preview", "--stack", stack, "-f", "json", "--pricing", "on-demand").out)
    r3 = json.loads(cli("preview", "--stack", stack, "-f", "json", "--pricing", "reserved-3y").out)
    assert Decimal(r3["totalMonthlyCost"]) < Decimal(od["totalMonthlyCost"])


def test_unknown_stack_exits_2(cli):
    r = cli("preview", "--stack", "no-such-stack")
    assert r.code == 2 and r.err.count("\n") == 1


def test_engine_without_pulumi_cli_exits_2_with_install_hint(cli, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    r = cli("preview", "--stack", stack_names()[0], "--engine")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "pulumi" in r.err.lower() and "install" in r.err


class _FakeStack:
    """A LocalWorkspace stack that replays engine events recorded in the engine's JSON shape."""

    def __init__(self, events):
        self.events = events

    def preview(self, on_event):
        from pulumi.automation.events import EngineEvent

        for e in self.events:
            on_event(EngineEvent.from_json(e))

    def get_all_config(self):
        return {"aws:region": SimpleNamespace(value="us-east-1", secret=False), "db:pw": SimpleNamespace(value="s3cret", secret=True)}


def test_engine_events_are_priced_by_the_same_reader():
    import yaml
    from pulumi import automation

    from llmkit.lifecycle.engine_preview import engine_document
    from llmkit.pricing.preview.breakdown import price_document
    from llmkit.pricing.catalog import load_catalog

    events = [json.loads(x) for x in EVENTS.read_text().splitlines() if x.strip()]
    seen = {}
    fake = SimpleNamespace(
        CommandError=automation.CommandError,
        create_or_select_stack=lambda stack_name, work_dir, opts: seen.update(
            stack=stack_name, work_dir=work_dir, env=opts.env_vars, project=yaml.safe_load((Path(work_dir) / "Pulumi.yaml").read_text())
        ) or _FakeStack(events),
    )
    doc = engine_document("dev", STACKS_DIR, which=lambda _: "/usr/bin/pulumi", automation=fake)
    assert seen["stack"] == "dev" and doc["config"]["db:pw"] == "[secret]"
    # the shipped project in a temporary folder (gone afterwards), reading config from the stacks folder
    assert seen["project"]["name"] == "llmkit" and not Path(seen["work_dir"]).exists()
    assert (Path(seen["work_dir"]) / seen["project"]["stackConfigDir"]).resolve() == STACKS_DIR.resolve()
    assert seen["env"] == {"PULUMI_PYTHON_CMD": sys.executable}  # the program runs on llmkit's own Python
    b = price_document(doc)
    cat = load_catalog()
    got = {r.name: r for r in b.resources}
    gpu = got["gpu"]
    disk = 100 * cat.platform("aws", "us-west-2", "block_storage_gb_month:gp3").price
    assert gpu.past.monthly == cat.instance("aws", "us-west-2", "g5.xlarge").on_demand_hourly * 730 + disk
    assert gpu.current.monthly == cat.instance("aws", "us-west-2", "g5.2xlarge").on_demand_hourly * 730 + disk
    assert got["old-ip"].current is None and got["old-ip"].past.monthly == cat.platform("aws", "us-west-2", "public_ipv4_hour").price * 730


@pytest.mark.skipif(shutil.which("pulumi") is None, reason="real-engine test: the pulumi CLI is not on PATH")
def test_real_engine_preview(cli):  # pragma: no cover - needs the Pulumi CLI and a backend
    r = cli("preview", "--stack", "gpu-aws", "--engine", "-f", "json")
    assert r.code in (0, 2)


def test_sync_usage_keeps_the_token_line_from_stack_config(cli, offline, tmp_path):
    stack = next(s for s in stack_names() if plan(s)["config"].get("llmkit:architecture") == "api")
    before = json.loads(cli("preview", "--stack", stack, "-f", "json").out)
    usage = tmp_path / "usage.yml"
    after = json.loads(cli("preview", "--stack", stack, "-f", "json", "--sync-usage", str(usage)).out)

    def tokens(out):
        return [r for r in out["projects"][0]["breakdown"]["resources"] if r["resourceType"] == "llmkit:pricing:HostedLlmTokens"][0]

    assert tokens(after)["monthlyCost"] == tokens(before)["monthlyCost"]
    assert "hosted-llm-tokens" not in usage.read_text()
    assert Decimal(after["totalMonthlyCost"]) > Decimal(before["totalMonthlyCost"])  # usage lines now priced


def test_preview_in_a_pipe_shows_no_progress(cli, offline):
    for fmt in ("json", "table"):
        r = cli("preview", "--stack", "gpu-aws", "-f", fmt)
        assert r.code == 0, r.err
        assert r.err == "", "no spinner or progress text when stderr is not a terminal"
        assert "\x1b" not in r.out and "Planning" not in r.out


def test_preview_subprocess_with_pipes_has_no_progress_or_escape_codes():
    """The real thing, planning for real: stderr is a pipe, so not one byte of progress."""
    import subprocess
    import sys

    env = dict(os.environ, COLUMNS="100")  # piped output is laid out for COLUMNS, as on a 100-column terminal
    r = subprocess.run([sys.executable, "-m", "llmkit", "preview", "--stack", "startup-mvp"],
                       capture_output=True, timeout=300, cwd=HERE.parent, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stderr == b"" and b"\x1b" not in r.stdout and b"Total (after change)" in r.stdout
    assert max(len(line) for line in r.stdout.decode().splitlines()) <= 100


def test_preview_on_a_terminal_shows_a_spinner_on_stderr_only(offline, monkeypatch):
    from _stack_plans import run_on_a_terminal

    code, out, err = run_on_a_terminal(monkeypatch, "preview", "--stack", "gpu-aws", "--format", "json")
    assert code == 0
    assert "Planning stack gpu-aws" in err
    assert "\x1b" not in out and json.loads(out)["projects"][0]["metadata"]["terraformWorkspace"] == "gpu-aws"
