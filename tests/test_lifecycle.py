"""up / destroy / --ttl / destroy --expired through the real Automation API with a fake CLI.

``FakePulumi`` subclasses ``pulumi.automation.PulumiCommand`` and overrides ``run``: the real
``LocalWorkspace`` and ``Stack`` code build every argv, parse every answer and read the engine
event log, so these tests see the exact commands in the exact order a real CLI would get. The
fake keeps a tiny backend (stacks, config, resources) and can be told to fail an update or a
destroy. Tests that need a real engine skip, saying so, when ``pulumi`` is not on PATH.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from pulumi.automation import CommandResult, PulumiCommand
from pulumi.automation._cmd import OnOutput
from pulumi.automation.errors import create_command_error
from semver import VersionInfo

from llmkit.core.errors import GuardrailBreached, UserError
from llmkit.lifecycle import automation, ttl
from llmkit.lifecycle.automation import DestroyIncomplete, Lifecycle

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.timezone.utc)
PREVIEW_DOC = {
    "config": {"llmkit:architecture": "gpu"},
    "steps": [
        {"op": "create", "urn": "urn:pulumi:x::llmkit::aws:ec2/instance:Instance::gpu", "newState": {"type": "aws:ec2/instance:Instance", "custom": True, "inputs": {"instanceType": "g5.xlarge"}}}
    ],
}
RESOURCES = [
    "urn:pulumi:s::llmkit::aws:autoscaling/group:Group::gpu",
    "urn:pulumi:s::llmkit::aws:lb/loadBalancer:LoadBalancer::alb",
]


def _fail(stderr: str) -> None:
    raise create_command_error(CommandResult(stdout="", stderr=stderr, code=255))


class FakePulumi(PulumiCommand):
    """A Pulumi CLI stand-in with an in-memory backend. ``calls`` holds every argv."""

    preview_doc: dict[str, Any] = PREVIEW_DOC

    def __init__(self, *, fail_up: bool = False, fail_destroy: bool = False):  # no super(): it runs `pulumi version`
        self.command = "pulumi"
        self.version = VersionInfo(3, 200, 0)  # below 3.205: engine events come through a log file
        self.calls: list[list[str]] = []
        self.where: list[tuple[str, dict[str, str]]] = []  # (cwd, extra environment) of each call
        self.stacks: dict[str, dict[str, Any]] = {}
        self.fail_up = fail_up
        self.fail_destroy = fail_destroy
        self.fail_config_cp = False

    def add_stack(self, name: str, config: Optional[dict[str, str]] = None, resources: Optional[list[str]] = None) -> None:
        self.stacks[name] = {"config": dict(config or {}), "resources": list(resources or [])}

    @property
    def verbs(self) -> list[str]:
        """Calls reduced to their command words (``stack select``, ``preview``, ``config set-all``...)."""
        out = []
        for argv in self.calls:
            words = [a for a in argv if not a.startswith("-")]
            out.append(" ".join(words[:2]) if words[0] in ("stack", "config") else words[0])
        return out

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Any,
        on_output: Optional[OnOutput] = None,
        on_error: Optional[OnOutput] = None,
    ) -> CommandResult:
        args = list(args)
        self.calls.append(args)
        self.where.append((cwd, dict(additional_env or {})))
        name = args[args.index("--stack") + 1] if "--stack" in args else None
        head = args[:2]
        ok = lambda out="": CommandResult(stdout=out, stderr="", code=0)  # noqa: E731
        if head == ["stack", "select"]:
            if name not in self.stacks:
                _fail(f"error: no stack named '{name}' found")
            return ok()
        if head == ["stack", "init"]:
            if args[2] in self.stacks:
                _fail(f"error: stack '{args[2]}' already exists")
            self.add_stack(args[2])
            return ok()
        if head == ["stack", "rm"]:
            del self.stacks[args[-1]]
            return ok()
        if head == ["stack", "ls"]:
            return ok(json.dumps([{"name": n, "current": False} for n in self.stacks]))
        if head == ["stack", "export"]:
            res = [{"urn": u, "custom": True, "type": u.split("::")[2]} for u in self.stacks[name]["resources"]]
            return ok(json.dumps({"version": 3, "deployment": {"resources": res}}))
        if head == ["stack", "output"]:
            return ok("{}")
        if head == ["stack", "history"]:
            return ok(json.dumps([{"kind": "update", "startTime": "2026-11-27T12:00:00.000Z", "message": "", "environment": {}, "config": {}, "result": "succeeded", "resourceChanges": {"create": 2}}]))
        if head == ["config", "set-all"]:
            pairs = [a for a in args if "=" in a]
            self.stacks[name]["config"].update(dict(p.split("=", 1) for p in pairs))
            return ok()
        if head == ["config", "get"]:
            value = self.stacks[name]["config"].get(args[2])
            if value is None:
                _fail(f"error: configuration key '{args[2]}' not found for stack '{name}'")
            return ok(json.dumps({"value": value, "secret": False}))
        if head == ["config", "cp"]:
            if self.fail_config_cp:
                _fail(f"error: no stack named '{args[args.index('--stack') + 1]}' found")
            return ok()
        verb = args[0]
        if verb == "preview":
            log = args[args.index("--event-log") + 1]
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"sequence": 1, "timestamp": 0, "summaryEvent": {"resourceChanges": {"create": 2, "same": 1}}}) + "\n")
                fh.write(json.dumps({"sequence": 2, "timestamp": 0, "cancelEvent": {}}) + "\n")  # the engine's last event
            return ok(json.dumps(self.preview_doc))
        if verb == "up":
            if on_output:
                on_output("Updating (fake):")
            if self.fail_up:
                self.stacks[name]["resources"] = RESOURCES[:1]  # half-created
                _fail("error: update failed: GPU quota exceeded")
            self.stacks[name]["resources"] = list(RESOURCES)
            return ok("Updating (fake):\nResources: 2 created")
        if verb == "destroy":
            if self.fail_destroy:
                self.stacks[name]["resources"] = self.stacks[name]["resources"][:1]
                _fail("error: delete failed: DependencyViolation")
            self.stacks[name]["resources"] = []
            return ok("Destroying (fake):")
        raise AssertionError(f"unexpected pulumi command {args}")


class _Breakdown:
    """What the preview pricer returns (llmkit.pricing.preview.breakdown.Breakdown's totals)."""

    def __init__(self, total: str, past: str = "0"):
        self.total_monthly = Decimal(total)
        self.past_total_monthly = Decimal(past)
        self.diff_total_monthly = Decimal(total) - Decimal(past)

    def counts(self) -> dict[str, int]:
        return {"estimated": 1, "free": 0, "usage-based": 0, "unknown-input": 0, "unsupported": 0}

    def usage_pending(self) -> int:
        return 0

    def partial(self) -> int:
        return 0

    def summary_line(self) -> str:
        return "1 estimated, 0 free, 0 usage-based, 0 unknown-input, 0 unsupported"


def _pricer(total: str, seen: list[Any]) -> Callable[[dict[str, Any], str], _Breakdown]:
    def price(doc: dict[str, Any], pricing: str) -> _Breakdown:
        seen.append(doc)
        seen.append(pricing)
        return _Breakdown(total)

    return price


def _stacks_dir(tmp_path: Path, **configs: dict[str, Any]) -> Path:
    import yaml

    d = tmp_path / "stacks"
    d.mkdir(exist_ok=True)
    for name, config in configs.items():
        (d / f"Pulumi.{name}.yaml").write_text(yaml.safe_dump({"config": config}), encoding="utf-8")
    return d


GPU_CONFIG = {"llmkit:architecture": "gpu", "llmkit:cloud": "aws", "aws:region": "us-east-1", "llmkit:apiKey": {"secure": "v1:abc"}}


def make(tmp_path: Path, fake: FakePulumi, total: str = "1234.56", seen: Optional[list] = None, **stacks: dict[str, Any]) -> tuple[Lifecycle, io.StringIO]:
    err = io.StringIO()
    life = Lifecycle(
        fake, work_dir=tmp_path, stacks_dir=_stacks_dir(tmp_path, **(stacks or {"chat": GPU_CONFIG})),
        err=err, pricer=_pricer(total, seen if seen is not None else []), now=lambda: NOW,
    )
    return life, err


def test_up_prices_the_preview_then_updates(tmp_path):
    fake, seen = FakePulumi(), []
    life, err = make(tmp_path, fake, seen=seen)
    asked: list[str] = []
    result = life.up("chat", confirm=asked.append)
    assert fake.verbs[:4] == ["stack select", "stack init", "preview", "up"]
    assert "--json" in fake.calls[2]  # the preview document is what gets priced
    assert seen == [PREVIEW_DOC, "on-demand"]
    assert asked and "$1,234.56/month" in asked[0]
    out = err.getvalue()
    assert "$1,234.56/month" in out and "+$1,234.56/month" in out and "2 create" in out
    assert result["stack"] == "chat" and result["expires_at"] is None
    assert fake.stacks["chat"]["resources"] == RESOURCES


def test_the_stacks_pricing_model_is_the_default(tmp_path):
    seen: list[Any] = []
    life, _ = make(tmp_path, FakePulumi(), seen=seen, chat={**GPU_CONFIG, "llmkit:pricing": "spot"})
    life.up("chat")
    life.up("chat", pricing="reserved-1y")
    assert seen[1::2] == ["spot", "reserved-1y"]


def test_budget_breach_refuses_before_any_update(tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake, total="5000")
    with pytest.raises(GuardrailBreached, match="over the budget"):
        life.up("chat", budget=Decimal("4000"))
    assert "up" not in fake.verbs and "preview" in fake.verbs


def test_refused_confirmation_changes_nothing(tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake)

    def no(question: str) -> None:
        raise UserError("not a terminal, so cannot ask for confirmation: pass --yes to go ahead")

    with pytest.raises(UserError):
        life.up("chat", confirm=no)
    assert "up" not in fake.verbs


def test_ttl_creates_an_expiring_copy_with_the_source_config(tmp_path):
    fake = FakePulumi()
    life, err = make(tmp_path, fake)
    result = life.up("chat", ttl="4h")
    copy = result["stack"]
    assert ttl.is_test_stack(copy) and copy.startswith("chat-test-")
    assert fake.verbs[:3] == ["stack init", "config set-all", "config cp"]
    cfg = fake.stacks[copy]["config"]
    assert cfg["llmkit:expiresAt"] == "20261127t1600z" == result["expires_at"]
    assert cfg["llmkit:ttl"] == "4h" and cfg["llmkit:architecture"] == "gpu"
    assert "llmkit:apiKey" not in cfg  # secrets are copied by the CLI, never through llmkit
    cp = fake.calls[2]
    assert cp[:3] == ["config", "cp", "llmkit:apiKey"] and cp[cp.index("--dest") + 1] == copy
    assert "v1:abc" not in " ".join(" ".join(c) for c in fake.calls)
    assert fake.verbs.index("preview") < fake.verbs.index("up")
    assert "chat" not in fake.stacks  # the source stack is untouched
    assert "expires 20261127t1600z" in err.getvalue()


def test_a_copy_whose_secrets_cannot_be_copied_is_removed(tmp_path):
    fake = FakePulumi()
    fake.fail_config_cp = True  # the source stack is not in the backend yet
    life, _ = make(tmp_path, fake)
    with pytest.raises(UserError, match="could not copy secret llmkit:apiKey from chat.*pulumi stack init chat"):
        life.up("chat", ttl="2h")
    assert fake.verbs == ["stack init", "config set-all", "config cp", "stack rm"] and fake.stacks == {}


def test_failed_update_of_a_test_copy_is_destroyed_in_finally(tmp_path):
    fake = FakePulumi(fail_up=True)
    life, _ = make(tmp_path, fake)
    from pulumi.automation.errors import CommandError

    with pytest.raises(CommandError):
        life.up("chat", ttl="2h")
    verbs = fake.verbs
    assert verbs.index("up") < verbs.index("destroy") < verbs.index("stack rm")
    assert not any(ttl.is_test_stack(n) for n in fake.stacks)


def test_what_a_failed_cleanup_left_is_reported(tmp_path):
    fake = FakePulumi(fail_up=True, fail_destroy=True)
    life, err = make(tmp_path, fake)
    from pulumi.automation.errors import CommandError

    with pytest.raises(CommandError):
        life.up("chat", ttl="2h")
    out = err.getvalue()
    assert "could not be destroyed" in out and RESOURCES[0] in out and "llmkit sweep --stack chat-test-" in out
    assert "stack rm" not in fake.verbs  # the state is kept so a later destroy can finish


def test_budget_refusal_of_a_test_copy_removes_the_empty_copy(tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake, total="900")
    with pytest.raises(GuardrailBreached):
        life.up("chat", ttl="1h", budget=Decimal("100"))
    assert "up" not in fake.verbs and "destroy" not in fake.verbs and fake.verbs[-1] == "stack rm"
    assert fake.stacks == {}


def test_a_new_stack_refused_by_the_budget_is_not_left_behind(tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake, total="900")
    with pytest.raises(GuardrailBreached):
        life.up("chat", budget=Decimal("100"))
    assert fake.verbs == ["stack select", "stack init", "preview", "stack rm"] and fake.stacks == {}
    fake.add_stack("chat", resources=RESOURCES)  # an existing stack is never removed by a refusal
    with pytest.raises(GuardrailBreached):
        life.up("chat", budget=Decimal("100"))
    assert fake.stacks["chat"]["resources"] == RESOURCES and fake.verbs[-1] == "preview"


def test_a_failed_update_of_a_long_lived_stack_is_not_destroyed(tmp_path):
    fake = FakePulumi(fail_up=True)
    fake.add_stack("chat")
    life, _ = make(tmp_path, fake)
    from pulumi.automation.errors import CommandError

    with pytest.raises(CommandError):
        life.up("chat")
    assert "destroy" not in fake.verbs and "chat" in fake.stacks


def test_destroy_destroys_then_removes(tmp_path):
    fake = FakePulumi()
    fake.add_stack("chat", resources=RESOURCES)
    life, _ = make(tmp_path, fake)
    life.destroy("chat")
    assert fake.verbs == ["stack select", "config get", "destroy", "stack history", "stack rm"]
    assert fake.stacks == {}


def test_protected_stack_is_refused_without_force(tmp_path):
    fake = FakePulumi()
    fake.add_stack("prod", config={"llmkit:protect": "true"}, resources=RESOURCES)
    life, _ = make(tmp_path, fake, prod={"llmkit:architecture": "gpu"})
    with pytest.raises(UserError, match="protected"):
        life.destroy("prod")
    assert "destroy" not in fake.verbs and "prod" in fake.stacks
    life.destroy("prod", force=True)
    assert "prod" not in fake.stacks


def test_protect_in_the_stack_file_counts_too(tmp_path):
    fake = FakePulumi()
    fake.add_stack("prod", resources=RESOURCES)
    life, _ = make(tmp_path, fake, prod={"llmkit:protect": True})
    with pytest.raises(UserError, match="protected"):
        life.destroy("prod")
    assert "destroy" not in fake.verbs


def test_destroy_of_an_unknown_stack_is_a_user_error(tmp_path):
    life, _ = make(tmp_path, FakePulumi())
    with pytest.raises(UserError, match="no stack named nope"):
        life.destroy("nope")


def test_destroy_expired_destroys_only_expired_test_stacks(tmp_path, capsys):
    fake = FakePulumi()
    fake.add_stack("chat", config={"llmkit:expiresAt": "20200101t0000z"}, resources=RESOURCES)  # not a test stack
    fake.add_stack("chat-test-0a1b2c", config={"llmkit:expiresAt": "20261127t1100z"}, resources=RESOURCES)  # expired
    fake.add_stack("chat-test-3d4e5f", config={"llmkit:expiresAt": "20261127t1300z"}, resources=RESOURCES)  # live
    fake.add_stack("chat-test-aaaaaa", config={}, resources=RESOURCES)  # no expiry: kept
    fake.add_stack("chat-test-bbbbbb", config={"llmkit:expiresAt": "soon"}, resources=RESOURCES)  # malformed: kept
    fake.add_stack("chat-test-cccccc", config={"llmkit:expiresAt": "20261101t0000z", "llmkit:protect": "true"}, resources=RESOURCES)
    life, _ = make(tmp_path, fake)
    from llmkit.output import OutputFormat

    data = life.destroy_expired(fmt=OutputFormat.json)
    assert data["destroyed"] == ["chat-test-0a1b2c"]
    assert set(fake.stacks) == {"chat", "chat-test-3d4e5f", "chat-test-aaaaaa", "chat-test-bbbbbb", "chat-test-cccccc"}
    printed = json.loads(capsys.readouterr().out)
    results = {r["stack"]: r["result"] for r in printed["stacks"]}
    assert results["chat-test-cccccc"].startswith("kept: protected")
    assert "malformed" in results["chat-test-bbbbbb"] and results["chat-test-3d4e5f"] == "kept: not expired"
    destroyed_with = [c for c in fake.calls if c[0] == "destroy"]
    assert [c[c.index("--stack") + 1] for c in destroyed_with] == ["chat-test-0a1b2c"]


def test_destroy_expired_reports_failures(tmp_path):
    fake = FakePulumi(fail_destroy=True)
    fake.add_stack("chat-test-0a1b2c", config={"llmkit:expiresAt": "20261127t1100z"}, resources=RESOURCES)
    life, _ = make(tmp_path, fake)
    with pytest.raises(DestroyIncomplete) as info:
        life.destroy_expired()
    assert info.value.remaining == RESOURCES[:1]
    assert "chat-test-0a1b2c" in fake.stacks


# -- the CLI ----------------------------------------------------------------------------
def test_cli_without_pulumi_says_how_to_install_in_one_line(cli, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    for argv in (("up", "--stack", "chat"), ("destroy", "--stack", "chat"), ("destroy", "--expired")):
        result = cli(*argv)
        assert result.code == 2
        assert result.err.count("\n") == 1 and "curl -fsSL https://get.pulumi.com | sh" in result.err


def test_cli_up_off_a_terminal_without_yes_refuses(cli, monkeypatch, tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake)
    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(lambda cls, *_: life))
    result = cli("up", "--stack", "chat", stdin="y\n")
    assert result.code == 2 and "--yes" in result.err
    assert fake.calls == []  # refused before the backend was touched


def test_cli_up_budget_breach_exits_3(cli, monkeypatch, tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake, total="5000")
    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(lambda cls, *_: life))
    result = cli("up", "--stack", "chat", "--budget", "100", "--yes")
    assert result.code == 3 and "budget" in result.err
    assert "up" not in fake.verbs


def test_cli_up_yes_deploys_and_failed_update_exits_1(cli, monkeypatch, tmp_path):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake)
    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(lambda cls, *_: life))
    assert cli("up", "--stack", "chat", "--yes").code == 0 and "up" in fake.verbs
    fake.fail_up = True
    failed = cli("up", "--stack", "chat", "--yes")
    assert failed.code == 1 and "GPU quota exceeded" in failed.err


def test_cli_destroy_protect_and_incomplete(cli, monkeypatch, tmp_path):
    fake = FakePulumi(fail_destroy=True)
    fake.add_stack("prod", config={"llmkit:protect": "true"}, resources=RESOURCES)
    fake.add_stack("chat-test-0a1b2c", config={"llmkit:expiresAt": "20261127t1100z"}, resources=RESOURCES)
    life, _ = make(tmp_path, fake)
    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(lambda cls, *_: life))
    refused = cli("destroy", "--stack", "prod", "--yes")
    assert refused.code == 2 and "--force" in refused.err and "destroy" not in fake.verbs
    partial = cli("destroy", "--stack", "prod", "--yes", "--force")
    assert partial.code == 1 and f"still there: {RESOURCES[0]}" in partial.err and "DependencyViolation" in partial.err
    expired = cli("destroy", "--expired", "--yes", "--format", "json")
    assert expired.code == 1 and json.loads(expired.out)["stacks"][0]["result"].startswith("failed")


def test_cli_destroy_needs_exactly_one_target(cli):
    assert cli("destroy").code == 2
    assert cli("destroy", "--stack", "x", "--expired").code == 2


def test_ttl_helpers():
    assert ttl.expiry_for("90m", NOW) == "20261127t1330z"
    assert ttl.test_stack_name("chat", "abcdef") == "chat-test-abcdef"
    assert ttl.test_stack_name("chat-test-abcdef", "123456") == "chat-test-123456"
    assert ttl.is_test_stack("org/proj/chat-test-abcdef") and not ttl.is_test_stack("chat-test")
    assert ttl.is_expired("20261127t1200z", NOW) and not ttl.is_expired("20261127t1201z", NOW)
    assert not ttl.is_expired(None, NOW)
    with pytest.raises(UserError):
        ttl.parse_duration("forever")
    names = {ttl.test_stack_name("chat") for _ in range(50)}
    assert len(names) == 50


def test_up_prices_a_real_stack_preview_with_the_preview_pricer():
    """The default pricer on the offline planner's preview document of a reference stack."""
    from llmkit.offline_plan import plan_stack
    from llmkit.pricing.preview.breakdown import price_document

    doc = plan_stack("gpu-aws")
    expected = price_document(doc).total_monthly
    assert expected > 0
    fake = FakePulumi()
    fake.preview_doc = doc
    err = io.StringIO()
    life = Lifecycle(fake, err=err, now=lambda: NOW)  # real stacks dir, real pricer
    with pytest.raises(GuardrailBreached):
        life.up("gpu-aws", budget=expected - Decimal("0.01"))
    assert "up" not in fake.verbs
    result = life.up("gpu-aws", budget=expected)
    assert result["monthly"] == expected and f"${expected:,.2f}/month" in err.getvalue()


def test_a_ttl_copys_config_labels_every_taggable_resource_with_its_expiry():
    """What the copy's config does to the program: every resource with tags carries the stamp."""
    from llmkit.offline_plan import plan_stack

    fake = FakePulumi()
    fake.preview_doc = {"steps": []}
    life = Lifecycle(fake, err=io.StringIO(), pricer=_pricer("1", []), now=lambda: NOW)
    copy = life.up("gpu-aws", ttl="4h")["stack"]
    recorded = fake.stacks[copy]["config"]
    doc = plan_stack("gpu-aws", overrides={k: v for k, v in recorded.items() if k.startswith("llmkit:")})
    taggable = [s["newState"] for s in doc["steps"] if s["newState"].get("custom") and "tags" in s["newState"].get("inputs", {})]
    assert len(taggable) > 10
    for state in taggable:
        tags = state["inputs"]["tags"]
        if isinstance(tags, list):  # auto scaling groups: [{key, value, propagateAtLaunch}]
            tags = {t["key"]: t["value"] for t in tags}
        assert tags.get("llmkit-expires-at") == "20261127t1600z", state["type"]


def test_without_a_checkout_up_runs_the_shipped_program_in_a_temporary_project(tmp_path):
    """An installed llmkit has no repository around it: up and destroy run the shipped Pulumi.yaml
    and program from a temporary folder, with stack config read from the user's stacks folder
    and the program run by the interpreter llmkit runs on (so it imports the same llmkit)."""
    import sys

    import yaml

    fake = FakePulumi()
    stacks = _stacks_dir(tmp_path, chat=GPU_CONFIG)
    life = Lifecycle(fake, stacks_dir=stacks, err=io.StringIO(), pricer=_pricer("1", []), now=lambda: NOW)
    life.up("chat")
    project_dir = Path(life.workspace.work_dir)
    assert {Path(cwd) for cwd, _ in fake.where} == {project_dir}
    assert all(env.get("PULUMI_PYTHON_CMD") == sys.executable for _, env in fake.where)
    project = yaml.safe_load((project_dir / "Pulumi.yaml").read_text())
    shipped = yaml.safe_load((Path(__file__).resolve().parents[1] / "Pulumi.yaml").read_text())  # the repository's
    assert project["name"] == shipped["name"] == "llmkit" and project["config"] == shipped["config"]
    assert (project_dir / project["stackConfigDir"]).resolve() == stacks.resolve()
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "pip"}}  # no virtualenv of its own
    repo_program = Path(__file__).resolve().parents[1] / "__main__.py"
    assert (project_dir / "__main__.py").read_text() == repo_program.read_text()
    life.destroy("chat")
    assert fake.stacks == {}
    del life
    import gc

    gc.collect()
    assert not project_dir.exists()  # nothing left behind once the command is over


@pytest.mark.skipif(shutil.which("pulumi") is None, reason="needs the Pulumi CLI (pulumi not on PATH; it cannot be installed here)")
def test_real_engine_lists_stacks(tmp_path, monkeypatch):
    monkeypatch.setenv("PULUMI_BACKEND_URL", f"file://{tmp_path}")
    monkeypatch.setenv("PULUMI_CONFIG_PASSPHRASE", "test")
    life = Lifecycle.from_environment()
    assert life.expired_test_stacks() == []


@pytest.mark.parametrize("bad", ["-5", "abc", "nan"])
def test_cli_up_bad_budget_exits_2_before_the_backend_is_touched(cli, monkeypatch, tmp_path, bad):
    fake = FakePulumi()
    life, _ = make(tmp_path, fake, total="5000")
    monkeypatch.setattr(Lifecycle, "from_environment", classmethod(lambda cls, *_: life))
    result = cli("up", "--stack", "chat", "--budget", bad, "--yes")
    assert result.code == 2 and result.err.startswith("error: --budget must be")
    assert fake.calls == []
